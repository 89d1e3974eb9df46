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
