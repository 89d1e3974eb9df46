// libFuzzer entry point of checker_fuzzer; the property is checker_property (fuzz/fuzz_properties.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spmdcheck::fuzz::checker_property(data, size);
  return 0;
}
