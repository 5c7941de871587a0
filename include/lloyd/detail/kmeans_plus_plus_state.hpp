#pragma once
// detail::KMeansPlusPlusState — what a run of seeding::KMeansPlusPlus (greedy weighted k-means++)
// keeps between centres, and the steps both evaluation paths share (detail/kmeans_plus_plus_run.hpp
// has the paths). Each point's nearest squared distance `closest` (and the chosen centre it belongs
// to, `near`) is kept and updated once per chosen centre; points are grouped by that centre. A
// candidate is compared only with the points of the chosen centres it can bring closer (‖y − c_a‖ <
// 2·max_{x near c_a} ‖x − c_a‖, triangle inequality, per group and per point); distances come from
// one Scalar dot product (‖x‖² precomputed) and are recomputed exactly near zero.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "exact_nearest.hpp"
#include "index.hpp"
#include "multi_dot.hpp"
#include "parallel.hpp"
#include "projection_bound.hpp"
#include "rng.hpp"

namespace lloyd {
namespace detail {

/// Fixed tuning of seeding::KMeansPlusPlus (results never depend on the thread count).
struct KMeansPlusPlusTuning {
  /// Points per parallel task of the pruned path.
  static constexpr Index kTaskPoints = 2048;
  /// Dimension from which a point's dot products with all candidates are computed in one product.
  static constexpr Index kBatchMinDim = 16;
  /// Candidates a point must meet for that product to be computed (fewer: one distance each).
  static constexpr std::size_t kProductMin = 2;
  /// Dimension from which the projection bound (detail/projection_bound.hpp) screens pairs first.
  static constexpr Index kProjectionMinDim = 8 * ProjectionBound<double>::kDim;
  /// Candidates evaluated per pass over the points (one bit each of a 32-bit mask).
  static constexpr int kPassCandidates = 32;
};

template <class Scalar, int Dim>
class KMeansPlusPlusState : protected KMeansPlusPlusTuning {
 protected:
  /// k centres with `trials` (≥ 1) candidates per centre after the first.
  KMeansPlusPlusState(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, int trials, Rng& rng)
      : X_(X),
        w_(w),
        rng_(rng),
        n_(X.cols()),
        d_(X.rows()),
        k_(k),
        t_(trials),
        em_(X.rows()),
        batched_(X.rows() >= kBatchMinDim && !em_.useless),
        C_(X.rows(), k),
        cum_(to_size(n_)),
        xn2_(to_size(n_)),
        closest_(to_size(n_)),
        near_(to_size(n_), 0),
        order_(to_size(n_)),
        cand_(to_size(t_)),
        half_dya_(to_size(k) * to_size(t_)),
        groups_of_(to_size(t_)) {}

  struct Task {
    Index b, e;  // range in `order_` (a block of one group)
    int group;
    std::uint32_t mask;  // which candidates of the pass must look at these points
  };

  // Norms, the first centre (∝ w), every point's distance to it and the groups.
  void start() {
    for_each_chunk(
        n_, [&](Index b, Index e) { point_norms(X_, b, e, xn2_.data() + b); }, kChunk, static_cast<double>(d_));
    const Index first = draw(cumulate([&](Index i) { return static_cast<double>(w_[i]); }));
    C_.col(0) = X_.col(first);
    for_each_chunk(
        n_,
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i) at(closest_, i) = dist2(i, first);
        },
        kChunk, static_cast<double>(d_));
    regroup(1);
  }

  // ---- draws ---------------------------------------------------------------------------------

  // cum_[i] = Σ_{i' ≤ i} mass(i'); returns the total.
  template <class Mass>
  double cumulate(Mass mass) {
    double s = 0;
    for (Index i = 0; i < n_; ++i) at(cum_, i) = (s += mass(i));
    return s;
  }

  // An index with probability ∝ mass (cumulate'd, total > 0): the first i with cum_[i] > u·total.
  Index draw(double total) {
    const double v = rng_.uniform() * total;
    const Index i = std::upper_bound(cum_.begin(), cum_.end(), v) - cum_.begin();
    return std::min(i, n_ - 1);
  }

  // ---- distances -----------------------------------------------------------------------------

  // Squared distance of point i to point y (a column of X) from the dot product x_i·x_y as computed
  // by detail::multi_dot (whose value for one column does not depend on how many it computes at
  // once); exact (detail::sqdist) within the rounding bound of zero, so a duplicate of a chosen
  // centre gets exactly 0 and can never be drawn.
  double dist2_dot(Index i, Index y, Scalar dot) const {
    const double xi = at(xn2_, i), yy = at(xn2_, y);
    const double approx = xi + yy - 2.0 * static_cast<double>(dot);
    const double bound = em_.dist_err(std::sqrt(xi), xi, std::sqrt(yy), yy);
    if (em_.useless || !std::isfinite(approx) || approx <= bound)  // near zero, or overflow in Scalar
      return sqdist(X_.col(i).data(), X_.col(y).data(), d_);
    return approx;
  }

