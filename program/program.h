#pragma once
// The program IR: a faithful, table-independent image of a .spmd text
// (see shared/design/program-format.md). Which operations exist and how they
// type is decided by the rule table in the checker, not here; the IR only
// knows the statement forms of the format.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/arg_value.h"
#include "common/source_location.h"
#include "common/spmd_type.h"
#include "program/tensor_meta.h"

namespace spmdcheck {

struct MeshAxis {
  std::string name;
  int64_t size = 1;
  SourceLoc loc;
};

struct Mesh {
  std::vector<MeshAxis> axes;
  SourceLoc loc;
  // Index of the named axis, or -1.
  int axis_index(std::string_view name) const;
  int64_t num_ranks() const;
};

// A written type `{dp: V, tp: I}`, stored in mesh-axis order.
struct TypeAnnot {
  LocalType type;
  SourceLoc loc;  // the opening brace
};

// A positional argument.
struct Arg {
  ArgValue value;
  SourceLoc loc;  // the value's first character
};

struct KwArg {
  std::string key;
  ArgValue value;
  SourceLoc loc;        // the key
  SourceLoc value_loc;  // the value's first character
};

struct InputStmt {
  std::string name;
  // A typed scalar (`input s : scalar {tp: P}`, spmd_types' Scalar wrapper):
  // one number per rank; dtype and shape are then F64 and [] by convention.
  bool scalar = false;
  DType dtype = DType::F64;
  Shape shape;
  TypeAnnot type;
  SourceLoc loc;  // the `input` keyword
  SourceLoc name_loc;
};

// `NAME = OP(...)` or, for an op with several results, `A, B = OP(...)`.
struct BindingStmt {
  std::vector<std::string> names;  // at least one
  std::vector<SourceLoc> name_locs;
  std::string op;
  std::vector<Arg> args;
  std::vector<KwArg> kwargs;
  SourceLoc loc;  // the first bound name (start of the statement)
  SourceLoc op_loc;
};

struct AssertStmt {
  std::string name;
  TypeAnnot type;
  SourceLoc loc;
  SourceLoc name_loc;
};

struct OutputStmt {
  std::vector<std::string> names;
  std::vector<SourceLoc> name_locs;
  SourceLoc loc;
};

struct LossStmt {
  std::string name;
  SourceLoc loc;
  SourceLoc name_loc;
  std::string gradient;    // `gradient=G`: the seed's value name; empty: seed 1.0
  SourceLoc gradient_loc;  // G's first character (unknown without a seed)
};

using Statement = std::variant<InputStmt, BindingStmt, AssertStmt, OutputStmt, LossStmt>;

struct Program {
  Mesh mesh;
  std::vector<Statement> statements;  // in source order, the mesh excluded
};

}  // namespace spmdcheck
