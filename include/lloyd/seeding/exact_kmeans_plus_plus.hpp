#pragma once
// seeding::ExactKMeansPlusPlus — greedy k-means++ (the rule of seeding::KMeansPlusPlus) whose
// potentials are fixed-point integers (see detail/exact.hpp), so the drawn points do not depend on
// the order or split of the points: the distributed fit (distributed/mpi.hpp) picks the same
// centres as this one-process policy. Its random stream differs from KMeansPlusPlus's, so the two
// give different (equally good) starts for the same seed.
//
// Contract: see seeding/random_sample.hpp.
#include "../detail/exact.hpp"
#include "../detail/rng.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

struct ExactKMeansPlusPlus {
  /// Candidates per centre; 0 means 2 + ⌊ln k⌋.
  int trials = 0;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                  Rng& rng) const {
    return detail::exact_kmeans_plus_plus(X, w, k, trials, rng, detail::LocalComm{});
  }
};

}  // namespace seeding
}  // namespace lloyd
