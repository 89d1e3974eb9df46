#include "program/type_text.h"

#include <algorithm>

namespace spmdcheck {
namespace {

std::string axis_name(const Mesh& mesh, int a) { return a < static_cast<int>(mesh.axes.size()) ? mesh.axes[a].name : "?"; }

// Whether the S(k) form says everything: no dim has two axes.
bool sugar_suffices(const PartitionSpec& spec) {
  for (int a = 0; a < kMaxAxes; ++a)
    if (spec.shards(a) && spec.count_on(spec.dim[a]) > 1) return false;
  return true;
}

}  // namespace

std::string type_to_text(const Mesh& mesh, const LocalType& type) { return type_to_text(mesh, type, PartitionSpec{}, -1); }

std::string type_to_text(const Mesh& mesh, const LocalType& type, const PartitionSpec& spec, int rank) {
  const bool sugar = sugar_suffices(spec);
  std::string out = "{";
  for (int a = 0; a < type.num_axes; ++a) {
    if (a) out += ", ";
    out += axis_name(mesh, a);
    out += ": ";
    if (sugar && spec.shards(a))
      out += "S(" + std::to_string(spec.dim[a]) + ")";
    else
      out += ty_letter(type.axis[a]);
  }
  out += "}";
  if (!sugar) out += " " + spec_to_text(mesh, spec, rank);
  return out;
}

std::string spec_to_text(const Mesh& mesh, const PartitionSpec& spec, int rank) {
  const int entries = std::max(rank, spec.max_dim() + 1);
  std::string out = "spec(";
  for (int d = 0; d < entries; ++d) {
    if (d) out += ", ";
    std::array<int8_t, kMaxAxes> axes{};
    const int n = spec.axes_on(d, axes);
    if (n == 0) out += "None";
    if (n == 1) out += axis_name(mesh, axes[0]);
    if (n > 1) {
      out += "(";
      for (int i = 0; i < n; ++i) out += (i ? ", " : "") + axis_name(mesh, axes[i]);
      out += ")";
    }
  }
  return out + ")";
}

}  // namespace spmdcheck
