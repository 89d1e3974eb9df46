#pragma once
// The benchmarks' positional number arguments: a bad one (`--help`, `3s`,
// -1) prints the usage and exits 2, never an uncaught exception.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace spmdcheck::bench {

// argv[index] as a positive number, or `fallback` where there is no such
// argument.
inline double positive_arg(int argc, char** argv, int index, double fallback, const char* usage) {
  if (argc <= index) return fallback;
  const std::string text = argv[index];
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value > 0)) {
    std::fprintf(stderr, "%s: '%s' is not a positive number\nUsage: %s\n", argv[0], text.c_str(), usage);
    std::exit(2);
  }
  return value;
}

}  // namespace spmdcheck::bench
