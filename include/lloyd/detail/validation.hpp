#pragma once
// Input checks shared by KMeans, the seeding policies and the I/O code. Each throws lloyd::error
// with a message that names the parameter, point (column) and coordinate (row).
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "../error.hpp"
#include "../options.hpp"
#include "../types.hpp"
#include "distance.hpp"
#include "parallel.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

inline void validate_options(const Options& o) {
  if (o.k < 1) throw error("parameter 'k' is " + std::to_string(o.k) + "; it must be at least 1");
  if (o.n_init < 0)
    throw error("parameter 'n_init' is " + std::to_string(o.n_init) + "; it must be at least 1, or 0 for auto");
  if (o.max_iter < 1) throw error("parameter 'max_iter' is " + std::to_string(o.max_iter) + "; it must be at least 1");
  if (!(o.tol >= 0) || std::isinf(o.tol)) {
    std::ostringstream s;
    s << "parameter 'tol' is " << o.tol << "; it must be a finite number >= 0";
    throw error(s.str());
  }
}

/// The per-point weights a fit(X, w) call was given, as a Weights vector (one copy, so that any
/// vector expression — a row, a Map, an expression — is accepted). Values are checked later by the
/// fit's own validation (length, finite, >= 0, not all zero); here only the shape.
template <class DerivedW>
Weights<typename DerivedW::Scalar> to_weights(const Eigen::MatrixBase<DerivedW>& w) {
  if (w.cols() != 1 && w.rows() != 1)
    throw error("weights must be a vector, got " + std::to_string(w.rows()) + "x" + std::to_string(w.cols()));
  Weights<typename DerivedW::Scalar> wv(w.size());
  for (Index i = 0; i < w.size(); ++i) wv[i] = w.derived()(i);
  return wv;
}

/// Largest |value| accepted in points of dimension d: every squared distance between two points
/// in [-m, m]^d is at most 4·d·m², and that must stay finite in Scalar (transform() returns it in
/// Scalar, fast assignment policies compute ‖x‖² in Scalar). For float this is ≈ 9.2e18 / √d, for
/// double ≈ 6.7e153 / √d. Larger values would silently turn into inf, so they are rejected.
template <class Scalar>
double max_abs_value(Index d) {
  const double big = static_cast<double>(std::numeric_limits<Scalar>::max());
  return std::sqrt(big / (4.0 * static_cast<double>(d > 0 ? d : 1)));
}

/// X must have at least one point and one coordinate, and only finite values within
/// ±max_abs_value<Scalar>(dimension). Returns max |x| over X (for validate_weighted_range, so the
/// range check needs no second pass over X).
template <class Derived>
double validate_points(const Eigen::MatrixBase<Derived>& X, const char* name = "X") {
  using Scalar = typename Derived::Scalar;
  if (X.cols() == 0) throw error(std::string(name) + " has no points (0 columns)");
  if (X.rows() == 0) throw error(std::string(name) + " has dimension 0 (0 rows)");
  const double limit = max_abs_value<Scalar>(X.rows());
  // Fast, vectorised test per point, chunks of points in parallel: max |x| against a Scalar limit
  // rounded down, and a finite sum (a NaN or inf makes the sum NaN or inf; values within the limit
  // cannot overflow it). If a point fails, the first one is checked value by value below, with the
  // exact limit, for the message. max |x| is exact in Scalar, so the result does not depend on the
  // chunks.
  Scalar slimit = static_cast<Scalar>(limit);
  if (static_cast<double>(slimit) > limit) slimit = std::nextafter(slimit, Scalar(0));
  const Index n = X.cols();
  std::vector<Scalar> chunk_max(static_cast<std::size_t>(num_chunks(n)), Scalar(0));
  std::vector<Index> chunk_bad(chunk_max.size(), n);
  for_each_chunk(
      n,
      [&](Index b, Index e) {
        Scalar m(0);
        for (Index i = b; i < e; ++i) {
          const auto col = X.col(i);
          const Scalar a = col.cwiseAbs().maxCoeff();
          if (!(a <= slimit) || !std::isfinite(col.sum())) {
            chunk_bad[static_cast<std::size_t>(b / kChunk)] = i;
            return;
          }
          m = std::max(m, a);
        }
        chunk_max[static_cast<std::size_t>(b / kChunk)] = m;
      },
      kChunk, static_cast<double>(X.rows()));
  const Index bad = *std::min_element(chunk_bad.begin(), chunk_bad.end());
  if (bad == n) return static_cast<double>(*std::max_element(chunk_max.begin(), chunk_max.end()));
  for (Index i = bad; i < n; ++i) {
    for (Index j = 0; j < X.rows(); ++j) {
      const auto v = X(j, i);
      if (!std::isfinite(v)) {
        std::ostringstream s;
        s << name << "(" << j << ", " << i << ") — coordinate " << j << " of point " << i << " — is " << v
          << "; all values must be finite";
        throw error(s.str());
      }
      if (std::fabs(static_cast<double>(v)) > limit) {
        std::ostringstream s;
        s << name << "(" << j << ", " << i << ") — coordinate " << j << " of point " << i << " — is " << v
          << "; in dimension " << X.rows() << " the " << (sizeof(Scalar) == 4 ? "float" : "double")
          << " data must stay within +-" << std::setprecision(3) << limit
          << " or squared distances overflow to inf; rescale the data"
          << (sizeof(Scalar) == 4 ? " (or use double)" : "");
        throw error(s.str());
      }
    }
  }
  // The fast test failed only on values the exact test accepts (the Scalar limit is rounded down).
  double m = 0;
  for (Index i = 0; i < n; ++i) m = std::max(m, static_cast<double>(X.col(i).cwiseAbs().maxCoeff()));
  return m;
}

