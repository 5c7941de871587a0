#pragma once
// assignment::Auto — the default: picks an exact assignment policy from K, D and N.
//
//   K = 1, or N < 2048 with K·D < 4096     BruteForce  (nothing to filter; no set-up cost)
//   D ≤ 8 and K ≤ 256                      BruteForce  (its low-dimension kernel computes a distance
//                                                       for less than a bound test costs)
//   D ≤ 8                                  Yinyang     (Elkan's K bounds per point cost more than
//                                                       the distances they save in low dimension)
//   K ≤ 16                                 Elkan       (one bound per centre: N·K doubles, small)
//   otherwise                              Yinyang     (K/10 groups, capped: assignment/bounds.hpp)
//
// The thresholds come from the measurements in docs/BENCHMARKS.md (Fashion-MNIST 60000×784,
// synthetic blobs and smooth low-dimension densities, 2 cores). Every candidate is exact, so Auto's labels are BruteForce's whatever it
// picks; `choice(k, d, n)` tells which one it picks.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include <type_traits>
#include <utility>
#include <variant>

#include "../types.hpp"
#include "brute_force.hpp"
#include "elkan.hpp"
#include "yinyang.hpp"

namespace lloyd {
namespace assignment {

struct Auto {
  static constexpr const char* name = "auto";
  static constexpr const char* description = "the library's default: picks brute, elkan or yinyang by k, d, n";

  /// What Auto picks (exactly these three).
  enum class Choice { BruteForce, Elkan, Yinyang };

  static Choice choice(Index k, Index d, Index n) {
    if (k <= 1 || (n < 2048 && k * d < 4096)) return Choice::BruteForce;
    if (d <= 8) return k <= 256 ? Choice::BruteForce : Choice::Yinyang;
    if (k <= 16) return Choice::Elkan;
    return Choice::Yinyang;
  }

  /// The chosen policy's name (its `name`, as in assignment/registry.hpp).
  static const char* choice_name(Choice c) {
    switch (c) {
      case Choice::BruteForce:
        return BruteForce::name;
      case Choice::Elkan:
        return Elkan::name;
      case Choice::Yinyang:
        return Yinyang::name;
    }
    return "?";
  }

  template <class Scalar, int Dim>
  class State {
   public:
    /// X: dense (PointsRef) or sparse (SparsePointsRef) points.
    template <class XT>
    State(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels)
        : choice_(choice(C.cols(), X.rows(), X.cols())), s_(make(choice_, X, C, labels)) {}

    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      return std::visit([&](auto& s) { return s.step(X, C, labels); }, s_);
    }
    /// The step with the update's shifts (ignored), for callers of the older contract form.
    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return step(X, C, labels);
    }

    Choice chosen() const { return choice_; }

   private:
    // Alternatives in the order of Choice.
    using Variant =
        std::variant<BruteForce::State<Scalar, Dim>, Elkan::State<Scalar, Dim>, Yinyang::State<Scalar, Dim>>;

    template <class XT>
    static Variant make(Choice c, const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      switch (c) {
        case Choice::Elkan:
          return Variant(std::in_place_index<1>, X, C, labels);
        case Choice::Yinyang:
          return Variant(std::in_place_index<2>, X, C, labels);
        case Choice::BruteForce:
          break;
      }
      return Variant(std::in_place_index<0>, X, C, labels);
    }

    Choice choice_;
    Variant s_;
  };
};

}  // namespace assignment
}  // namespace lloyd
