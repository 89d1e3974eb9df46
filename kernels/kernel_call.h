#pragma once
// One call of a local op's kernel: the op row's parameters, each holding
// what the checked binding bound to it (a tensor, a list of tensors, a
// number, ...), and the result dtype the checker inferred. Built the same way
// by the executor (per rank) and the reference interpreter (per denotation
// item), so an op means the same everywhere.
#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "oracle/checker.h"

namespace spmdcheck {

struct KernelArg {
  enum class Kind : uint8_t { None, Tensor, Tensors, Int, Number, Ints, Bool, String };
  Kind kind = Kind::None;
  // Tensor: a bound value; a number at an operand position becomes a 0-dim
  // tensor of the call's dtype (PyTorch's weak scalar promotion keeps the
  // other operand's dtype), and so does a typed scalar.
  at::Tensor tensor;
  std::vector<at::Tensor> tensors;  // Tensors
  int64_t integer = 0;              // Int
  double number = 0;                // Number (an Int also sets it)
  std::vector<int64_t> ints;        // Ints (an Int also sets it, as a list of one)
  bool boolean = false;
  std::string text;
};

struct KernelCall {
  const OpRow& op;
  std::vector<KernelArg> args;  // one per op.params entry
  at::ScalarType dtype;         // the operands' promoted dtype (ResolvedBinding::dtype, or f64 in the reference)

  // By parameter name; the row declares it (the linter and the checker
  // guarantee it for the names a shape rule reads; a kernel asking for an
  // undeclared name is a bug and throws std::logic_error).
  const KernelArg& arg(std::string_view param) const;
  const at::Tensor& tensor(std::string_view param) const;
  bool is_none(std::string_view param) const { return arg(param).kind == KernelArg::Kind::None; }
  int64_t integer(std::string_view param, int64_t fallback) const;  // fallback for None
  // A Number or Int, or a typed scalar's value (its 0-dim tensor); else `fallback`.
  double number(std::string_view param, double fallback) const;
  bool boolean(std::string_view param, bool fallback) const;
};

// Returns the tensor of a value index (a rank's tensor, or a denotation item).
using ValueTensor = std::function<at::Tensor(int value)>;

// The call of resolved local-op binding `r` (rows of `table`), with values
// read through `value_of`; `dtype` is the tensor dtype of numbers and typed
// scalars at operand positions: the binding's ResolvedBinding::dtype, or f64
// in the reference, which computes in f64 throughout.
KernelCall make_kernel_call(const RuleTable& table, const CheckResult& checked, const BindingStmt& b, const ResolvedBinding& r,
                            const ValueTensor& value_of, at::ScalarType dtype);

at::ScalarType to_scalar_type(DType d);

}  // namespace spmdcheck
