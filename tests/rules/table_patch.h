#pragma once
// Test helper: the default table's text with one textual edit applied, so a
// broken table differs from the real one in exactly the judgment under test.
#include <gtest/gtest.h>

#include <string>

#include "rules/table_loader.h"

namespace spmdcheck::testing {

inline std::string patched_default_table(const std::string& find, const std::string& replace) {
  std::string text(embedded_default_table_text());
  size_t at = text.find(find);
  EXPECT_NE(at, std::string::npos) << "patch target not found: " << find;
  if (at != std::string::npos) text.replace(at, find.size(), replace);
  return text;
}

}  // namespace spmdcheck::testing
