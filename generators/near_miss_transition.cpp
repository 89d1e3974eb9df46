// Near misses at coercions and collectives: a src that does not match the
// operand's type (a new src keyword: the row of the new cell if it is
// illegal, else coll.src_mismatch; or a new operand of an unadmitted type),
// a dst that makes the cell illegal, expert=true dropped from a gated row, an
// axis the mesh lacks, and an input dim that breaks the first shape step of
// the row (split: not divisible by the axis size; unstack: not the axis size).
#include "generators/near_miss_candidates.h"
#include "generators/near_miss_rows.h"
#include "oracle/shape_steps.h"

namespace spmdcheck::near_miss {
namespace {

struct WrittenForms {
  Form src, dst;
  bool expert = false;
};

const KwArg* keyword(const BindingStmt& b, std::string_view key) {
  for (const KwArg& kw : b.kwargs)
    if (kw.key == key) return &kw;
  return nullptr;
}

// The forms as the checker read them (a keyword, the op's default or the
// buffer's type), shard dims canonical.
WrittenForms written_forms(const BindingStmt& b, const ResolvedBinding& rb) {
  WrittenForms w;
  w.src = rb.src;
  w.dst = rb.dst;
  const KwArg* expert = keyword(b, "expert");
  w.expert = expert && expert->value.kind == ArgValue::Kind::Bool && expert->value.boolean;
  return w;
}

KwArg form_kwarg(const std::string& key, const Form& form) {
  KwArg kw;
  kw.key = key;
  kw.value.kind = ArgValue::Kind::Form;
  kw.value.form = form;
  return kw;
}

}  // namespace

void transition_candidates(const Subject& s, std::vector<Candidate>& out) {
  const RuleTable& t = s.table;
  const Mesh& mesh = s.program.mesh;
  const std::string src_mismatch = diagnostic_id(t, "coll.src_mismatch");
  for (size_t i = 0; i < s.program.statements.size(); ++i) {
    const auto* b = std::get_if<BindingStmt>(&s.program.statements[i]);
    if (!b || s.binding_of[i] < 0) continue;
    const ResolvedBinding& rb = s.checked.bindings[s.binding_of[i]];
    if (!rb.is_transition) continue;
    const TransitionRow& row = t.transitions[rb.row];
    const int comm = row.op;
    const ValueInfo& in = s.checked.values[rb.operands[0]];
    const int a = rb.axis;
    const Ty got = in.type.axis[a];
    const CommOpRow& op = t.comm_ops[comm];
    const WrittenForms w = written_forms(*b, rb);
    auto base = [&](Candidate c) {
      c.statement = i;
      c.axis = a;
      return c;
    };

    // A new src: the new cell's row decides; a legal, ungated cell whose src
    // the operand's type does not match is a src mismatch.
    for (const Form& f : all_forms(in.shape.rank)) {
      if (f == w.src || !op.takes_keyword("src")) continue;
      std::string expected = src_break_rule(t, comm, f, w.dst, w.expert, got);
      if (expected.empty()) continue;
      Candidate c = base({});
      c.kind = BreakKind::CollectiveSrc;
      c.edit = Edit::SetKeyword;
      c.keyword = form_kwarg("src", f);
      c.expected = expected;
      c.what = b->op + " src=" + form_to_string(f) + " on an operand of type " + ty_letter(got);
      out.push_back(std::move(c));
    }
    // A new operand whose type the written src does not admit.
    for (Ty other : kAllTys) {
      if (admitted_as(t, comm, w.src.base(), other) || src_mismatch.empty()) continue;
      Candidate c = base({});
      c.kind = BreakKind::CollectiveSrc;
      c.edit = Edit::ReplaceOperand;
      c.position = op.value_position();
      c.dtype = in.dtype;
      c.shape = in.shape;
      c.type = in.type;
      c.spec = in.spec;
      c.type.axis[a] = other;
      c.expected = src_mismatch;
      c.what = "operand of " + b->op + "(src=" + form_to_string(w.src) + ") " + axis_change(mesh, a, got, other);
      out.push_back(std::move(c));
    }
    // A new dst that makes the cell illegal: a dst keyword, or a buffer of
    // another type on the axis.
    for (const Form& f : all_forms(in.shape.rank)) {
      if (f == w.dst || (!op.takes_keyword("dst") && !(op.buffer && f.kind != Form::Kind::S))) continue;
      std::string expected = dst_break_rule(t, comm, w.src, f);
      if (expected.empty()) continue;
      Candidate c = base({});
      c.kind = BreakKind::CollectiveDst;
      c.expected = expected;
      if (op.takes_keyword("dst")) {
        c.edit = Edit::SetKeyword;
        c.keyword = form_kwarg("dst", f);
        c.what = b->op + "(src=" + form_to_string(w.src) + ") dst=" + form_to_string(f);
      } else {
        const ValueInfo& buffer = s.checked.values[rb.value];  // the result: the buffer's dtype, shape and types
        c.edit = Edit::ReplaceOperand;
        c.position = 0;
        c.dtype = buffer.dtype;
        c.shape = buffer.shape;
        c.type = buffer.type;
        c.spec = buffer.spec;
        c.type.axis[a] = f.base();
        c.what = "output buffer of " + b->op + " " + axis_change(mesh, a, w.dst.base(), f.base());
      }
      out.push_back(std::move(c));
    }
    // A raw collective's buffer that cannot hold the result: one more
    // element along dim 0, or another type on a second axis.
    if (op.buffer) {
      const ValueInfo& result = s.checked.values[rb.value];
      auto buffer_break = [&](const Shape& shape, const LocalType& type, const char* id, std::string what) {
        if (diagnostic_id(t, id).empty()) return;
        Candidate c = base({});
        c.kind = BreakKind::Buffer;
        c.edit = Edit::ReplaceOperand;
        c.position = 0;
        c.dtype = result.dtype;
        c.shape = shape;
        c.type = type;
        c.spec = result.spec;
        c.expected = id;
        c.what = "output buffer of " + b->op + " " + std::move(what);
        out.push_back(std::move(c));
      };
      if (result.shape.rank > 0 && result.shape.dims[0] < kMaxDimSize) {
        Shape longer = result.shape;
        ++longer.dims[0];
        buffer_break(longer, result.type, "coll.buffer_shape",
                     "of shape " + shape_to_string(longer) + ", not " + shape_to_string(result.shape));
      }
      for (int other = 0; other < static_cast<int>(mesh.axes.size()); ++other) {
        if (other == a) continue;
        LocalType type = result.type;
        type.axis[other] = type.axis[other] == Ty::R ? Ty::I : Ty::R;
        buffer_break(result.shape, type, "coll.buffer_type", axis_change(mesh, other, result.type.axis[other], type.axis[other]));
      }
    }
    // expert=true dropped from a gated cell.
    if (row.expert && w.expert && !diagnostic_id(t, "coll.expert_gate").empty()) {
      Candidate c = base({});
      c.kind = BreakKind::ExpertGate;
      c.edit = Edit::RemoveKeyword;
      c.key = "expert";
      c.expected = "coll.expert_gate";
      c.what = b->op + " without expert=true";
      out.push_back(std::move(c));
    }
    // An axis the mesh does not have.
    if (!diagnostic_id(t, "call.axis").empty()) {
      std::string name = "nm_axis";
      while (mesh.axis_index(name) >= 0) name += "_";
      Candidate c = base({});
      c.kind = BreakKind::UnknownAxis;
      c.edit = Edit::ReplaceAxisArg;
      c.position = op.axis_position();
      c.name = name;
      c.expected = "call.axis";
      c.what = b->op + " over " + name + ", not a mesh axis";
      out.push_back(std::move(c));
    }
    // The first shape step of the row (steps before it keep the shape) with
    // an input dim that breaks its premise.
    const int64_t n = mesh.axes[a].size;
    for (const TransitionStep& step : rb.steps) {
      const TransitionRow& part = t.transitions[step.row];
      if (part.shape.empty()) continue;
      const ShapeStep& first = part.shape.front();
      const int64_t d = step.dims[first.param];
      const bool split = first.kind == ShapeStepKind::Split, unstack = first.kind == ShapeStepKind::Unstack;
      const std::string id = diagnostic_id(t, split ? "shape.divisible" : "shape.axis_size");
      if ((!split && !unstack) || id.empty() || d < 0 || d >= in.shape.rank) break;
      std::vector<int64_t> sizes;
      if (split)
        for (int64_t r = 1; r < n; ++r) sizes.insert(sizes.end(), {r, in.shape.dims[d] + r});
      else
        for (int64_t m = 1; m <= n + 1; ++m)
          if (m != n) sizes.push_back(m);
      for (int64_t m : sizes) {
        Shape shape = in.shape;
        shape.dims[d] = m;
        Shape probe = shape;
        ShapeStepError e = apply_shape_step(first.kind, d, n, probe).error;
        if (e != (split ? ShapeStepError::Divisible : ShapeStepError::AxisSize)) continue;
        Candidate c = base({});
        c.kind = split ? BreakKind::NotDivisible : BreakKind::AxisSize;
        c.edit = Edit::ReplaceOperand;
        c.position = op.value_position();
        c.dtype = in.dtype;
        c.shape = shape;
        c.type = in.type;
        c.spec = in.spec;
        c.expected = id;
        c.what = b->op + " on " + mesh.axes[a].name + " (size " + std::to_string(n) + ") of an input with dim " + std::to_string(d) +
                 " = " + std::to_string(m);
        out.push_back(std::move(c));
      }
      break;
    }
  }
}

}  // namespace spmdcheck::near_miss
