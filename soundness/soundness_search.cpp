#include "soundness/soundness_search.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <limits>
#include <mutex>
#include <thread>

#include "common/seed_stream.h"
#include "executor/rank_group.h"
#include "generators/program_generator.h"
#include "generators/program_shrinker.h"
#include "soundness/program_property.h"

namespace spmdcheck {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kNoIndex = std::numeric_limits<int64_t>::max();
// Programs per chunk (kSearchChunkPrograms): small enough that the workers
// stay balanced and a first counterexample stops the others soon, large
// enough that claiming and merging cost nothing next to the programs.

bool accepting_row(const RuleInfo& info) {
  return !info.rejects && info.section != RowSection::Type && info.section != RowSection::Diagnostic;
}

void lower_to(std::atomic<int64_t>& value, int64_t candidate) {
  int64_t seen = value.load();
  while (candidate < seen && !value.compare_exchange_weak(seen, candidate)) {
  }
}

// One process's search: the workers claim the chunks of its share; what
// each chunk found is kept apart for merge_chunks(), so the report depends
// on the programs alone, never on which worker or process ran which.
class Search {
 public:
  Search(const RuleTable& table, const SearchOptions& options)
      : table_(table), options_(options), jobs_(options.ranks ? 1 : std::max(1, options.jobs)), seen_(table.rules.size(), 0) {
    property_.gradients = options.gradients;
    property_.ranks = options.ranks;
    for (const RuleInfo& info : table.rules) rows_total_ += accepting_row(info);
  }

  std::vector<SearchChunk> run() {
    if (jobs_ == 1) {
      work(/*calling_thread=*/true);
    } else {
      std::vector<std::thread> workers;
      for (int w = 0; w < jobs_; ++w) workers.emplace_back([this] { work(/*calling_thread=*/false); });
      {
        std::unique_lock<std::mutex> lock(mutex_);
        while (finished_ < jobs_) {
          wake_.wait_for(lock, std::chrono::milliseconds(250));
          lock.unlock();
          exchange();
          if (options_.progress) options_.progress(progress());
          lock.lock();
        }
      }
      for (std::thread& t : workers) t.join();
    }
    return std::move(chunks_);
  }

  int rows_total() const { return rows_total_; }
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  int64_t program_limit() const {
    if (options_.program_seed) return 1;
    if (options_.max_programs > 0) return options_.max_programs;
    return options_.max_seconds > 0 ? kNoIndex : 0;  // no budget at all: nothing to do
  }

  uint64_t seed_of(int64_t index) const {
    return options_.program_seed ? *options_.program_seed : program_seed_of(options_.seed, static_cast<uint64_t>(index));
  }

  // The first stream index of this process's k-th chunk.
  int64_t chunk_begin(int64_t k) const {
    const StreamShare& share = options_.share;
    const int64_t parts = std::max(1, share.parts);
    const int64_t chunk = k * parts + share.part;
    return chunk > kNoIndex / kSearchChunkPrograms ? kNoIndex : chunk * kSearchChunkPrograms;
  }

  // With a rank group every process asks, in the same order, and the
  // checker's clock decides (SearchOptions::ranks).
  bool out_of_time() const {
    const bool late = options_.max_seconds > 0 && elapsed() >= options_.max_seconds;
    return options_.ranks && options_.max_seconds > 0 ? options_.ranks->from_checker(late) : late;
  }

  // A distributed search's processes tell each other their first
  // counterexamples (SearchOptions::first_found_anywhere).
  void exchange() {
    if (!options_.first_found_anywhere) return;
    const int64_t mine = local_first_.load();
    const int64_t anywhere = options_.first_found_anywhere(mine == kNoIndex ? -1 : mine);
    if (anywhere >= 0) lower_to(first_failure_, anywhere);
  }