/// The objective Σ w‖x − c‖² (and the k-means++ potential, the weighted sums of the update) is
/// accumulated in double; bound it by Σw · 4·d·max|x|² and refuse input for which that overflows.
/// `max_abs` is max |x| over X (what validate_points returned), `d` the dimension. Call after
/// validate_points and validate_weights.
template <class Scalar>
void validate_weighted_range(double max_abs, Index d, const WeightsRef<Scalar>& w) {
  double wsum = 0;
  for (Index i = 0; i < w.size(); ++i) wsum += static_cast<double>(w[i]);
  const double m = max_abs;
  const double dmax = std::numeric_limits<double>::max();
  const double per_point = 4.0 * static_cast<double>(d) * m * m;  // finite: validate_points bounded m
  if (!std::isfinite(wsum) || (per_point > 0 && wsum > dmax / per_point)) {
    std::ostringstream s;
    s << "the weights sum to " << wsum << " and |X| reaches " << m
      << ": the weighted sum of squared distances could overflow double; rescale the weights or the data";
    throw error(s.str());
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

/// The points (finite, in range), the weights (length, finite, ≥ 0, not all zero) and the weighted
/// sums (no overflow): validate_data without k, for data that need not hold k distinct points (a
/// later partial_fit batch).
template <class Scalar, int Dim>
void validate_points_and_weights(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
  const double max_abs = validate_points(X, "X");
  validate_weights<Scalar>(w, X.cols());
  validate_weighted_range<Scalar>(max_abs, X.rows(), w);
}

/// The checks every estimator's fit makes on its data, in this order: the points (finite, in
/// range), the weights (length, finite, ≥ 0, not all zero), the weighted sums (no overflow), k.
template <class Scalar, int Dim>
void validate_data(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k) {
  validate_points_and_weights(X, w);
  validate_k<Scalar, Dim>(X, w, k);
}

// ---- sparse points (detail/sparse_points.hpp): the same checks over the stored values ----------

/// validate_points for sparse X: every stored value finite and within ±max_abs_value<Scalar>(D).
template <class Scalar>
double validate_points(const SparsePointsRef<Scalar>& X, const char* name = "X") {
  if (X.cols() == 0) throw error(std::string(name) + " has no points (0 columns)");
  if (X.rows() == 0) throw error(std::string(name) + " has dimension 0 (0 rows)");
  const double limit = max_abs_value<Scalar>(X.rows());
  double m = 0;
  for (Index i = 0; i < X.cols(); ++i) {
    const SparseCol<Scalar> x = point(X, i);
    for (Index t = 0; t < x.nnz; ++t) {
      const Scalar v = x.v[t];
      const double a = std::fabs(static_cast<double>(v));
      if (a <= limit) {
        m = std::max(m, a);
        continue;
      }
      std::ostringstream s;
      s << name << "(" << x.j[t] << ", " << i << ") — coordinate " << x.j[t] << " of point " << i << " — is " << v;
      if (!std::isfinite(v)) s << "; all values must be finite";
      else
        s << "; in dimension " << X.rows() << " the " << (sizeof(Scalar) == 4 ? "float" : "double")
          << " data must stay within +-" << std::setprecision(3) << limit
          << " or squared distances overflow to inf; rescale the data";
      throw error(s.str());
    }
  }
  return m;
}

/// The nonzero coordinates of a sparse point (stored zeros skipped, so they compare like absent ones).
template <class Scalar>
inline bool same_nonzeros(const SparseCol<Scalar>& a, const SparseCol<Scalar>& b) {
  Index p = 0, q = 0;
  for (;;) {
    while (p < a.nnz && a.v[p] == Scalar(0)) ++p;
    while (q < b.nnz && b.v[q] == Scalar(0)) ++q;
    if (p == a.nnz || q == b.nnz) return p == a.nnz && q == b.nnz;
    if (a.j[p] != b.j[q] || !(a.v[p] == b.v[q])) return false;
    ++p;
    ++q;
  }
}

/// count_distinct for sparse X: points hashed and compared by their nonzero coordinates.
template <class Scalar>
Index count_distinct(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, Index limit) {
  auto hash = [&](Index i) {
    const SparseCol<Scalar> x = point(X, i);
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (Index t = 0; t < x.nnz; ++t)
      if (x.v[t] != Scalar(0)) {
        const std::uint64_t j = static_cast<std::uint64_t>(x.j[t]);
        h = (h ^ hash_point(&x.v[t], 1)) * 0x100000001b3ULL;
        h = (h ^ j) * 0x100000001b3ULL;
      }
    return static_cast<std::size_t>(h);
  };
  auto eq = [&](Index a, Index b) { return same_nonzeros(point(X, a), point(X, b)); };
  std::unordered_set<Index, decltype(hash), decltype(eq)> seen(16, hash, eq);
  for (Index i = 0; i < X.cols() && static_cast<Index>(seen.size()) < limit; ++i)
    if (w[i] > 0) seen.insert(i);
  return static_cast<Index>(seen.size());
}

/// validate_data for sparse X: the same checks in the same order.
template <class Scalar>
void validate_data(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, int k) {
  const double max_abs = validate_points(X, "X");
  validate_weights<Scalar>(w, X.cols());
  validate_weighted_range<Scalar>(max_abs, X.rows(), w);
  if (k > X.cols())
    throw error("parameter 'k' is " + std::to_string(k) + " but X has only " + std::to_string(X.cols()) + " points");
  const Index distinct = count_distinct(X, w, k);
  if (distinct < k)
    throw error("parameter 'k' is " + std::to_string(k) + " but X has only " + std::to_string(distinct) +
                " distinct points with positive weight; k clusters need k distinct points");
}

}  // namespace detail
}  // namespace lloyd
