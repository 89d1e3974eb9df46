#include "rules/shape_rules.h"

#include <array>

namespace spmdcheck {
namespace {

constexpr std::string_view kNames[] = {"elementwise", "matmul", "reduce", "transpose", "cat", "addmm", "addmv", "addbmm", "baddbmm", "addr"};
static_assert(std::size(kNames) == kNumShapeRules);

constexpr ShapeParam kReduceParams[] = {{"dim", ParamRole::Ints}, {"keepdim", ParamRole::Bool}};
constexpr ShapeParam kTransposeParams[] = {{"dim0", ParamRole::Int}, {"dim1", ParamRole::Int}};
constexpr ShapeParam kCatParams[] = {{"dim", ParamRole::Int}};

const std::array<ShapeRuleSpec, kNumShapeRules> kSpecs = {{
    {1, -1, {}, Fanin::None, 0},                    // elementwise: every operand broadcasts
    {2, 2, {}, Fanin::Contraction, 1},              // matmul: torch.matmul of the two operands
    {1, 1, kReduceParams, Fanin::Reduction, 0},     // reduce: sum/mean over dim (None: all dims)
    {1, 1, kTransposeParams, Fanin::None, 2},       // transpose: swap dim0 and dim1
    {1, 1, kCatParams, Fanin::None, 1},             // cat: one `operands` list, concatenated along dim
    {3, 3, {}, Fanin::Decomposition, 0, 2},         // addmm: input broadcasts to mat1 [n, m] @ mat2 [m, p]
    {3, 3, {}, Fanin::Decomposition, 0, 1},         // addmv: input broadcasts to mat [n, m] @ vec [m]
    {3, 3, {}, Fanin::Decomposition, 0, 2},         // addbmm: input broadcasts to sum_b batch1[b] @ batch2[b]
    {3, 3, {}, Fanin::Decomposition, 0, 3},         // baddbmm: input broadcasts to batch1 @ batch2, batch by batch
    {3, 3, {}, Fanin::Decomposition, 0, 2},         // addr: input broadcasts to outer(vec1, vec2)
}};

}  // namespace

std::string_view shape_rule_name(ShapeRule s) { return kNames[static_cast<int>(s)]; }

std::optional<ShapeRule> shape_rule_from_name(std::string_view s) {
  for (int i = 0; i < kNumShapeRules; ++i)
    if (kNames[i] == s) return static_cast<ShapeRule>(i);
  return std::nullopt;
}

const ShapeRuleSpec& shape_rule_spec(ShapeRule s) { return kSpecs[static_cast<int>(s)]; }

}  // namespace spmdcheck
