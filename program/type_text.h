#pragma once
// Text of a per-axis type in mesh order: `{dp: V, tp: I}`.
#include <string>

#include "common/spmd_type.h"
#include "program/program.h"

namespace spmdcheck {

std::string type_to_text(const Mesh& mesh, const LocalType& type);

}  // namespace spmdcheck
