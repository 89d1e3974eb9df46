#pragma once
// Reading a fuzz corpus: shared by the replay driver and bench_fuzz_properties.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace spmdcheck::fuzz {

// The regular files of `dir`, sorted by path so that every run replays them
// in the same order; empty if `dir` cannot be listed.
std::vector<std::filesystem::path> corpus_files(const std::filesystem::path& dir);

// The bytes of `file`, or nullopt if it cannot be read.
std::optional<std::string> read_input(const std::filesystem::path& file);

}  // namespace spmdcheck::fuzz
