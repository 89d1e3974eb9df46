#pragma once
// Search chunks (soundness/soundness_search.h) as bytes, for a distributed
// search's processes to send their chunks to rank 0. Everything a report
// prints round-trips: counts, row hits, features, errors, found times and
// counterexamples (programs as .spmd text, which print/parse keeps fixed;
// doubles by their bits, so NaN, infinities and -0 survive).
#include <optional>
#include <string>
#include <vector>

#include "soundness/soundness_search.h"

namespace spmdcheck {

std::string encode_search_chunks(const std::vector<SearchChunk>& chunks);

// The chunks of encode_search_chunks(), or nothing (with `error`) where the
// bytes are not such an encoding.
std::optional<std::vector<SearchChunk>> decode_search_chunks(const std::string& bytes, std::string& error);

}  // namespace spmdcheck
