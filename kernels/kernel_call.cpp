#include "kernels/kernel_call.h"

#include <stdexcept>

namespace spmdcheck {

const KernelArg& KernelCall::arg(std::string_view param) const {
  const int p = op.param_index(param);
  if (p < 0)
    throw std::logic_error("kernel of " + op.name + " reads parameter '" + std::string(param) + "', which its row does not declare");
  return args[p];
}

const at::Tensor& KernelCall::tensor(std::string_view param) const {
  const KernelArg& a = arg(param);
  if (a.kind != KernelArg::Kind::Tensor)
    throw std::logic_error("kernel of " + op.name + ": parameter '" + std::string(param) + "' holds no tensor");
  return a.tensor;
}

int64_t KernelCall::integer(std::string_view param, int64_t fallback) const {
  const KernelArg& a = arg(param);
  return a.kind == KernelArg::Kind::Int ? a.integer : fallback;
}

double KernelCall::number(std::string_view param, double fallback) const {
  const KernelArg& a = arg(param);
  // A typed scalar at a number parameter (`addmm(..., alpha=s)`, which a
  // typing expression names) arrives as its 0-dim tensor: on a rank its
  // piece, in the reference its denotation. A Scalar carries no gradient.
  if (a.kind == KernelArg::Kind::Tensor && a.tensor.defined() && a.tensor.dim() == 0) return a.tensor.item<double>();
  return a.kind == KernelArg::Kind::Int || a.kind == KernelArg::Kind::Number ? a.number : fallback;
}

bool KernelCall::boolean(std::string_view param, bool fallback) const {
  const KernelArg& a = arg(param);
  return a.kind == KernelArg::Kind::Bool ? a.boolean : fallback;
}

KernelCall make_kernel_call(const RuleTable& table, const CheckResult& checked, const BindingStmt& b, const ResolvedBinding& r,
                            const ValueTensor& value_of, at::ScalarType dtype) {
  const OpRow& op = table.ops[r.row];
  KernelCall call{op, std::vector<KernelArg>(op.params.size()), dtype};
  const auto options = at::TensorOptions().dtype(dtype);
  for (size_t p = 0; p < op.params.size(); ++p) {
    const ParamSpec& spec = op.params[p];
    const BoundParam& bp = r.params[p];
    KernelArg& out = call.args[p];
    const ArgValue* v = bound_arg(op, b, r, static_cast<int>(p));
    if (spec.role == ParamRole::Operands) {
      out.kind = KernelArg::Kind::Tensors;
      for (int i = bp.first_value; i < bp.first_value + bp.num_values; ++i) out.tensors.push_back(value_of(r.operands[i]));
      continue;
    }
    if (!v || v->kind == ArgValue::Kind::None) continue;
    if (bp.num_values == 1) {  // a value name: a tensor, or a typed scalar's 0-dim tensor
      const int value = r.operands[bp.first_value];
      out.kind = KernelArg::Kind::Tensor;
      out.tensor = value_of(value);
      if (checked.values[value].scalar) out.tensor = out.tensor.to(dtype);
      continue;
    }
    switch (v->kind) {
      case ArgValue::Kind::Int:
      case ArgValue::Kind::Number:
        if (is_typing_role(spec.role)) {
          out.kind = KernelArg::Kind::Tensor;
          out.tensor = at::scalar_tensor(v->as_double(), options);
        } else if (v->kind == ArgValue::Kind::Int) {
          out.kind = KernelArg::Kind::Int;
          out.integer = v->integer;
          out.number = static_cast<double>(v->integer);
          out.ints = {v->integer};
        } else {
          out.kind = KernelArg::Kind::Number;
          out.number = v->number;
        }
        break;
      case ArgValue::Kind::IntList:
        out.kind = KernelArg::Kind::Ints;
        out.ints = v->ints;
        break;
      case ArgValue::Kind::Bool:
        out.kind = KernelArg::Kind::Bool;
        out.boolean = v->boolean;
        break;
      case ArgValue::Kind::String:
        out.kind = KernelArg::Kind::String;
        out.text = v->text;
        break;
      default: break;  // axes (out_partial) and forms are typing, not data
    }
  }
  return call;
}

at::ScalarType to_scalar_type(DType d) {
  switch (d) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::BF16: return at::kBFloat16;
    case DType::F16: return at::kHalf;
    case DType::I64: return at::kLong;
    case DType::Bool: return at::kBool;
  }
  throw std::invalid_argument("unknown dtype");
}

}  // namespace spmdcheck
