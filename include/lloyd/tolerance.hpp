#pragma once
// lloyd::absolute_tolerance — the stopping threshold every estimator derives from its relative `tol`.
#include "detail/fixed_sum.hpp"
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

}  // namespace lloyd
