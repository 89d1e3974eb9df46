#pragma once
// Typed, located access to one row (a TOML table) of a rule file. Every
// accessor reports a wrong or missing field as a TableError at the field's
// position; `finish()` rejects keys the schema does not know, so a typo in a
// rule file is an error, never a silently ignored field.
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "common/diagnostic.h"

namespace spmdcheck {

// Thrown inside the loader only; load_rule_table turns it into a Diagnostic.
struct TableError : std::runtime_error {
  Diagnostic diagnostic;
  TableError(SourceLoc loc, std::string rule_id, const std::string& message)
      : std::runtime_error(message), diagnostic{loc, std::move(rule_id), message, "", {}} {}
};

SourceLoc loc_of(const toml::node& node);

class TomlRow {
 public:
  // `section` names the row in messages; it must outlive the row (callers
  // pass string literals).
  TomlRow(const toml::table& table, std::string_view section) : table_(table), section_(section) {}

  SourceLoc loc() const { return loc_of(table_); }
  SourceLoc loc(const char* key) const;
  bool has(const char* key) const;

  std::string str(const char* key);  // required
  std::optional<std::string> opt_str(const char* key);
  std::vector<std::string> str_list(const char* key);  // optional, default empty
  // As str_list, with each string's position (its opening quote).
  std::vector<std::pair<std::string, SourceLoc>> located_str_list(const char* key);
  // A string or an array of strings.
  std::vector<std::string> str_or_list(const char* key);  // required
  std::optional<int64_t> opt_int(const char* key);
  std::vector<int> int_list(const char* key);
  bool flag(const char* key);  // optional, default false
  std::optional<double> opt_number(const char* key);
  std::vector<double> number_list(const char* key);  // optional, default empty
  const toml::table* opt_table(const char* key);     // inline table

  void finish() const;  // unknown keys -> error
  [[noreturn]] void fail(const char* key, const std::string& message) const;

 private:
  const toml::node* get(const char* key);
  void mark_used(std::string_view key);
  bool used(std::string_view key) const;

  const toml::table& table_;
  std::string_view section_;
  // The keys the loader asked for: the loader's string literals, so views
  // stay valid and marking a key allocates nothing. A schema row has fewer
  // fields than this.
  std::array<std::string_view, 32> used_{};
  size_t num_used_ = 0;
};

}  // namespace spmdcheck