  // Program `index` into `chunk`; true if it is a counterexample.
  bool check_at(int64_t index, SearchChunk& chunk) {
    SearchReport& report = chunk.part;
    const uint64_t program_seed = seed_of(index);
    SeededChooser chooser(program_seed);
    Program program = generate_program(table_, options_.settings, chooser);
    count_features(table_, program, check_program(table_, program, &report.hits), report.features);
    const uint64_t data_seed = data_seed_for(program_seed);
    PropertyOptions property = property_;
    property.special_rate = special_data_for(options_.settings, data_seed) ? options_.settings.special_rate : 0;
    PropertyOutcome outcome = check_program_property(table_, program, data_seed, property);
    ++report.programs;
    report.statements += static_cast<int64_t>(outcome.checked.bindings.size());
    if (!outcome.error.empty()) {
      report.errors.push_back("seed " + std::to_string(program_seed) + ": " + outcome.error);
      return false;
    }
    if (!outcome.failed()) return false;
    chunk.found_seconds.push_back(elapsed());
    Counterexample cx;
    cx.program_seed = program_seed;
    cx.index = index;
    cx.special_rate = property.special_rate;
    cx.original = program;
    cx.shrunk =
        shrink_program(table_, program, [&](const Program& p) { return check_program_property(table_, p, data_seed, property).failed(); });
    PropertyOutcome again = check_program_property(table_, cx.shrunk, data_seed, property);
    if (!again.failed()) {  // cannot happen while runs are deterministic; keep the original then
      cx.shrunk = program;
      again = outcome;
    }
    cx.inconsistency = again.first_failure();
    report.counterexamples.push_back(std::move(cx));
    return true;
  }

  // Claims chunks until the budget, the clock or a first counterexample
  // (stop_at_first: no program after it is needed) ends the search. The
  // calling thread (one job) also exchanges and draws progress.
  void work(bool calling_thread) {
    auto last_progress = Clock::now();
    const int64_t limit = program_limit();
    while (!stop_.load()) {
      const int64_t begin = chunk_begin(next_chunk_.fetch_add(1));
      if (begin >= limit || begin > first_failure_.load()) break;
      SearchChunk chunk;
      chunk.begin = begin;
      chunk.part.hits.assign(table_.rules.size(), 0);
      const int64_t end = std::min(limit, begin + kSearchChunkPrograms);
      for (int64_t i = begin; i < end && i <= first_failure_.load(); ++i) {
        if (out_of_time()) {
          stop_ = true;
          break;
        }
        const bool found = check_at(i, chunk);
        programs_done_.fetch_add(1);
        if (found) {
          ++counterexamples_;
          if (options_.stop_at_first) {
            lower_to(local_first_, i);
            lower_to(first_failure_, i);
            break;
          }
        }
        if (calling_thread && (found || Clock::now() - last_progress > std::chrono::milliseconds(250))) {
          last_progress = Clock::now();
          exchange();
          if (options_.progress) {
            publish(chunk, /*keep=*/false);
            options_.progress(progress());
          }
        }
      }
      publish(chunk, /*keep=*/true);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ++finished_;
    wake_.notify_all();
  }

  // The chunk's rows count for progress; a finished chunk is kept for merge_chunks().
  void publish(SearchChunk& chunk, bool keep) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t r = 0; r < chunk.part.hits.size(); ++r) seen_[r] |= chunk.part.hits[r] > 0;
    if (keep) chunks_.push_back(std::move(chunk));
  }

  SearchProgress progress() {
    std::lock_guard<std::mutex> lock(mutex_);
    SearchProgress p{programs_done_.load(), counterexamples_.load(), elapsed(), 0, rows_total_, std::max(1, options_.share.parts)};
    for (size_t r = 0; r < seen_.size(); ++r) p.rows_hit += seen_[r] && accepting_row(table_.rules[r]);
    return p;
  }

  const RuleTable& table_;
  const SearchOptions& options_;
  const int jobs_;
  const Clock::time_point start_ = Clock::now();
  PropertyOptions property_;
  int rows_total_ = 0;
  // first_failure_: the first counterexample known here (found or announced);
  // local_first_: the first this process found.
  std::atomic<int64_t> next_chunk_{0}, first_failure_{kNoIndex}, local_first_{kNoIndex}, programs_done_{0}, counterexamples_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;  // guards what follows
  std::condition_variable wake_;
  int finished_ = 0;  // workers done
  std::vector<SearchChunk> chunks_;
  std::vector<uint8_t> seen_;  // rows hit by the programs published so far (progress only)
};

}  // namespace

