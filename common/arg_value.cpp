#include "common/arg_value.h"

#include <cmath>

namespace spmdcheck {
namespace {

// Same spelling: -0.0 and 0.0 differ (they print differently), and every NaN
// equals every NaN of its sign.
bool same_number(double a, double b) {
  if (std::signbit(a) != std::signbit(b)) return false;
  return a == b || (std::isnan(a) && std::isnan(b));
}

}  // namespace

// Compares only the fields the kind uses: the others may hold anything in a
// built value. The format has one empty list, `[]`, so an empty IntList and
// an empty NameList are equal (both are written `[]`).
bool operator==(const ArgValue& a, const ArgValue& b) {
  using K = ArgValue::Kind;
  if (a.is_list() && b.is_list() && a.ints.empty() && a.names.empty() && b.ints.empty() && b.names.empty()) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case K::Name:
    case K::NameList: return a.names == b.names;
    case K::Int: return a.integer == b.integer;
    case K::Number: return same_number(a.number, b.number);
    case K::Bool: return a.boolean == b.boolean;
    case K::None: return true;
    case K::IntList: return a.ints == b.ints;
    case K::String: return a.text == b.text;
    case K::Form:  // shard_dim is written only for S(k)
      return a.form.kind == b.form.kind && (a.form.kind != Form::Kind::S || a.form.shard_dim == b.form.shard_dim);
  }
  return false;
}

}  // namespace spmdcheck
