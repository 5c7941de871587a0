#pragma once
// Deterministic parallel loops. Work is cut into fixed-size chunks of points whose boundaries do not
// depend on the thread count; per-chunk partial results are combined in chunk order. So 1, 2 or 64
// threads (or no OpenMP at all) give bit-identical sums.
//
// Small loops run serially. Starting an OpenMP parallel region costs a few microseconds on an idle
// machine, but on a loaded one a thread may wait for a core for a whole scheduler time slice, and
// GOMP's waiting threads spin; small fits (tests, many tiny problems) became orders of magnitude
// slower. A loop therefore uses threads only when it has at least 2 chunks AND its estimated work —
// the caller's cost per point (≈ scalar multiply-adds, e.g. D for a distance, D·K for an assignment)
// × the number of points — reaches kMinParallelWork. This decides only WHETHER threads are used:
// the chunks and the order in which their results are combined are the same either way, so the
// results stay bit-identical.
#include <algorithm>
#include <vector>

#include "../types.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lloyd {
namespace detail {

/// Points per chunk for reductions. Fixed: changing it changes rounding, not correctness.
constexpr Index kChunk = 256;

/// Estimated work (scalar operations, ≈ multiply-adds) below which a loop runs on one thread:
/// 2^18 ≈ 0.05–0.1 ms on one core, about the cost of waking a busy machine's second thread.
constexpr double kMinParallelWork = 262144.0;

/// Cost per point assumed by callers that do not give one (about one short distance).
constexpr double kDefaultCost = 64.0;

/// Whether a loop of `tasks` independent pieces and `work` total operations should use threads.
inline bool use_threads(Index tasks, double work) { return tasks > 1 && work >= kMinParallelWork; }

inline Index num_chunks(Index n, Index chunk = kChunk) { return (n + chunk - 1) / chunk; }

/// Calls f(begin, end) for each chunk of [0, n), in parallel when OpenMP is on and the work
/// (n × cost per point) is worth it. f must only write to memory owned by its chunk.
template <class F>
void for_each_chunk(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  const Index nc = num_chunks(n, chunk);
#ifdef _OPENMP
  const bool par = use_threads(nc, static_cast<double>(n) * cost);
#pragma omp parallel for schedule(dynamic, 1) if (par)
#else
  (void)cost;
#endif
  for (Index c = 0; c < nc; ++c) f(c * chunk, std::min(n, (c + 1) * chunk));
}

/// Σ over chunks of f(begin, end) → double, summed in chunk order (bit-identical for any thread count).
template <class F>
double chunked_sum(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  const Index nc = num_chunks(n, chunk);
  std::vector<double> part(static_cast<std::size_t>(nc), 0.0);
  for_each_chunk(
      n, [&](Index b, Index e) { part[static_cast<std::size_t>(b / chunk)] = f(b, e); }, chunk, cost);
  double s = 0.0;
  for (double p : part) s += p;
  return s;
}

/// Σ over chunks of an integer count (exact, so any order gives the same answer).
template <class F>
Index chunked_count(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  Index total = 0;
  const Index nc = num_chunks(n, chunk);
#ifdef _OPENMP
  const bool par = use_threads(nc, static_cast<double>(n) * cost);
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : total) if (par)
#else
  (void)cost;
#endif
  for (Index c = 0; c < nc; ++c) total += f(c * chunk, std::min(n, (c + 1) * chunk));
  return total;
}

}  // namespace detail
}  // namespace lloyd
