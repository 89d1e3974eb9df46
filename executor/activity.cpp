#include "executor/activity.h"

namespace spmdcheck {

ExecutorActivity& current_activity() {
  thread_local ExecutorActivity activity;
  return activity;
}

}  // namespace spmdcheck
