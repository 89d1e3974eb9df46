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
#include "common/partition_spec.h"
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
  // `global AXIS, ...` (global SPMD): the last num_global axes are global,
  // the others local; 0 in an all-local program. global_loc: the statement.
  int num_global = 0;
  SourceLoc global_loc;
  bool is_global(int axis) const { return axis >= static_cast<int>(axes.size()) - num_global; }
  // Index of the named axis, or -1.
  int axis_index(std::string_view name) const;
  int64_t num_ranks() const;
};

// A written type `{dp: V, tp: I}`, stored in mesh-axis order, with its
// partition spec on global axes: `{dp: R, tp: S(1)}` (V plus a spec entry)
// or `{dp: V, tp: V} spec((dp, tp), None)`.
struct TypeAnnot {
  LocalType type;
  PartitionSpec spec;
  // The entries of a written `spec(...)` (the rank it describes), or -1 for
  // none (no spec, or S(k) sugar): the checker compares it with the value's rank.
  int8_t spec_entries = -1;
  SourceLoc loc;       // the opening brace
  SourceLoc spec_loc;  // `spec` or the first S(k)
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
