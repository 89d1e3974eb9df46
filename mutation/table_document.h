#pragma once
// A rule table's TOML document, editable row by row. Mutants are made by
// editing a copy of the document a table was loaded from and loading the
// result: a mutant is then an ordinary rule file (written by `spmdcheck
// mutants --write`, usable with `--rules` everywhere), and every edit goes
// through the same loader and linter as a hand-written table.
//
// Rows are addressed by section (the TOML array name, e.g. "combine") and
// id. Edits of a row or key that does not exist return false and change
// nothing. toml++ stays inside this file's implementation.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace spmdcheck {

struct RowRef {
  std::string section;
  std::string id;
};

// One entry of an inline table a row holds (`dims = { dim = 0, k = "dst" }`):
// an integer or a string value, written in the given order.
using InlineEntry = std::pair<std::string, std::variant<int64_t, std::string>>;

class TableDocument {
 public:
  // `text` must parse as TOML (it is the text a table was loaded from);
  // throws std::invalid_argument otherwise.
  explicit TableDocument(std::string_view text);
  TableDocument(const TableDocument& other);
  TableDocument& operator=(const TableDocument& other);
  ~TableDocument();

  bool has_row(const RowRef& row) const;
  bool remove_row(const RowRef& row);
  // Inserts a copy of `row` right after it, with id `new_id` (false if the
  // row is missing or `new_id` is taken).
  bool insert_copy(const RowRef& row, std::string_view new_id);

  // Top-level keys of a row, and of one of its inline tables (e.g. `when`).
  bool set_string(const RowRef& row, std::string_view key, std::string_view value);
  bool set_integer(const RowRef& row, std::string_view key, int64_t value);
  bool set_bool(const RowRef& row, std::string_view key, bool value);
  bool set_strings(const RowRef& row, std::string_view key, const std::vector<std::string>& values);  // an array
  bool set_inline_table(const RowRef& row, std::string_view key, const std::vector<InlineEntry>& entries);
  bool erase(const RowRef& row, std::string_view key);
  bool erase_in(const RowRef& row, std::string_view table_key, std::string_view key);
  std::vector<std::string> keys_in(const RowRef& row, std::string_view table_key) const;

  // [table] name and description, so reports and files name the mutant.
  void rename(std::string_view name, std::string_view description);

  std::string text() const;  // TOML, loadable by load_rule_table

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spmdcheck
