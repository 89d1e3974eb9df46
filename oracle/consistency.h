#pragma once
// Property 1 (forward consistency): every bound value satisfies its type's
// invariant on the ranks (R and I bit-identical across each fiber) and the
// denotation read off the ranks equals the reference denotation: bitwise
// where every op in the value's cone is exact and the dtype is f64, else
// within the tolerance the op rows declare (value_tolerance.h).
#include <ATen/ATen.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "oracle/checker.h"
#include "oracle/reference_interpreter.h"
#include "oracle/value_tolerance.h"

namespace spmdcheck {

struct Inconsistency {
  enum class Kind { Shape, ReferenceShape, NotIdentical, Denotation, Execution };
  Kind kind = Kind::Denotation;
  int value = -1;         // CheckResult::values index
  std::string name;       // the value's name
  std::string statement;  // the statement that bound it, as printed
  int axis = -1;          // NotIdentical: the R/I axis
  int rank = -1;          // the rank whose data is wrong
  int other_rank = -1;    // NotIdentical: the rank it should equal
  int64_t item = -1;      // Denotation: the item of the V axes
  int64_t element = -1;   // flat element index
  double want = 0, got = 0;
  double tolerance = 0;  // 0: bitwise
  std::string message;   // Execution: what failed
  std::string describe(const Mesh& mesh) const;
};

// Per value: whether it matched, and how it was compared.
struct ValueVerdict {
  bool checked = false;  // false: not reached (an earlier value failed)
  bool ok = false;
  double tolerance = 0;                   // 0: bitwise
  bool compared = true;                   // false: only invariants checked (see `loose`)
  double magnitude = 0;                   // the reference's largest finite magnitude (what an O(1) error must exceed the tolerance by)
  LooseReason loose = LooseReason::None;  // why not compared (None where compared)
  bool finite = true;                     // every reference element finite (else, where compared, its NaN and infinities matched exactly)
};

struct ConsistencyReport {
  std::vector<ValueVerdict> values;
  std::optional<Inconsistency> first;  // the first failure in program order
};

// `ranks[v][r]`: value v's tensor on rank r, for every rank of the mesh.
// Stops at the first failure unless `all_values`.
ConsistencyReport check_consistency(const RuleTable& table, const Program& program, const CheckResult& checked, const MeshLayout& layout,
                                    const ReferenceRun& reference, const std::vector<std::vector<at::Tensor>>& ranks,
                                    bool all_values = false);

// One value's checks (shape, R/I invariants, denotation within `allowed`;
// `compare_denotation` false: invariants only). Used for values and for
// gradients, which are read under their gradient type.
std::optional<Inconsistency> check_rank_values(const std::string& name, const LocalType& type, const Shape& shape, const MeshLayout& layout,
                                               const Denotation& want, const std::vector<at::Tensor>& ranks, double allowed,
                                               bool compare_denotation);

// One element's comparison, special values exactly: a NaN reference is
// matched by NaN only, an infinity by the same infinity, a finite one by a
// finite number within `allowed` (0: equal, so +0 matches -0); NaN where
// the reference is not is a mismatch. `overflow` is the smallest magnitude
// the value's dtype rounds to infinity (overflow_threshold): an infinity
// and a finite number of its sign match where the finite one is within
// `allowed` of it, because the reference rounds a denotation to the dtype
// and a P value's sum read off the ranks is an f64 sum: twelve bf16 pieces
// of -3.19e37 sum to -3.83e38, which bf16 rounds to -inf (found by a
// default-table --global search at seed 104).
bool special_match(double want, double got, double allowed, double overflow = std::numeric_limits<double>::infinity());

// The smallest magnitude `dtype` rounds to infinity (its largest finite
// value plus half an ulp there, ties going to the even infinity); infinity
// for f64 and for dtypes without infinities.
double overflow_threshold(at::ScalarType dtype);

// Largest finite magnitude over tensors, and whether all are finite.
struct MagnitudeScan {
  double max_abs = 0;
  bool finite = true;
  bool infinite = false;  // some element is +-inf
};
MagnitudeScan scan_magnitudes(const std::vector<at::Tensor>& tensors);
// The smallest |element - point| over tensors: NaN where an element is NaN
// (such a value is not compared), +inf when they hold no element
// (value_tolerance's PoleDistance).
double smallest_distance(const std::vector<at::Tensor>& tensors, double point);

// The denotation the ranks' data stands for (P axes summed in f64, in
// coordinate order; R and I axes read at coordinate 0). An item with one
// contributing rank is that rank's tensor, in its own dtype: read it, never
// write it.
Denotation denotation_from_ranks(const MeshLayout& layout, const LocalType& type, const std::vector<at::Tensor>& ranks);

}  // namespace spmdcheck
