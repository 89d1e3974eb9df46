#include "mutation/table_document.h"

#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

namespace spmdcheck {

struct TableDocument::Impl {
  toml::table doc;

  toml::table* row(const RowRef& ref) {
    toml::array* rows = doc[ref.section].as_array();
    if (!rows) return nullptr;
    for (toml::node& node : *rows) {
      toml::table* row = node.as_table();
      const toml::node* id = row ? row->get("id") : nullptr;
      if (id && id->is_string() && id->as_string()->get() == ref.id) return row;
    }
    return nullptr;
  }
};

TableDocument::TableDocument(std::string_view text) : impl_(std::make_unique<Impl>()) {
  try {
    impl_->doc = toml::parse(text, std::string_view("<table>"));
  } catch (const toml::parse_error& e) {
    throw std::invalid_argument(std::string("TableDocument: not TOML: ") + std::string(e.description()));
  }
}

TableDocument::TableDocument(const TableDocument& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}

TableDocument& TableDocument::operator=(const TableDocument& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

TableDocument::~TableDocument() = default;

bool TableDocument::has_row(const RowRef& ref) const { return const_cast<Impl&>(*impl_).row(ref) != nullptr; }

bool TableDocument::remove_row(const RowRef& ref) {
  toml::array* rows = impl_->doc[ref.section].as_array();
  toml::table* target = impl_->row(ref);
  if (!rows || !target) return false;
  for (auto it = rows->begin(); it != rows->end(); ++it)
    if (it->as_table() == target) {
      rows->erase(it);
      return true;
    }
  return false;
}

bool TableDocument::insert_copy(const RowRef& ref, std::string_view new_id) {
  toml::array* rows = impl_->doc[ref.section].as_array();
  toml::table* source = impl_->row(ref);
  if (!rows || !source || impl_->row(RowRef{ref.section, std::string(new_id)})) return false;
  for (auto it = rows->begin(); it != rows->end(); ++it)
    if (it->as_table() == source) {
      toml::table copy = *source;
      copy.insert_or_assign("id", std::string(new_id));
      rows->insert(it + 1, std::move(copy));
      return true;
    }
  return false;
}

bool TableDocument::set_string(const RowRef& ref, std::string_view key, std::string_view value) {
  toml::table* row = impl_->row(ref);
  if (!row) return false;
  row->insert_or_assign(key, std::string(value));
  return true;
}

bool TableDocument::set_integer(const RowRef& ref, std::string_view key, int64_t value) {
  toml::table* row = impl_->row(ref);
  if (!row) return false;
  row->insert_or_assign(key, value);
  return true;
}

bool TableDocument::set_bool(const RowRef& ref, std::string_view key, bool value) {
  toml::table* row = impl_->row(ref);
  if (!row) return false;
  row->insert_or_assign(key, value);
  return true;
}

bool TableDocument::set_strings(const RowRef& ref, std::string_view key, const std::vector<std::string>& values) {
  toml::table* row = impl_->row(ref);
  if (!row) return false;
  toml::array array;
  for (const std::string& v : values) array.push_back(v);
  row->insert_or_assign(key, std::move(array));
  return true;
}

bool TableDocument::set_inline_table(const RowRef& ref, std::string_view key, const std::vector<InlineEntry>& entries) {
  toml::table* row = impl_->row(ref);
  if (!row) return false;
  toml::table inner;
  inner.is_inline(true);  // printed as `key = { ... }` inside the row, as tables write it
  for (const auto& [name, value] : entries) {
    if (const int64_t* i = std::get_if<int64_t>(&value))
      inner.insert_or_assign(name, *i);
    else
      inner.insert_or_assign(name, std::get<std::string>(value));
  }
  row->insert_or_assign(key, std::move(inner));
  return true;
}

bool TableDocument::erase(const RowRef& ref, std::string_view key) {
  toml::table* row = impl_->row(ref);
  return row && row->erase(key) > 0;
}

bool TableDocument::erase_in(const RowRef& ref, std::string_view table_key, std::string_view key) {
  toml::table* row = impl_->row(ref);
  toml::table* inner = row ? row->get_as<toml::table>(table_key) : nullptr;
  return inner && inner->erase(key) > 0;
}

std::vector<std::string> TableDocument::keys_in(const RowRef& ref, std::string_view table_key) const {
  std::vector<std::string> out;
  toml::table* row = const_cast<Impl&>(*impl_).row(ref);
  toml::table* inner = row ? row->get_as<toml::table>(table_key) : nullptr;
  if (inner)
    for (const auto& [key, node] : *inner) out.emplace_back(key.str());
  return out;
}

void TableDocument::rename(std::string_view name, std::string_view description) {
  toml::table* header = impl_->doc["table"].as_table();
  if (!header) header = impl_->doc.insert("table", toml::table{}).first->second.as_table();
  header->insert_or_assign("name", std::string(name));
  header->insert_or_assign("description", std::string(description));
}

std::string TableDocument::text() const {
  std::ostringstream out;
  out << toml::toml_formatter{impl_->doc} << "\n";
  return out.str();
}

}  // namespace spmdcheck
