#pragma once
// A chooser whose answers are RapidCheck picks: RapidCheck records them and,
// on failure, shrinks them towards 0 (the simplest choice), so shrunk
// programs are generated again from smaller choices and stay well-typed.
// Use only inside a RapidCheck property (requires linking rapidcheck).
#include <rapidcheck.h>

#include "generators/chooser.h"

namespace spmdcheck {

class RapidCheckChooser : public Chooser {
 public:
  uint64_t choose(uint64_t n) override { return n <= 1 ? 0 : *rc::gen::inRange<uint64_t>(0, n); }
};

}  // namespace spmdcheck
