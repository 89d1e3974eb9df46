// Recursive-descent parser for the .spmd format, one statement per line.
// Every failure is a Diagnostic with a fixed `syntax.*` id at the line:col of
// the offending token; nothing throws past parse_program, whatever the bytes.
#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <string>

#include "program/program_call_parser.h"
#include "program/program_text.h"
#include "program/program_token_cursor.h"
#include "program/type_parser.h"

namespace spmdcheck {
namespace {

// Sizes beyond this are not meshes anyone simulates; the cap also keeps
// Mesh::num_ranks() far from overflow.
constexpr int64_t kMaxRanks = 65536;

// The words that start a statement other than a binding.
bool is_statement_keyword(std::string_view w) { return w == "mesh" || w == "input" || w == "assert" || w == "output" || w == "loss"; }

class Parser : private TokenCursor {
 public:
  explicit Parser(std::string_view text) : TokenCursor(text), text_(text) {}

  ParseResult run() {
    ParseResult result;
    while (true) {
      while (at(K::Newline)) take();
      if (at(K::End)) break;
      if (!parse_statement() || (!at_line_end() && !fail_expected("end of line after the statement"))) {
        result.error = take_error();
        return result;
      }
    }
    if (!seen_mesh_) {
      fail(cur().loc, "syntax.mesh_missing", "expected a 'mesh' statement, but got end of input",
           "start the program with a line like 'mesh dp=2 tp=2'");
      result.error = take_error();
      return result;
    }
    result.program = std::move(prog_);
    return result;
  }

 private:
  // Lines of the text (memchr: an uninstrumented scan, not a compare per byte).
  size_t count_lines() const {
    size_t lines = 1;
    const char* p = text_.data();
    const char* const end = p + text_.size();
    while (p != end) {
      const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
      if (!newline) break;
      ++lines;
      p = static_cast<const char*>(newline) + 1;
    }
    return lines;
  }

  // ---- statements ----
  void add_statement(Statement&& s) {
    // One statement per line: with room for every line the vector is
    // allocated once (capped, so many blank or comment lines do not reserve
    // more than a few pages).
    if (prog_.statements.empty()) prog_.statements.reserve(std::min<size_t>(count_lines(), 64));
    prog_.statements.push_back(std::move(s));
  }

  bool parse_statement() {
    if (!at(K::Ident)) return fail_expected(seen_mesh_ ? "a statement" : "a 'mesh' statement");
    const std::string_view word = cur().text;  // points into the input, outlives take()
    // `NAME = ...` (reserved NAME included) or `NAME, NAME = ...`; `output, a`
    // is a malformed output statement, not a binding.
    const bool binding = next().kind == K::Equals || (next().kind == K::Comma && !is_statement_keyword(word));
    if (word == "mesh" && !binding) {
      if (seen_mesh_)
        return fail(cur().loc, "syntax.mesh_duplicate", "a program has exactly one 'mesh' statement",
                    "merge the axes into the first 'mesh' line");
      return parse_mesh();
    }
    if (!seen_mesh_)
      return fail(cur().loc, "syntax.mesh_missing", "expected a 'mesh' statement first, but got " + describe_token(cur()),
                  "start the program with a line like 'mesh dp=2 tp=2'");
    if (binding) return parse_binding();
    if (word == "global") return parse_global();
    if (word == "input") return parse_input();
    if (word == "assert") return parse_assert();
    if (word == "output") return parse_output();
    if (word == "loss") return parse_loss();
    take();
    return fail_expected("'=' or ',' after value name " + quoted(word));
  }

  bool parse_mesh() {
    Mesh& mesh = prog_.mesh;
    mesh.loc = take().loc;
    seen_mesh_ = true;
    if (at_line_end())
      return fail(mesh.loc, "syntax.mesh_empty", "'mesh' declares no axes", "write the axes as NAME=SIZE, e.g. 'mesh dp=2 tp=2'");
    int64_t ranks = 1;
    while (!at_line_end()) {
      MeshAxis axis;
      if (!take_name("a mesh axis 'NAME=SIZE'", "a mesh axis", axis.name, axis.loc)) return false;
      if (mesh.axis_index(axis.name) >= 0)
        return fail(axis.loc, "syntax.axis_duplicate", "mesh axis " + quoted(axis.name) + " is declared twice",
                    "give every mesh axis its own name");
      if (mesh.axes.size() == kMaxAxes)
        return fail(axis.loc, "syntax.too_many_axes", "a mesh has at most " + std::to_string(kMaxAxes) + " axes");
      if (!expect(K::Equals, [&] { return "'=' after mesh axis " + quoted(axis.name); })) return false;
      if (!at(K::Number)) return fail_expected("an axis size", "syntax.axis_size");
      ProgramToken size = take();
      if (!size.integer_spelling)
        return fail(size.loc, "syntax.axis_size", "mesh axis size must be an integer, but got " + describe_token(size));
      if (!to_int(size, axis.size)) return false;
      if (axis.size < 1) return fail(size.loc, "syntax.axis_size", "mesh axis size must be >= 1, but got " + describe_token(size));
      if (axis.size > kMaxRanks || ranks * axis.size > kMaxRanks)  // both factors <= 2^16
        return fail(size.loc, "syntax.axis_size",
                    "a mesh has at most " + std::to_string(kMaxRanks) + " ranks, but axis " + quoted(axis.name) + " of size " +
                        describe_token(size) + " exceeds that",
                    "use smaller axis sizes");
      ranks *= axis.size;
      note_bound(axis.name);
      if (mesh.axes.empty()) mesh.axes.reserve(4);  // meshes have a few axes: one allocation
      mesh.axes.push_back(std::move(axis));
    }
    return true;
  }

