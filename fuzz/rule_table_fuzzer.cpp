// libFuzzer entry point of rule_table_fuzzer; the property is rule_table_property (fuzz/fuzz_properties.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  spmdcheck::fuzz::rule_table_property(data, size);
  return 0;
}
