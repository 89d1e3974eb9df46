#pragma once
// "Did you mean": the candidates nearest a misspelt name, for diagnostics
// that name something unknown (an op, a keyword).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spmdcheck {

// The candidates at the smallest edit distance (Levenshtein: insertions,
// deletions, substitutions) from `word`, in their given order, when that
// distance is at most max(1, |word| / 3); otherwise none. Comparisons are
// case-sensitive, as op names are.
std::vector<std::string> nearest_names(std::string_view word, std::span<const std::string> candidates);

}  // namespace spmdcheck
