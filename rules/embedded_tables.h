#pragma once
// The rule tables built into spmdcheck, by name: `--rules NAME` selects one,
// `--rules FILE` reads a file instead.
//   default              rules/default_table.toml: spmd_types' rules as they
//                        should be (sound); what spmdcheck uses without --rules
//   spmd_types_6dbe9e2   rules/spmd_types_6dbe9e2.toml: spmd_types as
//                        implemented at commit 6dbe9e2, every row citing its
//                        source line
#include <memory>
#include <span>
#include <string_view>

namespace spmdcheck {

struct RuleTable;

struct EmbeddedTable {
  std::string_view name;  // as --rules takes it
  std::string_view file;  // under rules/
  std::string_view (*text)();
};
std::span<const EmbeddedTable> embedded_tables();
const EmbeddedTable* find_embedded_table(std::string_view name);  // nullptr if none has that name
// Loads and lints the named embedded table once; throws std::logic_error if
// it does not load (a broken build) or std::invalid_argument for an unknown name.
std::shared_ptr<const RuleTable> embedded_rule_table(std::string_view name);

// The generated accessors (rules/embed_table.cmake).
std::string_view embedded_default_table_text();
std::string_view embedded_spmd_types_6dbe9e2_table_text();

}  // namespace spmdcheck
