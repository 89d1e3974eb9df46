// DESIGN.md embeds `spmdcheck rules` between its rules markers; the two must
// not drift apart.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rules/table_loader.h"
#include "rules/table_markdown.h"

namespace spmdcheck {
namespace {

TEST(DesignTables, DesignMdEmbedsTheDefaultTable) {
  std::ifstream in(std::string(SPMDCHECK_SOURCE_DIR) + "/DESIGN.md");
  ASSERT_TRUE(in) << "DESIGN.md not found";
  std::stringstream text;
  text << in.rdbuf();
  const std::string design = text.str();
  const std::string begin = "<!-- rules:begin -->\n", end = "<!-- rules:end -->";
  size_t b = design.find(begin), e = design.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string embedded = design.substr(b + begin.size(), e - b - begin.size());
  EXPECT_EQ(embedded, table_to_markdown(*default_rule_table())) << "regenerate with tools/update-design-tables.sh";
}

}  // namespace
}  // namespace spmdcheck
