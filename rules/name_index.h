#pragma once
// NameIndex: name -> small integer, by open addressing on common/name_hash.h.
// The checker looks up every statement's op name in one (RuleTable::compiled
// .calls: local ops and collectives in one index, so a collective's name is
// one probe, not a miss in the ops' map and a hit in the collectives').
// It owns its keys, so a copied RuleTable's index stays valid.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/name_equal.h"
#include "common/name_hash.h"

namespace spmdcheck {

class NameIndex {
 public:
  // Adds `name` -> `value` unless the name is present (the first add wins,
  // as std::unordered_map::emplace).
  void add(std::string_view name, int32_t value) {
    if (find(name) >= 0 || value < 0) return;
    if (2 * (keys_.size() + 1) > slots_.size()) rehash(std::max<size_t>(16, 2 * slots_.size()));
    keys_.emplace_back(name);
    values_.push_back(value);
    place(static_cast<int32_t>(keys_.size() - 1));
  }
  // The value of `name`, or -1.
  int32_t find(std::string_view name) const {
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
      const int32_t k = slots_[i];
      if (k < 0) return -1;
      if (name_equal(keys_[k], name)) return values_[k];
    }
  }
  size_t size() const { return keys_.size(); }

 private:
  void rehash(size_t size) {
    slots_.assign(size, -1);
    for (size_t k = 0; k < keys_.size(); ++k) place(static_cast<int32_t>(k));
  }
  void place(int32_t k) {
    const size_t mask = slots_.size() - 1;
    size_t i = name_hash(keys_[k]) & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = k;
  }

  std::vector<std::string> keys_;
  std::vector<int32_t> values_;
  std::vector<int32_t> slots_;  // key index or -1; size 0 or a power of two, load <= 1/2
};

}  // namespace spmdcheck