  double dist2(Index i, Index y) const {
    Scalar dot;
    multi_dot(X_.col(i).data(), X_.col(y).data(), d_, 1, d_, d_, &dot);
    return dist2_dot(i, y, dot);
  }

  // ---- groups and the triangle test ----------------------------------------------------------

  // Points grouped by nearest chosen centre (m of them; index order inside, for the pruned path) and
  // each group's radius.
  void regroup(int m) {
    start_.assign(to_size(m + 1), 0);
    radius_.assign(to_size(m), 0.0);
    for (Index i = 0; i < n_; ++i) {
      const int a = at(near_, i);
      ++at(start_, a + 1);
      at(radius_, a) = std::max(at(radius_, a), at(closest_, i));
    }
    for (int a = 0; a < m; ++a) at(start_, a + 1) += at(start_, a);
    if (!batched_) {  // the batched path walks X in index order and needs no `order_`
      std::vector<Index> pos(start_.begin(), start_.end() - 1);
      for (Index i = 0; i < n_; ++i) at(order_, at(pos, at(near_, i))++) = i;
    }
    for (double& r : radius_) r = std::sqrt(r);
  }

  // Which of the pass's candidates j0..j1 may bring closer some point of group a (bit j − j0): a
  // candidate y only can when ‖y − c_a‖ < 2·radius(a). Stores ‖y − c_a‖²/4 for the per-point test.
  std::uint32_t group_candidates(int a, int j0, int j1) {
    const double r = at(radius_, a);
    if (r == 0) return 0;
    std::uint32_t mask = 0;
    for (int j = j0; j < j1; ++j) {
      const double dya = std::sqrt(sqdist(X_.col(at(cand_, j)).data(), C_.col(a).data(), d_));
      half_dya_[to_size(a) * to_size(t_) + to_size(j)] = 0.25 * dya * dya * (1 - 1e-6);
      if (dya < 2 * r * (1 + 1e-6) + 1e-300) {
        mask |= std::uint32_t(1) << (j - j0);
        if (!batched_) at(groups_of_, j).push_back(a);
      }
    }
    return mask;
  }

  // The triangle test of every group of the c chosen centres against candidates j0..j1: group_mask_,
  // and (pruned path) the tasks, blocks of kTaskPoints points of the groups some candidate needs.
  void screen_groups(int c, int j0, int j1) {
    tasks_.clear();
    group_mask_.assign(to_size(c), 0);
    for (int a = 0; a < c; ++a) {
      const std::uint32_t mask = group_candidates(a, j0, j1);
      at(group_mask_, a) = mask;
      if (mask == 0 || batched_) continue;
      const Index b = at(start_, a), e = at(start_, a + 1);
      for (Index p = b; p < e; p += kTaskPoints) tasks_.push_back({p, std::min(e, p + kTaskPoints), a, mask});
    }
  }

  // The candidate giving the lowest potential (the first on ties).
  int best_candidate() const {
    int best = 0;
    for (int j = 1; j < t_; ++j)
      if (at(pj_, j) < at(pj_, best)) best = j;
    return best;
  }

  const PointsRef<Scalar, Dim>& X_;
  const WeightsRef<Scalar>& w_;
  Rng& rng_;
  const Index n_, d_;
  const int k_, t_;
  const ErrorModel<Scalar> em_;
  const bool batched_;  // the batched path (else the pruned one)
  Centres<Scalar, Dim> C_;
  std::vector<double> cum_;      // cumulative masses of the current draw
  std::vector<double> xn2_;      // ‖x_i‖²
  std::vector<double> closest_;  // squared distance to the nearest chosen centre
  std::vector<int> near_;        // that centre
  std::vector<Index> start_;     // group a is order_[start_[a], start_[a + 1])
  std::vector<Index> order_;     // points by group (pruned path)
  std::vector<double> radius_;   // max distance of a group's points to its centre
  // The current centre's candidates.
  std::vector<Index> cand_;
  std::vector<double> pj_;                   // potential with candidate j added
  std::vector<double> half_dya_;             // ‖y_j − c_a‖²/4 (shrunk), at a·t + j
  std::vector<std::uint32_t> group_mask_;    // candidates of the pass that may improve group a
  std::vector<std::vector<int>> groups_of_;  // groups each candidate looked at (pruned path)
  std::vector<Task> tasks_;                  // the pruned path's work
};

}  // namespace detail
}  // namespace lloyd
