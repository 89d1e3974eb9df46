// The [[diagnostic]] ids the checker cites, which every table must have
// (table.lint.required_diagnostic; rules/table_linter.h).
#include "rules/table_linter.h"

namespace spmdcheck {
namespace {

constexpr std::string_view kRequiredDiagnostics[] = {
    "name.unbound",
    "name.rebound",
    "op.unknown",
    "call.arity",
    "call.literal",
    "call.no_value",
    "call.axis",
    "call.keyword_unknown",
    "call.keyword_duplicate",
    "call.keyword_value",
    "call.keyword_missing",
    "coll.src_mismatch",
    "coll.expert_gate",
    "coll.dim_conflict",
    "coll.reduce_op",
    "coll.buffer_shape",
    "coll.buffer_type",
    "dtype.mismatch",
    "shape.broadcast",
    "shape.matmul",
    "shape.scalar_operand",
    "shape.cat",
    "shape.dim_range",
    "shape.axis_size",
    "shape.divisible",
    "shape.rank_limit",
    "shape.size_limit",
    "assert.mismatch",
    "loss.not_scalar",
    "call.argument_value",
    "call.argument_missing",
    "call.argument_twice",
    "call.results",
    "call.scalar_position",
    "shape.dim_repeated",
    "shape.operand_rank",
    "loss.no_gradient",
    "loss.seed_shape",
    "loss.seed_type",
    "shape.results_limit",
    "shape.argument_range",
    // global SPMD (DESIGN.md §8)
    "global.v_without_spec",
    "global.spec_on_non_v",
    "global.spec_rank",
    "prop.no_strategy",
    "prop.order_conflict",
    "prop.order_cycle",
    "prop.same_dim_unordered",
    "prop.local_mismatch",
    "coll.spec_not_innermost",
    "coll.spec_mismatch",
};

}  // namespace

ConstSpan<std::string_view> required_diagnostic_ids() { return kRequiredDiagnostics; }

}  // namespace spmdcheck
