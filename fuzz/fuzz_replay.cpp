// Standalone replay driver (no libFuzzer, no clang needed):
//   fuzz_replay TARGET PATH...
// TARGET is a fuzzer name (program_text_fuzzer, rule_table_fuzzer,
// checker_fuzzer, generation_fuzzer); each PATH is a file or a directory
// whose regular files (not recursive, sorted by name) are inputs. Every
// input goes through the same property function as the libFuzzer target.
// Exit status: 0 all inputs pass; 2 usage or I/O error; a violated property
// aborts (fuzz_fail), printing the file name first.
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/corpus_files.h"
#include "fuzz/fuzz_properties.h"
#include "fuzz/generation_property.h"

namespace fs = std::filesystem;
using Property = void (*)(const uint8_t*, size_t);

int main(int argc, char** argv) {
  const std::map<std::string, Property> targets = {
      {"program_text_fuzzer", spmdcheck::fuzz::program_text_property},
      {"rule_table_fuzzer", spmdcheck::fuzz::rule_table_property},
      {"checker_fuzzer", spmdcheck::fuzz::checker_property},
      {"generation_fuzzer", spmdcheck::fuzz::generation_property},
  };
  if (argc < 3 || !targets.count(argv[1])) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET PATH...\ntargets:");
    for (const auto& [name, fn] : targets) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  const Property property = targets.at(argv[1]);
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path path(argv[i]);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      const std::vector<fs::path> in_dir = spmdcheck::fuzz::corpus_files(path);
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      std::fprintf(stderr, "fuzz_replay: %s: no such file or directory\n", argv[i]);
      return 2;
    }
  }
  for (const fs::path& file : files) {
    const std::optional<std::string> bytes = spmdcheck::fuzz::read_input(file);
    if (!bytes) {
      std::fprintf(stderr, "fuzz_replay: %s: cannot read\n", file.c_str());
      return 2;
    }
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", file.c_str(), bytes->size());
    property(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  }
  std::printf("%s: %zu inputs replayed, all pass\n", argv[1], files.size());
  return files.empty() ? 2 : 0;
}
