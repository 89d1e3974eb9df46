#include "mpi_runner/watchdog.h"

#include <mpi.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "executor/activity.h"
#include "program/program_text.h"

namespace spmdcheck {
namespace {

using Clock = std::chrono::steady_clock;

std::string statement_text(const ExecutorActivity& a) {
  if (!a.program || !a.statement) return "none (between statements: the runner's own agreement or gather)";
  size_t index = 0;
  for (size_t i = 0; i < a.program->statements.size(); ++i)
    if (&a.program->statements[i] == a.statement) index = i + 1;
  return "statement " + std::to_string(index) + " `" + print_statement(a.program->mesh, *a.statement) + "`" +
         (a.backward ? " (its backward)" : " (forward)");
}

std::string wait_message(const WaitWhat& what, double waited_seconds, const ExecutorActivity& activity) {
  const WatchdogSettings& s = watchdog_settings();
  std::string ranks = "all ranks";
  if (what.ranks) {
    ranks = "ranks";
    for (size_t i = 0; i < what.ranks->size(); ++i) ranks += (i ? ", " : " ") + std::to_string((*what.ranks)[i]);
  }
  std::string message = "spmdcheck-mpi: watchdog: rank " + std::to_string(s.world_rank) + ": " + what.operation +
                        (what.axis.empty() ? "" : " over axis " + what.axis) + " among " + ranks + " did not complete within " +
                        std::to_string(static_cast<int>(s.timeout_seconds)) + " s (waited " + std::to_string(waited_seconds) +
                        " s): a rank hangs, died, or left the collective order\n";
  message += "  program: " + (s.program_context ? s.program_context() : std::string("unknown")) + "\n";
  message += "  " + statement_text(activity) + "\n";
  if (activity.program) message += "  the program:\n" + print_program(*activity.program);
  return message;
}

// What the main thread is blocked in, for the watchdog thread.
struct Watched {
  std::mutex mutex;
  std::condition_variable wake;
  bool active = false, stop = false, running = false;
  WaitWhat what{"", "", nullptr, false};
  ExecutorActivity activity;
  Clock::time_point since;
  std::thread thread;
};

Watched& watched() {
  static Watched w;
  return w;
}

void watch_loop() {
  Watched& w = watched();
  std::unique_lock<std::mutex> lock(w.mutex);
  while (!w.stop) {
    w.wake.wait_for(lock, std::chrono::milliseconds(100));
    if (!w.active) continue;
    const double waited = std::chrono::duration<double>(Clock::now() - w.since).count();
    if (waited <= watchdog_settings().timeout_seconds) continue;
    // The main thread is blocked inside MPI: what it points at is stable.
    std::fputs(wait_message(w.what, waited, w.activity).c_str(), stderr);
    std::fflush(stderr);
    std::_Exit(kExitWatchdog);
  }
}

}  // namespace

BlockingScope::BlockingScope(const WaitWhat& what) {
  Watched& w = watched();
  std::lock_guard<std::mutex> lock(w.mutex);
  w.what = what;
  w.activity = current_activity();
  w.since = Clock::now();
  w.active = true;
}

BlockingScope::~BlockingScope() {
  Watched& w = watched();
  std::lock_guard<std::mutex> lock(w.mutex);
  w.active = false;
}

void start_watchdog_thread() {
  Watched& w = watched();
  std::lock_guard<std::mutex> lock(w.mutex);
  if (w.running) return;
  w.running = true;
  w.stop = false;
  w.thread = std::thread(watch_loop);
}

void stop_watchdog_thread() {
  Watched& w = watched();
  {
    std::lock_guard<std::mutex> lock(w.mutex);
    if (!w.running) return;
    w.stop = true;
    w.running = false;
  }
  w.wake.notify_all();
  w.thread.join();
}

WatchdogSettings& watchdog_settings() {
  static WatchdogSettings settings;
  return settings;
}

void watchdog_wait(const std::function<bool()>& done, const WaitWhat& what) {
  for (int i = 0; i < 256; ++i)
    if (done()) return;
  const auto start = Clock::now();
  const double timeout = watchdog_settings().timeout_seconds;
  while (!done()) {
    const double waited = std::chrono::duration<double>(Clock::now() - start).count();
    if (waited > timeout) watchdog_fire(what, waited);
    if (!what.patient || waited < 2e-3) {
      sched_yield();
    } else {
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(1e-3, waited / 10)));
    }
  }
}

void watchdog_fire(const WaitWhat& what, double waited_seconds) {
  std::fputs(wait_message(what, waited_seconds, current_activity()).c_str(), stderr);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, kExitWatchdog);
  std::_Exit(kExitWatchdog);  // MPI_Abort does not return; keep the compiler sure of it
}

}  // namespace spmdcheck
