// Canonical text of a Program: the spacing of program-format.md's example
// with single spaces, types in mesh order, comments gone. Numbers use
// std::to_chars' shortest round-trip form, so parsing the text back gives the
// same doubles and printing is a fixed point.
//
// Every value the parser builds prints as text that reads back equal. A value
// built in code need not: an empty NameList prints `[]`, which reads back as
// an empty IntList (equal as ArgValues); a non-finite Number, a String holding
// '"' or '\' or a reserved Name print text the parser reads differently or
// rejects; and a positional Bool `true` after a value named `true` reads back
// as that name (BoolWordsBound, program_call_parser.h).
#include <charconv>
#include <variant>

#include "program/program_text.h"
#include "program/type_text.h"

namespace spmdcheck {
namespace {

// Overload set for std::visit.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

void append_double(std::string& out, double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, ec == std::errc() ? end : buf);
}

// A Number must read back as a Number, not an Int: `2.0` keeps its fraction
// so a checker sees the same program after a round trip.
void append_number(std::string& out, double d) {
  size_t start = out.size();
  append_double(out, d);
  if (out.find_first_of(".eEn", start) == std::string::npos) out += ".0";  // n: inf, nan
}

void append_names(std::string& out, const std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
}

void append_type(std::string& out, const Mesh& mesh, const TypeAnnot& type) { out += type_to_text(mesh, type); }

void append_arg_value(std::string& out, const ArgValue& v) {
  switch (v.kind) {
    case ArgValue::Kind::Int: out += std::to_string(v.integer); break;
    case ArgValue::Kind::Number: append_number(out, v.number); break;
    case ArgValue::Kind::Bool: out += v.boolean ? "true" : "false"; break;
    case ArgValue::Kind::None: out += "None"; break;
    case ArgValue::Kind::Form: out += form_to_string(v.form); break;
    case ArgValue::Kind::Name:
      if (!v.names.empty()) out += v.names.front();
      break;
    case ArgValue::Kind::NameList:
      out += '[';
      append_names(out, v.names);
      out += ']';
      break;
    case ArgValue::Kind::IntList:
      out += '[';
      for (size_t i = 0; i < v.ints.size(); ++i) {
        if (i) out += ", ";
        out += std::to_string(v.ints[i]);
      }
      out += ']';
      break;
    case ArgValue::Kind::String:
      out += '"';
      out += v.text;
      out += '"';
      break;
  }
}

void append_binding(std::string& out, const BindingStmt& s) {
  append_names(out, s.names);
  out += " = ";
  out += s.op;
  out += '(';
  bool first = true;
  for (const Arg& a : s.args) {
    if (!first) out += ", ";
    first = false;
    append_arg_value(out, a.value);
  }
  for (const KwArg& k : s.kwargs) {
    if (!first) out += ", ";
    first = false;
    out += k.key;
    out += '=';
    append_arg_value(out, k.value);
  }
  out += ')';
}

// Appends one statement's text (no newline) to `out`, without temporaries:
// the fuzz targets print every accepted program twice.
void append_statement(std::string& out, const Mesh& mesh, const Statement& statement) {
  std::visit(Overloaded{
                 [&](const InputStmt& s) {
                   out += "input ";
                   out += s.name;
                   out += " : ";
                   if (s.scalar) {
                     out += "scalar";
                   } else {
                     out += dtype_name(s.dtype);
                     out += shape_to_string(s.shape);
                   }
                   out += ' ';
                   append_type(out, mesh, s.type);
                 },
                 [&](const BindingStmt& s) { append_binding(out, s); },
                 [&](const AssertStmt& s) {
                   out += "assert ";
                   out += s.name;
                   out += " : ";
                   append_type(out, mesh, s.type);
                 },
                 [&](const OutputStmt& s) {
                   out += "output ";
                   append_names(out, s.names);
                 },
                 [&](const LossStmt& s) {
                   out += "loss ";
                   out += s.name;
                   if (!s.gradient.empty()) {
                     out += " gradient=";
                     out += s.gradient;
                   }
                 },
             },
             statement);
}

}  // namespace

std::string arg_value_to_text(const ArgValue& v) {
  std::string out;
  append_arg_value(out, v);
  return out;
}

std::string print_statement(const Mesh& mesh, const Statement& statement) {
  std::string out;
  append_statement(out, mesh, statement);
  return out;
}

std::string print_program(const Program& program) {
  const Mesh& mesh = program.mesh;
  std::string out;
  out.reserve(32 * (program.statements.size() + 2));  // typical line length: one allocation
  out += "mesh";
  for (const MeshAxis& a : mesh.axes) {
    out += ' ';
    out += a.name;
    out += '=';
    out += std::to_string(a.size);
  }
  out += '\n';
  if (mesh.num_global > 0) {
    out += "global";
    for (size_t a = mesh.axes.size() - mesh.num_global; a < mesh.axes.size(); ++a) {
      out += a + mesh.num_global == mesh.axes.size() ? " " : ", ";
      out += mesh.axes[a].name;
    }
    out += '\n';
  }
  if (!program.statements.empty()) out += '\n';
  for (const Statement& st : program.statements) {
    append_statement(out, mesh, st);
    out += '\n';
  }
  return out;
}

}  // namespace spmdcheck