SearchReport run_soundness_search(const RuleTable& table, const SearchOptions& options) {
  Search search(table, options);
  std::vector<SearchChunk> chunks = search.run();
  SearchReport report = merge_chunks(table, options, std::move(chunks), search.elapsed());
  if (options.progress) {
    SearchProgress p{report.programs,     static_cast<int64_t>(report.counterexamples.size()),
                     report.seconds,      0,
                     search.rows_total(), std::max(1, options.share.parts)};
    p.rows_hit = search.rows_total() - static_cast<int>(never_hit_rows(table, report.hits).size());
    options.progress(p);
  }
  return report;
}

std::vector<SearchChunk> search_chunks(const RuleTable& table, const SearchOptions& options) { return Search(table, options).run(); }

SearchReport merge_chunks(const RuleTable& table, const SearchOptions& options, std::vector<SearchChunk> chunks, double seconds) {
  std::sort(chunks.begin(), chunks.end(), [](const SearchChunk& a, const SearchChunk& b) { return a.begin < b.begin; });
  int64_t last = kNoIndex;
  if (options.stop_at_first)
    for (const SearchChunk& c : chunks)
      for (const Counterexample& cx : c.part.counterexamples) last = std::min(last, cx.index);
  SearchReport report;
  report.hits.assign(table.rules.size(), 0);
  for (SearchChunk& c : chunks) {
    if (c.begin > last) break;
    SearchReport& part = c.part;
    report.programs += part.programs;
    report.statements += part.statements;
    for (size_t r = 0; r < part.hits.size() && r < report.hits.size(); ++r) report.hits[r] += part.hits[r];
    for (const auto& [feature, count] : part.features) report.features[feature] += count;
    report.errors.insert(report.errors.end(), part.errors.begin(), part.errors.end());
    for (size_t k = 0; k < part.counterexamples.size(); ++k) {
      if (report.counterexamples.empty()) {
        report.first_found_seconds = k < c.found_seconds.size() ? c.found_seconds[k] : -1;
        report.first_found_programs = part.counterexamples[k].index + 1;
      }
      report.counterexamples.push_back(std::move(part.counterexamples[k]));
    }
  }
  report.seconds = seconds;
  return report;
}

std::string progress_text(const SearchOptions& options, const SearchProgress& p, double* fraction) {
  // A share of a distributed search runs about 1/parts of the budget.
  const int64_t parts = std::max(1, p.parts);
  const int64_t budget = options.program_seed ? 1 : (options.max_programs + parts - 1) / parts;
  const double rate = p.seconds > 0 ? static_cast<double>(p.programs) / p.seconds : 0;
  double left = budget > 0 ? (rate > 0 ? static_cast<double>(budget - p.programs) / rate : 0) : options.max_seconds - p.seconds;
  left = std::max(0.0, left);
  if (fraction) {
    const double f = budget > 0 ? static_cast<double>(p.programs) / static_cast<double>(budget)
                                : (options.max_seconds > 0 ? p.seconds / options.max_seconds : 0);
    *fraction = std::min(1.0, std::max(0.0, f));
  }
  char line[200];
  std::snprintf(line, sizeof line, "%lld programs, %.0f/s, rows %d/%d, %lld counterexample(s), %.0f s, about %.0f s left",
                static_cast<long long>(p.programs), rate, p.rows_hit, p.rows_total, static_cast<long long>(p.counterexamples), p.seconds,
                left);
  return line;
}

std::vector<std::string> never_hit_rows(const RuleTable& table, const RuleHits& hits) {
  std::vector<std::string> out;
  for (size_t r = 0; r < table.rules.size(); ++r) {
    if (!accepting_row(table.rules[r])) continue;
    if (r >= hits.size() || hits[r] == 0) out.push_back(table.rules[r].id);
  }
  return out;
}

}  // namespace spmdcheck
