#pragma once
// lloyd::Options — the settings of a fit, with scikit-learn's names and defaults.
#include <cstdint>

namespace lloyd {

struct Options {
  /// Options::n_init's "auto" (scikit-learn's n_init="auto"): each estimator picks its number of runs.
  static constexpr int auto_n_init = 0;

  /// Number of clusters. Required: must be in [1, number of distinct points].
  int k = 8;
  /// Number of seeded runs; the run with the lowest inertia is returned. auto_n_init (0, the
  /// default): the estimator's own number — for KMeans 1 when its refinement is refine::Breathing
  /// (breathing k-means is one run; the default configuration), 10 otherwise (docs/ARCHITECTURE.md,
  /// "Defaults"). Ignored (one run) when the seeding policy is deterministic, e.g. seeding::Given.
  int n_init = auto_n_init;
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

namespace detail {

/// The runs used when n_init is auto and the policies say nothing else: scikit-learn's long-time 10.
constexpr int kAutoRuns = 10;

/// Options::n_init with auto resolved to `auto_runs`.
inline int resolved_n_init(const Options& o, int auto_runs) {
  return o.n_init == Options::auto_n_init ? auto_runs : o.n_init;
}

}  // namespace detail
}  // namespace lloyd
