#pragma once
// update::SphericalMean — the update of spherical k-means (Dhillon & Modha 2001): each centre becomes
// the weighted mean of its points scaled to unit norm. The means are update::ReproducibleMean's
// (order-independent fixed-point sums, its incremental per-run State, its empty-cluster repair), so
// the centres are bit-identical for any thread count and any order of the points; this policy scales
// them afterwards (detail::unit_vector, in double).
//
// A cluster whose weighted mean is the zero vector (its points cancel, e.g. x and −x with equal
// weights) has no direction: it keeps its previous centre. A cluster of zero weight keeps its centre
// as in ReproducibleMean (after the repair has given it a point when it could), and so does a
// cluster whose mean did not change: those centres are not scaled again, so their bits stay put.
// shifts(c) = ‖C_new(:, c) − C_old(:, c)‖², of the centres as stored (Scalar), in double.
//
// Meant for points on the unit sphere (SphericalKMeans normalises them); on other points it gives the
// directions of the plain weighted means. Memory: one copy of the K×D centres besides
// ReproducibleMean's.
//
// Contract: see update/mean.hpp (stateless call) and docs/ARCHITECTURE.md (optional State).
#include "../detail/cosine.hpp"
#include "../detail/distance.hpp"
#include "../types.hpp"
#include "reproducible_mean.hpp"

namespace lloyd {
namespace detail {

/// The means C (from `before`, the centres on entry to the update) scaled to unit norm; a zero mean
/// takes its centre from `before`. shifts(c) = ‖C(:, c) − before(:, c)‖².
template <class Scalar, int Dim>
void unit_means(const Centres<Scalar, Dim>& before, Centres<Scalar, Dim>& C, Shifts& shifts) {
  const Index d = C.rows();
  shifts.resize(C.cols());
  for (Index c = 0; c < C.cols(); ++c) {
    if (same_point(C.col(c).data(), before.col(c).data(), d)) {
      shifts[c] = 0;
      continue;
    }
    if (!unit_vector(C.col(c).data(), d, C.col(c).data())) C.col(c) = before.col(c);
    shifts[c] = sqdist(C.col(c).data(), before.col(c).data(), d);
  }
}

}  // namespace detail

namespace update {

struct SphericalMean {
  /// X: dense (PointsRef) or sparse (SparsePointsRef) points.
  template <class XT, class Scalar, int Dim>
  Index operator()(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C,
                   Shifts& shifts) const {
    const Centres<Scalar, Dim> before = C;
    const Index moved = ReproducibleMean{}(X, w, labels, C, shifts);
    detail::unit_means(before, C, shifts);
    return moved;
  }

  /// Per-run state: ReproducibleMean's incremental State, then the same scaling.
  template <class Scalar, int Dim>
  class State {
   public:
    template <class XT>
    State(const XT& X, const WeightsRef<Scalar>& w) : mean_(X, w) {}

    template <class XT>
    Index operator()(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C,
                     Shifts& shifts) {
      before_ = C;
      const Index moved = mean_(X, w, labels, C, shifts);
      detail::unit_means(before_, C, shifts);
      return moved;
    }

   private:
    typename ReproducibleMean::template State<Scalar, Dim> mean_;
    Centres<Scalar, Dim> before_;
  };
};

}  // namespace update
}  // namespace lloyd
