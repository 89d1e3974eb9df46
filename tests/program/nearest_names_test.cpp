// common/nearest_names: the "did you mean" of unknown names.
#include "common/nearest_names.h"

#include <gtest/gtest.h>

namespace spmdcheck {
namespace {

const std::vector<std::string> kOps = {"softmax", "log_softmax", "sum", "mean", "cumsum", "add", "addmm", "addmv"};

TEST(NearestNames, OneTypoFindsTheName) {
  EXPECT_EQ(nearest_names("sofmax", kOps), std::vector<std::string>{"softmax"});
  EXPECT_EQ(nearest_names("softmaxx", kOps), std::vector<std::string>{"softmax"});
  EXPECT_EQ(nearest_names("cumsun", kOps), std::vector<std::string>{"cumsum"});
}

TEST(NearestNames, TiesAreAllGivenInTableOrder) { EXPECT_EQ(nearest_names("addmx", kOps), (std::vector<std::string>{"addmm", "addmv"})); }

TEST(NearestNames, FarNamesGiveNone) {
  EXPECT_TRUE(nearest_names("frobnicate", kOps).empty());
  // Short words allow one edit only: "mul" is two from "sum".
  EXPECT_TRUE(nearest_names("mul", kOps).empty());
  EXPECT_TRUE(nearest_names("", kOps).empty());
}

}  // namespace
}  // namespace spmdcheck
