#pragma once
// The soundness search (the main job): generate programs from the table,
// check property 1 on each, count rule coverage, shrink each counterexample
// inside the well-typed programs. Program i of a search with seed S is
// generated from program_seed_of(S, i) (common/seed_stream.h), so seeds
// search independent streams and `--program-seed P` replays one program.
// Workers (SearchOptions::jobs) take chunks of consecutive programs; the
// report of a `max_programs` budget is the same for every number of jobs.
// Several processes (a distributed search, SearchOptions::share) each search
// their share of the chunks; merge_chunks() makes their one report.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "generators/generation_coverage.h"
#include "generators/generation_settings.h"
#include "oracle/checker.h"
#include "oracle/consistency.h"

namespace spmdcheck {

class RankGroup;  // executor/rank_group.h

struct SearchProgress {
  int64_t programs = 0;
  int64_t counterexamples = 0;
  double seconds = 0;
  int rows_hit = 0;    // accepting rows hit so far (of never_hit_rows' universe)
  int rows_total = 0;  // accepting rows
  int parts = 1;       // SearchOptions::share.parts: this process runs about 1/parts of the budget
};

// One process's part of the stream in a distributed search: the chunks of
// kSearchChunkPrograms consecutive indices are dealt round-robin, chunk c to
// part c % parts.
struct StreamShare {
  int part = 0;
  int parts = 1;
};
inline constexpr int64_t kSearchChunkPrograms = 8;

struct SearchOptions {
  uint64_t seed = 1;                     // the stream: program i has seed program_seed_of(seed, i)
  std::optional<uint64_t> program_seed;  // replay: only the program of this seed (one program)
  int jobs = 1;                          // worker threads (1 with `ranks`: the processes agree in order)
  int64_t max_programs = 2000;           // 0: no limit (then max_seconds must be set)
  double max_seconds = 0;                // 0: no limit
  GenerationSettings settings;
  bool stop_at_first = true;
  bool gradients = true;                                // property 2 as well as property 1
  std::function<void(const SearchProgress&)> progress;  // called now and then, on the calling thread
  StreamShare share;                                    // this process's chunks (all of them by default)
  // A distributed search's exchange, called on the calling thread about four
  // times a second: takes the stream index of the first counterexample this
  // process found (-1: none yet), returns the first one any process has
  // announced (-1: none), past which no program is started here.
  std::function<int64_t(int64_t)> first_found_anywhere;
  // Where the ranks run (PropertyOptions::ranks); with a group, decisions
  // that depend on the clock (max_seconds) are the checker's, so every
  // process runs the same programs.
  RankGroup* ranks = nullptr;
};

struct Counterexample {
  uint64_t program_seed = 0;
  int64_t index = 0;  // its place in the stream (0-based)
  Program original, shrunk;
  Inconsistency inconsistency;  // on the shrunk program (forward, else gradient)
  int special_rate = 0;         // its data's special values (PropertyOptions::special_rate)
};

struct SearchReport {
  int64_t programs = 0;
  int64_t statements = 0;  // bindings checked and run
  double seconds = 0;
  RuleHits hits;         // per RuleIndex
  FeatureHits features;  // generation coverage (literal positions, dim signs, axis sizes, dtypes, ...)
  // When the first counterexample (in stream order) was found, before
  // shrinking it: seconds since the start (wall clock, whatever the jobs)
  // and its index + 1 (the programs up to and including it); -1 and 0 if none.
  double first_found_seconds = -1;
  int64_t first_found_programs = 0;
  std::vector<Counterexample> counterexamples;  // in stream order
  std::vector<std::string> errors;              // programs that could not be run (e.g. an op without a kernel)
};

SearchReport run_soundness_search(const RuleTable& table, const SearchOptions& options);

// What the programs [begin, begin + part.programs) of the stream found
// (part.seconds unused): the unit a search is merged from.
struct SearchChunk {
  int64_t begin = 0;
  SearchReport part;
  std::vector<double> found_seconds;  // per counterexample of `part`: seconds since the start
};

// The chunks of this process's share (options.share), searched as
// run_soundness_search searches them, in no particular order.
std::vector<SearchChunk> search_chunks(const RuleTable& table, const SearchOptions& options);

// The chunks of one or many processes in stream order as one report; with
// stop_at_first, only those up to the first counterexample (the chunk that
// holds it stopped there). `seconds` becomes the report's time.
// run_soundness_search(t, o) is merge_chunks(t, o, search_chunks(t, o), its time).
SearchReport merge_chunks(const RuleTable& table, const SearchOptions& options, std::vector<SearchChunk> chunks, double seconds);

// The words of a progress line: programs and their rate, accepting rows
// hit, counterexamples, elapsed time and the time left (of max_seconds, or
// at the rate so far for a program budget). The fraction of the budget done
// goes to `fraction` (0-1) for a bar.
std::string progress_text(const SearchOptions& options, const SearchProgress& p, double* fraction = nullptr);

// The accepting judgment rows (what generated programs can exercise) that
// were never hit, in table order.
std::vector<std::string> never_hit_rows(const RuleTable& table, const RuleHits& hits);

}  // namespace spmdcheck
