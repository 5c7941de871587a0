#pragma once
// inertia::SquaredEuclidean — Σ_i w_i ‖x_i − c_{label(i)}‖², computed directly (not through the
// ‖x‖² − 2x·c + ‖c‖² expansion) and accumulated in double, in fixed chunks summed in order, so the
// value is the same for any thread count.
//
// Inertia policy contract (see docs/ARCHITECTURE.md):
//   template <class Scalar, int Dim>
//   double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
//                     const Centres<Scalar, Dim>& C, const Labels& labels) const;
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/parallel.hpp"
#include "../detail/sparse_points.hpp"
#include "../types.hpp"

namespace lloyd {
namespace inertia {

struct SquaredEuclidean {
  template <class Scalar, int Dim>
  double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                    const Labels& labels) const {
    const Index d = X.rows();
    return detail::chunked_sum(
        X.cols(),
        [&](Index b, Index e) {
          double s = 0;
          for (Index i = b; i < e; ++i)
            s += static_cast<double>(w[i]) * detail::sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
          return s;
        },
        detail::kChunk, static_cast<double>(d));
  }

  /// Sparse points: the same sums (detail::SparseCentreDistance gives detail::sqdist's bits).
  template <class Scalar, int Dim>
  double operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                    const Labels& labels) const {
    const Index d = X.rows();
    return detail::chunked_sum(
        X.cols(),
        [&](Index b, Index e) {
          // Centre by centre (the distance's buffer is filled once per centre), summed in point order.
          detail::SparseCentreDistance<Scalar> dist(d);
          std::vector<double> v(static_cast<std::size_t>(e - b));
          for (Index c = 0; c < C.cols(); ++c)
            for (Index i = b; i < e; ++i)
              if (labels[i] == c) v[static_cast<std::size_t>(i - b)] = dist(detail::point(X, i), C.col(c).data());
          double s = 0;
          for (Index i = b; i < e; ++i) s += static_cast<double>(w[i]) * v[static_cast<std::size_t>(i - b)];
          return s;
        },
        detail::kChunk, static_cast<double>(d));
  }
};

}  // namespace inertia
}  // namespace lloyd
