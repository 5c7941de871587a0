#pragma once
// inertia::Exact — Σ_i w_i ‖x_i − c_{label(i)}‖² with order-independent fixed-point accumulation
// (see detail/exact.hpp): the same value for any order or split of the points.
//
// Contract: see inertia/squared_euclidean.hpp.
#include "../detail/exact.hpp"
#include "../types.hpp"

namespace lloyd {
namespace inertia {

struct Exact {
  template <class Scalar, int Dim>
  double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                    const Labels& labels) const {
    return detail::exact_inertia(X, w, C, labels, detail::LocalComm{});
  }
};

}  // namespace inertia
}  // namespace lloyd
