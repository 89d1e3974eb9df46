#include "mpi_runner/distributed_search.h"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <deque>
#include <limits>

#include "mpi_runner/search_chunk_codec.h"

namespace spmdcheck {
namespace {

constexpr int kFirstFoundTag = 7301;
constexpr int64_t kNone = std::numeric_limits<int64_t>::max();

// The processes' first counterexamples: a process that finds one sends its
// index to every other (nonblocking), again whenever it finds an earlier one
// (another of its workers may); each polls for what the others sent.
// finish() completes the exchange, so no message is left in flight, and
// leaves the stream's first counterexample in first().
class FirstFoundExchange {
 public:
  FirstFoundExchange(MPI_Comm comm, int rank, int size) : comm_(comm), rank_(rank), size_(size), received_(size, 0) {}

  // SearchOptions::first_found_anywhere.
  int64_t poll(int64_t mine) {
    if (mine >= 0) announce(mine);
    int flag = 1;
    while (flag) {
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kFirstFoundTag, comm_, &flag, &status);
      if (flag) receive(status.MPI_SOURCE);
    }
    return first();
  }

  // After this process's search (`mine`: its first counterexample, -1: none):
  // every process learns how many messages each sent and receives the rest.
  void finish(int64_t mine) {
    if (mine >= 0) announce(mine);
    int sent = static_cast<int>(buffers_.size());
    std::vector<int> sent_by(size_, 0);
    MPI_Allgather(&sent, 1, MPI_INT, sent_by.data(), 1, MPI_INT, comm_);
    for (int s = 0; s < size_; ++s)
      while (s != rank_ && received_[s] < sent_by[s]) receive(s);
    MPI_Waitall(static_cast<int>(sends_.size()), sends_.data(), MPI_STATUSES_IGNORE);
  }

  int64_t first() const { return known_ == kNone ? -1 : known_; }

 private:
  void announce(int64_t index) {
    if (index >= announced_) return;
    announced_ = index;
    known_ = std::min(known_, index);
    buffers_.push_back(index);  // a deque: the buffer stays where MPI_Isend saw it until finish()
    for (int r = 0; r < size_; ++r) {
      if (r == rank_) continue;
      sends_.emplace_back();
      MPI_Isend(&buffers_.back(), 1, MPI_INT64_T, r, kFirstFoundTag, comm_, &sends_.back());
    }
  }

  void receive(int source) {
    int64_t index = 0;
    MPI_Recv(&index, 1, MPI_INT64_T, source, kFirstFoundTag, comm_, MPI_STATUS_IGNORE);
    ++received_[source];
    known_ = std::min(known_, index);
  }

  MPI_Comm comm_;
  int rank_, size_;
  int64_t announced_ = kNone;    // the last index this process sent
  std::deque<int64_t> buffers_;  // one per announcement, to every other process
  int64_t known_ = kNone;
  std::vector<MPI_Request> sends_;
  std::vector<int> received_;  // per source: messages received
};

// This process's chunks, few: those past the stream's first counterexample
// (`cut`, -1: none) dropped, and those with nothing but counts (no
// counterexample, no error) summed into one, so what rank 0 receives does
// not grow with the programs searched. Chunks with counterexamples or errors
// stay apart, so rank 0's merge keeps them in stream order.
std::vector<SearchChunk> fold_chunks(std::vector<SearchChunk> chunks, int64_t cut) {
  std::vector<SearchChunk> out;
  int counts = -1;  // index in `out` of the summed chunk
  for (SearchChunk& c : chunks) {
    if (cut >= 0 && c.begin > cut) continue;
    if (!c.part.counterexamples.empty() || !c.part.errors.empty()) {
      out.push_back(std::move(c));
      continue;
    }
    if (counts < 0) {
      counts = static_cast<int>(out.size());
      out.push_back(std::move(c));
      continue;
    }
    SearchChunk& sum = out[counts];
    sum.begin = std::min(sum.begin, c.begin);
    sum.part.programs += c.part.programs;
    sum.part.statements += c.part.statements;
    for (size_t r = 0; r < c.part.hits.size() && r < sum.part.hits.size(); ++r) sum.part.hits[r] += c.part.hits[r];
    for (const auto& [feature, count] : c.part.features) sum.part.features[feature] += count;
  }
  return out;
}

int64_t first_counterexample(const std::vector<SearchChunk>& chunks) {
  int64_t first = kNone;
  for (const SearchChunk& c : chunks)
    for (const Counterexample& cx : c.part.counterexamples) first = std::min(first, cx.index);
  return first == kNone ? -1 : first;
}

// Every process's encoded chunks at rank 0 (empty elsewhere).
// MPI counts are ints: a process's folded chunks are a few kilobytes, and
// more than INT_MAX bytes in all ends the job with a message, never a wrong report.
std::vector<std::string> gather_at_lead(MPI_Comm comm, int rank, int size, const std::string& mine) {
  long long total = static_cast<long long>(mine.size());
  MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_LONG_LONG, MPI_SUM, comm);
  if (total > INT_MAX) {
    if (rank == 0)
      std::fprintf(stderr, "spmdcheck: --distributed: the processes' reports (%lld bytes) exceed what one gather moves\n", total);
    MPI_Abort(comm, 2);
  }
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(size, 0), offsets(size, 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comm);
  std::string all;
  if (rank == 0) {
    for (int r = 1; r < size; ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
    all.resize(static_cast<size_t>(offsets[size - 1]) + static_cast<size_t>(lengths[size - 1]));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, comm);
  std::vector<std::string> parts;
  if (rank == 0)
    for (int r = 0; r < size; ++r) parts.push_back(all.substr(static_cast<size_t>(offsets[r]), static_cast<size_t>(lengths[r])));
  return parts;
}

bool started_mpi = false;  // this process called MPI_Init (finish_distributed_search ends it)
MPI_Comm search_comm = MPI_COMM_NULL;

}  // namespace

