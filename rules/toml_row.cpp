#include "rules/toml_row.h"

namespace spmdcheck {

SourceLoc loc_of(const toml::node& node) {
  const auto& begin = node.source().begin;
  return SourceLoc{static_cast<uint32_t>(begin.line), static_cast<uint32_t>(begin.column)};
}

SourceLoc TomlRow::loc(const char* key) const {
  const toml::node* node = table_.get(key);
  return node ? loc_of(*node) : loc();
}

bool TomlRow::has(const char* key) const { return table_.contains(key); }

bool TomlRow::used(std::string_view key) const {
  for (size_t i = 0; i < num_used_; ++i)
    if (used_[i] == key) return true;
  return false;
}

void TomlRow::mark_used(std::string_view key) {
  if (used(key)) return;
  if (num_used_ == used_.size()) throw std::logic_error("TomlRow: a schema row asks for more than 32 fields");
  used_[num_used_++] = key;
}

const toml::node* TomlRow::get(const char* key) {
  mark_used(key);
  return table_.get(key);
}

void TomlRow::fail(const char* key, const std::string& message) const { throw TableError(loc(key), "table.schema", message); }

std::string TomlRow::str(const char* key) {
  const toml::node* node = get(key);
  if (!node) throw TableError(loc(), "table.schema", std::string(section_) + " row needs a string field '" + key + "'");
  if (!node->is_string()) fail(key, "field '" + std::string(key) + "' must be a string");
  return std::string(node->as_string()->get());
}

std::optional<std::string> TomlRow::opt_str(const char* key) {
  if (!has(key)) {
    mark_used(key);
    return std::nullopt;
  }
  return str(key);
}

std::vector<std::string> TomlRow::str_list(const char* key) {
  const toml::node* node = get(key);
  std::vector<std::string> out;
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "field '" + std::string(key) + "' must be an array of strings");
  for (const toml::node& item : *arr) {
    if (!item.is_string()) throw TableError(loc_of(item), "table.schema", "expected a string in '" + std::string(key) + "'");
    out.emplace_back(item.as_string()->get());
  }
  return out;
}

std::vector<std::pair<std::string, SourceLoc>> TomlRow::located_str_list(const char* key) {
  std::vector<std::string> strings = str_list(key);
  std::vector<std::pair<std::string, SourceLoc>> out;
  if (strings.empty()) return out;
  const toml::array& arr = *table_.get(key)->as_array();
  for (size_t i = 0; i < strings.size(); ++i) out.emplace_back(std::move(strings[i]), loc_of(arr[i]));
  return out;
}

std::vector<std::string> TomlRow::str_or_list(const char* key) {
  const toml::node* node = get(key);
  if (!node) throw TableError(loc(), "table.schema", std::string(section_) + " row needs field '" + key + "'");
  if (node->is_string()) return {std::string(node->as_string()->get())};
  if (!node->is_array()) fail(key, "field '" + std::string(key) + "' must be a string or an array of strings");
  return str_list(key);
}

std::optional<int64_t> TomlRow::opt_int(const char* key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (!node->is_integer()) fail(key, "field '" + std::string(key) + "' must be an integer");
  return node->as_integer()->get();
}

std::vector<int> TomlRow::int_list(const char* key) {
  const toml::node* node = get(key);
  std::vector<int> out;
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "field '" + std::string(key) + "' must be an array of integers");
  for (const toml::node& item : *arr) {
    if (!item.is_integer() || item.as_integer()->get() < 0 || item.as_integer()->get() > 64)
      throw TableError(loc_of(item), "table.schema", "expected an integer in [0, 64] in '" + std::string(key) + "'");
    out.push_back(static_cast<int>(item.as_integer()->get()));
  }
  return out;
}

bool TomlRow::flag(const char* key) {
  const toml::node* node = get(key);
  if (!node) return false;
  if (!node->is_boolean()) fail(key, "field '" + std::string(key) + "' must be true or false");
  return node->as_boolean()->get();
}

std::optional<double> TomlRow::opt_number(const char* key) {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (node->is_integer()) return static_cast<double>(node->as_integer()->get());
  if (!node->is_floating_point()) fail(key, "field '" + std::string(key) + "' must be a number");
  return node->as_floating_point()->get();
}

std::vector<double> TomlRow::number_list(const char* key) {
  const toml::node* node = get(key);
  std::vector<double> out;
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "field '" + std::string(key) + "' must be an array of numbers");
  for (const toml::node& item : *arr) {
    if (item.is_integer())
      out.push_back(static_cast<double>(item.as_integer()->get()));
    else if (item.is_floating_point())
      out.push_back(item.as_floating_point()->get());
    else
      throw TableError(loc_of(item), "table.schema", "expected a number in '" + std::string(key) + "'");
  }
  return out;
}

const toml::table* TomlRow::opt_table(const char* key) {
  const toml::node* node = get(key);
  if (!node) return nullptr;
  if (!node->is_table()) fail(key, "field '" + std::string(key) + "' must be an inline table { ... }");
  return node->as_table();
}

void TomlRow::finish() const {
  for (const auto& [key, node] : table_) {
    if (used(key.str())) continue;
    const auto& begin = key.source().begin;
    SourceLoc at{static_cast<uint32_t>(begin.line), static_cast<uint32_t>(begin.column)};
    if (!at.known()) at = loc_of(node);
    throw TableError(at, "table.schema", "unknown field '" + std::string(key.str()) + "' in a " + std::string(section_) + " row");
  }
}

}  // namespace spmdcheck
