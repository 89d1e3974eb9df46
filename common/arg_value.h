#pragma once
// An argument value of a call, positional or keyword, as the .spmd text
// writes it (program-format.md, "Arguments"), and a parameter default as a
// rule table writes it. Which of these a parameter accepts, and whether a
// name is a bound value or a mesh axis, is the rule table's declaration
// (rules/op_signature.h), not the spelling's.
#include <cstdint>
#include <string>
#include <vector>

#include "common/source_location.h"
#include "common/spmd_type.h"

namespace spmdcheck {

struct ArgValue {
  enum class Kind : uint8_t {
    Name,      // `x`: a bound value or a mesh axis (names[0])
    Int,       // `2`, `-1`: an integer literal
    Number,    // `0.5`, `1e-3`, `2.0`: a literal with a fraction or exponent
    Bool,      // `true`, `false`
    None,      // `None`
    IntList,   // `[4, -1]`; `[]` is an empty IntList
    NameList,  // `[a, b]`: bound values or mesh axes
    String,    // `"floor"`: printable ASCII except `"` and `\`, no escapes
    Form,      // `R`, `S(1)`: a type letter or a shard form (src=, dst=)
  };
  Kind kind = Kind::Int;
  int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  Form form;
  std::vector<int64_t> ints;         // IntList
  std::vector<std::string> names;    // Name: one entry; NameList: any number
  std::string text;                  // String, without the quotes
  std::vector<SourceLoc> item_locs;  // IntList, NameList: each item (may be empty for built values)

  bool is_numeric() const { return kind == Kind::Int || kind == Kind::Number; }
  double as_double() const { return kind == Kind::Int ? static_cast<double>(integer) : number; }
  bool is_list() const { return kind == Kind::IntList || kind == Kind::NameList; }

  static ArgValue of_name(std::string n) {
    ArgValue v;
    v.kind = Kind::Name;
    v.names.push_back(std::move(n));
    return v;
  }
  static ArgValue of_int(int64_t i) {
    ArgValue v;
    v.kind = Kind::Int;
    v.integer = i;
    return v;
  }
  static ArgValue of_number(double d) {
    ArgValue v;
    v.kind = Kind::Number;
    v.number = d;
    return v;
  }
  static ArgValue of_bool(bool b) {
    ArgValue v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
  }
  static ArgValue of_none() {
    ArgValue v;
    v.kind = Kind::None;
    return v;
  }
  static ArgValue of_ints(std::vector<int64_t> is) {
    ArgValue v;
    v.kind = Kind::IntList;
    v.ints = std::move(is);
    return v;
  }
  static ArgValue of_names(std::vector<std::string> ns) {
    ArgValue v;
    v.kind = Kind::NameList;
    v.names = std::move(ns);
    return v;
  }
  static ArgValue of_string(std::string s) {
    ArgValue v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
  }
  static ArgValue of_form(Form f) {
    ArgValue v;
    v.kind = Kind::Form;
    v.form = f;
    return v;
  }
};

// Equal as written (item locations are not compared).
bool operator==(const ArgValue& a, const ArgValue& b);

}  // namespace spmdcheck
