#pragma once
// Internal state of a ProgramChecker, shared by the statement checker, the
// local-op and transition rule kinds and the shape rules. Not a public
// interface.
#include <string>
#include <string_view>
#include <vector>

#include "common/template.h"
#include "oracle/checker.h"
#include "program/program_text.h"

namespace spmdcheck::check {

// Thrown at the first error of a statement; ProgramChecker::add returns it.
// Every rule kind throws before it changes the environment, so a rejected
// statement leaves the checker as it was.
struct CheckFailure {
  Diagnostic diagnostic;
};

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
  // Fails with a table row (a rejecting judgment or a [[diagnostic]] row).
  [[noreturn]] void fail(RuleIndex rule, SourceLoc loc, const TemplateArgs& args);
  [[noreturn]] void fail(std::string_view diagnostic_id, SourceLoc loc, const TemplateArgs& args);

  // Value lookup; fails with name.unbound.
  int lookup(std::string_view name, SourceLoc loc) const;
  const ValueInfo& value(int index) const { return result.values[index]; }
  // Binds a new value; fails with name.rebound.
  int bind(ValueInfo info, SourceLoc loc);

  std::string type_text(const LocalType& t) const;
  std::string axis_list() const;

 private:
  // The index of the value named `name`, or -1.
  int find(std::string_view name) const;
  // Adds result.values[index] to the name index.
  void index_value(int index);

  RuleHits* hits_;
  // Name -> value index: an open-addressing hash table of indices into
  // result.values, whose names are the keys. It owns no strings (the
  // statements may be temporaries, and result.values moves its strings when
  // it grows), so binding a name allocates only when the table doubles.
  std::vector<int> slots_;  // -1: empty; size 0 or a power of two
};

// Canonicalises a possibly negative dim against `rank` positions; fails with
// shape.dim_range naming `op`, or shape.scalar_operand when there are none.
int64_t canonical_dim(Context& ctx, int64_t dim, int rank, std::string_view op, SourceLoc loc);

// Keyword lookup on a binding; null if absent.
const KwArg* find_keyword(const BindingStmt& b, std::string_view key);
// Fails with call.keyword_duplicate if a key repeats, call.keyword_unknown if
// `allowed` rejects one; `known()` gives the message's list of keywords (only
// built on that failure).
template <typename Allowed, typename Known>
void check_keywords(Context& ctx, const BindingStmt& b, std::string_view op_text, Allowed allowed, Known known);
// Integer keyword or fallback; fails with call.keyword_value on another kind.
int64_t int_keyword(Context& ctx, const BindingStmt& b, std::string_view key, int64_t fallback, bool* given = nullptr);

void check_local_op(Context& ctx, const BindingStmt& b, int op_index);
void check_transition(Context& ctx, const BindingStmt& b, int comm_index);

template <typename Allowed, typename Known>
void check_keywords(Context& ctx, const BindingStmt& b, std::string_view op_text, Allowed allowed, Known known) {
  for (size_t i = 0; i < b.kwargs.size(); ++i) {
    const KwArg& kw = b.kwargs[i];
    for (size_t j = 0; j < i; ++j)
      if (b.kwargs[j].key == kw.key) ctx.fail("call.keyword_duplicate", kw.loc, {{"key", kw.key}});
    if (!allowed(kw.key)) ctx.fail("call.keyword_unknown", kw.loc, {{"op", std::string(op_text)}, {"key", kw.key}, {"known", known()}});
  }
}

}  // namespace spmdcheck::check
