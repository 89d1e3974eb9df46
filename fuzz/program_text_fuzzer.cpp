// libFuzzer entry point of program_text_fuzzer; the property is program_text_property (fuzz/fuzz_properties.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spmdcheck::fuzz::program_text_property(data, size);
  return 0;
}
