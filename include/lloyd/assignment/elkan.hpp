#pragma once
// assignment::Elkan — exact bounds-based assignment: one upper bound per point and one lower bound per (point, centre) (Elkan 2003, without
// the full centre-centre matrix: the half distance to the nearest other centre is used). Filters the
// most distance computations but keeps N·K bounds: for small K only. Memory: 2 doubles + K floats per point.
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

struct Elkan {
  static constexpr const char* name = "elkan";

  template <class Scalar, int Dim>
  class State {
   public:
    State(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels)
        : b_(X, C, labels, C.cols()) {}

    Index step(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return b_.step(X, C, labels);
    }

   private:
    detail::GroupBounds<Scalar, Dim> b_;
  };
};

}  // namespace assignment
}  // namespace lloyd
