#pragma once
// Deterministic parallel loops. Work is cut into fixed-size chunks of points whose boundaries do not
// depend on the thread count; per-chunk partial results are combined in chunk order. So 1, 2 or 64
// threads (or no OpenMP at all) give bit-identical sums.
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

inline Index num_chunks(Index n, Index chunk = kChunk) { return (n + chunk - 1) / chunk; }

/// Calls f(begin, end) for each chunk of [0, n), in parallel when OpenMP is on. f must only write
/// to memory owned by its chunk.
template <class F>
void for_each_chunk(Index n, F&& f, Index chunk = kChunk) {
  const Index nc = num_chunks(n, chunk);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (nc > 1)
#endif
  for (Index c = 0; c < nc; ++c) f(c * chunk, std::min(n, (c + 1) * chunk));
}

/// Σ over chunks of f(begin, end) → double, summed in chunk order (bit-identical for any thread count).
template <class F>
double chunked_sum(Index n, F&& f, Index chunk = kChunk) {
  const Index nc = num_chunks(n, chunk);
  std::vector<double> part(static_cast<std::size_t>(nc), 0.0);
  for_each_chunk(
      n, [&](Index b, Index e) { part[static_cast<std::size_t>(b / chunk)] = f(b, e); }, chunk);
  double s = 0.0;
  for (double p : part) s += p;
  return s;
}

/// Σ over chunks of an integer count (exact, so any order gives the same answer).
template <class F>
Index chunked_count(Index n, F&& f, Index chunk = kChunk) {
  Index total = 0;
  const Index nc = num_chunks(n, chunk);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : total) if (nc > 1)
#endif
  for (Index c = 0; c < nc; ++c) total += f(c * chunk, std::min(n, (c + 1) * chunk));
  return total;
}

}  // namespace detail
}  // namespace lloyd
