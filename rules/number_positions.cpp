#include "rules/number_positions.h"

#include "rules/local_typing.h"

namespace spmdcheck {
namespace {

bool elementwise_operand(const ParamSpec& p) {
  return is_typing_role(p.role) && p.role != ParamRole::Index && p.role != ParamRole::Operands;
}

}  // namespace

bool literal_may_stand(const OpRow& op, int p) {
  if (op.shape != ShapeRule::Elementwise || !elementwise_operand(op.params[p])) return false;
  int operands = 0;
  for (const ParamSpec& q : op.params) operands += elementwise_operand(q);
  return operands >= 2;
}

bool number_may_stand(const OpRow& op, int p) {
  return literal_may_stand(op, p) || (op.params[p].role == ParamRole::Number && param_types(op, p));
}

}  // namespace spmdcheck
