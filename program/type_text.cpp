#include "program/type_text.h"

namespace spmdcheck {

std::string type_to_text(const Mesh& mesh, const LocalType& type) {
  std::string out = "{";
  for (int a = 0; a < type.num_axes; ++a) {
    if (a) out += ", ";
    out += a < static_cast<int>(mesh.axes.size()) ? mesh.axes[a].name : "?";
    out += ": ";
    out += ty_letter(type.axis[a]);
  }
  return out + "}";
}

}  // namespace spmdcheck
