#pragma once
// assignment::Yinyang — exact bounds-based assignment: centres grouped into G = max(1, K/10) groups by a small k-means on the initial centres;
// one lower bound per (point, group); global, group and Hamerly filtering (Ding et al. 2015). Best
// for large K. Memory: 2 doubles + G floats per point.
//
// Exact: the labels at every iteration are those of assignment::BruteForce (argmin of detail::sqdist,
// ties → lowest index). Bounds are on true distances, kept in double with outward rounding, and a
// label is kept only with a margin covering the reference's rounding (see detail/group_bounds.hpp).
// The State ignores the reported shifts and measures the centres' moves itself (it keeps the previous
// centres), so it stays correct with any update policy. Labels are exact, hence independent of the
// thread count.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include "../detail/group_bounds.hpp"
#include "../types.hpp"

namespace lloyd {
namespace assignment {

struct Yinyang {
  static constexpr const char* name = "yinyang";
  template <class Scalar, int Dim>
  class State {
   public:
    State(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels,
          Index groups = 0 /* 0: max(1, K/10) */)
        : b_(X, C, labels, groups > 0 ? groups : std::max<Index>(1, C.cols() / 10)) {}

    Index step(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return b_.step(X, C, labels);
    }

    /// Filtering statistics of the last step (for benchmarks).
    const typename detail::GroupBounds<Scalar, Dim>::Stats& stats() const { return b_.stats(); }

   private:
    detail::GroupBounds<Scalar, Dim> b_;
  };
};

}  // namespace assignment
}  // namespace lloyd
