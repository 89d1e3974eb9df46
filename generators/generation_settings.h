#pragma once
// Generation settings are data: they are printed in every reproducer and
// parsed back by --gen, so a replay line fixes the program exactly.
//
// Text form (space-separated key=value, any order, all optional):
//   statements=10-20 axes=1-3 axis_size=8 ranks=16 rank=0-3 dim=6
//   dtypes=f64,f32,bf16 mesh=dp=2,tp=2 weight.coll.all_to_all.v_to_v=3 loss=50 scalars=10
//   special=0 special_rate=5 global=25
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "program/tensor_meta.h"

namespace spmdcheck {

inline constexpr int kMaxAxesForGeneration = 6;

struct GenerationSettings {
  int min_statements = 10, max_statements = 20;  // bindings, inputs not counted
  int min_axes = 1, max_axes = 3;
  // Axis sizes 1..8 include the primes 5 and 7 (odd chunks, no power-of-two
  // accident); max_ranks keeps meshes small (an 8-rank axis leaves room for
  // one of 2) so the search stays fast.
  int max_axis_size = 8;
  int max_ranks = 16;
  int min_rank = 0, max_rank = 3;  // tensor rank of fresh inputs
  int max_dim = 6;                 // largest free dim of fresh inputs
  // Every dtype by default: f32 and bf16 round where f64 is exact, which is
  // where tolerances must stay tight (oracle/value_tolerance).
  std::vector<DType> dtypes = {DType::F64, DType::F32, DType::BF16};
  std::string mesh;       // "dp=2,tp=2": fixed mesh; empty: drawn
  int loss_percent = 50;  // programs that end in a `loss`
  // Typed scalars (`input s : scalar TYPE`): the chance, in percent, that an
  // elementwise op's value operand is one, and half of it that every
  // operand is (scalar arithmetic).
  int scalar_percent = 10;
  // Special values in test data (executor/special_values.h): the percent of
  // programs whose floating inputs hold NaN, +-inf, +-0 and large magnitudes,
  // and the percent of elements that are special in such a program. Whether
  // a program is special is a function of its data seed (special_data_for).
  // On in a tenth of the programs by default. The default table is sound on
  // them under its stated assumption finite_factors (a P value is never
  // multiplied by an infinity: [table] assumes, DESIGN.md "Special values");
  // without it the search finds P x inf within a few hundred programs
  // (tests/soundness/special_values_test.cpp).
  int special_percent = 10;
  int special_rate = 5;
  // Global SPMD (DESIGN.md §8): the percent of programs whose mesh ends in
  // global axes (1 to all of them, a suffix), where V inputs shard a dim.
  // A fifth by default, so every search meets global programs; `soundness
  // --global` sets 100, `--gen global=0` keeps to local programs.
  int global_percent = 20;
  uint32_t op_weight = 3;                   // default weight of [[op]] rows
  uint32_t transition_weight = 1;           // default weight of [[transition]] rows
  std::map<std::string, uint32_t> weights;  // per rule id, overriding the defaults

  uint32_t weight_of(const std::string& rule_id, uint32_t fallback) const;
  std::string to_string() const;  // canonical text form; parse(to_string()) == *this
};

// Whether the program whose data seed is `data_seed` gets special values:
// a fixed hash of the seed below special_percent, so a replay of the seed,
// and every rank of it, decides the same.
bool special_data_for(const GenerationSettings& settings, uint64_t data_seed);

// Parses the text form; on error returns nullopt and sets `error`.
std::optional<GenerationSettings> parse_generation_settings(const std::string& text, std::string& error);

// A fixed mesh spec "dp=2,tp=2" as axis names and sizes; empty on error.
std::vector<std::pair<std::string, int64_t>> parse_mesh_spec(const std::string& spec, std::string& error);

}  // namespace spmdcheck
