// Loading [[comm_op]] and [[transition]] rows (see default_table.toml for the
// format and DESIGN.md for its reasons).
#include <algorithm>
#include <bit>

#include "rules/comm_laws.h"
#include "rules/table_loader_internal.h"

namespace spmdcheck::loader {
namespace {

FormMask read_form_mask(TomlRow& row, const char* key) {
  FormMask mask = 0;
  for (const std::string& name : row.str_or_list(key)) mask |= form_bit(read_form_kind(row, key, name));
  if (mask == 0) row.fail(key, std::string("'") + key + "' must name at least one form");
  return mask;
}

void read_dims(TransitionRow& r, TomlRow& row) {
  const toml::table* dims = row.opt_table("dims");
  if (!dims) return;
  for (const auto& [key, node] : *dims) {
    DimBinding b;
    b.param = std::string(key.str());
    if (node.is_integer()) {
      b.from = DimBinding::From::Default;
      b.default_value = node.as_integer()->get();
      if (b.default_value < -8 || b.default_value > 8) throw TableError(loc_of(node), "table.schema", "a default dim must be in [-8, 8]");
    } else if (node.is_string() && node.as_string()->get() == "src") {
      b.from = DimBinding::From::Src;
    } else if (node.is_string() && node.as_string()->get() == "dst") {
      b.from = DimBinding::From::Dst;
    } else {
      throw TableError(loc_of(node), "table.schema", "a dim binding is an integer default, \"src\" or \"dst\"");
    }
    if (r.dims.size() >= 255) row.fail("dims", "too many dims");
    r.dims.push_back(std::move(b));
  }
}

uint8_t dim_param(const TransitionRow& r, TomlRow& row, const char* key, const std::string& name, size_t offset) {
  int index = r.dim_index(name);
  if (index < 0) {
    SourceLoc at = row.loc(key);
    at.col += static_cast<uint32_t>(offset) + 1;  // skip the opening quote
    throw TableError(at, "table.schema", "'" + name + "' is not a dim of this row; declare it in `dims`");
  }
  return static_cast<uint8_t>(index);
}

std::vector<CallSyntax> read_calls(TomlRow& row, const char* key, const std::string& text) {
  std::vector<CallSyntax> calls;
  size_t error_offset = 0;
  if (auto error = parse_call_sequence(text, calls, error_offset)) {
    SourceLoc at = row.loc(key);
    at.col += static_cast<uint32_t>(error_offset) + 1;
    throw TableError(at, "table.schema", "in '" + std::string(key) + "': " + *error);
  }
  return calls;
}

// One call of a named kind with dim parameters (`action` or `meaning`):
// `from_name` finds the kind, `info` gives its parameter count.
template <typename Call, typename FromName, typename Info>
std::optional<Call> read_kind_call(TransitionRow& r, TomlRow& row, const char* key, FromName from_name, Info info) {
  auto text = row.opt_str(key);
  if (!text) return std::nullopt;
  std::vector<CallSyntax> calls = read_calls(row, key, *text);
  if (calls.size() != 1) row.fail(key, std::string("'") + key + "' is exactly one call, e.g. stack(gather_dim)");
  auto kind = from_name(calls[0].name);
  if (!kind) row.fail(key, std::string("unknown ") + key + " '" + calls[0].name + "'");
  const int params = info(*kind).num_params;
  if (static_cast<int>(calls[0].params.size()) != params)
    row.fail(key, std::string(key) + " '" + calls[0].name + "' takes " + std::to_string(params) + " dim parameter(s)");
  Call call;
  call.kind = *kind;
  for (size_t i = 0; i < calls[0].params.size(); ++i) call.params[i] = dim_param(r, row, key, calls[0].params[i], calls[0].offset);
  return call;
}

void read_shape(TransitionRow& r, TomlRow& row) {
  auto text = row.opt_str("shape");
  if (!text) return;
  for (const CallSyntax& call : read_calls(row, "shape", *text)) {
    auto kind = shape_step_from_name(call.name);
    if (!kind) row.fail("shape", "unknown shape step '" + call.name + "'; expected stack, unstack, split or concat");
    if (call.params.size() != 1) row.fail("shape", "shape step '" + call.name + "' takes one dim parameter");
    r.shape.push_back(ShapeStep{*kind, dim_param(r, row, "shape", call.params[0], call.offset)});
  }
}

}  // namespace

void load_comm_op(RuleTable& t, TomlRow& row) {
  CommOpRow r;
  r.name = row.str("name");
  r.kind = row.str("kind");
  if (r.kind != "coercion" && r.kind != "collective") row.fail("kind", "kind must be \"coercion\" or \"collective\"");
  const std::string law = row.str("law");
  const std::optional<CommLaw> parsed_law = comm_law_from_name(law);
  if (!parsed_law) {
    std::string known;
    for (int i = 0; i < kNumCommLaws; ++i) known += std::string(i ? ", " : "") + std::string(comm_law_info(static_cast<CommLaw>(i)).name);
    row.fail("law", "unknown law '" + law + "'; a comm op obeys one of the laws fixed in code: " + known);
  }
  r.law = *parsed_law;
  r.keywords = row.str_list("keywords");
  if (const toml::table* defaults = row.opt_table("defaults")) {
    TomlRow d(*defaults, "defaults");
    if (auto s = d.opt_str("src")) r.default_src = read_form_kind(d, "src", *s);
    if (auto s = d.opt_str("dst")) r.default_dst = read_form_kind(d, "dst", *s);
    if (r.default_src == Form::Kind::S || r.default_dst == Form::Kind::S) d.fail("src", "a default form cannot be S: its dim is unknown");
    d.finish();
  }
  r.buffer = row.flag("buffer");
  r.strict_src = row.flag("strict_src");
  r.no_gradient = row.flag("no_gradient");
  // Every statement must determine its src and dst.
  if (!r.takes_keyword("src") && !r.default_src) row.fail("keywords", "a comm_op must take the keyword 'src' or give a default src");
  if (!r.takes_keyword("dst") && !r.default_dst && !r.buffer)
    row.fail("keywords", "a comm_op must take the keyword 'dst', give a default dst or take a buffer");
  if (r.buffer && (r.takes_keyword("dst") || r.default_dst))
    row.fail("buffer", "a comm_op with a buffer reads dst from the buffer's type: no dst keyword or default");
  for (const auto& [name, at] : row.located_str_list("reduce_ops")) {
    if (std::find(std::begin(kReduceOpNames), std::end(kReduceOpNames), name) == std::end(kReduceOpNames))
      throw TableError(
          at, "table.schema",
          "reduce_ops: '" + name + "' is no torch.distributed.ReduceOp (sum, avg, product, min, max, band, bor, bxor, premul_sum)");
    r.reduce_ops.push_back(name);
  }
  if (!r.reduce_ops.empty() != r.takes_keyword("op"))
    row.fail("reduce_ops", "a comm_op takes the keyword 'op' exactly when it lists reduce_ops");
  r.message = row.str("message");
  r.loc = row.loc();
  if (t.comm_ops.size() >= 255) row.fail("name", "too many comm ops");
  t.comm_ops.push_back(std::move(r));
}

void load_transition(RuleTable& t, TomlRow& row) {
  TransitionRow r;
  r.illegal = row.flag("illegal");
  r.rule = add_rule(t, row, RowSection::Transition, r.illegal);
  std::string op = row.str("op");
  auto it = std::find_if(t.comm_ops.begin(), t.comm_ops.end(), [&](const CommOpRow& c) { return c.name == op; });
  if (it == t.comm_ops.end()) row.fail("op", "unknown comm_op '" + op + "'; define it in a [[comm_op]] row");
  r.op = static_cast<uint8_t>(it - t.comm_ops.begin());
  r.src = read_form_mask(row, "src");
  r.dst = read_form_mask(row, "dst");
  if (auto sd = row.opt_str("shard_dims")) {
    if (*sd == "equal")
      r.shard_dims = ShardDims::Equal;
    else if (*sd == "differ")
      r.shard_dims = ShardDims::Differ;
    else
      row.fail("shard_dims", "shard_dims must be \"equal\" or \"differ\"");
    if (r.src != form_bit(Form::Kind::S) || r.dst != form_bit(Form::Kind::S))
      row.fail("shard_dims", "shard_dims applies to rows from S to S only");
  }
  r.expert = row.flag("expert");
  read_dims(r, row);
  r.action = read_kind_call<ActionCall>(r, row, "action", action_kind_from_name, action_kind_info);
  if (auto shift = row.opt_int("rank_shift")) {
    if (!r.action) row.fail("rank_shift", "rank_shift modifies an `action`; this row has none");
    if (*shift < 0 || *shift > 255) row.fail("rank_shift", "rank_shift must be in [0, 255]");
    r.action->rank_shift = static_cast<uint8_t>(*shift);
  }
  if (auto swap = row.opt_int("rank_swap")) {
    if (!r.action) row.fail("rank_swap", "rank_swap modifies an `action`; this row has none");
    if (*swap < 1 || *swap > 254) row.fail("rank_swap", "rank_swap must be in [1, 254]: the coordinate that trades roles with the next");
    r.action->rank_swap = static_cast<uint8_t>(*swap);
  }
  if (row.flag("first_axis")) {
    if (!r.action) row.fail("first_axis", "first_axis modifies an `action`; this row has none");
    r.action->first_axis = true;
  }
  r.meaning = read_kind_call<MeaningCall>(r, row, "meaning", meaning_kind_from_name, meaning_kind_info);
  read_shape(r, row);
  if (auto b = row.opt_str("backward")) {
    r.backward_id = *b;
    r.backward_loc = row.loc("backward");
  }
  if (const toml::table* bd = row.opt_table("backward_dims")) {
    for (const auto& [key, node] : *bd) {
      if (!node.is_string()) throw TableError(loc_of(node), "table.schema", "backward_dims values name dims of this row");
      std::string own(node.as_string()->get());
      if (r.dim_index(own) < 0) throw TableError(loc_of(node), "table.schema", "'" + own + "' is not a dim of this row");
      r.backward_dims.emplace_back(std::string(key.str()), own);
    }
  }
  r.compose_ids = row.str_list("compose");
  if (!r.compose_ids.empty()) r.compose_loc = row.loc("compose");

  bool single = std::has_single_bit(static_cast<unsigned>(r.src)) && std::has_single_bit(static_cast<unsigned>(r.dst));
  if (r.illegal) {
    for (const char* f : {"action", "meaning", "shape", "backward", "compose", "dims", "backward_dims"})
      if (row.has(f)) row.fail(f, std::string("an illegal row has no '") + f + "'");
    if (r.expert) row.fail("expert", "an illegal row cannot be expert-gated");
    if (r.rule != kNoRule && t.rules[r.rule].fix.empty()) row.fail("id", "an illegal row needs a `fix`");
  } else {
    if (!single) row.fail("src", "a legal row covers one src and one dst; lists are for illegal rows");
    bool composite = !r.compose_ids.empty();
    if (composite == r.action.has_value()) row.fail("action", "a legal row has either `action` or `compose`");
    if (composite && (row.has("backward") || row.has("shape") || row.has("dims") || row.has("backward_dims") || row.has("meaning")))
      row.fail("compose", "a composite row takes its dims, shape, meaning and backward from its components");
    if (!composite && r.backward_id.empty() && !it->no_gradient) row.fail("backward", "a primitive row needs a `backward` row");
    if (it->no_gradient && (row.has("backward") || row.has("backward_dims")))
      row.fail("backward", "a row of a comm_op with no_gradient has no backward");
    if (!composite && !r.meaning) row.fail("meaning", "a primitive row needs a `meaning`");
    r.spec = default_spec_update(r.src_kind(), r.dst_kind());
    if (auto spec = row.opt_str("spec")) {
      auto update = spec_update_from_name(*spec);
      if (!update) row.fail("spec", "spec must be \"keep\", \"remove\", \"append\" or \"move\"");
      r.spec = *update;
    }
  }
  if (r.illegal && row.has("spec")) row.fail("spec", "an illegal row has no 'spec'");
  t.transitions.push_back(std::move(r));
}

void resolve_transition_references(RuleTable& t) {
  auto find = [&](const std::string& id) {
    for (size_t i = 0; i < t.transitions.size(); ++i)
      if (t.rules[t.transitions[i].rule].id == id) return static_cast<int>(i);
    return -1;
  };
  for (AcceptRow& a : t.accepts) a.via = find(a.via_id);
  for (AssertTransmute& m : t.assert_transmutes) m.row = find(m.id);
  for (TransitionRow& r : t.transitions) {
    if (!r.backward_id.empty()) r.backward = find(r.backward_id);
    r.compose.clear();
    for (const std::string& id : r.compose_ids) r.compose.push_back(find(id));
  }
}

}  // namespace spmdcheck::loader
