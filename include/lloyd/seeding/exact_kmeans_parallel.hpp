#pragma once
// seeding::ExactKMeansParallel — k-means‖ (the rule of seeding::KMeansParallel) whose potentials and
// candidate weights are fixed-point integers and whose per-point coins hash the point's index (see
// detail/exact.hpp), so the distributed fit (distributed/mpi.hpp) picks the same centres as this
// one-process policy. The candidates are reduced to k by seeding::ExactKMeansPlusPlus's rule.
//
// Contract: see seeding/random_sample.hpp.
#include "../detail/exact.hpp"
#include "../detail/rng.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

struct ExactKMeansParallel {
  /// Expected candidates per round (ℓ); 0 means 2k.
  double oversampling = 0;
  /// Sampling rounds after the first centre.
  int rounds = 5;
  /// Trials of the greedy k-means++ that reduces the candidates (0: 2 + ⌊ln k⌋).
  int trials = 0;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                  Rng& rng) const {
    return detail::exact_kmeans_parallel(X, w, k, oversampling, rounds, trials, rng, detail::LocalComm{}, 0);
  }
};

}  // namespace seeding
}  // namespace lloyd
