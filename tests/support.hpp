#pragma once
// Helpers shared by the tests: seeded data and independent (long double) reference computations.
#include <cmath>
#include <limits>
#include <lloyd/lloyd.hpp>
#include <vector>

#include "instances.hpp"

namespace test {

using lloyd::Index;

/// n points in d dimensions, uniform in [-1, 1]^d.
template <class Scalar, int Dim = Eigen::Dynamic>
lloyd::Points<Scalar, Dim> uniform(Index d, Index n, std::uint64_t seed) {
  lloyd::Rng rng(seed);
  lloyd::Points<Scalar, Dim> X(d, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) X(j, i) = static_cast<Scalar>(2 * rng.uniform() - 1);
  return X;
}

/// n points around the columns of `centres`, Gaussian with the given spread; point i belongs to
/// blob i % K.
template <class Scalar, int Dim = Eigen::Dynamic>
lloyd::Points<Scalar, Dim> blobs(const Eigen::MatrixXd& centres, Index n, double spread, std::uint64_t seed) {
  lloyd::Rng rng(seed);
  lloyd::Points<Scalar, Dim> X(centres.rows(), n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < centres.rows(); ++j)
      X(j, i) = static_cast<Scalar>(centres(j, i % centres.cols()) + spread * rng.normal());
  return X;
}

template <class Scalar, int Dim>
long double dist2(const lloyd::Points<Scalar, Dim>& X, Index i, const lloyd::Centres<Scalar, Dim>& C, Index c) {
  long double s = 0;
  for (Index j = 0; j < X.rows(); ++j) {
    const long double t = static_cast<long double>(X(j, i)) - static_cast<long double>(C(j, c));
    s += t * t;
  }
  return s;
}

/// True when every label is a nearest centre of its point (relative slack for rounding in ties).
template <class Scalar, int Dim>
bool labels_are_nearest(const lloyd::Points<Scalar, Dim>& X, const lloyd::Centres<Scalar, Dim>& C,
                        const lloyd::Labels& labels) {
  for (Index i = 0; i < X.cols(); ++i) {
    if (labels[i] < 0 || labels[i] >= C.cols()) return false;
    const long double mine = dist2(X, i, C, labels[i]);
    for (Index c = 0; c < C.cols(); ++c)
      if (dist2(X, i, C, c) < mine * (1 - 1e-12L) - 1e-300L) return false;
  }
  return true;
}

template <class Scalar, int Dim>
long double inertia(const lloyd::Points<Scalar, Dim>& X, const lloyd::Centres<Scalar, Dim>& C,
                    const lloyd::Labels& labels, const lloyd::Weights<Scalar>* w = nullptr) {
  long double s = 0;
  for (Index i = 0; i < X.cols(); ++i) s += (w ? static_cast<long double>((*w)[i]) : 1.0L) * dist2(X, i, C, labels[i]);
  return s;
}

/// Number of distinct labels used.
inline Index clusters_used(const lloyd::Labels& labels, Index k) {
  std::vector<bool> used(static_cast<std::size_t>(k), false);
  for (Index i = 0; i < labels.size(); ++i) used[static_cast<std::size_t>(labels[i])] = true;
  Index n = 0;
  for (bool u : used) n += u;
  return n;
}

/// Relative closeness.
inline bool close(long double a, long double b, long double rel) {
  return std::fabs(a - b) <= rel * std::max<long double>(1, std::max(std::fabs(a), std::fabs(b)));
}

/// Catch matcher helper: the exception message contains `part`.
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "<no lloyd::error thrown>";
}

}  // namespace test
