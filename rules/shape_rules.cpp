#include "rules/shape_rules.h"

#include <array>

namespace spmdcheck {
namespace {

constexpr std::string_view kNames[] = {
    "elementwise", "matmul",    "reduce",       "transpose",
    "cat",         "addmm",     "addmv",        "addbmm",
    "baddbmm",     "addr",      "stack",        "hstack",
    "vstack",      "dstack",    "column_stack", "block_diag",
    "reshape",     "view",      "view_as",      "flatten",
    "unflatten",   "ravel",     "permute",      "movedim",
    "swapaxes",    "t",         "reverse_dims", "matrix_transpose",
    "squeeze",     "unsqueeze", "expand",       "expand_as",
    "flip",        "fliplr",    "flipud",       "roll",
    "diagonal",    "repeat",    "tile",         "repeat_interleave",
    "unfold",      "scan",      "norm",         "gelu",
    "clamp",       "mm",        "bmm",          "mv",
    "dot",         "einsum",    "sized",        "arange",
    "linspace",    "eye",       "split",        "chunk",
    "unbind",      "narrow",    "select",       "index_select",
    "gather",      "max_min",   "sort",         "topk",
};
static_assert(std::size(kNames) == kNumShapeRules);

constexpr ShapeParam kReduceParams[] = {{"dim", ParamRole::Ints}, {"keepdim", ParamRole::Bool}};
constexpr ShapeParam kTransposeParams[] = {{"dim0", ParamRole::Int}, {"dim1", ParamRole::Int}};
constexpr ShapeParam kCatParams[] = {{"dim", ParamRole::Int}};
// shape and structure
constexpr ShapeParam kDimParams[] = {{"dim", ParamRole::Int}};
constexpr ShapeParam kShapeParams[] = {{"shape", ParamRole::Ints}};
constexpr ShapeParam kSizeParams[] = {{"size", ParamRole::Ints}};
constexpr ShapeParam kFlattenParams[] = {{"start_dim", ParamRole::Int}, {"end_dim", ParamRole::Int}};
constexpr ShapeParam kUnflattenParams[] = {{"dim", ParamRole::Int}, {"sizes", ParamRole::Ints}};
constexpr ShapeParam kDimsParams[] = {{"dims", ParamRole::Ints}};
constexpr ShapeParam kMovedimParams[] = {{"source", ParamRole::Ints}, {"destination", ParamRole::Ints}};
constexpr ShapeParam kSwapaxesParams[] = {{"axis0", ParamRole::Int}, {"axis1", ParamRole::Int}};
constexpr ShapeParam kDimListParams[] = {{"dim", ParamRole::Ints}};
constexpr ShapeParam kRollParams[] = {{"shifts", ParamRole::Ints}, {"dims", ParamRole::Ints}};
constexpr ShapeParam kDiagonalParams[] = {{"offset", ParamRole::Int}, {"dim1", ParamRole::Int}, {"dim2", ParamRole::Int}};
constexpr ShapeParam kRepeatParams[] = {{"repeats", ParamRole::Ints, false}};
constexpr ShapeParam kTileParams[] = {{"dims", ParamRole::Ints, false}};
constexpr ShapeParam kRepeatInterleaveParams[] = {
    {"repeats", ParamRole::Int, false}, {"dim", ParamRole::Int}, {"output_size", ParamRole::Int, false}};
constexpr ShapeParam kUnfoldParams[] = {{"dimension", ParamRole::Int}, {"size", ParamRole::Int, false}, {"step", ParamRole::Int, false}};
// numeric
constexpr ShapeParam kScanParams[] = {{"dim", ParamRole::Int}};
constexpr ShapeParam kNormParams[] = {{"p", ParamRole::Number}, {"dim", ParamRole::Ints}, {"keepdim", ParamRole::Bool}};
constexpr ShapeParam kGeluParams[] = {{"approximate", ParamRole::String}};
constexpr ShapeParam kClampParams[] = {{"min", ParamRole::Number}, {"max", ParamRole::Number}};
// contractions and factories
constexpr ShapeParam kEinsumParams[] = {{"equation", ParamRole::String}};
constexpr ShapeParam kSizedParams[] = {{"size", ParamRole::Ints, false}};
constexpr ShapeParam kArangeParams[] = {{"start", ParamRole::Number}, {"end", ParamRole::Number}, {"step", ParamRole::Number}};
constexpr ShapeParam kLinspaceParams[] = {{"steps", ParamRole::Int, false}};
constexpr ShapeParam kEyeParams[] = {{"n", ParamRole::Int, false}, {"m", ParamRole::Int, false}};
// several results, indices
constexpr ShapeParam kSplitParams[] = {{"split_size_or_sections", ParamRole::Ints, false}, {"dim", ParamRole::Int}};
constexpr ShapeParam kChunkParams[] = {{"chunks", ParamRole::Int, false}, {"dim", ParamRole::Int}};
constexpr ShapeParam kNarrowParams[] = {{"dim", ParamRole::Int}, {"start", ParamRole::Int}, {"length", ParamRole::Int, false}};
constexpr ShapeParam kSelectParams[] = {{"dim", ParamRole::Int}, {"index", ParamRole::Int}};
constexpr ShapeParam kMaxMinParams[] = {{"dim", ParamRole::Int}, {"keepdim", ParamRole::Bool}};
constexpr ShapeParam kTopkParams[] = {{"k", ParamRole::Int, false}, {"dim", ParamRole::Int}};

constexpr std::string_view kStrictDiagnostics[] = {"shape.operand_rank"};
constexpr std::string_view kBmmDiagnostics[] = {"shape.operand_rank", "shape.batch"};
constexpr std::string_view kEinsumDiagnostics[] = {"shape.einsum"};
constexpr std::string_view kSizeDiagnostics[] = {"shape.size_positive"};
constexpr std::string_view kArangeDiagnostics[] = {"shape.range"};

// The diagnostics of the shape and structure rules (oracle/shapes_structure*.cpp).
constexpr std::string_view kStructureCites[] = {"shape.empty",     "shape.stack",     "shape.operand_rank", "shape.reshape",
                                                "shape.dim_order", "shape.dim_count", "shape.size_value",   "shape.expand"};

const std::array<ShapeRuleSpec, kNumShapeRules> kSpecs = {{
    {1, -1, {}, Fanin::None, 0},                   // elementwise: every operand broadcasts
    {2, 2, {}, Fanin::Contraction, 1},             // matmul: torch.matmul of the two operands
    {1, 1, kReduceParams, Fanin::Reduction, 0},    // reduce: sum/mean over dim (None: all dims)
    {1, 1, kTransposeParams, Fanin::None, 2},      // transpose: swap dim0 and dim1
    {1, 1, kCatParams, Fanin::None, 1, -1, true},  // cat: one `operands` list, concatenated along dim
    {3, 3, {}, Fanin::Decomposition, 0, 2},        // addmm: input broadcasts to mat1 [n, m] @ mat2 [m, p]
    {3, 3, {}, Fanin::Decomposition, 0, 1},        // addmv: input broadcasts to mat [n, m] @ vec [m]
    {3, 3, {}, Fanin::Decomposition, 0, 2},        // addbmm: input broadcasts to sum_b batch1[b] @ batch2[b]
    {3, 3, {}, Fanin::Decomposition, 0, 3},        // baddbmm: input broadcasts to batch1 @ batch2, batch by batch
    {3, 3, {}, Fanin::Decomposition, 0, 2},        // addr: input broadcasts to outer(vec1, vec2)
    // shape and structure: every element of a result is one element of an
    // operand (or a zero of block_diag), so no fan-in.
    {1, 1, kDimParams, Fanin::None, 0, -1, true, kStructureCites},                // stack: equal shapes, a new dim at dim
    {1, 1, {}, Fanin::None, 0, -1, true, kStructureCites},                        // hstack: atleast_1d, cat along 0 (1-D) or 1
    {1, 1, {}, Fanin::None, 0, -1, true, kStructureCites},                        // vstack (row_stack): atleast_2d, cat along 0
    {1, 1, {}, Fanin::None, 0, -1, true, kStructureCites},                        // dstack: atleast_3d, cat along 2
    {1, 1, {}, Fanin::None, 0, -1, true, kStructureCites},                        // column_stack: 0-d and 1-D as columns, cat along 1
    {1, 1, {}, Fanin::None, 0, -1, true, kStructureCites},                        // block_diag: at most 2-D blocks on the diagonal
    {1, 1, kShapeParams, Fanin::None, 0, -1, false, kStructureCites},             // reshape: to `shape` (one -1 inferred)
    {1, 1, kSizeParams, Fanin::None, 0, -1, false, kStructureCites},              // view: to `size` (one -1 inferred)
    {2, 2, {}, Fanin::None, 0, -1, false, kStructureCites},                       // view_as: to the second operand's shape
    {1, 1, kFlattenParams, Fanin::None, 0, -1, false, kStructureCites},           // flatten: dims start_dim..end_dim into one
    {1, 1, kUnflattenParams, Fanin::None, 1, -1, false, kStructureCites},         // unflatten: dim into sizes (one -1 inferred)
    {1, 1, {}, Fanin::None, 0, -1, false, kStructureCites},                       // ravel: one dim of every element
    {1, 1, kDimsParams, Fanin::None, 0, -1, false, kStructureCites},              // permute: dims reordered, each once
    {1, 1, kMovedimParams, Fanin::None, 0, -1, false, kStructureCites},           // movedim: source dims to destination positions
    {1, 1, kSwapaxesParams, Fanin::None, 2, -1, false, kStructureCites},          // swapaxes: swap axis0 and axis1
    {1, 1, {}, Fanin::None, 0, -1, false, kStructureCites, true},                 // t: at most 2-D, the two dims swapped
    {1, 1, {}, Fanin::None, 0, -1, false, kStructureCites, true},                 // reverse_dims (T): every dim reversed
    {1, 1, {}, Fanin::None, 2, -1, false, kStructureCites, true},                 // matrix_transpose (mT): the last two dims swapped
    {1, 1, kDimListParams, Fanin::None, 0, -1, false, kStructureCites},           // squeeze: size-1 dims (of dim, or all) removed
    {1, 1, kDimParams, Fanin::None, 0, -1, false, kStructureCites},               // unsqueeze: a size-1 dim at dim
    {1, 1, kSizeParams, Fanin::None, 0, -1, false, kStructureCites},              // expand (broadcast_to): size-1 dims to `size`
    {2, 2, {}, Fanin::None, 0, -1, false, kStructureCites},                       // expand_as: expanded to the second operand's shape
    {1, 1, kDimsParams, Fanin::None, 0, -1, false, kStructureCites},              // flip: the shape kept; dims each once
    {1, 1, {}, Fanin::None, 2, -1, false, kStructureCites},                       // fliplr: the shape kept; at least 2-D
    {1, 1, {}, Fanin::None, 1, -1, false, kStructureCites},                       // flipud: the shape kept; at least 1-D
    {1, 1, kRollParams, Fanin::None, 0, -1, false, kStructureCites},              // roll: the shape kept; shifts align with dims
    {1, 1, kDiagonalParams, Fanin::None, 2, -1, false, kStructureCites},          // diagonal: dim1, dim2 dropped, the diagonal appended
    {1, 1, kRepeatParams, Fanin::None, 0, -1, false, kStructureCites},            // repeat: leading dims added, each dim times its count
    {1, 1, kTileParams, Fanin::None, 0, -1, false, kStructureCites},              // tile: as repeat, counts padded with leading 1s
    {1, 1, kRepeatInterleaveParams, Fanin::None, 0, -1, false, kStructureCites},  // repeat_interleave: dim (None: flattened) times repeats
    {1, 1, kUnfoldParams, Fanin::None, 0, -1, false, kStructureCites},            // unfold: windows along dimension, appended as a dim
    {1, 1, kScanParams, Fanin::Scan, 0},       // scan: the input's shape; each element reads the elements along dim (cumsum, softmax)
    {1, 1, kNormParams, Fanin::Reduction, 0},  // norm: reduce's shape, with the order p (torch.norm with a number p)
    {1, 1, kGeluParams, Fanin::None, 0},       // gelu: elementwise, approximate "none" or "tanh"
    {1, 1, kClampParams, Fanin::None, 0},      // clamp: elementwise, number bounds min and max, at least one given
    // Contractions of fixed ranks, no broadcasting: [n, k] @ [k, m];
    // [b, n, k] @ [b, k, m]; [n, k] @ [k]; [k] . [k].
    {2, 2, {}, Fanin::Contraction, 2, 2, false, kStrictDiagnostics},
    {2, 2, {}, Fanin::Contraction, 3, 3, false, kBmmDiagnostics},
    {2, 2, {}, Fanin::Contraction, 2, 2, false, kStrictDiagnostics},
    {2, 2, {}, Fanin::Contraction, 1, 1, false, kStrictDiagnostics},
    // einsum: one `operands` list labelled by the equation.
    {1, -1, kEinsumParams, Fanin::Einsum, 0, -1, true, kEinsumDiagnostics},
    // Factories: no operands; the shape from sizes or a range.
    {0, 0, kSizedParams, Fanin::None, 0, -1, false, kSizeDiagnostics},     // sized: the tensor of shape size
    {0, 0, kArangeParams, Fanin::None, 0, -1, false, kArangeDiagnostics},  // arange: [ceil((end - start) / step)]
    {0, 0, kLinspaceParams, Fanin::None, 0, -1, false, kSizeDiagnostics},  // linspace: [steps]
    {0, 0, kEyeParams, Fanin::None, 0, -1, false, kSizeDiagnostics},       // eye: [n, m] (m None: n)
    // several results, indices
    {1, 1, kSplitParams, Fanin::None, 1},   // split: pieces of a size, or of listed sizes, along dim
    {1, 1, kChunkParams, Fanin::None, 1},   // chunk: at most `chunks` pieces of equal size (the last smaller)
    {1, 1, kDimParams, Fanin::None, 1},     // unbind: one result per slice along dim
    {1, 1, kNarrowParams, Fanin::None, 1},  // narrow: `length` slices from `start` along dim
    {1, 1, kSelectParams, Fanin::None, 1},  // select: the slice `index` along dim, dim dropped
    {2, 2, kDimParams, Fanin::Gather, 0},   // index_select: input, then a 1-D index along dim
    {2, 2, kDimParams, Fanin::Gather, 0},   // gather: input, then an index of its rank
    {1, 1, kMaxMinParams, Fanin::None, 0},  // max_min: values and indices of the extreme along dim
    {1, 1, kDimParams, Fanin::None, 0},     // sort: values and indices, the input's shape
    {1, 1, kTopkParams, Fanin::None, 0},    // topk: values and indices of the k extremes along dim
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
