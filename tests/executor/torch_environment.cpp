// One intra-op thread per test process: ctest runs two test binaries at once
// on two cores, and LibTorch would otherwise start a pool per process
// (shared/reference/toolchain.md).
#include <gtest/gtest.h>

#include <ATen/Parallel.h>

namespace {

class SingleThreadedTorch : public ::testing::Environment {
 public:
  void SetUp() override { at::set_num_threads(1); }
};

// Registered during static initialisation, before gtest_main runs the tests.
[[maybe_unused]] ::testing::Environment* const kEnvironment = ::testing::AddGlobalTestEnvironment(new SingleThreadedTorch);

}  // namespace
