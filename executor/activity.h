#pragma once
// What the executor is doing right now, for messages from code that may
// block inside a collective (the MPI and NCCL watchdogs): the program, the
// statement being run and whether it runs forward or as part of backward.
// One record per thread; execute_program sets it per statement and clears it
// on return, a transition's autograd backward sets it for its own statement.
// Pointers only (formatting happens when a message is needed), so keeping it
// costs nothing on the simulated path.
#include "program/program.h"

namespace spmdcheck {

struct ExecutorActivity {
  const Program* program = nullptr;
  const Statement* statement = nullptr;  // null: between statements
  bool backward = false;
};

ExecutorActivity& current_activity();

// Sets the activity for a scope and restores the previous one.
class ActivityScope {
 public:
  explicit ActivityScope(const ExecutorActivity& now) : saved_(current_activity()) { current_activity() = now; }
  ~ActivityScope() { current_activity() = saved_; }
  ActivityScope(const ActivityScope&) = delete;
  ActivityScope& operator=(const ActivityScope&) = delete;

 private:
  ExecutorActivity saved_;
};

}  // namespace spmdcheck
