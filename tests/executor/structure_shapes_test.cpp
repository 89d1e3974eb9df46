// The shape and structure family's shape rules against LibTorch itself: for
// random calls of every op of the family (random operand shapes, dims, sizes
// and counts, valid or not) the checker must accept exactly the calls ATen
// runs, with ATen's result shape. The only calls the checker may refuse
// although ATen runs them are those spmdcheck cannot hold: a result with a
// dim of size 0 (shape.empty), and mT of a 0-d tensor (an identity PyTorch
// deprecates: its documented domain is matrices). Because the checker's verdict decides whether
// a generated program runs, a difference here is either an unrunnable
// program (accepted, ATen throws) or a lost one (refused, ATen runs).
#include <random>
#include <sstream>

#include <c10/util/Logging.h>

#include "executor_test_support.h"
#include "kernels/local_kernels.h"

namespace spmdcheck {
namespace {

struct RandomCall {
  std::string text;                // the call, all parameters by position (keyword-only ones by keyword)
  std::vector<at::Tensor> inputs;  // x0, x1, ...
  std::vector<KernelArg> args;     // what the kernel receives, per parameter
};

class Draw {
 public:
  explicit Draw(uint32_t seed) : rng_(seed) {}
  int64_t in(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool chance(int percent) { return in(0, 99) < percent; }
  std::vector<int64_t> shape() {
    std::vector<int64_t> s(static_cast<size_t>(in(0, 4)));
    for (int64_t& d : s) d = chance(35) ? 1 : in(2, 4);
    return s;
  }

 private:
  std::mt19937 rng_;
};

std::string list_text(const std::vector<int64_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

// A call of `op` with random arguments of each parameter's role.
RandomCall random_call(const OpRow& op, Draw& draw) {
  RandomCall c;
  c.args.resize(op.params.size());
  std::vector<std::string> positional, keywords;
  auto tensor = [&] {
    const std::vector<int64_t> s = draw.shape();
    c.inputs.push_back(test::iota(s, 1));
    return "x" + std::to_string(c.inputs.size() - 1);
  };
  for (size_t p = 0; p < op.params.size(); ++p) {
    const ParamSpec& spec = op.params[p];
    KernelArg& a = c.args[p];
    std::string text;
    if (spec.role == ParamRole::Operand) {
      text = tensor();
      a.kind = KernelArg::Kind::Tensor;
      a.tensor = c.inputs.back();
    } else if (spec.role == ParamRole::Operands) {
      a.kind = KernelArg::Kind::Tensors;
      // Stacks of one shape now and then, so the joining ops also succeed.
      const int n = static_cast<int>(draw.in(1, 3));
      const bool same = draw.chance(40);
      for (int i = 0; i < n; ++i) {
        if (same && i > 0) c.inputs.push_back(c.inputs.back().clone());
        text += (i ? ", " : "") + (same && i > 0 ? "x" + std::to_string(c.inputs.size() - 1) : tensor());
        a.tensors.push_back(c.inputs.back());
      }
      text = "[" + text + "]";
    } else if (spec.accepts_none && draw.chance(25)) {
      text = "None";
    } else if (spec.role == ParamRole::Int) {
      a.kind = KernelArg::Kind::Int;
      a.integer = draw.in(-4, 5);
      a.number = static_cast<double>(a.integer);
      a.ints = {a.integer};
      text = std::to_string(a.integer);
    } else if (spec.role == ParamRole::Ints) {
      a.kind = KernelArg::Kind::Ints;
      a.ints.resize(static_cast<size_t>(draw.in(0, 4)));
      for (int64_t& v : a.ints) v = draw.in(-3, 4);
      text = list_text(a.ints);
    } else {
      ADD_FAILURE() << op.name << ": no random argument for role " << param_role_name(spec.role);
    }
    if (spec.name == "output_size") {  // ATen trusts it unchecked (buffer size): only None here
      a = KernelArg{};
      continue;
    }
    if (spec.keyword_only)
      keywords.push_back(spec.name + "=" + text);
    else
      positional.push_back(text);
  }
  c.text = op.name + "(";
  for (size_t i = 0; i < positional.size() + keywords.size(); ++i)
    c.text += (i ? ", " : "") + (i < positional.size() ? positional[i] : keywords[i - positional.size()]);
  c.text += ")";
  return c;
}

std::string program_text(const RandomCall& c) {
  std::string text = "mesh m=1\n";
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    std::string shape;
    for (int64_t s : c.inputs[i].sizes()) shape += (shape.empty() ? "" : ", ") + std::to_string(s);
    text += "input x" + std::to_string(i) + " : f64[" + shape + "] {m: V}\n";
  }
  return text + "y = " + c.text + "\n";
}

bool has_empty_dim(const at::Tensor& t) {
  for (int64_t s : t.sizes())
    if (s == 0) return true;
  return false;
}

// What the checker may refuse although ATen runs it.
bool allowed_refusal(const OpRow& op, const RandomCall& c, const CheckResult& checked, const at::Tensor& ran) {
  if (checked.error->rule_id == "shape.empty") return has_empty_dim(ran);
  return op.name == "mT" && c.inputs[0].dim() == 0 && checked.error->rule_id == "shape.operand_rank";
}

TEST(StructureShapes, TheCheckerAcceptsExactlyWhatATenRuns) {
  // Most random calls are refused, and a c10::Error collects a symbolised
  // stack trace (milliseconds each): none is needed here.
  c10::SetStackTraceFetcher([] { return std::string(); });
  const RuleTable& table = *default_rule_table();
  Draw draw(20261202);
  int ops = 0, total_refused = 0;
  for (const OpRow& op : table.ops) {
    // The family's kinds, Stack through Unfold, and concat (cat's kind).
    if ((op.shape < ShapeRule::Stack || op.shape > ShapeRule::Unfold) && op.name != "concat") continue;
    ++ops;
    int accepted = 0, refused = 0;
    for (int trial = 0; trial < 600; ++trial) {
      const RandomCall c = random_call(op, draw);
      const std::string text = program_text(c);
      ParseResult parsed = parse_program(text);
      ASSERT_TRUE(parsed.program) << text;
      const CheckResult checked = check_program(table, *parsed.program);
      std::optional<at::Tensor> ran;
      std::string aten_error;
      try {
        const std::optional<std::vector<at::Tensor>> y = apply_local_kernel(KernelCall{op, c.args, at::kDouble});
        ASSERT_TRUE(y && y->size() == 1) << op.name;
        ran = (*y)[0];
      } catch (const std::exception& e) {
        aten_error = e.what();
        aten_error = aten_error.substr(0, aten_error.find('\n'));
      }
      if (checked.ok()) {
        ++accepted;
        ASSERT_TRUE(ran) << "the checker accepts what ATen refuses (" << aten_error << "):\n" << text;
        const Shape& s = checked.values.back().shape;
        EXPECT_EQ(ran->sizes(), at::IntArrayRef(s.dims.data(), s.rank)) << text;
      } else {
        ++refused;
        if (ran)
          EXPECT_TRUE(allowed_refusal(op, c, checked, *ran))
              << "the checker refuses (" << checked.error->rule_id << ": " << checked.error->message << ") what ATen runs, giving "
              << ran->sizes() << ":\n"
              << text;
      }
    }
    EXPECT_GT(accepted, 0) << op.name;  // the random calls reach the op's accepting side
    total_refused += refused;
  }
  EXPECT_EQ(ops, 34);
  EXPECT_GT(total_refused, 1000);
}

}  // namespace
}  // namespace spmdcheck
