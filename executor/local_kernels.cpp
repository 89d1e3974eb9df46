// The PyTorch meaning of local ops: a registry from op name to kernel. A new
// op is one entry here (and a row in the table); there is no per-op branching
// elsewhere. Kernels receive tensors only: literals have already become 0-dim
// tensors of the binding's dtype, so `add(x, 1)` keeps x's dtype exactly as a
// PyTorch weak scalar would.
//
// Contract of every kernel: the result is a fresh, contiguous tensor that
// shares no storage with an operand (apply_local_kernel enforces it), so a
// later in-place use can never corrupt a value of another binding.
#include "executor/local_kernels.h"

#include <stdexcept>
#include <unordered_map>

namespace spmdcheck {
namespace {

using Kernel = at::Tensor (*)(const BindingStmt& b, const std::vector<at::Tensor>& x);

// Integer keyword `key` of the binding (the checker has validated its kind),
// or nullopt when absent. Keywords of other kinds (out_partial, a typing
// keyword) are never read by kernels.
std::optional<int64_t> int_keyword(const BindingStmt& b, std::string_view key) {
  for (const KwArg& kw : b.kwargs)
    if (kw.key == key) {
      if (kw.value.kind != KwValue::Kind::Int)
        throw std::invalid_argument("keyword " + kw.key + " of " + b.op + " must be an integer");
      return kw.value.integer;
    }
  return std::nullopt;
}

void require_arity(const BindingStmt& b, const std::vector<at::Tensor>& x, size_t n) {
  if (x.size() != n)
    throw std::invalid_argument(b.op + " takes " + std::to_string(n) + " operands, got " + std::to_string(x.size()));
}

// Reductions: over `dim` if given, else over every element to a 0-dim tensor.
at::Tensor sum_kernel(const BindingStmt& b, const std::vector<at::Tensor>& x) {
  require_arity(b, x, 1);
  if (auto d = int_keyword(b, "dim")) return x[0].sum(*d);
  return x[0].sum();
}

at::Tensor mean_kernel(const BindingStmt& b, const std::vector<at::Tensor>& x) {
  require_arity(b, x, 1);
  if (auto d = int_keyword(b, "dim")) return x[0].mean(*d);
  return x[0].mean();
}

at::Tensor transpose_kernel(const BindingStmt& b, const std::vector<at::Tensor>& x) {
  require_arity(b, x, 1);
  return x[0].transpose(int_keyword(b, "dim0").value_or(0), int_keyword(b, "dim1").value_or(1));
}

at::Tensor cat_kernel(const BindingStmt& b, const std::vector<at::Tensor>& x) {
  return at::cat(x, int_keyword(b, "dim").value_or(0));
}

// Unary and binary ops without keywords: one line each.
#define SPMD_UNARY(fn)                                                                  \
  [](const BindingStmt& b, const std::vector<at::Tensor>& x) -> at::Tensor { \
    require_arity(b, x, 1);                                                             \
    return fn(x[0]);                                                                    \
  }
#define SPMD_BINARY(fn)                                                                 \
  [](const BindingStmt& b, const std::vector<at::Tensor>& x) -> at::Tensor { \
    require_arity(b, x, 2);                                                             \
    return fn(x[0], x[1]);                                                              \
  }

const std::unordered_map<std::string, Kernel>& registry() {
  static const std::unordered_map<std::string, Kernel> kernels = {
      {"neg", SPMD_UNARY(at::neg)},
      {"clone", SPMD_UNARY(at::clone)},
      {"exp", SPMD_UNARY(at::exp)},
      {"tanh", SPMD_UNARY(at::tanh)},
      {"relu", SPMD_UNARY(at::relu)},
      {"abs", SPMD_UNARY(at::abs)},
      {"sum", sum_kernel},
      {"mean", mean_kernel},
      {"transpose", transpose_kernel},
      {"add", SPMD_BINARY(at::add)},
      {"sub", SPMD_BINARY(at::sub)},
      {"mul", SPMD_BINARY(at::mul)},
      {"div", SPMD_BINARY(at::div)},
      {"matmul", SPMD_BINARY(at::matmul)},
      {"cat", cat_kernel},
  };
  return kernels;
}

#undef SPMD_UNARY
#undef SPMD_BINARY

// A view (transpose) or a pass-through would alias an operand: copy it out.
at::Tensor fresh(at::Tensor y, const std::vector<at::Tensor>& operands) {
  bool alias = !y.is_contiguous();
  for (const at::Tensor& x : operands) alias = alias || y.is_alias_of(x);
  return alias ? y.clone(at::MemoryFormat::Contiguous) : y;
}

}  // namespace

bool has_local_kernel(const std::string& op_name) { return registry().count(op_name) != 0; }

std::optional<at::Tensor> apply_local_kernel(const BindingStmt& b, const std::vector<KernelOperand>& operands, at::ScalarType dtype) {
  auto it = registry().find(b.op);
  if (it == registry().end()) return std::nullopt;
  std::vector<at::Tensor> tensors;
  tensors.reserve(operands.size());
  for (const KernelOperand& op : operands)
    tensors.push_back(op.tensor ? *op.tensor : at::scalar_tensor(op.literal, at::TensorOptions().dtype(dtype)));
  return fresh(it->second(b, tensors), tensors);
}

at::ScalarType to_scalar_type(DType d) {
  switch (d) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::BF16: return at::kBFloat16;
  }
  throw std::invalid_argument("unknown dtype");
}

}  // namespace spmdcheck
