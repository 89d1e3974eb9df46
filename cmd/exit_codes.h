#pragma once
// Exit codes of every spmdcheck command (the brief's user view).
namespace spmdcheck {
inline constexpr int kExitOk = 0;        // nothing found
inline constexpr int kExitFound = 1;     // counterexample, or an error in the input (program, table)
inline constexpr int kExitUsage = 2;     // usage or I/O error
inline constexpr int kExitSkipped = 77;  // skipped (no GPU, no MPI)
}  // namespace spmdcheck
