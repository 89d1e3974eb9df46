#include "common/spmd_type.h"

namespace spmdcheck {

char ty_letter(Ty t) { return "RIVP"[static_cast<int>(t)]; }

std::optional<Ty> ty_from_letter(std::string_view s) {
  if (s == "R") return Ty::R;
  if (s == "I") return Ty::I;
  if (s == "V") return Ty::V;
  if (s == "P") return Ty::P;
  return std::nullopt;
}

std::string_view form_kind_name(Form::Kind k) {
  static constexpr std::string_view names[] = {"R", "I", "V", "P", "S"};
  return names[static_cast<int>(k)];
}

std::optional<Form::Kind> form_kind_from_name(std::string_view s) {
  for (int k = 0; k < kNumFormKinds; ++k)
    if (form_kind_name(static_cast<Form::Kind>(k)) == s) return static_cast<Form::Kind>(k);
  return std::nullopt;
}

std::string form_to_string(const Form& f) {
  if (f.kind == Form::Kind::S) return "S(" + std::to_string(f.shard_dim) + ")";
  return std::string(form_kind_name(f.kind));
}

}  // namespace spmdcheck
