#pragma once
// The generation target's property (links LibTorch through spmd_soundness;
// kept apart from fuzz_properties.h so the other targets stay torch-free).
#include <cstddef>
#include <cstdint>

#include "generators/generation_settings.h"

namespace spmdcheck::fuzz {

// Small settings for fuzzing: 1-8 statements, at most 2 axes of size <= 2,
// tensor rank <= 3, dims <= 4.
GenerationSettings fuzz_generation_settings();

// generation_fuzzer: a ByteChooser over the bytes drives generate_program
// with fuzz_generation_settings(); the checker must accept the program, and
// check_program_property (gradients on) must not fail. The data seed is the
// chooser's next answer after generation. On failure the program text, the
// settings and the data seed are printed before fuzz_fail aborts.
void generation_property(const uint8_t* data, size_t size);

}  // namespace spmdcheck::fuzz
