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
#include "kmeans_parallel_parameters.hpp"

namespace lloyd {
namespace seeding {

/// Parameters (oversampling, rounds, trials): see kmeans_parallel_parameters.hpp.
struct ExactKMeansParallel : KMeansParallelParameters {

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                  Rng& rng) const {
    return detail::exact_kmeans_parallel(X, w, k, *this, rng, detail::LocalComm{}, 0);
  }
};

}  // namespace seeding
}  // namespace lloyd
