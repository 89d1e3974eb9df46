#include "rules/comm_laws.h"

namespace spmdcheck {
namespace {

constexpr std::array<CommLawInfo, kNumCommLaws> kLaws = {{
    {CommLaw::Reinterpret, "reinterpret", "keeps every rank's data: R -> P is n * x, V -> P the sum of the list"},
    {CommLaw::Convert, "convert", "keeps the denotation; V forms unbind or stack at `dim` (default 0)"},
    {CommLaw::AllGather, "all_gather", "keeps the denotation; V is stacked at `gather_dim` (default 0), S(i) concatenated at i"},
    {CommLaw::AllReduce, "all_reduce", "keeps the denotation of the input read as P (a V list summed); dst R, I or P"},
    {CommLaw::ReduceScatter, "reduce_scatter", "the input read as P, scattered: V unbinds at `scatter_dim` (default 0), S(j) chunks at j"},
    {CommLaw::AllToAll, "all_to_all", "S(i) -> S(j) keeps the denotation; V forms exchange blocks (split_dim, concat_dim default 0)"},
    {CommLaw::Blocks, "blocks",
     "V items are blocks of `block_dim` (0): V -> R/I concatenates them, P -> V chunks the sum, V -> V exchanges chunks, "
     "P -> R/I keeps the denotation"},
}};

bool is_list(Form::Kind k) { return k == Form::Kind::V || k == Form::Kind::S; }

constexpr LawDim kSrc{LawDim::From::SrcShard, {}, 0};
constexpr LawDim kDst{LawDim::From::DstShard, {}, 0};
constexpr LawDim keyword(std::string_view name) { return LawDim{LawDim::From::Keyword, name, 0}; }

struct CellBuilder {
  LawCell cell;
  CellBuilder& then(MeaningKind kind, LawDim a = {}, LawDim b = {}) {
    cell.steps[cell.num_steps++] = LawStep{kind, {a, b}};
    return *this;
  }
  LawCell undefined(std::string_view reason) {
    cell.defined = false;
    cell.undefined_reason = reason;
    cell.num_steps = 0;
    return cell;
  }
};

// Every rank's data kept, read under the new type.
LawCell keep_data(Form::Kind src, Form::Kind dst) {
  CellBuilder c;
  if (src == Form::Kind::P) {
    if (dst == Form::Kind::P) return c.cell;
    return c.undefined("the per-rank pieces of a P value are not determined by its denotation");
  }
  if (!is_list(src)) {
    if (is_list(dst)) return c.then(MeaningKind::Replicate).cell;
    if (dst == Form::Kind::P) return c.then(MeaningKind::TimesN).cell;
    return c.cell;
  }
  if (is_list(dst)) return c.cell;
  if (dst == Form::Kind::P) return c.then(MeaningKind::Sum).cell;
  return c.undefined("the ranks of a V value hold different data, which no R or I value denotes");
}

// The denotation kept, re-read under the new form; V forms stack or unbind
// at the keyword `dim`. Appends to `c`.
void keep_denotation(CellBuilder& c, Form::Kind src, Form::Kind dst, bool equal, std::string_view dim) {
  const bool from_list = is_list(src), to_list = is_list(dst);
  if (!from_list && !to_list) return;
  if (!from_list) {
    if (dst == Form::Kind::S)
      c.then(MeaningKind::Chunk, kDst);
    else
      c.then(MeaningKind::Unbind, keyword(dim));
    return;
  }
  if (!to_list) {
    if (src == Form::Kind::S)
      c.then(MeaningKind::Cat, kSrc);
    else
      c.then(MeaningKind::Stack, keyword(dim));
    return;
  }
  // Between lists: S(k) is V with the knowledge of its global value, so only
  // a change of shard dim moves data.
  if (src == Form::Kind::S && dst == Form::Kind::S && !equal) c.then(MeaningKind::Reshard, kSrc, kDst);
}

// all_reduce and reduce_scatter: the input read as P by the reinterpret law
// (V and S summed, R and I n times), then kept under dst.
LawCell reduce(Form::Kind src, Form::Kind dst, bool equal, std::string_view scatter_dim) {
  CellBuilder c;
  const LawCell read = keep_data(src, Form::Kind::P);
  for (uint8_t i = 0; i < read.num_steps; ++i) c.cell.steps[c.cell.num_steps++] = read.steps[i];
  keep_denotation(c, Form::Kind::P, dst, equal, scatter_dim);
  return c.cell;
}

LawCell exchange(Form::Kind src, Form::Kind dst, bool equal) {
  CellBuilder c;
  if (!is_list(src) || !is_list(dst))
    return c.undefined("all_to_all exchanges blocks between ranks: its law is defined on V and S(k) forms only");
  const bool src_s = src == Form::Kind::S, dst_s = dst == Form::Kind::S;
  if (src_s && dst_s) {
    if (!equal) c.then(MeaningKind::Reshard, kSrc, kDst);
    return c.cell;
  }
  if (!src_s && !dst_s) return c.then(MeaningKind::Restack, keyword("split_dim"), keyword("concat_dim")).cell;
  return c.then(MeaningKind::Rechunk, src_s ? kSrc : keyword("split_dim"), dst_s ? kDst : keyword("concat_dim")).cell;
}

// torch.distributed's reading of V: one tensor cut into blocks along dim 0
// (all_gather_into_tensor's output is the concatenation of the inputs;
// reduce_scatter_tensor gives rank r block r of the sum; all_to_all_single
// sends block k to rank k and concatenates what it receives in rank order).
LawCell blocks(Form::Kind src, Form::Kind dst) {
  CellBuilder c;
  const LawDim block = keyword("block_dim");
  const bool whole = dst == Form::Kind::R || dst == Form::Kind::I;
  if (src == Form::Kind::P && whole) return c.cell;
  if (src == Form::Kind::P && dst == Form::Kind::V) return c.then(MeaningKind::Chunk, block).cell;
  if (src == Form::Kind::V && whole) return c.then(MeaningKind::Cat, block).cell;
  if (src == Form::Kind::V && dst == Form::Kind::V) return c.then(MeaningKind::Rechunk, block, block).cell;
  return c.undefined("the raw collectives read V as blocks of one tensor: the law is defined from P to R, I or V and from V to R, I or V");
}

}  // namespace

bool operator==(const LawStep& a, const LawStep& b) {
  const int n = meaning_kind_info(a.kind).num_params;
  if (a.kind != b.kind) return false;
  for (int i = 0; i < n; ++i)
    if (!(a.params[i] == b.params[i])) return false;
  return true;
}

const CommLawInfo& comm_law_info(CommLaw law) { return kLaws[static_cast<size_t>(law)]; }

std::optional<CommLaw> comm_law_from_name(std::string_view name) {
  for (const CommLawInfo& info : kLaws)
    if (info.name == name) return info.law;
  return std::nullopt;
}

LawCell law_cell(CommLaw law, Form::Kind src, Form::Kind dst, bool equal_shard_dims) {
  const bool equal = equal_shard_dims && src == Form::Kind::S && dst == Form::Kind::S;
  switch (law) {
    case CommLaw::Reinterpret: return keep_data(src, dst);
    case CommLaw::Convert:
    case CommLaw::AllGather: {
      CellBuilder c;
      keep_denotation(c, src, dst, equal, law == CommLaw::Convert ? "dim" : "gather_dim");
      return c.cell;
    }
    case CommLaw::AllReduce: {
      if (is_list(dst)) return CellBuilder{}.undefined("all_reduce gives every rank the whole value: dst must be R, I or P");
      return reduce(src, dst, equal, {});
    }
    case CommLaw::ReduceScatter: return reduce(src, dst, equal, "scatter_dim");
    case CommLaw::AllToAll: return exchange(src, dst, equal);
    case CommLaw::Blocks: return blocks(src, dst);
  }
  return {};
}

LawCell acceptance_law(Ty given, Ty expected) { return keep_data(static_cast<Form::Kind>(given), static_cast<Form::Kind>(expected)); }

std::string_view standard_denotation(Ty t) {
  switch (t) {
    case Ty::R:
    case Ty::I: return "same";
    case Ty::V: return "list";
    case Ty::P: return "sum";
  }
  return "same";
}

Ty standard_gradient(Ty t) {
  switch (t) {
    case Ty::R: return Ty::P;
    case Ty::P: return Ty::R;
    default: return t;
  }
}

}  // namespace spmdcheck
