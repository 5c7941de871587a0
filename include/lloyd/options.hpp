#pragma once
// lloyd::Options — the settings of a fit, with scikit-learn's names and defaults.
#include <cstdint>

namespace lloyd {

struct Options {
  /// Number of clusters. Required: must be in [1, number of distinct points].
  int k = 8;
  /// Number of seeded runs; the run with the lowest inertia is returned. Ignored (one run) when the
  /// seeding policy is deterministic, e.g. seeding::Given.
  int n_init = 10;
  /// Maximum number of Lloyd iterations (update + assignment) per run. Must be ≥ 1.
  int max_iter = 300;
  /// Relative tolerance: a run stops when Σ_k ‖Δc_k‖² ≤ tol × (mean per-feature variance of X).
  /// 0 means "run until no label changes or max_iter". Must be ≥ 0.
  double tol = 1e-4;
  /// Base seed. Run r uses lloyd::run_seed(seed, r), independent of how many runs there are.
  std::uint64_t seed = 0;
  /// Keep every iteration's centres, labels and inertia of the winning run in Result::history.
  /// Costs one K×D + N copy per iteration.
  bool record_history = false;
};

}  // namespace lloyd