DistributedOutcome run_distributed_search(const RuleTable& table, const SearchOptions& options) {
  DistributedOutcome outcome;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    // The exchange runs on the calling thread only (SearchOptions::first_found_anywhere).
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
      outcome.error = "MPI_Init_thread failed";
      return outcome;
    }
    if (provided < MPI_THREAD_FUNNELED) {  // the same on every process: all leave here
      MPI_Finalize();
      outcome.error = "this MPI does not support MPI_THREAD_FUNNELED (the exchange runs beside the search's worker threads)";
      return outcome;
    }
    started_mpi = true;
  }
  MPI_Comm_dup(MPI_COMM_WORLD, &search_comm);
  MPI_Comm_rank(search_comm, &outcome.rank);
  MPI_Comm_size(search_comm, &outcome.processes);
  outcome.started = true;

  SearchOptions share = options;
  share.ranks = nullptr;  // programs run on simulated ranks: no collective inside a program
  share.share = StreamShare{outcome.rank, outcome.processes};
  if (outcome.rank != 0) share.progress = nullptr;
  FirstFoundExchange exchange(search_comm, outcome.rank, outcome.processes);
  if (options.stop_at_first) share.first_found_anywhere = [&exchange](int64_t mine) { return exchange.poll(mine); };

  MPI_Barrier(search_comm);  // one start for every process's clock
  const auto start = std::chrono::steady_clock::now();
  std::vector<SearchChunk> chunks = search_chunks(table, share);
  if (options.stop_at_first) exchange.finish(first_counterexample(chunks));
  chunks = fold_chunks(std::move(chunks), options.stop_at_first ? exchange.first() : -1);
  const std::vector<std::string> parts = gather_at_lead(search_comm, outcome.rank, outcome.processes, encode_search_chunks(chunks));
  if (outcome.rank != 0) return outcome;

  std::vector<SearchChunk> all;
  for (size_t r = 0; r < parts.size(); ++r) {
    std::string error;
    auto decoded = decode_search_chunks(parts[r], error);
    if (!decoded) {  // cannot happen between processes of one build; say so in the report if it does
      outcome.report.errors.push_back("the report of process " + std::to_string(r) + " could not be read: " + error);
      continue;
    }
    for (SearchChunk& c : *decoded) all.push_back(std::move(c));
  }
  std::vector<std::string> errors = std::move(outcome.report.errors);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.report = merge_chunks(table, share, std::move(all), seconds);
  outcome.report.errors.insert(outcome.report.errors.end(), errors.begin(), errors.end());
  return outcome;
}

int finish_distributed_search(const DistributedOutcome& outcome, int code) {
  if (outcome.started) {
    MPI_Bcast(&code, 1, MPI_INT, 0, search_comm);
    MPI_Comm_free(&search_comm);
  }
  if (started_mpi) MPI_Finalize();
  started_mpi = false;
  return code;
}

}  // namespace spmdcheck
