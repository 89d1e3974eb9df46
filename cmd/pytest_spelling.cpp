#include "cmd/pytest_spelling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace spmdcheck {
namespace {

// Ops outside spmd_types' registry that PyTorch does not expose as
// torch.NAME (their functional form).
const std::map<std::string, std::string> kOpsOutsideTorch = {
    {"gelu", "torch.nn.functional.gelu"},
    {"silu", "torch.nn.functional.silu"},
};

// Typed scalar arithmetic: spmd_types' Scalar takes part through Python's
// operators (spmd_types/_scalar.py, Scalar._binop), not torch functions.
const std::map<std::string, std::string> kScalarOperators = {
    {"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"div", "/"}, {"true_divide", "/"}, {"divide", "/"},
};

// Keywords the format spells differently from spmd_types' functions
// (program-format.md: `expert` permits what spmd_types gates behind
// `expert_mode`).
const std::map<std::string, std::string> kCollectiveKeywords = {{"expert", "expert_mode"}};

struct Names {
  std::set<std::string> values;
};

std::string python_arg(const ArgValue& v, const Names& names) {
  using K = ArgValue::Kind;
  auto name = [&](const std::string& n) { return names.values.count(n) ? python_variable(n) : "\"" + n + "\""; };
  switch (v.kind) {
    case K::Name: return name(v.names[0]);
    case K::Int: return std::to_string(v.integer);
    case K::Number: return python_float(v.number);
    case K::Bool: return v.boolean ? "True" : "False";
    case K::None: return "None";
    case K::String: return "\"" + v.text + "\"";
    case K::Form: return form_to_string(v.form);
    case K::IntList: {
      std::string out = "[";
      for (size_t i = 0; i < v.ints.size(); ++i) out += (i ? ", " : "") + std::to_string(v.ints[i]);
      return out + "]";
    }
    case K::NameList: {
      std::string out = "[";
      for (size_t i = 0; i < v.names.size(); ++i) out += (i ? ", " : "") + name(v.names[i]);
      return out + "]";
    }
  }
  return "None";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::vector<std::string> spelt_args(const BindingStmt& b, const Names& names, size_t skip_positional, const std::string& skip_keyword) {
  std::vector<std::string> parts;
  for (size_t i = skip_positional; i < b.args.size(); ++i) parts.push_back(python_arg(b.args[i].value, names));
  for (const KwArg& kw : b.kwargs)
    if (kw.key != skip_keyword) parts.push_back(kw.key + "=" + python_arg(kw.value, names));
  return parts;
}

bool has_key(const OpRow& op, const std::string& key) {
  return std::find(op.registry.begin(), op.registry.end(), key) != op.registry.end();
}

// `x.NAME(...)` or `x.NAME`: the receiver is the first positional argument,
// or the first parameter given by keyword.
std::string on_receiver(const OpRow& op, const BindingStmt& b, const Names& names, bool property) {
  const std::string first = op.params.empty() ? "input" : op.params[0].name;
  std::string receiver;
  if (!b.args.empty()) {
    receiver = python_arg(b.args[0].value, names);
  } else {
    for (const KwArg& kw : b.kwargs)
      if (kw.key == first) receiver = python_arg(kw.value, names);
  }
  if (receiver.empty()) throw SpellingError(b.op + ": no receiver for the Tensor method");
  const std::vector<std::string> rest = spelt_args(b, names, b.args.empty() ? 0 : 1, b.args.empty() ? first : "");
  if (property) {
    if (!rest.empty()) throw SpellingError(b.op + " is a property and takes no arguments");
    return receiver + "." + b.op;
  }
  return receiver + "." + b.op + "(" + joined(rest) + ")";
}

}  // namespace

std::string python_variable(const std::string& value_name) { return "v_" + value_name; }

std::string python_dtype(DType d) {
  switch (d) {
    case DType::F64: return "torch.float64";
    case DType::F32: return "torch.float32";
    case DType::BF16: return "torch.bfloat16";
    case DType::F16: return "torch.float16";
    case DType::I64: return "torch.int64";
    case DType::Bool: return "torch.bool";
  }
  return "torch.float64";
}

std::string python_float(double x) {
  if (std::isnan(x)) return "float(\"nan\")";
  if (std::isinf(x)) return x > 0 ? "float(\"inf\")" : "float(\"-inf\")";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  std::string s(buf);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string python_type_dict(const Mesh& mesh, const LocalType& type) {
  std::string out = "{";
  for (int a = 0; a < type.num_axes; ++a) out += (a ? ", \"" : "\"") + mesh.axes[a].name + "\": " + std::string(1, ty_letter(type.axis[a]));
  return out + "}";
}

std::string python_type_args(const Mesh& mesh, const LocalType& type, const PartitionSpec& spec, int rank) {
  if (spec.empty()) return python_type_dict(mesh, type);
  bool shared = false;
  for (int d = 0; d <= spec.max_dim(); ++d) shared = shared || spec.count_on(d) > 1;
  std::string out = "{";
  for (int a = 0; a < type.num_axes; ++a) {
    const std::string ty = spec.shards(a) && !shared ? "S(" + std::to_string(spec.dim[a]) + ")" : std::string(1, ty_letter(type.axis[a]));
    out += (a ? ", \"" : "\"") + mesh.axes[a].name + "\": " + ty;
  }
  out += "}";
  if (!shared) return out;
  out += ", PartitionSpec(";
  for (int d = 0; d < rank; ++d) {
    std::array<int8_t, kMaxAxes> axes{};
    const int n = spec.axes_on(d, axes);
    std::string entry = n == 0 ? "None" : n == 1 ? "" : "(";
    for (int i = 0; i < n; ++i) entry += (i ? ", \"" : "\"") + mesh.axes[axes[i]].name + "\"";
    if (n > 1) entry += ")";
    out += (d ? ", " : "") + entry;
  }
  return out + ")";
}

std::string python_call(const RuleTable& table, const RuleTable& spelling, const CheckResult& checked, const BindingStmt& b,
                        const ResolvedBinding& r) {
  Names names;
  for (const ValueInfo& v : checked.values) names.values.insert(v.name);
  if (r.is_transition) {
    const std::string& op = table.comm_ops[table.transitions[r.row].op].name;
    if (op.rfind("dist_", 0) == 0)
      throw SpellingError(op + ": raw torch.distributed collectives write into a buffer and are not exported yet");
    BindingStmt spelt = b;
    for (KwArg& kw : spelt.kwargs)
      if (const auto it = kCollectiveKeywords.find(kw.key); it != kCollectiveKeywords.end()) kw.key = it->second;
    return op + "(" + joined(spelt_args(spelt, names, 0, "")) + ")";
  }
  bool tensor = false, scalar = false;
  for (int o : r.operands) {
    if (o < 0) continue;
    (checked.values[o].scalar ? scalar : tensor) = true;
  }
  if (scalar && !tensor) {  // typed scalar arithmetic: Python's operators on Scalar
    const std::vector<std::string> parts = spelt_args(b, names, 0, "");
    if (b.op == "neg" && parts.size() == 1 && b.kwargs.empty()) return "(-" + parts[0] + ")";
    const auto op = kScalarOperators.find(b.op);
    if (op == kScalarOperators.end() || parts.size() != 2 || !b.kwargs.empty())
      throw SpellingError(b.op + " on typed scalars only: spmd_types' Scalar takes part in + - * / (written positionally) alone");
    return "(" + parts[0] + " " + op->second + " " + parts[1] + ")";
  }
  const auto row = spelling.compiled.op_by_name.find(b.op);
  if (row != spelling.compiled.op_by_name.end()) {
    const OpRow& op = spelling.ops[row->second];
    if (!has_key(op, "torch." + b.op)) {
      if (has_key(op, "torch.Tensor." + b.op + ".__get__")) return on_receiver(op, b, names, true);
      if (has_key(op, "torch.Tensor." + b.op)) return on_receiver(op, b, names, false);
    }
  }
  const auto outside = kOpsOutsideTorch.find(b.op);
  const std::string function = outside != kOpsOutsideTorch.end() ? outside->second : "torch." + b.op;
  return function + "(" + joined(spelt_args(b, names, 0, "")) + ")";
}

}  // namespace spmdcheck
