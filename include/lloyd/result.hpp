#pragma once
// lloyd::Result and lloyd::Iteration — what a fit returns and what the callback sees.
#include <cstdint>
#include <vector>

#include "types.hpp"

namespace lloyd {

/// One iteration as the callback sees it. References are valid only during the call.
template <class Scalar, int Dim = Eigen::Dynamic>
struct Iteration {
  int run;                                ///< which of the n_init runs (0-based)
  int iteration;                          ///< 0 = the seeding's assignment, then 1, 2, …
  const Centres<Scalar, Dim>& centroids;  ///< D×K centres after this iteration
  const Labels& labels;                   ///< labels of the points against these centres
  double inertia;                         ///< Σ w‖x − c(x)‖² for these centres and labels
  Index n_changed;                        ///< labels changed by this iteration's assignment
  double shift;                           ///< Σ_k ‖Δc_k‖² of this iteration's update (0 at iteration 0)
};

/// A recorded iteration (Options::record_history).
template <class Scalar, int Dim = Eigen::Dynamic>
struct IterationRecord {
  int iteration;
  Centres<Scalar, Dim> centroids;
  Labels labels;
  double inertia;
  Index n_changed;
  double shift;
};

template <class Scalar, int Dim = Eigen::Dynamic>
struct Result {
  Centres<Scalar, Dim> centroids;    ///< D×K final centres
  Labels labels;                     ///< N labels in [0, k), nearest centre of each point
  double inertia = 0;                ///< Σ w‖x − c(x)‖², accumulated in double
  int n_iter = 0;                    ///< Lloyd iterations of the winning run
  bool converged = false;            ///< stopped by tol or by no label changing (not by max_iter)
  int best_run = 0;                  ///< index of the winning run
  std::uint64_t seed = 0;            ///< the seed of the winning run (lloyd::run_seed(base, best_run))
  std::vector<double> run_inertias;  ///< final inertia of each run, in run order
  /// Iteration 0 (seeding) to n_iter of the winning run, if Options::record_history.
  std::vector<IterationRecord<Scalar, Dim>> history;
};

}  // namespace lloyd
