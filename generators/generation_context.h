#pragma once
// State of one generate_program run, shared by its parts (not a public
// interface): the program so far, the checker's environment, the chooser.
#include <memory>
#include <string>
#include <vector>

#include "generators/program_generator.h"
#include "oracle/checker.h"

namespace spmdcheck::gen {

struct Context {
  Context(const RuleTable& table, const GenerationSettings& settings, Chooser& chooser, Mesh mesh, GenerationStats& stats);

  const RuleTable& table;
  const GenerationSettings& settings;
  Chooser& chooser;
  Program program;
  GenerationStats& stats;
  std::unique_ptr<ProgramChecker> checker;

  const std::vector<ValueInfo>& values() const { return checker->result().values; }
  int num_axes() const { return static_cast<int>(program.mesh.axes.size()); }
  int64_t axis_size(int a) const { return program.mesh.axes[a].size; }

  uint64_t pick(uint64_t n) { return chooser.choose(n); }
  bool chance(uint32_t percent) { return chooser.chance(percent); }

  DType pick_dtype();
  LocalType random_type();
  Shape random_shape(int min_rank, int max_rank);
  // A fresh input with these properties; returns its name. On a global
  // axis where `type` is V it shards a dim (shard_fresh).
  std::string fresh_input(DType dtype, const Shape& shape, const LocalType& type);
  // Global SPMD: the spec fresh inputs copy where they can (the anchor's,
  // or the dim a transition's src form names); set per statement.
  PartitionSpec spec_hint;
  // An existing value with exactly these properties (sometimes a fresh input
  // even when one exists, so programs keep growing new leaves).
  std::string value_with(DType dtype, const Shape& shape, const LocalType& type);
  // An existing typed scalar of this type, or (sometimes even when one
  // exists) a fresh `input sN : scalar TYPE`; returns its name.
  std::string scalar_with(const LocalType& type);
  // Indices of existing values satisfying `pred`: the values their names
  // denote (a value a transmuting assert retyped is no longer named).
  template <typename Pred>
  std::vector<int> values_where(Pred pred) const {
    std::vector<int> out;
    for (size_t i = 0; i < values().size(); ++i)
      if (!is_superseded(static_cast<int>(i)) && pred(values()[i])) out.push_back(static_cast<int>(i));
    return out;
  }
  bool is_superseded(int value) const { return static_cast<size_t>(value) < superseded_.size() && superseded_[value]; }
  void superseded(int value) {
    if (superseded_.size() <= static_cast<size_t>(value)) superseded_.resize(value + 1, false);
    superseded_[value] = true;
  }
  // One of `candidates` (value indices in binding order), biased towards the
  // most recent so that programs form deep dependency chains.
  int pick_recent(const std::vector<int>& candidates);
  std::string next_name();
  // Puts `b` to the checker; on success appends it to the program.
  bool try_binding(BindingStmt b);

 private:
  void shard_fresh(const Shape& shape, LocalType& type, TypeAnnot& annot);
  std::vector<bool> superseded_;
  int inputs_ = 0;
  int scalars_ = 0;
  int bindings_ = 0;
};

// Arguments as the generators write them.
KwArg keyword(const std::string& key, ArgValue value);
KwArg int_keyword(const std::string& key, int64_t value);
KwArg form_keyword(const std::string& key, Form form);
KwArg bool_keyword(const std::string& key, bool value);
Arg positional(ArgValue value);

// Writes `values` (one per parameter of `op`; nullopt: not given) as b's
// arguments the way PyTorch allows: the positional parameters in order up
// to a cut the chooser picks (a parameter before the cut that has no value
// is written with its default), every later given one by keyword, so each
// parameter is spelt both ways across programs.
void spell_call(Context& ctx, const OpRow& op, const std::vector<std::optional<ArgValue>>& values, BindingStmt& b);

// One attempt at a statement applying the local op row / transition row;
// false if the attempt was refused.
bool generate_local_op(Context& ctx, int op_index);
bool generate_transition(Context& ctx, int transition_index);
// A scalar loss derived from an existing value, with the table's allowed
// loss types; false if none could be built.
bool generate_loss(Context& ctx);
// A transmuting assert of a recent value (generators/transmute_generation.cpp);
// false if the table has none that applies to it.
bool generate_transmute(Context& ctx);

}  // namespace spmdcheck::gen
