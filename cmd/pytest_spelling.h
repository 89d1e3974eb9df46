#pragma once
// A checked .spmd program's statements spelt as Python against spmd_types'
// API (commit 6dbe9e2) and PyTorch, for `spmdcheck export --pytest`
// (cmd/pytest_export.h). Values become Python variables `v_NAME` (a value
// name may be a Python keyword), mesh axes the strings spmd_types resolves
// through set_current_mesh, forms the type objects R, I, V, P and S(k). How
// an op is reached in PyTorch (torch.NAME, a Tensor method, a property) is
// read from the as-implemented table's `registry` keys, which cite
// spmd_types' registry; ops outside the registry are torch.NAME unless
// PyTorch exposes them elsewhere (kOpsOutsideTorch in the .cpp). Anything
// that has no spelling there (raw torch.distributed ops, typed scalar
// arithmetic other than + - * /) throws SpellingError with the reason.
#include <stdexcept>
#include <string>

#include "oracle/checker.h"

namespace spmdcheck {

struct SpellingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The Python variable of a value name.
std::string python_variable(const std::string& value_name);

// "torch.float64" and kin.
std::string python_dtype(DType d);

// A double as a Python float literal: `0.25`, `2.0`, `float("inf")`, `float("nan")`.
std::string python_float(double x);

// `{"dp": P, "tp": V}`: a type in mesh order, keyed by axis name.
std::string python_type_dict(const Mesh& mesh, const LocalType& type);

// assert_type's arguments for a type with its partition spec (global SPMD):
// S(k) on a global axis that alone shards dim k (`{"dp": V, "tp": S(0)}`);
// where one dim has several axes, V on each and spmd_types' PartitionSpec
// with every dim, major axis first (`{"cp": V, "tp": V},
// PartitionSpec(("cp", "tp"), None)`). `rank`: the value's. An empty spec
// is python_type_dict's text.
std::string python_type_args(const Mesh& mesh, const LocalType& type, const PartitionSpec& spec, int rank);

// The right-hand side of binding `b` (the checker's `r`), as Python;
// `table` is the one that checked it, `spelling` the as-implemented table
// whose registry keys say how PyTorch spells each op.
std::string python_call(const RuleTable& table, const RuleTable& spelling, const CheckResult& checked, const BindingStmt& b,
                        const ResolvedBinding& r);

}  // namespace spmdcheck
