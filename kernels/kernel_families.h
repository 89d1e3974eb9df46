#pragma once
// The kernel registry and the families that fill it, one file per op family
// (kernels/*_kernels.cpp). Internal to spmd_kernels.
#include <string>
#include <unordered_map>
#include <vector>

#include "kernels/kernel_call.h"

namespace spmdcheck {

using Kernel = std::vector<at::Tensor> (*)(const KernelCall& call);
using KernelRegistry = std::unordered_map<std::string, Kernel>;

// Elementwise arithmetic and activations (add, sub, mul, div, neg, exp, ...).
void register_elementwise_kernels(KernelRegistry& r);
// div and divide (one meaning): a / b, or rounded toward zero or down by
// the call's rounding_mode ("trunc", "floor"; None: true division).
at::Tensor divide(const KernelCall& c);
// Reductions, matmul, transpose, cat.
void register_structure_kernels(KernelRegistry& r);
// addmm, addmv, addbmm, baddbmm, addr.
void register_decomposition_kernels(KernelRegistry& r);
// Shape and structure: stack, reshape, permute, squeeze, expand, flip,
// roll, diagonal, repeat, unfold, ... (shape_structure_kernels.cpp).
void register_shape_structure_kernels(KernelRegistry& r);
// The numeric family: positive, detach, nansum, cumsum, pow, softmax, where,
// clamp, norm, comparisons, ... (kernels/numeric_kernels.cpp).
void register_numeric_kernels(KernelRegistry& r);
// mm, bmm, mv, dot, einsum.
void register_contraction_kernels(KernelRegistry& r);
// zeros, ones, full, their *_like forms, arange, linspace, eye.
void register_factory_kernels(KernelRegistry& r);
// Several results and indices (split, chunk, unbind, narrow, select,
// index_select, gather, max, min, sort, topk).
void register_results_kernels(KernelRegistry& r);

}  // namespace spmdcheck
