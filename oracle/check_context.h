#pragma once
// Internal state of a ProgramChecker, shared by the statement checker, the
// local-op and transition rule kinds and the shape rules. Not a public
// interface.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/template.h"
#include "oracle/checker.h"
#include "program/program_text.h"

namespace spmdcheck::check {

// What Context::fail returns: a rejection. It converts to `false` for a
// check step that returns bool and to an empty optional for one that returns
// a value, so every rejecting site reads `return ctx.fail(...)`.
//
// Rejections are returned, not thrown: most fuzzed and near-miss programs are
// rejected, and under ASan one throw costs about 12 us (fuzz/README.md,
// Speed). Every check step that can reject is [[nodiscard]] and returns at its
// first failure, before it changes the environment, so a rejected statement
// leaves the checker as it was; the diagnostic is in Context::error.
struct [[nodiscard]] Rejected {
  // To bool only, never onwards to int: std::optional<int> must take the
  // conversion below, not hold a 0 converted from `false`.
  template <typename T, std::enable_if_t<std::is_same_v<T, bool>, int> = 0>
  constexpr operator T() const {  // NOLINT: implicit on purpose
    return false;
  }
  template <typename T>
  constexpr operator std::optional<T>() const {  // NOLINT: implicit on purpose
    return std::nullopt;
  }
};
static_assert(!std::is_convertible_v<Rejected, int>);
static_assert(!std::optional<int>(Rejected{}).has_value());

class Context {
 public:
  Context(const RuleTable& table, const Mesh& mesh, RuleHits* hits, CheckResult& result)
      : table(table), mesh(mesh), result(result), hits_(hits) {}

  const RuleTable& table;
  const Mesh& mesh;
  CheckResult& result;

  void hit(RuleIndex r) {
    if (hits_) (*hits_)[r] += 1;
  }
  // The rejection of the statement being checked, set by fail().
  std::optional<Diagnostic> error;
  // The statement being checked: how many were accepted before it (its
  // index in the program a generator or check_program builds).
  size_t statement = 0;

  // Rejects with a table row (a rejecting judgment or a [[diagnostic]] row):
  // sets `error`.
  Rejected fail(RuleIndex rule, SourceLoc loc, const TemplateArgs& args);
  Rejected fail(std::string_view diagnostic_id, SourceLoc loc, const TemplateArgs& args);

  // Whether a value of that name is bound (no failure).
  bool is_bound(std::string_view name) const { return find(name) >= 0; }
  // Value lookup; fails with name.unbound.
  [[nodiscard]] std::optional<int> lookup(std::string_view name, SourceLoc loc);
  const ValueInfo& value(int index) const { return result.values[index]; }
  // Binds a new value; fails with name.rebound unless `rebinding`.
  [[nodiscard]] std::optional<int> bind(ValueInfo info, SourceLoc loc);
  // Set only while a transmuting assert retypes its value (oracle/
  // assert_transmute.cpp): bind() then makes the name denote the new value.
  bool rebinding = false;
  // Drops the values and bindings past these counts (names denote what they
  // did then): a statement that bound some and is then rejected.
  void roll_back(size_t values, size_t bindings);

  // Sizes the name index for `values` values in all (an optimisation only:
  // no rehashing while they are bound).
  void reserve_names(size_t values);

  std::string type_text(const LocalType& t) const;
  std::string axis_list() const;

 private:
  // The index of the value named `name`, or -1.
  int find(std::string_view name) const;
  int find(std::string_view name, uint64_t hash) const;  // hash: name_hash(name)
  // The slot of `name`'s value, or the empty slot where it would go.
  size_t slot_of(std::string_view name, uint64_t hash) const;
  // Rebuilds the index with `size` slots over the first `values` values.
  void rehash(size_t size, size_t values);

  RuleHits* hits_;
  // Name -> value index: an open-addressing hash table of indices into
  // result.values, whose names are the keys. It owns no strings (the
  // statements may be temporaries, and result.values moves its strings when
  // it grows), so binding a name allocates only when the table doubles.
  std::vector<int> slots_;  // -1: empty; size 0 or a power of two
};

// A binding built in place at the end of result.bindings, so the finished
// ResolvedBinding is not moved there (a move of its inline vectors cost
// about a twentieth of the checker's time). Unless commit() is called, the
// destructor removes it: a rejected statement leaves bindings as they were.
// Nothing reads result.bindings while a statement is being checked.
class PendingBinding {
 public:
  explicit PendingBinding(CheckResult& result) : bindings_(result.bindings), binding(bindings_.emplace_back()) {}
  ~PendingBinding() {
    if (!committed_) bindings_.pop_back();
  }
  PendingBinding(const PendingBinding&) = delete;
  PendingBinding& operator=(const PendingBinding&) = delete;
  // Keeps the binding; true, for `return ... && pending.commit();`.
  bool commit() { return committed_ = true; }

 private:
  std::vector<ResolvedBinding>& bindings_;
  bool committed_ = false;

 public:
  ResolvedBinding& binding;  // valid until the statement's next binding
};

// Canonicalises a possibly negative dim against `rank` positions; fails with
// shape.dim_range naming `op`, or shape.scalar_operand when there are none.
[[nodiscard]] std::optional<int64_t> canonical_dim(Context& ctx, int64_t dim, int rank, std::string_view op, SourceLoc loc);

// Keyword lookup on a binding; null if absent.
const KwArg* find_keyword(const BindingStmt& b, std::string_view key);
// Fails with call.keyword_duplicate if a key repeats, call.keyword_unknown if
// `allowed` rejects one; `known()` gives the message's list of keywords (only
// built on that failure).
template <typename Allowed, typename Known>
[[nodiscard]] bool check_keywords(Context& ctx, const BindingStmt& b, std::string_view op_text, Allowed allowed, Known known);
// Integer keyword or fallback; fails with call.keyword_value on another kind.
[[nodiscard]] std::optional<int64_t> int_keyword(Context& ctx, const BindingStmt& b, std::string_view key, int64_t fallback,
                                                 bool* given = nullptr);

[[nodiscard]] bool check_local_op(Context& ctx, const BindingStmt& b, int op_index);
[[nodiscard]] bool check_transition(Context& ctx, const BindingStmt& b, int comm_index);

template <typename Allowed, typename Known>
bool check_keywords(Context& ctx, const BindingStmt& b, std::string_view op_text, Allowed allowed, Known known) {
  for (size_t i = 0; i < b.kwargs.size(); ++i) {
    const KwArg& kw = b.kwargs[i];
    for (size_t j = 0; j < i; ++j)
      if (b.kwargs[j].key == kw.key) return ctx.fail("call.keyword_duplicate", kw.loc, {{"key", kw.key}});
    if (!allowed(kw.key))
      return ctx.fail("call.keyword_unknown", kw.loc, {{"op", std::string(op_text)}, {"key", kw.key}, {"known", known()}});
  }
  return true;
}

}  // namespace spmdcheck::check
