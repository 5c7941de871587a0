#pragma once
// lloyd::absolute_tolerance — the stopping threshold every estimator derives from its relative `tol`.
#include "detail/fixed_sum.hpp"
#include "detail/sparse_points.hpp"
#include "types.hpp"

namespace lloyd {

/// Absolute tolerance for Σ‖Δc‖²: tol × mean over coordinates of the (unweighted) variance of X,
/// as in scikit-learn.
template <class Scalar, int Dim>
double absolute_tolerance(const PointsRef<Scalar, Dim>& X, double tol) {
  if (tol == 0) return 0;
  const Index n = X.cols(), d = X.rows();
  // Two passes over the columns (memory order): per-coordinate means, then squared deviations.
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d), m2 = Eigen::VectorXd::Zero(d);
  for (Index i = 0; i < n; ++i) mean += X.col(i).template cast<double>();
  mean /= static_cast<double>(n);
  for (Index i = 0; i < n; ++i) m2 += (X.col(i).template cast<double>() - mean).cwiseAbs2();
  return tol * detail::fixed_sum(m2) / static_cast<double>(n) / static_cast<double>(d);
}

/// The same for sparse X, in O(nonzeros + D): the means are the dense sums' bits (absent zeros add
/// nothing); a coordinate's absent zeros add (N − nonzeros)·mean² to its squared deviations at once,
/// so the value may differ from the dense one in the last bits.
template <class Scalar>
double absolute_tolerance(const SparsePointsRef<Scalar>& X, double tol) {
  if (tol == 0) return 0;
  const Index n = X.cols(), d = X.rows();
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d), m2 = Eigen::VectorXd::Zero(d);
  Eigen::VectorXd present = Eigen::VectorXd::Zero(d);
  for (Index i = 0; i < n; ++i)
    for (typename SparsePointsRef<Scalar>::InnerIterator it(X, i); it; ++it) {
      mean[it.index()] += static_cast<double>(it.value());
      present[it.index()] += 1;
    }
  mean /= static_cast<double>(n);
  for (Index i = 0; i < n; ++i)
    for (typename SparsePointsRef<Scalar>::InnerIterator it(X, i); it; ++it) {
      const double t = static_cast<double>(it.value()) - mean[it.index()];
      m2[it.index()] += t * t;
    }
  for (Index j = 0; j < d; ++j) m2[j] += (static_cast<double>(n) - present[j]) * mean[j] * mean[j];
  return tol * detail::fixed_sum(m2) / static_cast<double>(n) / static_cast<double>(d);
}

}  // namespace lloyd
