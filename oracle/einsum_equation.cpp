// at::einsum's parsing and size checks, step for step and in its order, so
// that the first error is the one LibTorch would raise (see the header).
#include "oracle/einsum_equation.h"

#include <algorithm>

namespace spmdcheck {
namespace {

constexpr int kEllipsis = -1;  // in a parsed term, before it is expanded

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
int letter_label(char c) { return c <= 'Z' ? c - 'A' : c - 'a' + 26; }
char label_letter(int l) { return static_cast<char>(l < 26 ? 'A' + l : 'a' + l - 26); }

std::string label_text(int l) {
  return l < kEinsumLetters ? std::string(1, label_letter(l)) : "ellipsis dim " + std::to_string(l - kEinsumLetters);
}

EinsumPlan failed(std::string reason, int operand = -1) {
  EinsumPlan p;
  p.error = std::move(reason);
  p.error_operand = operand;
  return p;
}

// `...` starting at text[i] (at::einsum requires the two dots after it).
bool ellipsis_at(std::string_view text, size_t i) { return i + 2 < text.size() && text[i + 1] == '.' && text[i + 2] == '.'; }

}  // namespace

EinsumPlan plan_einsum(std::string_view equation, const std::vector<Shape>& shapes) {
  const size_t n = shapes.size();
  if (n == 0) return failed("einsum needs at least one operand");
  const size_t arrow = equation.find("->");
  const std::string_view lhs = equation.substr(0, arrow);

  // The terms, one per operand.
  std::vector<std::vector<int>> terms(n);
  size_t current = 0;
  bool ellipsis_here = false;
  for (size_t i = 0; i < lhs.size(); ++i) {
    const char c = lhs[i];
    if (c == ' ') continue;
    if (c == '.') {
      if (ellipsis_here) return failed("term " + std::to_string(current) + " has a second ellipsis", static_cast<int>(current));
      if (!ellipsis_at(lhs, i)) return failed("the '.' at index " + std::to_string(i) + " is not part of an ellipsis '...'");
      i += 2;
      terms[current].push_back(kEllipsis);
      ellipsis_here = true;
    } else if (c == ',') {
      if (++current >= n) return failed("the equation has more terms than the " + std::to_string(n) + " operand(s)");
      ellipsis_here = false;
    } else if (is_letter(c)) {
      terms[current].push_back(letter_label(c));
    } else {
      return failed("invalid subscript '" + std::string(1, c) + "' at index " + std::to_string(i) + ": labels are [a-zA-Z]");
    }
  }
  if (current + 1 != n)
    return failed("the equation has " + std::to_string(current + 1) + " term(s) for " + std::to_string(n) + " operands");

  // Label counts; the dims an ellipsis covers at most; one label per dim.
  std::vector<int> count(kEinsumLetters, 0);
  int ellipsis_dims = 0;
  for (size_t o = 0; o < n; ++o) {
    int labels = static_cast<int>(terms[o].size());
    bool has_ellipsis = false;
    for (int l : terms[o]) {
      if (l == kEllipsis) {
        --labels;
        has_ellipsis = true;
        ellipsis_dims = std::max(ellipsis_dims, shapes[o].rank - labels);
      } else {
        ++count[l];
      }
    }
    if (has_ellipsis ? labels > shapes[o].rank : labels != shapes[o].rank)
      return failed("term " + std::to_string(o) + " has " + std::to_string(labels) + " label(s) for an operand of rank " +
                        std::to_string(shapes[o].rank) + (has_ellipsis ? "" : " and no ellipsis"),
                    static_cast<int>(o));
  }

  EinsumPlan plan;
  const int num_labels = kEinsumLetters + ellipsis_dims;
  plan.sizes.assign(static_cast<size_t>(num_labels), 1);
  plan.used.assign(static_cast<size_t>(num_labels), false);
  for (int l = 0; l < kEinsumLetters; ++l) plan.used[l] = count[l] > 0;
  for (int j = 0; j < ellipsis_dims; ++j) plan.used[kEinsumLetters + j] = true;

  // The output.
  if (arrow == std::string_view::npos) {
    for (int j = 0; j < ellipsis_dims; ++j) plan.output.push_back(kEinsumLetters + j);
    for (int l = 0; l < kEinsumLetters; ++l)
      if (count[l] == 1) plan.output.push_back(l);
  } else {
    const std::string_view rhs = equation.substr(arrow + 2);
    bool ellipsis_out = false;
    std::vector<bool> named(kEinsumLetters, false);
    for (size_t i = 0; i < rhs.size(); ++i) {
      const char c = rhs[i];
      if (c == ' ') continue;
      if (c == '.') {
        if (ellipsis_out) return failed("the output has a second ellipsis");
        if (!ellipsis_at(rhs, i))
          return failed("the '.' at index " + std::to_string(lhs.size() + 2 + i) + " is not part of an ellipsis '...'");
        i += 2;
        for (int j = 0; j < ellipsis_dims; ++j) plan.output.push_back(kEinsumLetters + j);
        ellipsis_out = true;
        continue;
      }
      if (!is_letter(c))
        return failed("invalid subscript '" + std::string(1, c) + "' at index " + std::to_string(lhs.size() + 2 + i) +
                      ": labels are [a-zA-Z]");
      const int l = letter_label(c);
      if (count[l] == 0 || named[l])
        return failed("output label " + std::string(1, c) +
                      (named[l] ? " appears more than once in the output" : " does not appear in any term"));
      named[l] = true;
      plan.output.push_back(l);
    }
  }

  // Sizes: one per label, broadcasting 1; a repeated label within a term
  // takes the diagonal of dims of equal size.
  plan.operands.resize(n);
  for (size_t o = 0; o < n; ++o) {
    const Shape& s = shapes[o];
    int dim = 0;
    std::vector<int>& dims = plan.operands[o];
    for (int l : terms[o]) {
      if (l == kEllipsis) {
        const int covered = s.rank - (static_cast<int>(terms[o].size()) - 1);
        for (int j = ellipsis_dims - covered; j < ellipsis_dims; ++j, ++dim) {
          int64_t& size = plan.sizes[kEinsumLetters + j];
          if (s.dims[dim] != 1) {
            if (size != 1 && size != s.dims[dim])
              return failed("dim " + std::to_string(dim) + " of operand " + std::to_string(o) + " (in its ellipsis) has size " +
                                std::to_string(s.dims[dim]) + ", which does not broadcast with size " + std::to_string(size),
                            static_cast<int>(o));
            size = s.dims[dim];
          }
          dims.push_back(kEinsumLetters + j);
        }
        continue;
      }
      const auto first = std::find(dims.begin(), dims.end(), l);
      if (first == dims.end()) {
        int64_t& size = plan.sizes[l];
        if (s.dims[dim] != 1) {
          if (size != 1 && size != s.dims[dim])
            return failed("label " + label_text(l) + " has size " + std::to_string(s.dims[dim]) + " in operand " + std::to_string(o) +
                              ", which does not broadcast with size " + std::to_string(size),
                          static_cast<int>(o));
          size = s.dims[dim];
        }
      } else if (s.dims[dim] != s.dims[first - dims.begin()]) {
        return failed("label " + label_text(l) + " is repeated in operand " + std::to_string(o) + " with sizes " +
                          std::to_string(s.dims[first - dims.begin()]) + " and " + std::to_string(s.dims[dim]),
                      static_cast<int>(o));
      }
      dims.push_back(l);
      ++dim;
    }
  }
  return plan;
}

double einsum_summed_terms(const EinsumPlan& plan) {
  double terms = 1;
  for (size_t l = 0; l < plan.used.size(); ++l)
    if (plan.used[l] && std::find(plan.output.begin(), plan.output.end(), static_cast<int>(l)) == plan.output.end())
      terms *= static_cast<double>(plan.sizes[l]);
  return terms;
}

double einsum_gradient_terms(const EinsumPlan& plan, const std::vector<Shape>& shapes) {
  double all = 1;
  for (size_t l = 0; l < plan.used.size(); ++l)
    if (plan.used[l]) all *= static_cast<double>(plan.sizes[l]);
  double most = 1;
  for (size_t o = 0; o < plan.operands.size() && o < shapes.size(); ++o) {
    // The operand's element fixes each of its distinct labels at its own
    // size there (1 where it broadcasts).
    double fixed = 1;
    const std::vector<int>& dims = plan.operands[o];
    for (size_t d = 0; d < dims.size(); ++d)
      if (std::find(dims.begin(), dims.begin() + static_cast<std::ptrdiff_t>(d), dims[d]) == dims.begin() + static_cast<std::ptrdiff_t>(d))
        fixed *= static_cast<double>(shapes[o].dims[d]);
    most = std::max(most, all / std::max(1.0, fixed));
  }
  return most;
}

}  // namespace spmdcheck
