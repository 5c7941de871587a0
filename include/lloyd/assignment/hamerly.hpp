#pragma once
// assignment::Hamerly — exact bounds-based assignment: one upper bound per point and ONE lower bound (on the distance to the second-nearest
// centre), plus the half distance from each centre to its nearest other centre (Hamerly 2010).
// Best for small K (≲ 20) and moderate D. Memory: 2 doubles + 1 float per point.
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

struct Hamerly {
  static constexpr const char* name = "hamerly";

  template <class Scalar, int Dim>
  class State {
   public:
    State(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels)
        : b_(X, C, labels, 1) {}

    Index step(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return b_.step(X, C, labels);
    }

   private:
    detail::GroupBounds<Scalar, Dim> b_;
  };
};

}  // namespace assignment
}  // namespace lloyd
