#pragma once
// inertia::Cosine — the objective of spherical k-means: Σ_i w_i (1 − cos(x_i, c_{label(i)})), with
// cos = x·c / (‖x‖‖c‖) computed in double (detail::cosine_distance: clamped to [0, 2]; a zero vector
// counts as distance 1), accumulated in double in fixed chunks summed in order, so the value is the
// same for any thread count. It does not depend on the points' norms: on unit vectors it is half the
// squared Euclidean inertia, Σ w ‖x − c‖² / 2, up to rounding.
//
// Contract: see inertia/squared_euclidean.hpp.
#include "../detail/cosine.hpp"
#include "../detail/parallel.hpp"
#include "../types.hpp"

namespace lloyd {
namespace inertia {

struct Cosine {
  /// X: dense (PointsRef) or sparse (SparsePointsRef) points.
  template <class XT, class Scalar, int Dim>
  double operator()(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                    const Labels& labels) const {
    const Index d = X.rows();
    const Eigen::VectorXd cn = detail::centre_norms(C);
    return detail::chunked_sum(
        X.cols(),
        [&](Index b, Index e) {
          double s = 0;
          for (Index i = b; i < e; ++i) {
            const int l = labels[i];
            s += static_cast<double>(w[i]) * detail::cosine_distance(detail::point(X, i), C.col(l).data(), d, cn[l]);
          }
          return s;
        },
        detail::kChunk, 2.0 * static_cast<double>(d));
  }
};

}  // namespace inertia
}  // namespace lloyd
