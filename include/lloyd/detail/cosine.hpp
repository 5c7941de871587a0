#pragma once
// What spherical k-means (spherical_kmeans.hpp) needs besides the Euclidean machinery: a point's unit
// vector, the unit copy of a set of points, and the cosine distance 1 − cos.
//
// unit_vector computes x / ‖x‖ in double as (x / m) / ‖x / m‖ with m = max_j |x_j|, so that the
// squares neither underflow (tiny double values) nor overflow; the norm is summed like detail::sqdist
// (fixed order), so a point's unit vector does not depend on the thread count or on the other points.
#include <algorithm>
#include <cmath>
#include <string>

#include "../error.hpp"
#include "../types.hpp"
#include "distance.hpp"
#include "parallel.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

/// Writes x / ‖x‖ (d values, computed in double) to out, which may be x itself, and returns true;
/// returns false and leaves out untouched when x is the zero vector.
template <class Scalar>
inline bool unit_vector(const Scalar* x, Index d, Scalar* out) {
  double m = 0;
  for (Index j = 0; j < d; ++j) m = std::max(m, std::fabs(static_cast<double>(x[j])));
  if (!(m > 0)) return false;
  const double n = std::sqrt(sum8(d, [x, m](Index j) {
    const double t = static_cast<double>(x[j]) / m;
    return t * t;
  }));
  for (Index j = 0; j < d; ++j) out[j] = static_cast<Scalar>(static_cast<double>(x[j]) / m / n);
  return true;
}

/// The columns of X scaled to unit norm: a copy, D×N Scalars. A zero column throws lloyd::error
/// naming the first one (`name`: the matrix, e.g. "X"; `who`: the estimator). X must be finite.
template <class Scalar, int Dim>
Points<Scalar, Dim> unit_columns(const PointsRef<Scalar, Dim>& X, const char* name, const char* who) {
  Points<Scalar, Dim> U(X.rows(), X.cols());
  for_each_chunk(
      X.cols(),
      [&](Index b, Index e) {  // chunks in order: the lowest zero column is the one reported
        for (Index i = b; i < e; ++i)
          if (!unit_vector(X.col(i).data(), X.rows(), U.col(i).data()))
            throw error(std::string(name) + ": point " + std::to_string(i) + " (column " + std::to_string(i) +
                        "; row " + std::to_string(i) + " of an N x D data file) is the zero vector; " + who +
                        " needs nonzero points (the cosine of a zero vector is undefined)");
      },
      kChunk, static_cast<double>(X.rows()));
  return U;
}

/// 1 − cos(x, c) in double, clamped to [0, 2], given ‖c‖ (c_norm); 1 when x or c is zero.
/// Dot product and norm summed like detail::sqdist.
template <class Scalar>
inline double cosine_distance(const Scalar* x, const Scalar* c, Index d, double c_norm) {
  const double xn = std::sqrt(sqnorm(x, d));
  if (!(xn > 0) || !(c_norm > 0)) return 1;
  const double xc = sum8(d, [x, c](Index j) { return static_cast<double>(x[j]) * static_cast<double>(c[j]); });
  return std::min(2.0, std::max(0.0, 1 - xc / xn / c_norm));
}

/// ‖C(:, c)‖ for every centre, in double.
template <class Scalar, int Dim>
Eigen::VectorXd centre_norms(const Centres<Scalar, Dim>& C) {
  Eigen::VectorXd n(C.cols());
  for (Index c = 0; c < C.cols(); ++c) n[c] = std::sqrt(sqnorm(C.col(c).data(), C.rows()));
  return n;
}

// ---- sparse points: the same values, over the stored coordinates (sparse_points.hpp) ----------

/// unit_columns for sparse X: a sparse copy with unit columns, each the bits of the dense unit
/// vector (zeros stay zeros; the norm is summed into the same partials as sum8).
template <class Scalar>
SparsePoints<Scalar> unit_columns(const SparsePointsRef<Scalar>& X, const char* name, const char* who) {
  SparsePoints<Scalar> U(X);
  U.makeCompressed();
  for (Index i = 0; i < U.cols(); ++i) {
    Scalar* v = U.valuePtr() + U.outerIndexPtr()[i];
    const SparseCol<Scalar> x = point(X, i);
    double m = 0;
    for (Index t = 0; t < x.nnz; ++t) m = std::max(m, std::fabs(static_cast<double>(x.v[t])));
    if (!(m > 0))
      throw error(std::string(name) + ": point " + std::to_string(i) + " (column " + std::to_string(i) + "; row " +
                  std::to_string(i) + " of an N x D data file) is the zero vector; " + who +
                  " needs nonzero points (the cosine of a zero vector is undefined)");
    double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (Index t = 0; t < x.nnz; ++t) {
      const double a = static_cast<double>(x.v[t]) / m;
      p[x.j[t] & 7] += a * a;
    }
    const double n = std::sqrt(((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7])));
    for (Index t = 0; t < x.nnz; ++t) v[t] = static_cast<Scalar>(static_cast<double>(x.v[t]) / m / n);
  }
  return U;
}

/// cosine_distance for a sparse point: the dense value's bits.
template <class Scalar>
inline double cosine_distance(const SparseCol<Scalar>& x, const Scalar* c, Index d, double c_norm) {
  const double xn = std::sqrt(sqnorm(x, d));
  if (!(xn > 0) || !(c_norm > 0)) return 1;
  double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (Index t = 0; t < x.nnz; ++t) p[x.j[t] & 7] += static_cast<double>(x.v[t]) * static_cast<double>(c[x.j[t]]);
  const double xc = ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
  return std::min(2.0, std::max(0.0, 1 - xc / xn / c_norm));
}

}  // namespace detail
}  // namespace lloyd
