#pragma once
// How far a rank-computed value may be from the reference, in units of its
// dtype's machine epsilon times the largest reference magnitude in its cone
// (times the number of P pieces its denotation sums). Zero means bitwise.
//
// Exactness analysis: the framework's data are dyadic (inputs k/4, |k| <= 8,
// P pieces their exact splits), so a value is exact while every op in its
// cone is exact (tolerance_eps 0, dyadic literals) and its fixed-point width
// (integer bits + fraction bits, grown by adds, products and sums) fits the
// dtype's mantissa. Past that, every op may round: the error carried from
// operands is multiplied by the number of terms the op sums per output
// element (matmul: the inner dim; sum: the reduced count; summing
// collectives: the axis size; elementwise ops: 1) and each op adds its own
// row tolerance plus one rounding per summed term.
#include <functional>
#include <vector>

#include "oracle/checker.h"

namespace spmdcheck {

// Why a value (or an input's gradient) is compared loosely: its invariants
// are checked, its denotation is not, because no error bound holds there.
//   Operand: an operand (a forward value on a gradient's paths) was loose.
//   NonFiniteFactor: a non-finite element meets an inexact operand in an
//     op that is not additive (a product, contraction, inexact or pole op):
//     0 * inf is NaN while (0 + e) * inf is +-inf, so the error has no
//     bound; for a gradient: a non-finite value on its paths while the
//     gradient is inexact.
//   NonFiniteResult: the reference is non-finite where every operand is
//     finite and the value is inexact (an overflow or a pole within the
//     rounding of its operands).
//   Overflow: the op's terms may exceed the dtype's range (their scale
//     times their count is at least half its largest finite value): the
//     ranks may overflow where the f64 reference does not.
//   Pole: a pole op's operand is at its pole, or within its tolerance of it.
//   Tie, Kink: the two sides may pick other elements or other sides of a
//     kink (oracle/near_ties.h); Jump: an op that may jump inside its
//     operands' error box (oracle/jump_check.h).
//   Assumption: computed outside an assumption the table states
//     (DataAssumptions): a pending sum multiplied by an infinity, under
//     finite_factors.
//   NonFiniteKernel: an op computed in a dtype its row lists as
//     nonfinite_by_kernel, with a non-finite operand element: PyTorch's
//     kernel for that dtype gives results of its own there.
enum class LooseReason { None, Operand, NonFiniteFactor, NonFiniteResult, NonFiniteKernel, Overflow, Pole, Tie, Kink, Jump, Assumption };
const char* loose_reason_name(LooseReason reason);

struct ValueTolerance {
  double eps_units = 0;  // 0: exact (bitwise)
  int bits = 0;          // fixed-point width of the value's data (int + fraction bits)
  int fraction_bits = 0;
  // With magnitudes: the absolute error bound of one denotation element (per
  // P piece; the caller multiplies by the piece count). 0: exact.
  double abs_error = 0;
  // With magnitudes: the op's terms may exceed the dtype's range
  // (LooseReason::Overflow): their scale times their count reaches half its
  // largest value, or an inexact op's operand reaches the fourth root of it
  // (the op's internal terms, norm's |x|^p, with p <= 4).
  bool overflow = false;
  // The op is not additive in its operands (a product or contraction, an
  // inexact op, a pole op): a non-finite operand element times an inexact
  // one has no error bound (LooseReason::NonFiniteFactor).
  bool multiplies = false;
};

// `magnitudes` (optional, per value: the largest reference magnitude) turns
// the units into an absolute error bound, propagated op by op:
//   abs_error(v) = sum over operands o of gain(o) * abs_error(o)
//                  + (row tolerance + terms) * eps * local scale,
// where the local scale is the largest magnitude among v and the terms the
// op rounds (a product's terms are operand times the other factor), never
// the largest magnitude of the whole cone: tanh(30 * x) is rounded at 1, not
// at 30. gain(o) bounds how much the op can grow an error in o: the terms
// it sums (matmul: the inner dim times the other factor's magnitude; sum:
// the reduced count; summing collectives: the axis size), the other factor
// of a product (`data_width = "product"`), and for an inexact op (row
// tolerance > 0, the transcendental ones) the larger of 1, |v| and |o|
// (exp(x) turns an error e in x into about |exp(x)| e). The same gains
// multiply the carried units, so `eps_units` stays comparable.
//
// Near a pole the op grows an error by more than that: d(a / b)/db is
// a / b^2 = y / b, which exceeds max(1, |b|, |y|) wherever |b| < 1 (found
// with an f32 gelu of -2.25, about -0.0275, as a divisor: the quotient's
// error was 1.4e-4 against a bound of 1.05e-4). With `pole_distance` (per
// value and pole: the smallest distance of the value's reference elements
// to the pole), the gain of an inexact non-linear operand of an op with
// poles is at least |v| / that distance, a bound of |y / (b - pole)| over
// the elements. Elements at a pole make v non-finite, which is not compared.
//
// With magnitudes, an input's width is that of its largest magnitude (a
// special large value, executor/special_values.h, is no 4-bit quarter).
//
// The overflow test also reads what each rank holds, because a P value's
// pieces may far exceed their sum: a large special on one rank and its
// negation on another cancel in the denotation, not on the ranks, and a
// rank's product of such a piece overflows where the f64 reference's does
// not (found in bf16: DESIGN.md §8). `input_pieces` (per value; read for P
// inputs only) is the largest |element| any rank's piece of the input
// holds: input data, never a computed rank value. A binding's rank bound
// is its terms' (a product's, contraction's or decomposition's factors
// multiplied, each at least 1; other ops' operands summed) times the terms
// it sums, and for a pole op (division) times 1 / its non-linear operand's
// nearest distance to a pole (with `pole_distance`; a literal's own); a P
// result holds that bound, any other result its reference magnitude. It
// overestimates (a sum of every operand where a cat places them side by
// side); numbers at non-operand positions (add's alpha) are not read, the
// half-range margin covers a factor up to 2. Only values whose bound
// reaches half the dtype's range are affected.
using PoleDistance = std::function<double(int value, double pole)>;
std::vector<ValueTolerance> value_tolerances(const RuleTable& table, const Program& program, const CheckResult& checked,
                                             const std::vector<double>* magnitudes = nullptr, const PoleDistance* pole_distance = nullptr,
                                             const std::vector<double>* input_pieces = nullptr);

double dtype_epsilon(DType d);
double dtype_max(DType d);         // the largest finite value
int dtype_mantissa_bits(DType d);  // including the implicit bit

}  // namespace spmdcheck
