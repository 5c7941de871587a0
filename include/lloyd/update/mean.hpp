#pragma once
// update::Mean — each centre becomes the weighted mean of its points, with empty-cluster repair.
//
// Repair: a cluster whose points have zero total weight takes the point that is farthest from its
// own current centre (ties → lowest point index), provided that taking it does not empty the
// point's cluster and that it is not identical to a point already taken by another repair. So a fit
// keeps exactly k non-empty clusters while X has ≥ k distinct points of positive weight.
// Deterministic: sums are accumulated in double in point order, in parallel over (cluster, block of
// coordinates) tasks after a counting sort of the points by label, so the centres are bit-identical
// for any number of threads. Memory: O(N) indices.
//
// Update policy contract (see docs/ARCHITECTURE.md):
//   template <class Scalar, int Dim>
//   Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
//                    Centres<Scalar, Dim>& C, Shifts& shifts) const;
//   - on entry C holds the current centres and labels the current assignment;
//   - on exit C holds the new centres, shifts(k) = ‖C_new(:,k) − C_old(:,k)‖² (size K);
//   - it may move points between clusters (repair): it then returns how many points it moved
//     (> 0), and KMeans rebuilds the assignment state; otherwise it returns 0.
#include <algorithm>
#include <numeric>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/parallel.hpp"
#include "../types.hpp"

namespace lloyd {
namespace update {

struct Mean {
  template <class Scalar, int Dim>
  Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                   Centres<Scalar, Dim>& C, Shifts& shifts) const {
    const Index n = X.cols(), d = X.rows(), k = C.cols();
    Eigen::MatrixXd sum(d, k);
    Eigen::VectorXd wsum(k);
    accumulate(X, w, labels, sum, wsum);

    Index moved = 0;
    std::vector<Index> empty;
    for (Index c = 0; c < k; ++c)
      if (!(wsum[c] > 0)) empty.push_back(c);
    if (!empty.empty()) {
      // Candidates: points of positive weight, farthest from their current centre first.
      std::vector<double> dist(static_cast<std::size_t>(n), -1.0);
      std::vector<Index> order;
      order.reserve(static_cast<std::size_t>(n));
      detail::for_each_chunk(n, [&](Index b, Index e) {
        for (Index i = b; i < e; ++i)
          if (w[i] > 0) dist[static_cast<std::size_t>(i)] = detail::sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
      });
      for (Index i = 0; i < n; ++i)
        if (w[i] > 0) order.push_back(i);
      std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
        return dist[static_cast<std::size_t>(a)] > dist[static_cast<std::size_t>(b)];
      });
      std::vector<Index> taken;
      std::size_t pos = 0;
      for (Index e : empty) {
        for (; pos < order.size(); ++pos) {
          const Index i = order[pos];
          const int from = labels[i];
          if (!(wsum[from] - static_cast<double>(w[i]) > 0)) continue;  // would empty its own cluster
          bool dup = false;
          for (Index t : taken) dup = dup || detail::same_point(X.col(t).data(), X.col(i).data(), d);
          if (dup) continue;
          wsum[from] -= static_cast<double>(w[i]);
          wsum[e] = static_cast<double>(w[i]);
          labels[i] = static_cast<int>(e);
          taken.push_back(i);
          ++moved;
          ++pos;
          break;
        }
      }
      if (moved > 0) accumulate(X, w, labels, sum, wsum);  // exact sums for the new labels
    }

    shifts.resize(k);
    for (Index c = 0; c < k; ++c) {
      if (wsum[c] > 0) {
        const Eigen::VectorXd mean = sum.col(c) / wsum[c];
        shifts[c] = (mean - C.col(c).template cast<double>()).squaredNorm();
        C.col(c) = mean.cast<Scalar>();
      } else {
        shifts[c] = 0;  // nothing to repair with (fewer distinct points than k): keep the centre
      }
    }
    return moved;
  }

  /// Coordinates per parallel task of the accumulation (a task is one cluster × one coordinate block).
  static constexpr Index kCoordBlock = 128;

 private:
  // Sums per cluster, each coordinate accumulated in double in point order — whatever the number of
  // threads. Points are counting-sorted by label (stable, so index order within a cluster); the work
  // is split over (cluster, block of coordinates) tasks, each of which owns its slice of `sum`.
  template <class Scalar, int Dim>
  static void accumulate(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels& labels,
                         Eigen::MatrixXd& sum, Eigen::VectorXd& wsum) {
    const Index n = X.cols(), d = X.rows(), k = sum.cols();
    std::vector<Index> start(static_cast<std::size_t>(k + 1), 0);
    for (Index i = 0; i < n; ++i) ++start[static_cast<std::size_t>(labels[i]) + 1];
    for (Index c = 0; c < k; ++c) start[static_cast<std::size_t>(c + 1)] += start[static_cast<std::size_t>(c)];
    std::vector<Index> order(static_cast<std::size_t>(n));
    {
      std::vector<Index> pos(start.begin(), start.end() - 1);
      for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(pos[static_cast<std::size_t>(labels[i])]++)] = i;
    }
    const Index nb = (d + kCoordBlock - 1) / kCoordBlock;
    const Index tasks = k * nb;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) if (tasks > 1 && n * d > 20000)
#endif
    for (Index t = 0; t < tasks; ++t) {
      const Index c = t / nb, j0 = (t % nb) * kCoordBlock, len = std::min(kCoordBlock, d - j0);
      const Index b = start[static_cast<std::size_t>(c)], e = start[static_cast<std::size_t>(c + 1)];
      double* s = sum.col(c).data() + j0;
      for (Index j = 0; j < len; ++j) s[j] = 0;
      double ws = 0;
      for (Index p = b; p < e; ++p) {
        const Index i = order[static_cast<std::size_t>(p)];
        const double wi = static_cast<double>(w[i]);
        const Scalar* x = X.col(i).data() + j0;
        for (Index j = 0; j < len; ++j) s[j] += wi * static_cast<double>(x[j]);
        ws += wi;
      }
      if (j0 == 0) wsum[c] = ws;
    }
  }
};

}  // namespace update
}  // namespace lloyd