  // `input NAME : DTYPE[DIMS] TYPE` or, for a typed scalar, `input NAME : scalar TYPE`.
  bool parse_input() {
    InputStmt s;
    s.loc = take().loc;
    if (!take_name("a value name after 'input'", "a value", s.name, s.name_loc)) return false;
    if (!expect(K::Colon, [&] { return "':' after input name " + quoted(s.name); })) return false;
    constexpr std::string_view kDtypes = "a dtype (f64, f32, bf16, f16, i64 or bool) or 'scalar'";
    if (!at(K::Ident)) return fail_expected(kDtypes, "syntax.dtype");
    if (cur().text == "scalar") {
      take();
      s.scalar = true;  // dtype and shape keep their defaults, F64 and []
      if (at(K::LBracket))
        return fail(cur().loc, "syntax.shape", "a typed scalar has no shape",
                    "write 'input " + s.name + " : scalar {AXIS: T, ...}', or 'input " + s.name +
                        " : f64[] {AXIS: T, ...}' for a 0-dimensional tensor");
    } else {
      auto dtype = dtype_from_name(cur().text);
      if (!dtype) return fail(cur().loc, "syntax.dtype", "expected " + std::string(kDtypes) + ", but got " + describe_token(cur()));
      s.dtype = *dtype;
      take();
      if (!parse_shape(s.shape)) return false;
    }
    if (!parse_type(s.type)) return false;
    note_bound(s.name);
    add_statement(std::move(s));
    return true;
  }

  bool parse_shape(Shape& shape) {
    if (!expect(K::LBracket, "'[' after the dtype")) return false;
    for (bool more = !at(K::RBracket); more;) {
      if (!at(K::Number)) return fail_expected("a dimension", "syntax.shape");
      ProgramToken dim = take();
      int64_t value = 0;
      if (!dim.integer_spelling) return fail(dim.loc, "syntax.shape", "a dimension must be an integer, but got " + describe_token(dim));
      if (!to_int(dim, value)) return false;
      if (value < 1 || value > kMaxDimSize)
        return fail(dim.loc, "syntax.shape", "a dimension must be >= 1 and <= 2^40, but got " + describe_token(dim));
      if (shape.rank == kMaxRank) return fail(dim.loc, "syntax.shape", "a shape has at most " + std::to_string(kMaxRank) + " dimensions");
      shape.dims[shape.rank++] = value;
      more = at(K::Comma);
      if (more) take();
    }
    return expect(K::RBracket, "',' or ']' after a dimension");
  }

  bool parse_type(TypeAnnot& annot) { return parse_type_annot(*this, prog_.mesh, annot); }

  // `global AXIS, ...` (global SPMD): once, directly after `mesh`, naming
  // the last axes of the mesh in mesh order.
  bool parse_global() {
    Mesh& mesh = prog_.mesh;
    const SourceLoc at = take().loc;
    if (seen_global_)
      return fail(at, "syntax.global_duplicate", "a program has at most one 'global' statement", "list every global axis on one line");
    if (!prog_.statements.empty())
      return fail(at, "syntax.global_position", "'global' comes directly after the 'mesh' line",
                  "move the 'global' line up, before the first input");
    seen_global_ = true;
    mesh.global_loc = at;
    if (at_line_end()) return fail(at, "syntax.global_empty", "'global' names no axes", "name the global axes, e.g. 'global tp'");
    std::vector<int> axes;
    std::string written;
    while (true) {
      std::string name;
      SourceLoc loc;
      if (!take_name("a mesh axis name after 'global'", "a mesh axis", name, loc)) return false;
      const int axis = mesh.axis_index(name);
      if (axis < 0)
        return fail(loc, "syntax.type_axis_unknown", quoted(name) + " is not an axis of the mesh",
                    "'global' names axes of the 'mesh' line");
      if (std::find(axes.begin(), axes.end(), axis) != axes.end())
        return fail(loc, "syntax.axis_duplicate", "'global' names axis " + quoted(name) + " twice");
      axes.push_back(axis);
      written += (written.empty() ? "" : ", ") + name;
      if (at_line_end()) break;
      if (!expect(K::Comma, "',' or end of line after a global axis")) return false;
    }
    const int first = static_cast<int>(mesh.axes.size() - axes.size());
    for (size_t i = 0; i < axes.size(); ++i)
      if (axes[i] != first + static_cast<int>(i)) {
        std::string suffix;
        for (size_t j = first; j < mesh.axes.size(); ++j) suffix += (suffix.empty() ? "" : ", ") + mesh.axes[j].name;
        return fail(at, "syntax.global_suffix",
                    "the global axes are the last axes of the mesh, in mesh order, but got 'global " + written + "'",
                    "write 'global " + suffix + "', or reorder the mesh so that the local axes come first");
      }
    mesh.num_global = static_cast<int>(axes.size());
    return true;
  }

