#include "mutation/primitive_spec.h"

namespace spmdcheck {
namespace {

std::string call(std::string_view name, const uint8_t* params, int count, const std::vector<DimBinding>& dims) {
  std::string out(name);
  if (count == 0) return out;
  out += "(";
  for (int i = 0; i < count; ++i) out += (i ? ", " : "") + dims[params[i]].param;
  return out + ")";
}

}  // namespace

PrimitiveSpec spec_of(const TransitionRow& row) {
  PrimitiveSpec s;
  s.dims = row.dims;
  if (row.action) s.action = *row.action;
  if (row.meaning) s.meaning = *row.meaning;
  s.shape = row.shape;
  return s;
}

std::string action_text(const PrimitiveSpec& s) {
  const ActionKindInfo& info = action_kind_info(s.action.kind);
  return call(info.name, s.action.params.data(), info.num_params, s.dims);
}

std::string meaning_text(const PrimitiveSpec& s) {
  const MeaningKindInfo& info = meaning_kind_info(s.meaning.kind);
  return call(info.name, s.meaning.params.data(), info.num_params, s.dims);
}

std::string shape_text(const PrimitiveSpec& s) {
  std::string out;
  for (const ShapeStep& step : s.shape) out += (out.empty() ? "" : " ") + call(shape_step_name(step.kind), &step.param, 1, s.dims);
  return out;
}

std::vector<InlineEntry> dims_entries(const std::vector<DimBinding>& dims) {
  std::vector<InlineEntry> out;
  for (const DimBinding& d : dims) {
    switch (d.from) {
      case DimBinding::From::Src: out.emplace_back(d.param, std::string("src")); break;
      case DimBinding::From::Dst: out.emplace_back(d.param, std::string("dst")); break;
      case DimBinding::From::Default: out.emplace_back(d.param, d.default_value); break;
    }
  }
  return out;
}

std::string dims_text(const PrimitiveSpec& s) {
  std::string out;
  for (const auto& [name, value] : dims_entries(s.dims))
    out += (out.empty() ? "" : ", ") + name + "=" +
           (std::holds_alternative<int64_t>(value) ? std::to_string(std::get<int64_t>(value)) : std::get<std::string>(value));
  return out;
}

std::string describe(const PrimitiveSpec& s) {
  std::string out = "action " + action_text(s) + ", meaning " + meaning_text(s);
  if (!s.shape.empty()) out += ", shape " + shape_text(s);
  if (!s.dims.empty()) out += ", dims " + dims_text(s);
  return out;
}

bool write_spec(TableDocument& d, const RowRef& r, const PrimitiveSpec& s) {
  if (!d.set_string(r, "action", action_text(s)) || !d.set_string(r, "meaning", meaning_text(s))) return false;
  if (s.shape.empty())
    d.erase(r, "shape");
  else
    d.set_string(r, "shape", shape_text(s));
  if (s.dims.empty())
    d.erase(r, "dims");
  else
    d.set_inline_table(r, "dims", dims_entries(s.dims));
  if (s.action.rank_shift)
    d.set_integer(r, "rank_shift", s.action.rank_shift);
  else
    d.erase(r, "rank_shift");
  if (s.action.rank_swap)
    d.set_integer(r, "rank_swap", s.action.rank_swap);
  else
    d.erase(r, "rank_swap");
  if (s.action.first_axis)
    d.set_bool(r, "first_axis", true);
  else
    d.erase(r, "first_axis");
  return true;
}

std::string form_text(Form::Kind k) { return std::string(form_kind_name(k)); }

bool denotes_list(const RuleTable& t, Form::Kind k) {
  const Ty base = Form{k, 0}.base();
  const int16_t row = t.compiled.type[static_cast<int>(base)];
  return row >= 0 && t.types[row].denotation == "list";
}

Form::Kind dual_form(const RuleTable& t, Form::Kind k) {
  const Ty g = t.grad(Form{k, 0}.base());
  if (k == Form::Kind::S && g == Ty::V) return Form::Kind::S;
  return static_cast<Form::Kind>(g);
}

bool meaning_fits(const RuleTable& t, MeaningKind meaning, Form::Kind src, Form::Kind dst) {
  const MeaningKindInfo& info = meaning_kind_info(meaning);
  const bool from = denotes_list(t, src), to = denotes_list(t, dst);
  return meaning == MeaningKind::Identity ? from == to : info.from_list == from && info.to_list == to;
}

}  // namespace spmdcheck
