#pragma once
// The rule table: the single source of typing knowledge. The checker, the
// generators, the executor's dispatch, the mutation operators and the printed
// DESIGN.md tables all read these rows. Loaded once (table_loader.h), linted
// (table_linter.h), then immutable while checking.
//
// Rows refer to each other by index after loading. `compile()` derives the
// lookup tables the hot paths use; it must be called after any edit (the
// mutation operators edit copies of a table).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/source_location.h"
#include "common/spmd_type.h"
#include "common/string_map.h"
#include "rules/comm_laws.h"
#include "rules/comm_semantics.h"
#include "rules/name_index.h"
#include "rules/op_signature.h"
#include "rules/propagation.h"
#include "rules/shape_rules.h"

namespace spmdcheck {

// Dense index of a row that has an id (coverage counters are indexed by it).
using RuleIndex = uint16_t;
inline constexpr RuleIndex kNoRule = 0xffff;

enum class RowSection : uint8_t { Type, Combine, NonlinearArg, OutPartial, Op, Accept, Transition, Loss, Diagnostic, Propagation };
std::string_view section_name(RowSection s);  // the TOML array name, e.g. "transition"

struct RuleInfo {
  std::string id;
  std::string message;
  std::string fix;
  RowSection section = RowSection::Diagnostic;
  bool rejects = false;  // the row is a rejection (its firing is an error)
  // `convention = true` on a rejecting row: the rejection is a convention of
  // the rules (an R or I result refused as out_partial, a V loss), not
  // needed for soundness; tightness reports it as such.
  bool convention = false;
  // `source = "path:line"`: the code of the modelled implementation this row
  // transcribes; required in a table that declares `[table] source_commit`.
  std::string source;
  SourceLoc loc;  // the row's header in the table file
};

// What data the table's claims assume (`[table] assumes = [...]`). The
// oracle knows each assumption's meaning (fixed in code, never read from the
// table) and compares a value or gradient computed outside it on its
// invariants only (LooseReason::Assumption); a table that assumes nothing
// claims soundness on every input, special values included.
struct DataAssumptions {
  // "finite_factors": a pending sum (a P operand forward, a P cotangent
  // backward) is only ever multiplied by finite factors. Under IEEE the
  // distributive law that makes P x R sound fails at infinity:
  // (a1 + a2) * inf is +-inf where a1 * inf + a2 * inf is NaN.
  bool finite_factors = false;
};

// Operand kinds of the combine conditions: the four types plus weak scalars.
enum class OperandKind : uint8_t { R = 0, I = 1, V = 2, P = 3, Scalar = 4 };
inline constexpr int kNumOperandKinds = 5;
using KindMask = uint8_t;  // bit k = OperandKind k
inline constexpr KindMask kAllKinds = 0x1f;
inline KindMask kind_bit(OperandKind k) { return KindMask(1u << static_cast<int>(k)); }
inline KindMask kind_bit(Ty t) { return KindMask(1u << static_cast<int>(t)); }
std::string_view operand_kind_name(OperandKind k);  // "R", ..., "scalar"

struct TypeRow {
  RuleIndex rule = kNoRule;
  Ty ty = Ty::R;
  Ty grad = Ty::R;
  std::string denotation;  // "same", "list" or "sum"
  // `no_dtypes`: the dtypes (format names) no value of this type can have (a
  // sum of bools is no bool: P excludes bool); the checker refuses such a
  // value where it is bound (type.dtype).
  std::vector<std::string> no_dtypes;
};

struct LinearityRow {
  std::string name;
  std::string message;
  SourceLoc loc;
};

// First matching row, per axis, decides a local op's result type.
struct CombineRow {
  RuleIndex rule = kNoRule;
  KindMask only = kAllKinds;   // every present kind is in `only`
  KindMask has = 0;            // every kind in `has` is present
  KindMask has_any = 0;        // 0: no condition; else some kind is present
  uint32_t linearities = ~0u;  // bit l = LinearityRow l
  uint8_t min_partials = 0;
  bool reject = false;
  Ty result = Ty::R;
};

struct NonlinearArgRow {
  RuleIndex rule = kNoRule;
  KindMask forbid = 0;
  // `roles`: the parameter roles the row applies to (bit r = ParamRole r);
  // default nonlinear_operand and index.
  uint16_t roles = role_bit(ParamRole::NonlinearOperand) | role_bit(ParamRole::Index);
  // `reads = "positional"`: only arguments written by position are checked
  // (spmd_types 6dbe9e2 reads args[i]: a divisor by keyword escapes);
  // default `reads = "bound"`: however the argument is spelt.
  bool positional_only = false;
  bool applies(ParamRole role, bool by_keyword) const { return (roles & role_bit(role)) && !(positional_only && by_keyword); }
};

struct OutPartialRow {
  RuleIndex rule = kNoRule;
  Ty from = Ty::R;
  bool reject = false;
  Ty result = Ty::P;
};

// Where a transition expects `expected`, an input of type `given` is accepted,
// converted first by the transition row `via` (given -> expected), which the
// executor and the reference run like any other step.
struct AcceptRow {
  RuleIndex rule = kNoRule;
  Ty expected = Ty::P;
  Ty given = Ty::V;
  int via = -1;  // TransitionRow index; -1 if unresolved (the linter reports it)
  std::string via_id;
  SourceLoc via_loc;
};

struct LossRow {
  RuleIndex rule = kNoRule;
  Ty ty = Ty::I;
  bool reject = false;
};

// What an op's result dtype is (one entry per result, the last repeating
// for ops with a data-dependent number of results, such as split).
enum class ResultDType : uint8_t {
  Same,  // the operands' dtype (PyTorch's promotion with weak scalars; checker)
  Bool,  // comparisons
  I64,   // indices (sort, topk, max with a dim)
  F32,   // PyTorch's default float dtype (zeros, ones, linspace, eye)
  // Inferred from the call's structural numbers as PyTorch's factories do:
  // i64 when every `number` parameter holds an integer, else f32 (full's
  // fill_value, arange's start, end, step).
  Inferred,
};
std::string_view result_dtype_name(ResultDType d);  // "same", "bool", "i64", "f32", "inferred"

// A node of an op's typing expression: a linearity class applied to items,
// each a parameter's operands or another node's result.
struct TypingItem {
  int16_t param = -1;  // OpRow::params index, or -1
  int16_t node = -1;   // TypingNode index, or -1
};
struct TypingNode {
  uint8_t linearity = 0;  // LinearityRow index
  std::vector<TypingItem> items;
};

struct OpRow {
  RuleIndex rule = kNoRule;
  std::string name;
  uint8_t linearity = 0;  // LinearityRow index
  // PyTorch's parameters, in order, with their typing roles
  // (rules/op_signature.h). Positional parameters come first; after the
  // first keyword-only one all are.
  std::vector<ParamSpec> params;
  std::vector<ResultDType> results = {ResultDType::Same};
  // `registry = [...]`: the keys of the modelled implementation's registry
  // this row stands for ("torch.add", "torch.Tensor.__radd__"), in a table
  // that models one (tools/spmd_types_registry.py compares them).
  std::vector<std::string> registry;
  // `typing = "LINEAR(MULTILINEAR(beta, input), ...)"`: node 0 is the root.
  // Empty: the op's linearity over every typing operand.
  std::vector<TypingNode> typing;
  ShapeRule shape = ShapeRule::Elementwise;
  double tolerance_eps = 0;
  // How the exactness analysis (oracle/value_tolerance) sizes the result's
  // fixed-point data: a product's widths add; otherwise operands are aligned
  // and a sum may carry one bit. Arithmetic, not typing: MULTILINEAR does
  // not imply it.
  bool product_width = false;
  // data_width = "numbers": the result's data are the call's structural
  // numbers (a fill value, a range), not its operands' data (factories).
  bool numbers_width = false;
  std::vector<double> kinks;  // points where the op is not differentiable (relu, abs: 0)
  // Points where the op is unbounded as a non-linear argument approaches
  // them (div: a divisor at 0). Near a pole no error bound exists, so a value
  // computed there is not compared (oracle/consistency); only on ops with a
  // non-linear parameter (the linter requires one).
  std::vector<double> poles;
  // The result type, on every mesh axis, of a call without typing operands
  // (a factory: spmd_types gives R under a current mesh); absent: such a
  // call is refused (call.no_value).
  std::optional<Ty> no_operands;
  // The parameter along which the op compares its operand's elements to
  // pick some (sort, topk, max with a dim: "dim"); empty: none. Where an
  // inexact operand holds two elements within twice its tolerance of each
  // other (a near tie), the ranks and the reference may pick differently, so
  // the op's results are not compared there, nor any gradient through it
  // (oracle/near_ties.h). Exact ties are no problem: both sides compare the
  // same data and PyTorch's choice at a tie is deterministic.
  std::string ties;
  // Parameters whose bound value is a kink of the op's other operands (the
  // derivative jumps where an operand meets it): a number (clamp's min and
  // max) or a value, compared element by element (maximum's other: ties).
  std::vector<std::string> kinks_at;
  // The op's value may move farther than its first-order error bound while
  // its operands stay within theirs: it jumps (comparisons, floor_divide),
  // leaves its domain or grows without bound (sqrt and pow near 0). A value
  // it computes from inexact operands is compared only where its result at
  // every corner of the operands' error box stays within the value's own
  // tolerance (oracle/jump_check); elsewhere invariants only, and no
  // gradient through it.
  bool jumps = false;
  // `nonfinite_by_kernel = ["bf16"]`: the dtypes whose PyTorch kernel gives
  // non-finite results of its own, not the f64 kernel's (which the reference
  // runs). Such a result is compared on its invariants only where an operand
  // holds a non-finite element or the result lies near or below the log of
  // float's smallest subnormal (LooseReason::NonFiniteKernel). Found, not
  // assumed: LibTorch 1.13's bf16 log_softmax along a dim other than the last
  // lets an infinity reach other slices, and gives -inf where its float
  // exp(x - max) underflows (DESIGN.md §4).
  // The names as the format spells them (rules/ does not link program/).
  std::vector<std::string> nonfinite_by_kernel;
  // A variant (`when = { rounding_mode = ["trunc", "floor"] }`): the row of
  // op `name` for the calls whose structural parameter `when_param` holds
  // one of `when_values` (compared as written: kind and value); the row of
  // that name without `when`, the base, takes every other call. A variant
  // declares the base's parameters (the linter checks), so a call binds
  // once, by the base, and then selects its row (select_op_row,
  // oracle/call_binding.h). Empty `when_param`: not a variant.
  std::string when_param;
  std::vector<ArgValue> when_values;