  bool parse_assert() {
    AssertStmt s;
    s.loc = take().loc;
    if (!take_name("a value name after 'assert'", "a value", s.name, s.name_loc) ||
        !expect(K::Colon, [&] { return "':' after asserted name " + quoted(s.name); }) || !parse_type(s.type))
      return false;
    add_statement(std::move(s));
    return true;
  }

  bool parse_output() {
    if (seen_output_)
      return fail(cur().loc, "syntax.output_duplicate", "a program has at most one 'output' statement",
                  "list every output on one line: 'output a, b'");
    seen_output_ = true;
    OutputStmt s;
    s.loc = take().loc;
    while (true) {
      std::string name;
      SourceLoc loc;
      if (!take_name("a value name in 'output'", "a value", name, loc)) return false;
      s.names.push_back(std::move(name));
      s.name_locs.push_back(loc);
      if (at_line_end()) break;
      if (!expect(K::Comma, "',' or end of line after an output name")) return false;
    }
    add_statement(std::move(s));
    return true;
  }

  // `loss NAME` or `loss NAME gradient=G`.
  bool parse_loss() {
    if (seen_loss_) return fail(cur().loc, "syntax.loss_duplicate", "a program has at most one 'loss' statement");
    seen_loss_ = true;
    LossStmt s;
    s.loc = take().loc;
    if (!take_name("a value name after 'loss'", "a value", s.name, s.name_loc)) return false;
    if (at(K::Ident) && cur().text == "gradient" && next().kind == K::Equals) {
      take();
      take();  // the '='
      if (!take_name("a value name after 'gradient='", "a value", s.gradient, s.gradient_loc)) return false;
    } else if (!at_line_end()) {
      return fail_expected("'gradient=G' or end of line after the loss name");
    }
    add_statement(std::move(s));
    return true;
  }

  // `NAME, ... = OP(...)`: the names are distinct within the statement.
  bool parse_binding() {
    BindingStmt s;
    do {
      const bool first = s.names.empty();
      if (!first) take();  // the ','
      std::string name;
      SourceLoc loc;
      if (!take_name(first ? "a value name" : "a value name after ','", "a value", name, loc)) return false;
      for (const std::string& other : s.names)
        if (other == name)
          return fail(loc, "syntax.result_duplicate", "value " + quoted(name) + " is bound twice in one statement",
                      "give every result of the call its own name");
      if (first) s.loc = loc;
      s.names.push_back(std::move(name));
      s.name_locs.push_back(loc);
    } while (at(K::Comma));
    if (!expect(K::Equals, "',' or '=' after the bound names") || !parse_call(*this, bool_words_, s)) return false;
    for (const std::string& name : s.names) note_bound(name);
    add_statement(std::move(s));
    return true;
  }

  // A positional `true` / `false` reads as a name once one is bound (see
  // BoolWordsBound).
  void note_bound(std::string_view name) {
    if (name == "true") bool_words_.true_bound = true;
    if (name == "false") bool_words_.false_bound = true;
  }

  std::string_view text_;
  Program prog_;
  bool seen_mesh_ = false;
  bool seen_global_ = false;
  bool seen_output_ = false;
  bool seen_loss_ = false;
  BoolWordsBound bool_words_;
};

}  // namespace

ParseResult parse_program(std::string_view text) {
  try {
    return Parser(text).run();
  } catch (const std::bad_alloc&) {
    // The only exception the parser can raise; a syntax.* id keeps the
    // contract that parse failures are diagnostics.
    ParseResult result;
    result.error = Diagnostic{{}, "syntax.too_large", "program too large to parse", {}, {}};
    return result;
  }
}

}  // namespace spmdcheck
