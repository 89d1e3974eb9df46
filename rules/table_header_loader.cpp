// The [table] header: the table's name, its source, and the table-level
// settings the checker reads (choices of a modelled implementation, as data).
#include "rules/table_loader_internal.h"

namespace spmdcheck::loader {

void load_table_header(RuleTable& t, const toml::table& header) {
  TomlRow row(header, "table");
  t.name = row.str("name");
  t.description = row.opt_str("description").value_or("");
  t.source_repository = row.opt_str("source_repository").value_or("");
  t.source_commit = row.opt_str("source_commit").value_or("");
  if (!t.source_repository.empty() && t.source_commit.empty())
    row.fail("source_repository", "a table with a source_repository names its source_commit");
  // Registry keys of the modelled implementation that no row stands for
  // (tools/spmd_types_registry.py reads them; nothing in spmdcheck does).
  if (row.has("not_modelled") && t.source_commit.empty()) row.fail("not_modelled", "not_modelled lists keys of a source_commit's registry");
  (void)row.str_list("not_modelled");
  // A two-valued setting: true where it is `chosen`, false where `usual` or absent.
  auto setting = [&](const char* key, const std::string& usual, const std::string& chosen) {
    const std::optional<std::string> v = row.opt_str(key);
    if (v && *v != usual && *v != chosen) row.fail(key, std::string(key) + " must be \"" + usual + "\" or \"" + chosen + "\"");
    return v && *v == chosen;
  };
  t.local_collectives_drop_specs = setting("local_collective_specs", "keep", "drop");
  t.assert_refines = setting("assert_recheck", "exact", "refine");
  for (const auto& [id, loc] : row.located_str_list("assert_transmutes")) t.assert_transmutes.push_back(AssertTransmute{id, loc, -1});
  for (const auto& [name, loc] : row.located_str_list("assumes")) {
    if (name == "finite_factors")
      t.assumes.finite_factors = true;
    else
      throw TableError(loc, "table.schema", "unknown assumption '" + name + "'; the oracle knows finite_factors");
  }
  row.finish();
}

}  // namespace spmdcheck::loader
