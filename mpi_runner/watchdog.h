#pragma once
// The watchdog: every wait for a collective of the MPI and NCCL runners goes
// through watchdog_wait, which polls the operation against a deadline. A
// collective that does not complete in time (a rank hangs, or left the
// collective order, or died without mpirun noticing) ends the whole job with
// one message naming the operation, its ranks, the program and the statement,
// then MPI_Abort. A rank that dies is noticed by mpirun itself, which ends the
// job; a rank that is still alive but stuck is this watchdog's.
#include <functional>
#include <string>
#include <vector>

namespace spmdcheck {

// Exit status of a job ended by the watchdog (through MPI_Abort).
inline constexpr int kExitWatchdog = 1;

struct WaitWhat {
  const char* operation;          // "all_reduce_sum", "gather to rank 0", ...
  std::string axis;               // the mesh axis, empty for the whole world
  const std::vector<int>* ranks;  // the world ranks taking part (null: all)
  // True where the wait is for another rank's computation (rank 0 checking),
  // not for data to move: such waits may sleep. Data movement is progressed
  // only inside MPI_Test, so collectives never sleep, they yield.
  bool patient = false;
};

struct WatchdogSettings {
  double timeout_seconds = 60;
  int world_rank = 0;
  // The program under test, for messages (seed and replay); set by the runner.
  std::function<std::string()> program_context;
};

WatchdogSettings& watchdog_settings();

// Marks a blocking call (an MPI collective) for the watchdog thread while it
// runs: if the scope lasts longer than the timeout, the thread prints the
// message and ends this process (std::_Exit(kExitWatchdog)); mpirun then ends
// the job. Collectives block rather than poll because Open MPI's nonblocking
// collectives (libnbc) progress only inside MPI_Test and were up to 16x
// slower for 16 MiB messages on oversubscribed cores. The thread calls no MPI
// function, so MPI_THREAD_FUNNELED suffices.
class BlockingScope {
 public:
  explicit BlockingScope(const WaitWhat& what);
  ~BlockingScope();
  BlockingScope(const BlockingScope&) = delete;
  BlockingScope& operator=(const BlockingScope&) = delete;
};

// Starts (and stops) the thread that watches BlockingScopes; without it a
// BlockingScope only records.
void start_watchdog_thread();
void stop_watchdog_thread();

// Polls `done` until it returns true. Spins briefly, then yields; a patient
// wait sleeps after 2 ms for a tenth of the time waited so far (at most
// 1 ms), so ranks waiting for the checker leave the CPU to it.
void watchdog_wait(const std::function<bool()>& done, const WaitWhat& what);

// Prints the message (operation, ranks, program, statement) to standard
// error, then MPI_Abort(kExitWatchdog). Called on the waiting thread.
[[noreturn]] void watchdog_fire(const WaitWhat& what, double waited_seconds);

}  // namespace spmdcheck
