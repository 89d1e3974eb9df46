#include "generators/chooser.h"

namespace spmdcheck {
namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

size_t Chooser::choose_weighted(const std::vector<uint32_t>& weights) {
  uint64_t total = 0;
  for (uint32_t w : weights) total += w;
  if (total == 0) return 0;
  uint64_t pick = choose(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (pick < weights[i]) return i;
    pick -= weights[i];
  }
  return weights.size() - 1;
}

bool Chooser::chance(uint32_t percent) { return percent > 0 && choose(100) >= 100 - percent; }

SeededChooser::SeededChooser(uint64_t seed) {
  for (uint64_t& s : s_) s = splitmix64(seed);
}

uint64_t SeededChooser::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

uint64_t SeededChooser::choose(uint64_t n) {
  if (n <= 1) return 0;
  // Rejection sampling: draws below `limit` map uniformly onto [0, n).
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = next();
  while (x >= limit);
  return x % n;
}

uint64_t ByteChooser::choose(uint64_t n) {
  if (n <= 1) return 0;
  uint64_t value = 0;
  for (uint64_t span = n - 1; span > 0; span >>= 8) {
    if (pos_ >= size_) return 0;
    value = (value << 8) | data_[pos_++];
  }
  return value % n;
}

}  // namespace spmdcheck