  int param_index(std::string_view param) const;  // -1 if absent
  int positional_count() const;                   // parameters that may be given by position
  bool has_param(std::string_view param) const { return param_index(param) >= 0; }
};

struct CommOpRow {
  std::string name;
  std::string kind;                // "coercion" or "collective"
  CommLaw law = CommLaw::Convert;  // the semantic law the op obeys (rules/comm_laws.h)
  std::vector<std::string> keywords;
  std::optional<Form::Kind> default_src, default_dst;
  // The raw torch.distributed collectives (reference §3.6) are spelled as
  // PyTorch spells them: `OP(value, axis)` or, with `buffer`, `OP(out,
  // value, axis)`, where `out` is the pre-annotated output buffer: its type
  // on the axis is the dst, its dtype and shape must be the result's, its
  // types on the other axes the value's; the binding's result is the buffer
  // as the call leaves it. src and dst that are no keywords are the defaults.
  bool buffer = false;
  bool strict_src = false;   // the value must have src's type: no [[accept]] row applies
  bool no_gradient = false;  // the result carries no gradient; the op's rows have no backward
  // Non-empty: the op takes keyword `op` (a torch.distributed.ReduceOp name,
  // kReduceOpNames), and these are the values it is a transition for; the
  // first is the default. Other ReduceOps are rejected (coll.reduce_op).
  std::vector<std::string> reduce_ops;
  std::string message;
  SourceLoc loc;
  bool takes_keyword(std::string_view k) const;
  // The forms a statement can give: a keyword any, else the default (and,
  // for dst, the buffer's type: a letter, never S). The linter requires rows
  // for these cells only.
  bool expressible_src(Form::Kind k) const;
  bool expressible_dst(Form::Kind k) const;
  // `all_gather(value, axis, src=..., dst=...)` or `dist_all_reduce(value,
  // axis, op=...)`, as usage notes show it.
  std::string usage() const;
  int value_position() const { return buffer ? 1 : 0; }
  int axis_position() const { return buffer ? 2 : 1; }
};

// torch.distributed.ReduceOp's members, as the `op` keyword spells them.
inline constexpr std::string_view kReduceOpNames[] = {"sum", "avg", "product", "min", "max", "band", "bor", "bxor", "premul_sum"};

using FormMask = uint8_t;  // bit k = Form::Kind k
inline FormMask form_bit(Form::Kind k) { return FormMask(1u << static_cast<int>(k)); }

enum class ShardDims : uint8_t { Any, Equal, Differ };

// A coercion or collective judgment for one src x dst cell (or, when
// illegal, a rectangle of cells).
struct TransitionRow {
  RuleIndex rule = kNoRule;
  uint8_t op = 0;             // CommOpRow index
  FormMask src = 0, dst = 0;  // one bit each unless illegal
  ShardDims shard_dims = ShardDims::Any;
  bool illegal = false;
  bool expert = false;
  std::vector<DimBinding> dims;
  std::optional<ActionCall> action;                                // primitive rows: what each rank does
  std::optional<MeaningCall> meaning;                              // primitive rows: what it means for the denotation
  std::vector<ShapeStep> shape;                                    // primitive rows
  int backward = -1;                                               // TransitionRow index, primitive rows; -1 if unresolved
  std::string backward_id;                                         // as written (kept for lint messages and printing)
  std::vector<std::pair<std::string, std::string>> backward_dims;  // backward param <- own param
  std::vector<int> compose;                                        // TransitionRow indices, composite rows; -1 if unresolved
  std::vector<std::string> compose_ids;
  SourceLoc backward_loc, compose_loc;
  // Global SPMD: what the row does to the spec on its axis (`spec`;
  // default_spec_update of src and dst where the row does not say).
  SpecUpdate spec = SpecUpdate::Keep;

