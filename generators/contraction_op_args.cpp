// The argument generators of the contractions (generators/op_args.h): mm,
// bmm, mv, dot take the second operand's shape from the first (the anchor);
// einsum labels the anchor's dims, draws the other operands' labels and
// sizes (shared labels are contracted or batched; a size 1 broadcasts; a
// label repeated within a term takes a diagonal; an ellipsis covers the
// rest) and writes an implicit or explicit output.
#include <algorithm>
#include <map>

#include "generators/op_args.h"

namespace spmdcheck::gen {
namespace {

// [n, k] @ [k, m] (mm), [b, n, k] @ [b, k, m] (bmm), [n, k] @ [k] (mv),
// [k] . [k] (dot): the anchor has rank A (the kind's min and max rank).
template <int A, int B>
bool strict_contraction(Context& ctx, OpPlan& plan) {
  const Shape& a = plan.anchor_shape;
  if (a.rank != A || plan.shapes.size() != 2) return false;
  Shape c;
  c.rank = B;
  if (B == 1) {
    c.dims[0] = a.dims[A - 1];
  } else {
    if (B == 3) c.dims[0] = a.dims[0];
    c.dims[B - 2] = a.dims[A - 1];
    c.dims[B - 1] = 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim)));
  }
  plan.shapes[1] = c;
  plan.slot0_dims = {{}, contraction_rhs_dims(A, B)};
  return true;
}

constexpr std::string_view kLabels = "ijkabxyzIJ";  // both cases: A-Z come first in an implicit output
constexpr int kMaxResultRank = 4;
constexpr double kMaxSpace = 4096;  // the product of all label sizes: the work of one call

struct Labels {
  std::map<char, int64_t> size;   // the label's size (1 until some dim is larger)
  std::map<char, int> count;      // occurrences over all terms
  std::vector<int64_t> ellipsis;  // sizes of the dims the anchor's ellipsis covers (right-aligned)
  bool any_ellipsis = false;

  void use(char l, int64_t s) {
    int64_t& known = size.emplace(l, 1).first->second;
    if (s != 1) known = s;
    ++count[l];
  }
  char fresh(Context& ctx) const {
    std::vector<char> out;
    for (char l : kLabels)
      if (!size.count(l)) out.push_back(l);
    return out.empty() ? 0 : out[ctx.pick(out.size())];
  }
};

// One term being written: its text and, per dim, its label (0: an ellipsis dim).
struct Term {
  std::string text;
  std::vector<char> dims;
  // A dim of this term labelled `l`, or -1.
  int dim_of(char l) const {
    const auto it = std::find(dims.begin(), dims.end(), l);
    return it == dims.end() ? -1 : static_cast<int>(it - dims.begin());
  }
};

int64_t random_size(Context& ctx) { return 1 + static_cast<int64_t>(ctx.pick(static_cast<uint64_t>(ctx.settings.max_dim))); }

// The anchor's term: a fresh label per dim, or a repeat of an earlier dim's
// label of the same size (a diagonal); sometimes an ellipsis.
bool anchor_term(Context& ctx, const Shape& s, Labels& L, Term& t) {
  int covered = -1, at = 0;
  if (ctx.chance(20)) {
    covered = static_cast<int>(ctx.pick(static_cast<uint64_t>(s.rank) + 1));
    at = static_cast<int>(ctx.pick(static_cast<uint64_t>(s.rank - covered) + 1));
    L.any_ellipsis = true;
    for (int d = at; d < at + covered; ++d) L.ellipsis.push_back(s.dims[d]);
  }
  for (int d = 0; d <= s.rank; ++d) {
    if (d == at && covered >= 0) {
      t.text += "...";
      for (int j = 0; j < covered; ++j) t.dims.push_back(0);
      d += covered;
    }
    if (d >= s.rank) break;
    std::vector<char> repeat;
    for (size_t e = 0; e < t.dims.size(); ++e)
      if (t.dims[e] && s.dims[e] == s.dims[d]) repeat.push_back(t.dims[e]);
    const char l = !repeat.empty() && ctx.chance(12) ? repeat[ctx.pick(repeat.size())] : L.fresh(ctx);
    if (!l) return false;
    t.text += l;
    t.dims.push_back(l);
    L.use(l, s.dims[d]);
  }
  return true;
}

