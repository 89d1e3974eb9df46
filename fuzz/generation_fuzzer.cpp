// libFuzzer entry point of generation_fuzzer; the property is generation_property (fuzz/generation_property.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/generation_property.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spmdcheck::fuzz::generation_property(data, size);
  return 0;
}
