#pragma once
// seeding::KMeansPlusPlus — greedy k-means++ (Arthur & Vassilvitskii 2007), weighted.
//
// The first centre is a point drawn with probability ∝ w. Each further centre: draw `trials`
// candidates with probability ∝ w·D(x)², where D(x) is the distance to the nearest centre chosen so
// far, and keep the candidate that lowers the potential Σ w·D(x)² the most (scikit-learn's "greedy"
// variant; trials = 2 + ⌊ln k⌋ by default). Each point's nearest squared distance is kept and
// updated once per chosen centre. A candidate is compared only with the points of the chosen centres
// it can bring closer (triangle inequality, per group and per point); distances come from one Scalar
// dot product (‖x‖² precomputed) and are recomputed exactly near zero.
//
// Two evaluation paths (detail/kmeans_plus_plus_run.hpp; the state and the steps they share in
// detail/kmeans_plus_plus_state.hpp; tests compare each path with a plain reference): pruned (D <
// kBatchMinDim), a group's points against the candidates that may bring them closer; batched (D ≥
// kBatchMinDim), every point screened in index order, then for D ≥ kProjectionMinDim by a lower
// bound from 64 projected coordinates, then one multi-candidate dot product per surviving point.
// Both give every point the same value and pruning only ever skips a pair that cannot gain, so the
// potentials are the plain sums up to the order of the additions: the same centres for any number
// of threads (the paths differ only in summation order).
// Duplicates of a chosen centre get distance exactly 0, hence zero probability, so the centres are
// pairwise distinct.
//
// Contract: see seeding/random_sample.hpp.
#include <cmath>
#include <cstddef>

#include "../detail/kmeans_plus_plus_run.hpp"
#include "../detail/rng.hpp"
#include "../detail/sparse_kmeans_plus_plus.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

struct KMeansPlusPlus {
  /// Candidates per centre; 0 means 2 + ⌊ln k⌋. 1 gives the original (non-greedy) k-means++.
  int trials = 0;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    if (trials < 0) throw error("seeding::KMeansPlusPlus: parameter 'trials' must be >= 0");
    const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
    return detail::KMeansPlusPlusRun<Scalar, Dim>(X, w, k, t, rng).centres();
  }

  /// Sparse points: every (point, candidate) distance, O(nonzeros) each
  /// (detail/sparse_kmeans_plus_plus.hpp).
  template <class Scalar>
  Centres<Scalar> operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    if (trials < 0) throw error("seeding::KMeansPlusPlus: parameter 'trials' must be >= 0");
    const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
    return detail::sparse_kmeans_plus_plus(X, w, k, t, rng);
  }

  /// Points per parallel task of the candidate evaluation (fixed: results never depend on threads).
  static constexpr Index kTaskPoints = detail::KMeansPlusPlusTuning::kTaskPoints;
  /// Dimension from which a point's dot products with all candidates are computed in one product.
  static constexpr Index kBatchMinDim = detail::KMeansPlusPlusTuning::kBatchMinDim;
  /// Candidates a point must meet for that product to be computed (fewer: one distance each).
  static constexpr std::size_t kProductMin = detail::KMeansPlusPlusTuning::kProductMin;
  /// Dimension from which the projection bound (detail/projection_bound.hpp) screens pairs first.
  static constexpr Index kProjectionMinDim = detail::KMeansPlusPlusTuning::kProjectionMinDim;
};

/// The seeding of lloyd::KMeans' default configuration: greedy k-means++, KMeansPlusPlus' centres bit
/// for bit. A type of its own so that KMeans<Scalar> (no seeding chosen) is breathing k-means —
/// refine::Breathing, one run — while KMeans<Scalar, Dim, seeding::KMeansPlusPlus> keeps no
/// refinement and 10 runs (kmeans.hpp; docs/ARCHITECTURE.md, "Defaults").
struct DefaultKMeansPlusPlus : KMeansPlusPlus {};

}  // namespace seeding
}  // namespace lloyd
