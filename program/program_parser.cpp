// Recursive-descent parser for the .spmd format, one statement per line.
// Every failure is a Diagnostic with a fixed `syntax.*` id at the line:col of
// the offending token; nothing throws past parse_program, whatever the bytes.
#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <string>

#include "program/program_text.h"
#include "program/program_token_cursor.h"

namespace spmdcheck {
namespace {

// Sizes beyond this are not meshes anyone simulates; the cap also keeps
// Mesh::num_ranks() far from overflow.
constexpr int64_t kMaxRanks = 65536;

class Parser : private TokenCursor {
 public:
  explicit Parser(std::string_view text) : TokenCursor(text), text_(text) {}

  ParseResult run() {
    ParseResult result;
    while (true) {
      while (at(K::Newline)) take();
      if (at(K::End)) break;
      if (!parse_statement() ||
          (!at_line_end() && !fail_expected("end of line after the statement"))) {
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
    const bool binding = next().kind == K::Equals;  // `NAME = ...`, reserved NAME included
    if (word == "mesh" && !binding) {
      if (seen_mesh_)
        return fail(cur().loc, "syntax.mesh_duplicate", "a program has exactly one 'mesh' statement",
                    "merge the axes into the first 'mesh' line");
      return parse_mesh();
    }
    if (!seen_mesh_)
      return fail(cur().loc, "syntax.mesh_missing",
                  "expected a 'mesh' statement first, but got " + describe_token(cur()),
                  "start the program with a line like 'mesh dp=2 tp=2'");
    if (binding) return parse_binding();
    if (word == "input") return parse_input();
    if (word == "assert") return parse_assert();
    if (word == "output") return parse_output();
    if (word == "loss") return parse_loss();
    take();
    return fail_expected("'=' after value name " + quoted(word));
  }

  bool parse_mesh() {
    Mesh& mesh = prog_.mesh;
    mesh.loc = take().loc;
    seen_mesh_ = true;
    if (at_line_end())
      return fail(mesh.loc, "syntax.mesh_empty", "'mesh' declares no axes",
                  "write the axes as NAME=SIZE, e.g. 'mesh dp=2 tp=2'");
    int64_t ranks = 1;
    while (!at_line_end()) {
      MeshAxis axis;
      if (!take_name("a mesh axis 'NAME=SIZE'", "a mesh axis", axis.name, axis.loc)) return false;
      if (mesh.axis_index(axis.name) >= 0)
        return fail(axis.loc, "syntax.axis_duplicate",
                    "mesh axis " + quoted(axis.name) + " is declared twice",
                    "give every mesh axis its own name");
      if (mesh.axes.size() == kMaxAxes)
        return fail(axis.loc, "syntax.too_many_axes",
                    "a mesh has at most " + std::to_string(kMaxAxes) + " axes");
      if (!expect(K::Equals, [&] { return "'=' after mesh axis " + quoted(axis.name); })) return false;
      if (!at(K::Number)) return fail_expected("an axis size", "syntax.axis_size");
      ProgramToken size = take();
      if (!size.integer_spelling)
        return fail(size.loc, "syntax.axis_size",
                    "mesh axis size must be an integer, but got " + describe_token(size));
      if (!to_int(size, axis.size)) return false;
      if (axis.size < 1)
        return fail(size.loc, "syntax.axis_size",
                    "mesh axis size must be >= 1, but got " + describe_token(size));
      if (axis.size > kMaxRanks || ranks * axis.size > kMaxRanks)  // both factors <= 2^16
        return fail(size.loc, "syntax.axis_size",
                    "a mesh has at most " + std::to_string(kMaxRanks) + " ranks, but axis " +
                        quoted(axis.name) + " of size " + describe_token(size) + " exceeds that",
                    "use smaller axis sizes");
      ranks *= axis.size;
      if (mesh.axes.empty()) mesh.axes.reserve(4);  // meshes have a few axes: one allocation
      mesh.axes.push_back(std::move(axis));
    }
    return true;
  }

  bool parse_input() {
    InputStmt s;
    s.loc = take().loc;
    if (!take_name("a value name after 'input'", "a value", s.name, s.name_loc)) return false;
    if (!expect(K::Colon, [&] { return "':' after input name " + quoted(s.name); })) return false;
    if (!at(K::Ident)) return fail_expected("a dtype (f64, f32 or bf16)", "syntax.dtype");
    auto dtype = dtype_from_name(cur().text);
    if (!dtype)
      return fail(cur().loc, "syntax.dtype",
                  "expected a dtype (f64, f32 or bf16), but got " + describe_token(cur()));
    s.dtype = *dtype;
    take();
    if (!parse_shape(s.shape) || !parse_type(s.type)) return false;
    add_statement(std::move(s));
    return true;
  }

  bool parse_shape(Shape& shape) {
    if (!expect(K::LBracket, "'[' after the dtype")) return false;
    for (bool more = !at(K::RBracket); more;) {
      if (!at(K::Number)) return fail_expected("a dimension", "syntax.shape");
      ProgramToken dim = take();
      int64_t value = 0;
      if (!dim.integer_spelling)
        return fail(dim.loc, "syntax.shape",
                    "a dimension must be an integer, but got " + describe_token(dim));
      if (!to_int(dim, value)) return false;
      if (value < 1 || value > kMaxDimSize)
        return fail(dim.loc, "syntax.shape",
                    "a dimension must be >= 1 and <= 2^40, but got " + describe_token(dim));
      if (shape.rank == kMaxRank)
        return fail(dim.loc, "syntax.shape",
                    "a shape has at most " + std::to_string(kMaxRank) + " dimensions");
      shape.dims[shape.rank++] = value;
      more = at(K::Comma);
      if (more) take();
    }
    return expect(K::RBracket, "',' or ']' after a dimension");
  }

  bool parse_type(TypeAnnot& annot) {
    const Mesh& mesh = prog_.mesh;
    annot.loc = cur().loc;
    if (!expect(K::LBrace, "a type '{AXIS: T, ...}'")) return false;
    uint32_t named = 0;  // bit i: mesh axis i has been given a type
    for (bool more = !at(K::RBrace); more;) {
      std::string axis_name;
      SourceLoc axis_loc;
      if (!take_name("a mesh axis name in the type", "a mesh axis", axis_name, axis_loc))
        return false;
      int idx = mesh.axis_index(axis_name);
      if (idx < 0)
        return fail(axis_loc, "syntax.type_axis_unknown",
                    quoted(axis_name) + " is not an axis of the mesh",
                    "a type names the axes of the 'mesh' line");
      if (named & (1u << idx))
        return fail(axis_loc, "syntax.type_axis_duplicate",
                    "the type names axis " + quoted(axis_name) + " twice",
                    "a type names every mesh axis exactly once");
      if (!expect(K::Colon, [&] { return "':' after axis " + quoted(axis_name) + " in the type"; })) return false;
      std::optional<Ty> ty = at(K::Ident) ? ty_from_letter(cur().text) : std::nullopt;
      if (!ty)
        return fail_expected("a type letter R, I, V or P for axis " + quoted(axis_name),
                             "syntax.type_letter");
      take();
      annot.type.axis[idx] = *ty;
      named |= 1u << idx;
      more = at(K::Comma);
      if (more) take();
    }
    if (!expect(K::RBrace, "',' or '}' in the type")) return false;
    for (size_t i = 0; i < mesh.axes.size(); ++i)
      if (!(named & (1u << i)))
        return fail(annot.loc, "syntax.type_axis_missing",
                    "the type does not name mesh axis " + quoted(mesh.axes[i].name),
                    "a type names every mesh axis exactly once, e.g. {" + mesh.axes[i].name +
                        ": R, ...}");
    annot.type.num_axes = static_cast<uint8_t>(mesh.axes.size());
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

  bool parse_loss() {
    if (seen_loss_)
      return fail(cur().loc, "syntax.loss_duplicate", "a program has at most one 'loss' statement");
    seen_loss_ = true;
    LossStmt s;
    s.loc = take().loc;
    if (!take_name("a value name after 'loss'", "a value", s.name, s.name_loc)) return false;
    add_statement(std::move(s));
    return true;
  }

  bool parse_binding() {
    BindingStmt s;
    if (!take_name("a value name", "a value", s.name, s.loc)) return false;
    take();  // the '=' (checked by the caller)
    if (!at(K::Ident)) return fail_expected("an operation name after '='");
    ProgramToken op = take();
    s.op.assign(op.text);
    s.op_loc = op.loc;
    if (!expect(K::LParen, [&] { return "'(' after operation name " + quoted(s.op); })) return false;
    // Calls have a few arguments of each kind: allocate each list once.
    s.args.reserve(at(K::RParen) ? 0 : 4);
    for (bool more = !at(K::RParen); more;) {
      if (at(K::Ident) && next().kind == K::Equals) {
        if (!parse_kwarg(s)) return false;
      } else if (at(K::Ident) || at(K::Number)) {
        if (!s.kwargs.empty())
          return fail(cur().loc, "syntax.positional_after_keyword",
                      "positional argument " + describe_token(cur()) + " follows a keyword argument",
                      "write positional arguments first: op(x, y, key=value)");
        if (!parse_arg(s)) return false;
      } else {
        return fail_expected("an argument (a value name, a number or KEY=VALUE)");
      }
      more = at(K::Comma);
      if (more) take();
    }
    if (!expect(K::RParen, "',' or ')' after an argument")) return false;
    add_statement(std::move(s));
    return true;
  }

  bool parse_arg(BindingStmt& s) {
    Arg arg;
    arg.loc = cur().loc;
    if (at(K::Number)) {
      arg.kind = Arg::Kind::Number;
      if (!to_double(take(), arg.number)) return false;
    } else if (!take_name("an argument", "a value", arg.name, arg.loc)) {
      return false;
    }
    s.args.push_back(std::move(arg));
    return true;
  }

  bool parse_kwarg(BindingStmt& s) {
    KwArg kw;
    ProgramToken key = take();
    kw.key.assign(key.text);
    kw.loc = key.loc;
    for (const KwArg& other : s.kwargs)
      if (other.key == kw.key)
        return fail(key.loc, "syntax.keyword_duplicate",
                    "keyword argument " + quoted(kw.key) + " is given twice");
    take();  // the '='
    if (!parse_kw_value(kw.key, kw.value)) return false;
    if (s.kwargs.empty()) s.kwargs.reserve(4);
    s.kwargs.push_back(std::move(kw));
    return true;
  }

  // The kind follows the spelling (see KwValue in program.h).
  bool parse_kw_value(std::string_view key, KwValue& v) {
    if (at(K::Number)) {
      ProgramToken t = take();
      if (t.integer_spelling) {
        v.kind = KwValue::Kind::Int;
        return to_int(t, v.integer);
      }
      v.kind = KwValue::Kind::Number;
      return to_double(t, v.number);
    }
    if (at(K::LBracket)) return parse_name_list(v);
    if (!at(K::Ident)) return fail_expected("a value after '" + std::string(key) + "='");
    std::string_view word = cur().text;
    if (word == "true" || word == "false") {
      v.kind = KwValue::Kind::Bool;
      v.boolean = word == "true";
      take();
      return true;
    }
    if (word == "S") return parse_shard_form(v);
    if (auto ty = ty_from_letter(word)) {
      v.kind = KwValue::Kind::Form;
      v.form.kind = static_cast<Form::Kind>(*ty);
      take();
      return true;
    }
    v.kind = KwValue::Kind::Name;
    v.names.emplace_back();
    SourceLoc loc;
    return take_name("a value", "a value", v.names.back(), loc);
  }

  bool parse_shard_form(KwValue& v) {
    take();  // the 'S'
    if (!expect(K::LParen, "'(' after 'S' (a shard form is written S(k))")) return false;
    if (!at(K::Number) || !cur().integer_spelling)
      return fail_expected("an integer tensor dimension in S(k)", "syntax.form");
    v.kind = KwValue::Kind::Form;
    v.form.kind = Form::Kind::S;
    if (!to_int(take(), v.form.shard_dim)) return false;
    return expect(K::RParen, "')' after the dimension of S(k)");
  }

  bool parse_name_list(KwValue& v) {
    take();  // the '['
    v.kind = KwValue::Kind::NameList;
    for (bool more = !at(K::RBracket); more;) {
      v.names.emplace_back();
      SourceLoc loc;
      if (!take_name("a name in the list", "a value", v.names.back(), loc)) return false;
      more = at(K::Comma);
      if (more) take();
    }
    return expect(K::RBracket, "',' or ']' in the name list");
  }

  std::string_view text_;
  Program prog_;
  bool seen_mesh_ = false;
  bool seen_output_ = false;
  bool seen_loss_ = false;
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
