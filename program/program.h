#pragma once
// The program IR: a faithful, table-independent image of a .spmd text
// (see shared/design/program-format.md). Which operations exist and how they
// type is decided by the rule table in the checker, not here; the IR only
// knows the statement forms of the format.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

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

// A positional argument: a value name or a numeric literal (a weak scalar).
struct Arg {
  enum class Kind : uint8_t { Name, Number };
  Kind kind = Kind::Name;
  std::string name;   // Kind::Name
  double number = 0;  // Kind::Number
  SourceLoc loc;
};

// A keyword argument's value. The parser decides the kind from the spelling:
// an integer literal is Int, another numeric literal Number, `true`/`false`
// Bool, a type letter or `S(k)` Form, `[a, b]` NameList, any other
// identifier Name.
struct KwValue {
  enum class Kind : uint8_t { Int, Number, Bool, Form, Name, NameList };
  Kind kind = Kind::Int;
  int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  Form form;
  std::vector<std::string> names;  // Name: one entry; NameList: any number
};

struct KwArg {
  std::string key;
  KwValue value;
  SourceLoc loc;  // the key
};

struct InputStmt {
  std::string name;
  DType dtype = DType::F64;
  Shape shape;
  TypeAnnot type;
  SourceLoc loc;  // the `input` keyword
  SourceLoc name_loc;
};

struct BindingStmt {
  std::string name;
  std::string op;
  std::vector<Arg> args;
  std::vector<KwArg> kwargs;
  SourceLoc loc;  // the bound name (start of the statement)
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
};

using Statement = std::variant<InputStmt, BindingStmt, AssertStmt, OutputStmt, LossStmt>;

struct Program {
  Mesh mesh;
  std::vector<Statement> statements;  // in source order, the mesh excluded
};

}  // namespace spmdcheck
