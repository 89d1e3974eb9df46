#include "rules/embedded_tables.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "rules/table_loader.h"

namespace spmdcheck {

std::span<const EmbeddedTable> embedded_tables() {
  static constexpr EmbeddedTable tables[] = {
      {"default", "default_table.toml", embedded_default_table_text},
      {"spmd_types_6dbe9e2", "spmd_types_6dbe9e2.toml", embedded_spmd_types_6dbe9e2_table_text},
  };
  return tables;
}

const EmbeddedTable* find_embedded_table(std::string_view name) {
  for (const EmbeddedTable& t : embedded_tables())
    if (t.name == name) return &t;
  return nullptr;
}

std::shared_ptr<const RuleTable> embedded_rule_table(std::string_view name) {
  const EmbeddedTable* table = find_embedded_table(name);
  if (!table) throw std::invalid_argument("no embedded rule table is named '" + std::string(name) + "'");
  static std::mutex mutex;
  static std::map<std::string_view, std::shared_ptr<const RuleTable>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<const RuleTable>& slot = loaded[table->name];
  if (!slot) {
    TableLoadResult r = load_rule_table(table->text(), "<embedded " + std::string(table->name) + " table>");
    if (!r.table) throw std::logic_error("embedded rule table " + std::string(table->file) + " is invalid: " + r.error->message);
    slot = r.table;
  }
  return slot;
}

}  // namespace spmdcheck