// Another operand: rank 0-3; per dim a repeat within the term (its first
// dim's size), a label of another term (its size, or 1 to broadcast), or a
// fresh one; an ellipsis covering a suffix of the anchor's ellipsis dims
// (each of its size or 1).
bool other_term(Context& ctx, Labels& L, Shape& s, Term& t) {
  s = Shape{};
  const int rank = static_cast<int>(ctx.pick(4));
  const int covered = L.any_ellipsis && ctx.chance(50) ? static_cast<int>(ctx.pick(L.ellipsis.size() + 1)) : -1;
  const int at = covered >= 0 ? static_cast<int>(ctx.pick(static_cast<uint64_t>(rank) + 1)) : -1;
  for (int d = 0; d <= rank; ++d) {
    if (d == at) {
      t.text += "...";
      for (size_t j = L.ellipsis.size() - static_cast<size_t>(covered); j < L.ellipsis.size(); ++j) {
        s.dims[s.rank++] = ctx.chance(15) ? 1 : L.ellipsis[j];
        t.dims.push_back(0);
      }
    }
    if (d == rank) break;
    std::vector<char> shared;
    for (const auto& [l, size] : L.size)
      if (t.dim_of(l) < 0) shared.push_back(l);
    char l = 0;
    int64_t size = 1;
    if (!t.dims.empty() && ctx.chance(10)) {
      const size_t e = ctx.pick(t.dims.size());
      l = t.dims[e];
      size = s.dims[e];
    }
    if (!l && !shared.empty() && ctx.chance(60)) {
      l = shared[ctx.pick(shared.size())];
      size = L.size[l] == 1 ? random_size(ctx) : ctx.chance(15) ? 1 : L.size[l];
    }
    if (!l) {
      l = L.fresh(ctx);
      size = random_size(ctx);
    }
    if (!l) return false;
    t.text += l;
    t.dims.push_back(l);
    L.use(l, size);
    s.dims[s.rank++] = size;
  }
  return true;
}

// The output: implicit (the ellipsis dims, then the labels that occur once)
// or explicit (some labels once each, in any order, maybe the ellipsis).
std::string output_of(Context& ctx, const Labels& L) {
  const int ellipsis = static_cast<int>(L.ellipsis.size());
  int once = 0;
  for (const auto& [l, n] : L.count) once += n == 1;
  if (ctx.chance(35) && ellipsis + once <= kMaxResultRank) return "";
  std::vector<char> labels;
  for (const auto& [l, n] : L.count) labels.push_back(l);
  for (size_t i = labels.size(); i > 1; --i) std::swap(labels[i - 1], labels[ctx.pick(i)]);
  const bool with_ellipsis = L.any_ellipsis ? ctx.chance(70) : ctx.chance(5);
  std::string out = "->";
  int rank = with_ellipsis ? ellipsis : 0;
  const size_t at = ctx.pick(labels.size() + 1);
  for (size_t i = 0; i <= labels.size(); ++i) {
    if (i == at && with_ellipsis) out += "...";
    if (i < labels.size() && rank < kMaxResultRank && ctx.chance(50)) {
      out += labels[i];
      ++rank;
    }
  }
  return out;
}

bool einsum(Context& ctx, OpPlan& plan) {
  Labels L;
  std::vector<Term> terms(plan.shapes.size());
  if (!anchor_term(ctx, plan.anchor_shape, L, terms[0])) return false;
  for (size_t i = 1; i < plan.shapes.size(); ++i)
    if (!other_term(ctx, L, plan.shapes[i], terms[i])) return false;
  double space = 1;
  for (const auto& [l, s] : L.size) space *= static_cast<double>(s);
  for (int64_t s : L.ellipsis) space *= static_cast<double>(s);
  if (space > kMaxSpace) return false;
  std::string equation;
  for (size_t i = 0; i < terms.size(); ++i) equation += (i ? (ctx.chance(10) ? ", " : ",") : "") + terms[i].text;
  equation += output_of(ctx, L);
  plan.values[plan.op.param_index("equation")] = ArgValue::of_string(std::move(equation));
  return true;
}

}  // namespace

std::array<int8_t, kMaxRank> contraction_rhs_dims(int lhs_rank, int rhs_rank) {
  std::array<int8_t, kMaxRank> map;
  map.fill(-1);
  // k, the lhs's last dim: the rhs's first (a vector) or its second-last.
  map[lhs_rank - 1] = static_cast<int8_t>(rhs_rank == 1 ? 0 : rhs_rank - 2);
  // Batch dims, right-aligned; m has no counterpart.
  for (int i = lhs_rank - 3, j = rhs_rank - 3; i >= 0 && j >= 0; --i, --j) map[i] = static_cast<int8_t>(j);
  return map;
}

void register_contraction_args(ArgsGenerators& g) {
  g[static_cast<int>(ShapeRule::Mm)] = strict_contraction<2, 2>;
  g[static_cast<int>(ShapeRule::Bmm)] = strict_contraction<3, 3>;
  g[static_cast<int>(ShapeRule::Mv)] = strict_contraction<2, 1>;
  g[static_cast<int>(ShapeRule::Dot)] = strict_contraction<1, 1>;
  g[static_cast<int>(ShapeRule::Einsum)] = einsum;
}

}  // namespace spmdcheck::gen
