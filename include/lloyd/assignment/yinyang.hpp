#pragma once
// assignment::Yinyang — exact bounds-based assignment: centres grouped into G groups by a small
// k-means on the initial centres; one lower bound per (point, group); global, group and Hamerly
// filtering (Ding et al. 2015). assignment::Bounds with G = max(1, K/10) (capped by memory: bounds.hpp) by default, or
// `Yinyang(g)` for min(g, K) groups (g < 0: lloyd::error when a fit starts). Best for large K.
// Memory: 2 doubles + G floats per point. Exact (BruteForce's labels) for any G: see bounds.hpp.
//
//   lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::LocalSearchPlusPlus, lloyd::assignment::Yinyang>
//       km(opt, {}, lloyd::assignment::Yinyang(20));
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include "bounds.hpp"

namespace lloyd {
namespace assignment {

struct Yinyang : Bounds {
  static constexpr const char* name = "yinyang";
  static constexpr const char* description = "Yinyang: one lower bound per point and group of centres";

  Yinyang() = default;
  /// groups: 0 = max(1, K/10), capped (bounds.hpp).
  explicit Yinyang(Index groups_) : Bounds(groups_) {}

  template <class Scalar, int Dim>
  class State : public Bounds::State<Scalar, Dim> {
    using Base = Bounds::State<Scalar, Dim>;

   public:
    using Base::Base;
    /// groups: as Yinyang(groups).
    template <class XT>
    State(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels, Index groups = 0)
        : Base(Yinyang(groups), X, C, labels) {}
  };
};

}  // namespace assignment
}  // namespace lloyd
