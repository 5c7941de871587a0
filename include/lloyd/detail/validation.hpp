#pragma once
// Input checks shared by KMeans, the seeding policies and the I/O code. Each throws lloyd::error
// with a message that names the parameter, point (column) and coordinate (row).
#include <cmath>
#include <sstream>
#include <string>
#include <unordered_set>

#include "../error.hpp"
#include "../options.hpp"
#include "../types.hpp"
#include "distance.hpp"

namespace lloyd {
namespace detail {

inline void validate_options(const Options& o) {
  if (o.k < 1) throw error("parameter 'k' is " + std::to_string(o.k) + "; it must be at least 1");
  if (o.n_init < 1) throw error("parameter 'n_init' is " + std::to_string(o.n_init) + "; it must be at least 1");
  if (o.max_iter < 1)
    throw error("parameter 'max_iter' is " + std::to_string(o.max_iter) + "; it must be at least 1");
  if (!(o.tol >= 0) || std::isinf(o.tol)) {
    std::ostringstream s;
    s << "parameter 'tol' is " << o.tol << "; it must be a finite number >= 0";
    throw error(s.str());
  }
}

/// X must have at least one point and one coordinate, and only finite values.
template <class Derived>
void validate_points(const Eigen::MatrixBase<Derived>& X, const char* name = "X") {
  if (X.cols() == 0) throw error(std::string(name) + " has no points (0 columns)");
  if (X.rows() == 0) throw error(std::string(name) + " has dimension 0 (0 rows)");
  for (Index i = 0; i < X.cols(); ++i)
    for (Index j = 0; j < X.rows(); ++j) {
      const auto v = X(j, i);
      if (!std::isfinite(v)) {
        std::ostringstream s;
        s << name << "(" << j << ", " << i << ") — coordinate " << j << " of point " << i << " — is " << v
          << "; all values must be finite";
        throw error(s.str());
      }
    }
}

/// Weights: length n, finite, ≥ 0, not all zero.
template <class Scalar>
void validate_weights(const WeightsRef<Scalar>& w, Index n) {
  if (w.size() != n)
    throw error("weights have length " + std::to_string(w.size()) + " but X has " + std::to_string(n) + " points");
  bool any_positive = false;
  for (Index i = 0; i < n; ++i) {
    if (!std::isfinite(w[i]) || w[i] < 0) {
      std::ostringstream s;
      s << "weight of point " << i << " is " << w[i] << "; weights must be finite and >= 0";
      throw error(s.str());
    }
    any_positive = any_positive || w[i] > 0;
  }
  if (!any_positive) throw error("weights are all zero; at least one point needs a positive weight");
}

/// Number of distinct points with positive weight, counting no further than `limit`.
template <class Scalar, int Dim>
Index count_distinct(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Index limit) {
  const Index d = X.rows();
  auto hash = [&](Index i) { return static_cast<std::size_t>(hash_point(X.col(i).data(), d)); };
  auto eq = [&](Index a, Index b) { return same_point(X.col(a).data(), X.col(b).data(), d); };
  std::unordered_set<Index, decltype(hash), decltype(eq)> seen(16, hash, eq);
  for (Index i = 0; i < X.cols() && static_cast<Index>(seen.size()) < limit; ++i)
    if (w[i] > 0) seen.insert(i);
  return static_cast<Index>(seen.size());
}

/// k must not exceed the number of points nor the number of distinct points (positive weight).
template <class Scalar, int Dim>
void validate_k(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k) {
  if (k > X.cols())
    throw error("parameter 'k' is " + std::to_string(k) + " but X has only " + std::to_string(X.cols()) + " points");
  const Index distinct = count_distinct<Scalar, Dim>(X, w, k);
  if (distinct < k)
    throw error("parameter 'k' is " + std::to_string(k) + " but X has only " + std::to_string(distinct) +
                " distinct points with positive weight; k clusters need k distinct points");
}

}  // namespace detail
}  // namespace lloyd
