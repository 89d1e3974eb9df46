#pragma once
// Global SPMD: the checks on written specs (inputs and asserts) and the
// spec update of a coercion or collective (reference §4.3, §4.6). The
// judgments are [[diagnostic]] rows (global.*, coll.spec_*) and the
// transition rows' `spec` field; the code is the same for every table.
#include "common/partition_spec.h"
#include "oracle/check_context.h"

namespace spmdcheck::check {

// A type as written, for a value of `rank` dims: every global V axis in
// the spec (global.v_without_spec), no spec on another axis
// (global.spec_on_non_v), the spec within the rank (global.spec_rank).
// `v_needs_entry` false: V on a global axis may omit its entry (an assert
// under RuleTable::assert_refines, where V is less specific than S(k)).
[[nodiscard]] bool check_written_spec(Context& ctx, const TypeAnnot& t, int rank, std::string_view name, bool v_needs_entry = true);

// Whether an assert's annotation `t` holds of value `v` under spmd_types'
// assert_type re-check (RuleTable::assert_refines): every axis of size > 1
// has the value's type, and every dim `t`'s spec shards has the value's axis
// tuple there (size-1 axes left out of both); a dim `t` leaves unsharded does
// not constrain.
bool assert_refinement_holds(const Mesh& mesh, const ValueInfo& v, const TypeAnnot& t);

// The result spec of a transition on `axis` from an input of spec `in` and
// rank `in_rank`: the row's (and an accept row's `via`) spec update, the
// entries of other axes shifted by the steps' inserted or removed dims.
// Rejects a non-innermost entry (coll.spec_not_innermost), src S(i) against
// an entry on another dim (coll.spec_mismatch), and a result whose type and
// spec disagree (global.v_without_spec, global.spec_on_non_v).
[[nodiscard]] bool transition_spec(Context& ctx, const BindingStmt& b, const ResolvedBinding& r, int via, const PartitionSpec& in,
                                   const LocalType& result_type, PartitionSpec& out);

}  // namespace spmdcheck::check
