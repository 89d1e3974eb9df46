#pragma once
// The per-axis SPMD types and the forms coercions and collectives are written
// in. The four letters are fixed by the .spmd format; what they mean (their
// gradient duals, how they combine) is data of the rule table.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spmdcheck {

enum class Ty : uint8_t { R = 0, I = 1, V = 2, P = 3 };
inline constexpr int kNumTys = 4;
inline constexpr std::array<Ty, kNumTys> kAllTys = {Ty::R, Ty::I, Ty::V, Ty::P};

char ty_letter(Ty t);
std::optional<Ty> ty_from_letter(std::string_view s);

// The src/dst of a coercion or collective: a type letter, or S(k), a shard of
// tensor dimension k (concat/split semantics). S(k) is V at the type level.
struct Form {
  enum class Kind : uint8_t { R = 0, I = 1, V = 2, P = 3, S = 4 } kind = Kind::R;
  int64_t shard_dim = 0;  // meaningful for Kind::S only; may be negative as written
  Ty base() const { return kind == Kind::S ? Ty::V : static_cast<Ty>(kind); }
  friend bool operator==(const Form&, const Form&) = default;
};
inline constexpr int kNumFormKinds = 5;

std::string form_to_string(const Form& f);      // "R", "S(1)"
std::string_view form_kind_name(Form::Kind k);  // "R", ..., "S"
std::optional<Form::Kind> form_kind_from_name(std::string_view s);

// A value's type: one entry per mesh axis, in mesh order (strict mode: every
// value is typed on every axis).
inline constexpr int kMaxAxes = 8;
struct LocalType {
  uint8_t num_axes = 0;
  std::array<Ty, kMaxAxes> axis{};
  friend bool operator==(const LocalType& a, const LocalType& b) {
    if (a.num_axes != b.num_axes) return false;
    for (int i = 0; i < a.num_axes; ++i)
      if (a.axis[i] != b.axis[i]) return false;
    return true;
  }
};

}  // namespace spmdcheck