  bool primitive() const { return !illegal && compose.empty(); }
  Form::Kind src_kind() const;  // legal rows: the single src kind
  Form::Kind dst_kind() const;
  int dim_index(std::string_view param) const;  // -1 if absent
};

// `[table] assert_transmutes`: a transition row an assert applies when it
// retypes its value (RuleTable::assert_transmutes).
struct AssertTransmute {
  std::string id;
  SourceLoc loc;
  int row = -1;  // TransitionRow index; -1 if unresolved (the linter reports it)
};

// The lookup tables derived from the rows (see compile()).
struct CompiledTable {
  // [linearity][kind mask * 3 + partial class] -> CombineRow index or -1,
  // partial class = min(count of P operands, 2).
  std::vector<std::array<int16_t, 32 * 3>> combine;
  // op_by_name: the base row of each op name (the first row of the name if
  // it has no base, which the linter reports); op_variants[base]: the
  // variant rows of its name, in file order.
  StringMap<uint16_t> op_by_name, comm_by_name;
  // Both in one index, for the checker's per-statement lookup: an op name's
  // base row as op_by_name has it, or kCommCall | its comm_by_name index (an
  // op of the name wins, as the checker tried op_by_name first).
  static constexpr int32_t kCommCall = 1 << 20;
  NameIndex calls;
  std::vector<std::vector<uint16_t>> op_variants;
  // Per op row, for the checker's per-call work: OpRow::positional_count(),
  // and bit p set where param_types(row, p) (rules/local_typing.h).
  std::vector<uint8_t> op_positional;
  std::vector<uint16_t> op_typing_params;
  // [comm op][(src * 5 + dst) * 2 + (shard dims equal)] -> TransitionRow or -1
  std::vector<std::array<int16_t, 5 * 5 * 2>> cells;
  std::array<int16_t, kNumTys> out_partial{}, loss{}, type{};
  std::array<std::array<int16_t, kNumTys>, kNumTys> accept{};  // [expected][given]
  StringMap<RuleIndex> rule_by_id;
  // [shape rule kind] -> its PropagationRow indices, in file order.
  std::array<std::vector<uint16_t>, kNumShapeRules> propagation;
};

struct RuleTable {
  std::string name;
  std::string description;
  std::string source_name;  // file name or "<embedded default>"
  // `[table] source_commit`: the table models an implementation as written at
  // this commit (of `source_repository`); every row then cites its `source`.
  std::string source_repository;
  std::string source_commit;
  DataAssumptions assumes;
  // `[table] local_collective_specs = "drop"`: a coercion or collective over
  // a local axis returns a value without partition spec (spmd_types 6dbe9e2
  // sets specs only where the collective's axis is global), so its V global
  // axes are left without an entry (global.v_without_spec). Default "keep":
  // the other axes' entries stay (DESIGN.md §8).
  bool local_collectives_drop_specs = false;
  // `[table] assert_recheck = "refine"`: an assert re-checks a typed value as
  // spmd_types 6dbe9e2's assert_type does (DESIGN.md §8, "Two tables"): size-1
  // axes are not compared, V without an entry agrees with the value's shard,
  // only the dims the assert shards must match. Default "exact": type and
  // spec must equal the value's.
  bool assert_refines = false;
  // `[table] assert_transmutes = [ids]`: where a refining assert names the
  // row's dst on an axis on which the value has the row's src and no spec
  // entry, the assert retypes the value by that row (a `reinterpret` row: no
  // data moves), as assert_type's V -> P transmute does (spmd_types 6dbe9e2,
  // runtime.py:492-496; DESIGN.md §2.6). Default: none.
  std::vector<AssertTransmute> assert_transmutes;

  std::vector<RuleInfo> rules;  // indexed by RuleIndex
  std::vector<TypeRow> types;
  std::vector<LinearityRow> linearities;
  std::vector<CombineRow> combine;
  std::vector<NonlinearArgRow> nonlinear_args;
  std::vector<OutPartialRow> out_partial;
  std::vector<OpRow> ops;
  std::vector<CommOpRow> comm_ops;
  std::vector<AcceptRow> accepts;
  std::vector<TransitionRow> transitions;
  std::vector<LossRow> losses;
  std::vector<RuleIndex> diagnostics;
  std::vector<PropagationRow> propagation;  // global SPMD (rules/propagation.h)

  CompiledTable compiled;

  // Rebuilds `compiled` from the rows. Overlapping rows resolve to the first
  // in file order; the linter reports overlaps and gaps.
  void compile();

  const RuleInfo& info(RuleIndex r) const { return rules[r]; }
  RuleIndex find_rule(std::string_view id) const;  // kNoRule if absent
  int find_transition(std::string_view id) const;  // -1 if absent
  Ty grad(Ty t) const;                             // from the type rows
};

}  // namespace spmdcheck
