#pragma once
// Independent program streams. A search with seed S checks the programs of
// stream S: program i is generated from program_seed_of(S, i). The mix is
// SplitMix64 (Steele, Lea, Flood 2014): the stream starts at a point of the
// 2^64 Weyl sequence chosen by the mixed seed and walks it by the golden
// gamma, and each step is finalised. Different seeds therefore search
// different programs (two streams of n programs overlap only when their
// starts fall within n steps of each other: probability about 2n^2 / 2^64),
// while program i of S depends on (S, i) alone, so any worker can compute it
// and a replay needs only the program seed it prints
// (`spmdcheck soundness --program-seed P`).
#include <cstdint>

namespace spmdcheck {

inline constexpr uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ull;

// SplitMix64's output function: a bijection of 64-bit words with full avalanche.
constexpr uint64_t splitmix64_finalize(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The seed of program `index` (0-based) of the stream `stream_seed`.
constexpr uint64_t program_seed_of(uint64_t stream_seed, uint64_t index) {
  return splitmix64_finalize(splitmix64_finalize(stream_seed) + (index + 1) * kGoldenGamma);
}

}  // namespace spmdcheck
