#include "generators/program_shrinker.h"

#include <algorithm>
#include <set>

#include "oracle/assert_transmute.h"
#include "oracle/checker.h"

namespace spmdcheck {
namespace {

// The value names a statement may read: every name in its arguments. Some
// are mesh axes (which argument is a value is the table's declaration);
// counting them as reads only keeps a statement the shrinker could have cut.
std::vector<std::string> uses(const Statement& s) {
  std::vector<std::string> out;
  if (const auto* b = std::get_if<BindingStmt>(&s)) {
    for (const Arg& a : b->args) out.insert(out.end(), a.value.names.begin(), a.value.names.end());
    for (const KwArg& kw : b->kwargs) out.insert(out.end(), kw.value.names.begin(), kw.value.names.end());
  } else if (const auto* a = std::get_if<AssertStmt>(&s)) {
    out.push_back(a->name);
  } else if (const auto* o = std::get_if<OutputStmt>(&s)) {
    out = o->names;
  } else if (const auto* l = std::get_if<LossStmt>(&s)) {
    out.push_back(l->name);
    if (!l->gradient.empty()) out.push_back(l->gradient);
  }
  return out;
}

std::vector<std::string> bound_names(const Statement& s) {
  if (const auto* b = std::get_if<BindingStmt>(&s)) return b->names;
  if (const auto* i = std::get_if<InputStmt>(&s)) return {i->name};
  return {};
}

// Removes statement `index` and, transitively, every statement reading what
// it binds; output lists lose the removed names.
Program without(const Program& p, size_t index) {
  std::set<std::string> removed;
  Program out;
  out.mesh = p.mesh;
  for (size_t i = 0; i < p.statements.size(); ++i) {
    const Statement& s = p.statements[i];
    std::vector<std::string> reads = uses(s);
    bool dead = i == index;
    if (auto* o = std::get_if<OutputStmt>(&s)) {
      OutputStmt kept;
      for (size_t k = 0; k < o->names.size(); ++k)
        if (!removed.count(o->names[k])) {
          kept.names.push_back(o->names[k]);
          kept.name_locs.push_back(o->name_locs[k]);
        }
      if (!kept.names.empty() && !dead) out.statements.push_back(kept);
      continue;
    }
    for (const std::string& r : reads) dead = dead || removed.count(r);
    if (dead) {
      for (const std::string& name : bound_names(s)) removed.insert(name);
      continue;
    }
    out.statements.push_back(s);
  }
  return out;
}

// Inputs nothing reads.
Program without_unused_inputs(const Program& p) {
  std::set<std::string> read;
  for (const Statement& s : p.statements)
    for (const std::string& r : uses(s)) read.insert(r);
  Program out;
  out.mesh = p.mesh;
  for (const Statement& s : p.statements) {
    const auto* in = std::get_if<InputStmt>(&s);
    if (in && !read.count(in->name)) continue;
    out.statements.push_back(s);
  }
  return out;
}

bool axis_used(const Program& p, const std::string& axis) {
  for (const Statement& s : p.statements) {
    const auto* b = std::get_if<BindingStmt>(&s);
    if (!b) continue;
    for (const Arg& a : b->args)
      for (const std::string& n : a.value.names)
        if (n == axis) return true;
    for (const KwArg& kw : b->kwargs)
      for (const std::string& n : kw.value.names)
        if (n == axis) return true;
  }
  return false;
}

Program without_axis(const Program& p, int axis) {
  Program out = p;
  if (out.mesh.is_global(axis)) --out.mesh.num_global;  // the global axes stay a suffix
  out.mesh.axes.erase(out.mesh.axes.begin() + axis);
  auto drop = [&](TypeAnnot& t) {
    t.spec.remove(axis);
    for (int a = axis; a + 1 < t.type.num_axes; ++a) {
      t.type.axis[a] = t.type.axis[a + 1];
      t.spec.dim[a] = t.spec.dim[a + 1];
      t.spec.place[a] = t.spec.place[a + 1];
    }
    --t.type.num_axes;
    t.spec.dim[t.type.num_axes] = -1;
    t.spec.place[t.type.num_axes] = 0;
  };
  for (Statement& s : out.statements) {
    if (auto* in = std::get_if<InputStmt>(&s)) drop(in->type);
    if (auto* as = std::get_if<AssertStmt>(&s)) drop(as->type);
  }
  return out;
}

// Statement `index` (a binding) replaced by fresh inputs of the types,
// shapes and dtypes the checker gave its results: cuts the chain that
// computed them.
Program as_input(const Program& p, size_t index, const ValueInfo* results, size_t count) {
  Program out;
  out.mesh = p.mesh;
  for (size_t i = 0; i < p.statements.size(); ++i) {
    if (i != index) {
      out.statements.push_back(p.statements[i]);
      continue;
    }
    for (size_t r = 0; r < count; ++r) {
      const ValueInfo& info = results[r];
      InputStmt in;
      in.name = info.name;
      in.scalar = info.scalar;
      in.dtype = info.dtype;
      in.shape = info.shape;
      in.type.type = info.type;
      in.type.spec = info.spec;
      if (!info.spec.empty()) in.type.spec_entries = static_cast<int8_t>(info.shape.rank);
      out.statements.push_back(std::move(in));
    }
  }
  return without_unused_inputs(out);
}

// Candidates in the order tried: big cuts first.
std::vector<Program> candidates(const RuleTable& table, const Program& p) {
  std::vector<Program> out;
  for (size_t i = p.statements.size(); i-- > 0;)
    if (!std::holds_alternative<OutputStmt>(p.statements[i])) out.push_back(without_unused_inputs(without(p, i)));
  const CheckResult checked = check_program(table, p);
  size_t value = 0;
  for (size_t i = 0; i < p.statements.size() && checked.ok(); ++i) {
    if (std::holds_alternative<BindingStmt>(p.statements[i]))
      out.push_back(as_input(p, i, &checked.values[value], std::get<BindingStmt>(p.statements[i]).names.size()));
    value += statement_counts(p, checked, i).values;
  }
  for (size_t a = 0; a < p.mesh.axes.size(); ++a) {
    if (p.mesh.axes.size() > 1 && !axis_used(p, p.mesh.axes[a].name)) out.push_back(without_axis(p, static_cast<int>(a)));
    for (int64_t size : {int64_t{1}, int64_t{2}, p.mesh.axes[a].size - 1}) {
      if (size < 1 || size >= p.mesh.axes[a].size) continue;
      Program q = p;
      q.mesh.axes[a].size = size;
      out.push_back(std::move(q));
    }
  }
  for (size_t i = 0; i < p.statements.size(); ++i) {
    const auto* in = std::get_if<InputStmt>(&p.statements[i]);
    if (!in || in->scalar) continue;
    for (int d = 0; d < in->shape.rank; ++d) {
      for (int64_t size : {int64_t{1}, in->shape.dims[d] / 2}) {
        if (size < 1 || size >= in->shape.dims[d]) continue;
        Program q = p;
        std::get<InputStmt>(q.statements[i]).shape.dims[d] = size;
        out.push_back(std::move(q));
      }
    }
  }
  return out;
}

}  // namespace

int count_bindings(const Program& program) {
  return static_cast<int>(std::count_if(program.statements.begin(), program.statements.end(),
                                        [](const Statement& s) { return std::holds_alternative<BindingStmt>(s); }));
}

Program shrink_program(const RuleTable& table, Program program, const std::function<bool(const Program&)>& still_fails, ShrinkStats* stats,
                       int max_candidates) {
  ShrinkStats local;
  ShrinkStats& st = stats ? *stats : local;
  bool progress = true;
  while (progress && st.candidates < max_candidates) {
    progress = false;
    for (Program& candidate : candidates(table, program)) {
      if (st.candidates >= max_candidates) break;
      if (!check_program(table, candidate).ok()) continue;
      ++st.candidates;
      if (!still_fails(candidate)) continue;
      ++st.accepted;
      program = std::move(candidate);
      progress = true;
      break;
    }
  }
  return program;
}

}  // namespace spmdcheck
