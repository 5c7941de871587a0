#pragma once
// lloyd::best_of — the multi-run driver: run `n_runs` independent seeded fits and keep the one with
// the lowest inertia (ties → lowest run index). Run r is seeded with run_seed(base, r), which does
// not depend on the number of runs or their order, so the winner is reproducible from the seed.
#include <cstdint>
#include <vector>

#include "detail/rng.hpp"
#include "result.hpp"

namespace lloyd {

/// run_one(r, seed) → Result<Scalar, Dim>. Returns the best result with best_run, seed and
/// run_inertias filled in.
template <class Scalar, int Dim, class RunOne>
Result<Scalar, Dim> best_of(int n_runs, std::uint64_t base_seed, RunOne&& run_one) {
  Result<Scalar, Dim> best;
  std::vector<double> inertias;
  inertias.reserve(static_cast<std::size_t>(n_runs));
  for (int r = 0; r < n_runs; ++r) {
    const std::uint64_t s = run_seed(base_seed, static_cast<std::uint64_t>(r));
    Result<Scalar, Dim> res = run_one(r, s);
    inertias.push_back(res.inertia);
    if (r == 0 || res.inertia < best.inertia) {
      best = std::move(res);
      best.best_run = r;
      best.seed = s;
    }
  }
  best.run_inertias = std::move(inertias);
  return best;
}

}  // namespace lloyd
