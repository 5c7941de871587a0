#pragma once
// assignment::Bounds — exact bounds-based assignment with the centres split into G groups: one upper
// bound per point and one lower bound per (point, group) (the engine is detail::GroupBounds).
// assignment::Hamerly, Elkan and Yinyang are its named configurations:
//
//   groups            G for K centres                  named configuration
//   1                 1                                Hamerly  (one lower bound per point)
//   kPerCentre        K (each centre its own group)    Elkan    (one lower bound per point and centre)
//   0 (the default)   max(1, K/10), at most            Yinyang  (its default; Yinyang(g) sets g)
//                     max(16, D·sizeof(Scalar)/8)
//   g > 0             min(g, K)
//   g < 0             lloyd::error when a fit starts
//
// Exact: the labels at every iteration are those of assignment::BruteForce (argmin of detail::sqdist,
// ties → lowest index), whatever G. Bounds are on true distances, kept in double with outward
// rounding, and a label is kept only with a margin covering the reference's rounding (see
// detail/group_bounds.hpp). The State measures the centres' moves itself (it keeps the previous
// centres), so it stays correct with any update policy. Labels are exact, hence independent of the
// thread count. Memory: 2 doubles + G floats per point. The default G's cap keeps the G floats within
// max(64 bytes, half a point's bytes), so the bounds never dwarf the data (low D, large K); an explicit
// G (Yinyang(g), Elkan) is used as given.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include <algorithm>
#include <limits>
#include <string>

#include "../detail/group_bounds.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace assignment {

struct Bounds {
  /// One group per centre (Elkan): any count ≥ K gives K groups.
  static constexpr Index kPerCentre = std::numeric_limits<Index>::max();

  /// Number of centre groups: see the table above (0: max(1, K/10)).
  Index groups = 0;

  Bounds() = default;
  explicit Bounds(Index groups_) : groups(groups_) {}

  /// G for K centres of dimension d with `scalar_bytes`-byte coordinates (the table above); throws
  /// lloyd::error when `groups` is negative.
  Index groups_for(Index k, Index d = 0, Index scalar_bytes = 4) const {
    if (groups < 0)
      throw error("assignment::Bounds: parameter 'groups' must be >= 0 (0: max(1, K/10)), got " +
                  std::to_string(groups));
    if (groups > 0) return std::min(groups, k);
    return std::min(std::max<Index>(1, k / 10), std::max<Index>(16, d * scalar_bytes / 8));
  }

  template <class Scalar, int Dim>
  class State {
   public:
    /// X: dense (PointsRef) or sparse (SparsePointsRef) points.
    template <class XT>
    State(const Bounds& policy, const XT& X, const Centres<Scalar, Dim>& C, Labels& labels)
        : b_(detail::as_points<Scalar, Dim>(X), C, labels,
             policy.groups_for(C.cols(), X.rows(), static_cast<Index>(sizeof(Scalar)))) {}

    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      return b_.step(detail::as_points<Scalar, Dim>(X), C, labels);
    }
    /// The step with the update's shifts (ignored), for callers of the older contract form.
    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return b_.step(detail::as_points<Scalar, Dim>(X), C, labels);
    }

    /// Filtering statistics of the last step (for benchmarks).
    const typename detail::GroupBounds<Scalar, Dim>::Stats& stats() const { return b_.stats(); }

   private:
    detail::GroupBounds<Scalar, Dim> b_;
  };
};

/// A named configuration of Bounds: `Config` (derived from NamedBounds<Config>) default-constructs to
/// its settings, and its State built without a policy object, State(X, C, labels), uses them.
template <class Config>
struct NamedBounds : Bounds {
  using Bounds::Bounds;

  template <class Scalar, int Dim>
  class State : public Bounds::State<Scalar, Dim> {
    using Base = Bounds::State<Scalar, Dim>;

   public:
    using Base::Base;
    template <class XT>
    State(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) : Base(Config{}, X, C, labels) {}
  };
};

}  // namespace assignment
}  // namespace lloyd
