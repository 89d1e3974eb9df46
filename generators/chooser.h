#pragma once
// The one source of randomness for program generation. Every decision the
// generators make is a call to choose(n); the same sequence of answers gives
// the same program on every rank and every run. Choice 0 is always the
// simplest option: an exhausted fuzzer input answers 0, and shrinking moves
// answers towards 0.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spmdcheck {

class Chooser {
 public:
  virtual ~Chooser() = default;
  // A choice in [0, n); n >= 1.
  virtual uint64_t choose(uint64_t n) = 0;

  // Index i with probability weights[i] / sum (zero weights never chosen);
  // with all weights zero, 0.
  size_t choose_weighted(const std::vector<uint32_t>& weights);
  // true with probability percent / 100 (choice 0 is false).
  bool chance(uint32_t percent);
};

// splitmix64-seeded xoshiro256**, with unbiased bounded draws by rejection:
// portable, unlike the std distributions.
class SeededChooser : public Chooser {
 public:
  explicit SeededChooser(uint64_t seed);
  uint64_t choose(uint64_t n) override;

 private:
  uint64_t next();
  uint64_t s_[4];
};

// Answers from fuzzer bytes: each choice reads the fewest bytes that cover n
// (big-endian) modulo n; when the bytes run out every answer is 0.
class ByteChooser : public Chooser {
 public:
  ByteChooser(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t choose(uint64_t n) override;
  size_t consumed() const { return pos_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace spmdcheck
