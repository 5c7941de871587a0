#pragma once
// Parts for order-independent accumulations (integers, maxima), which give the same result for any
// split of the points: one part per thread at most, each summed into its own buffer, the buffers then
// combined (fixed_accumulate.hpp).
#include <algorithm>

#include "../types.hpp"
#include "parallel.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lloyd {
namespace detail {

/// The number of parts to cut n points into — one per thread at most, each of at least `min_part`
/// points.
inline Index num_parts(Index n, Index min_part) {
  Index parts = 1;
#ifdef _OPENMP
  parts = omp_get_max_threads();
#endif
  return std::max<Index>(1, std::min(parts, n / std::max<Index>(1, min_part)));
}

/// Calls f(part, begin, end) for each of `parts` near-equal parts of [0, n), in parallel when
/// OpenMP is on and n × cost is worth it.
template <class F>
void for_each_part(Index n, Index parts, double cost, F&& f) {
  const Index per = std::max<Index>(1, (n + parts - 1) / parts);
  for_each_chunk(
      n, [&](Index b, Index e) { f(b / per, b, e); }, per, cost);
}

}  // namespace detail
}  // namespace lloyd
