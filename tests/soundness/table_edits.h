#pragma once
// Test helper: the default table's text with textual edits applied in order,
// so a broken table differs from the real one in exactly the rows under test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/table_loader.h"

namespace spmdcheck::testing {

struct TableEdit {
  std::string find, replace;
};

inline std::string edited_default_table(const std::vector<TableEdit>& edits) {
  std::string text(embedded_default_table_text());
  for (const TableEdit& e : edits) {
    const size_t at = text.find(e.find);
    EXPECT_NE(at, std::string::npos) << "edit target not found: " << e.find;
    if (at != std::string::npos) text.replace(at, e.find.size(), e.replace);
  }
  return text;
}

}  // namespace spmdcheck::testing
