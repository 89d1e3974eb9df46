#pragma once
// parallel_map: fn(0..n-1) on `jobs` worker threads, results by index, so
// what a caller builds from them does not depend on the number of jobs
// (DESIGN.md §4b). Tasks are claimed one at a time (mutant searches differ
// in length by orders of magnitude). `done(finished, n, result)` is called
// on the calling thread after each task, one call at a time, in completion
// order. With jobs <= 1 everything runs on the calling thread.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace spmdcheck {

template <class T, class Fn>
std::vector<T> parallel_map(size_t n, int jobs, Fn&& fn, const std::function<void(size_t, size_t, const T&)>& done = {}) {
  std::vector<std::optional<T>> slots(n);
  if (jobs <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) {
      slots[i].emplace(fn(i));
      if (done) done(i + 1, n, *slots[i]);
    }
  } else {
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<size_t> finished;  // indices not yet reported, under mutex
    const size_t workers = std::min(n, static_cast<size_t>(jobs));
    std::vector<std::thread> threads;
    for (size_t w = 0; w < workers; ++w)
      threads.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) {
          T value = fn(i);
          std::lock_guard<std::mutex> lock(mutex);
          slots[i].emplace(std::move(value));
          finished.push_back(i);
          wake.notify_one();
        }
      });
    size_t reported = 0;
    std::unique_lock<std::mutex> lock(mutex);
    while (reported < n) {
      wake.wait(lock, [&] { return !finished.empty(); });
      std::vector<size_t> batch;
      batch.swap(finished);
      lock.unlock();
      for (size_t i : batch) {  // slots[i] is written once, before i is listed
        ++reported;
        if (done) done(reported, n, *slots[i]);
      }
      lock.lock();
    }
    lock.unlock();
    for (std::thread& t : threads) t.join();
  }
  std::vector<T> out;
  out.reserve(n);
  for (std::optional<T>& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace spmdcheck
