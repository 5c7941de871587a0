#pragma once
// update::Mean — each centre becomes the weighted mean of its points, with empty-cluster repair.
//
// Repair (detail/empty_cluster_repair.hpp): a cluster whose points have zero total weight takes the
// point that is farthest from its own current centre (ties → lowest point index), provided that
// taking it does not empty the point's cluster and that it is not identical to a point already taken
// by another repair. So a fit keeps exactly k non-empty clusters while X has ≥ k distinct points of
// positive weight.
// Deterministic: sums are accumulated in double, in point order within up to 8 fixed blocks of points
// (in parallel), and the blocks' partial sums are added in block order, so the centres are
// bit-identical for any number of threads. Memory: one K×D double partial per thread (at most 8).
//
// Update policy contract (see docs/ARCHITECTURE.md):
//   template <class Scalar, int Dim>
//   Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
//                    Centres<Scalar, Dim>& C, Shifts& shifts) const;
//   - on entry C holds the current centres and labels the current assignment;
//   - on exit C holds the new centres, shifts(k) = ‖C_new(:,k) − C_old(:,k)‖² (size K) of the stored
//     centres, so a centre that did not move shifts by exactly 0;
//   - it may move points between clusters (repair): it then returns how many points it moved
//     (> 0), and KMeans rebuilds the assignment state; otherwise it returns 0.
#include <algorithm>

#include "../detail/empty_cluster_repair.hpp"
#include "../detail/fixed_sum.hpp"
#include "../detail/parallel.hpp"
#include "../types.hpp"

namespace lloyd {
namespace update {

struct Mean {
  template <class Scalar, int Dim>
  Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                   Centres<Scalar, Dim>& C, Shifts& shifts) const {
    const Index d = X.rows(), k = C.cols();
    Eigen::MatrixXd sum(d, k);
    Eigen::VectorXd wsum(k);
    accumulate(X, w, labels, sum, wsum);

    const Index moved = detail::repair_empty_clusters(
        k, d, wsum.data(), labels, [&] { return detail::LocalCandidates<Scalar, Dim>(X, w, C, labels); });
    if (moved > 0) accumulate(X, w, labels, sum, wsum);  // exact sums for the new labels

    shifts.resize(k);
    for (Index c = 0; c < k; ++c) {
      if (wsum[c] > 0) {
        const Eigen::Matrix<Scalar, Dim, 1> mean = (sum.col(c) / wsum[c]).template cast<Scalar>();
        // of the stored centres, in double: exactly 0 for a centre that did not move
        shifts[c] = detail::fixed_squared_distance(mean, C.col(c));
        C.col(c) = mean;
      } else {
        shifts[c] = 0;  // nothing to repair with (fewer distinct points than k): keep the centre
      }
    }
    return moved;
  }

  /// Largest number of fixed point blocks whose partial sums are reduced in block order.
  static constexpr Index kMaxBlocks = 8;

  /// Number of point blocks for n points: depends on n only (never on the thread count).
  static Index blocks_for(Index n) { return std::max<Index>(1, std::min<Index>(kMaxBlocks, n / 4096)); }

 private:
  // Per-cluster sums in double. The points are cut into blocks_for(n) fixed contiguous blocks; each
  // block is summed in point order into a K×D partial (in parallel), and the partials are added to
  // the total in block order (an OpenMP ordered region: block b is added after block b − 1, whichever
  // threads summed them). So the sums are bit-identical for any number of threads, with or without
  // OpenMP, and only one partial per thread is alive (not one per block).
  template <class Scalar, int Dim>
  static void accumulate(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels& labels,
                         Eigen::MatrixXd& sum, Eigen::VectorXd& wsum) {
    const Index n = X.cols(), d = X.rows(), k = sum.cols();
    const Index nb = blocks_for(n);
    // The total starts at +0 and the partials never hold -0 (they start at +0, and x + (-x) = +0), so
    // 0 + partial_0 is partial_0 bit for bit: the same sums as adding the partials to partial_0.
    sum.setZero(d, k);
    wsum.setZero(k);
    detail::ParallelExceptions errors;  // e.g. bad_alloc of a partial on a worker thread
#ifdef _OPENMP
    const bool par = detail::use_threads(nb, static_cast<double>(n) * static_cast<double>(d));
#pragma omp parallel if (par)
#endif
    {
      Eigen::MatrixXd S;
      Eigen::VectorXd W;
#ifdef _OPENMP
#pragma omp for ordered schedule(static, 1)
#endif
      for (Index bl = 0; bl < nb; ++bl) {
        errors.run(bl, [&] { sum_block(X, w, labels, n * bl / nb, n * (bl + 1) / nb, k, S, W); });
#ifdef _OPENMP
#pragma omp ordered
#endif
        errors.run(bl, [&] {
          sum += S;
          wsum += W;
        });
      }
    }
    errors.rethrow();
  }

  // Σ w·x and Σ w per cluster over the points b..e−1, in point order, into S (D×K) and W (K).
  template <class Scalar, int Dim>
  static void sum_block(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels& labels, Index b,
                        Index e, Index k, Eigen::MatrixXd& S, Eigen::VectorXd& W) {
    const Index d = X.rows();
    S.setZero(d, k);
    W.setZero(k);
    for (Index i = b; i < e; ++i) {
      const double wi = static_cast<double>(w[i]);
      const int l = labels[i];
      double* s = S.col(l).data();
      const Scalar* x = X.col(i).data();
      if (wi == 1.0) {
        for (Index j = 0; j < d; ++j) s[j] += static_cast<double>(x[j]);
      } else {
        for (Index j = 0; j < d; ++j) s[j] += wi * static_cast<double>(x[j]);
      }
      W[l] += wi;
    }
  }
};

}  // namespace update
}  // namespace lloyd
