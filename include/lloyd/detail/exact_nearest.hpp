#pragma once
// Exact nearest centre from fast approximate distances.
//
// The fast policies compute, in Scalar, a(c) = ‖c‖² − 2·x·c (a matrix product), which equals
// ‖x − c‖² − ‖x‖² up to rounding. This header bounds that rounding rigorously and resolves the label
// exactly: every centre whose distance could be the reference minimum (detail::sqdist, double, ties →
// lowest index) is a candidate; a single candidate is the answer, several are re-checked with sqdist.
//
// Error model (u = unit roundoff of Scalar, γ_n = n·u/(1 − n·u), any summation order, FMA or not):
//   |fl(x·c) − x·c| ≤ γ_D ‖x‖‖c‖,   |fl(‖c‖²) − ‖c‖²| ≤ 1.01·u‖c‖²,   the subtraction adds u·|a|,
//   so |a(c) − (‖c‖² − 2x·c)| ≤ (2γ_D + 2.01u)‖x‖‖c‖ + 2.03u‖c‖² (+ an underflow term).
// We use twice that. The reference sqdist itself is within a relative δ = γ_{D+4} (double) of the
// true squared distance, which widens the candidate window by 2δ·‖x − c_best‖².
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "index.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

template <class Scalar>
struct ErrorModel {
  double alpha = 0;  ///< e(c) = alpha·‖x‖·‖c‖ + beta·‖c‖² + abs
  double beta = 0;
  double abs = 0;
  double delta = 0;      ///< relative error bound of the reference sqdist (double)
  bool useless = false;  ///< D so large that the bound means nothing: every centre is a candidate

  explicit ErrorModel(Index d) {
    const double u = std::numeric_limits<Scalar>::epsilon() / 2;
    const double n = static_cast<double>(d) + 2;
    if (n * u >= 0.25) useless = true;
    const double gam = n * u / (1 - std::min(0.5, n * u));
    alpha = 2.0 * (2 * gam + 2.01 * u);
    beta = 2.0 * 2.03 * u;
    abs = 8.0 * n * static_cast<double>(std::numeric_limits<Scalar>::min());
    const double ud = std::numeric_limits<double>::epsilon() / 2;
    const double nd = static_cast<double>(d) + 4;
    delta = 2.0 * nd * ud / (1 - std::min(0.5, nd * ud));
  }

  /// Bound on |fl(‖x‖² + ‖y‖² − 2·x·y) − ‖x − y‖²| for the dot product x·y computed in Scalar and
  /// the rest in double from xn2 = ‖x‖², yn2 = ‖y‖² (double; xnorm, ynorm their square roots): the
  /// product's rounding (e(c) above, with ‖c‖ = ynorm) plus 4δ(‖x‖² + ‖y‖²) for the norms and the
  /// sum in double. One formula for every screen of seeding::KMeansPlusPlus.
  double dist_err(double xnorm, double xn2, double ynorm, double yn2) const {
    return alpha * xnorm * ynorm + beta * yn2 + abs + 4 * delta * (xn2 + yn2);
  }
};

/// Per-centre quantities for the current centres: ‖c‖² rounded to Scalar (used in a(c)) and the
/// error-bound coefficients.
template <class Scalar>
struct CentreNorms {
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> sq;  ///< ‖c‖² (computed in double, rounded to Scalar)
  std::vector<double> ca;                       ///< alpha·‖c‖
  std::vector<double> cb;                       ///< beta·‖c‖² + abs
  double ca_max = 0, cb_max = 0;                ///< the largest ca and cb
  double norm_max = 0, sq_max = 0;              ///< the largest ‖c‖ and ‖c‖²

  /// Bound on |a(c) − (‖c‖² − 2x·c)| for a point of norm xnorm.
  double err(std::size_t c, double xnorm) const { return xnorm * ca[c] + cb[c]; }

  template <int Dim>
  void compute(const Centres<Scalar, Dim>& C, const ErrorModel<Scalar>& em) {
    const Index k = C.cols(), d = C.rows();
    sq.resize(k);
    ca.resize(to_size(k));
    cb.resize(to_size(k));
    ca_max = cb_max = norm_max = sq_max = 0;
    for (Index c = 0; c < k; ++c) {
      const double s = sqnorm(C.col(c).data(), d);
      sq[c] = static_cast<Scalar>(s);
      at(ca, c) = em.alpha * std::sqrt(s);
      at(cb, c) = em.beta * s + em.abs;
      ca_max = std::max(ca_max, at(ca, c));
      cb_max = std::max(cb_max, at(cb, c));
      sq_max = std::max(sq_max, s);
    }
    norm_max = std::sqrt(sq_max);
  }
};

/// ‖x‖² in double for each column of X (written to out[0..n)).
template <class Scalar, int Dim>
void point_norms(const PointsRef<Scalar, Dim>& X, Index b, Index e, double* out) {
  const Index d = X.rows();
  for (Index i = b; i < e; ++i) out[i - b] = sqnorm(X.col(i).data(), d);
}

/// Result of resolving one point: the exact label and rigorous bounds on true squared distances.
struct Resolved {
  int label;
  double upper2;         ///< ≥ ‖x − c_label‖²
  double second_lower2;  ///< ≤ ‖x − c‖² for every other centre of the set (+inf if none)
  int rechecks;          ///< how many sqdist calls were needed (statistics)
};

/// Centre id of entry j of a set of centres (ids == nullptr: entry j is centre j).
inline int set_id(const int* ids, Index j) { return ids ? ids[j] : static_cast<int>(j); }

/// Whether some a[j] overflowed Scalar (inf or NaN): then no bound holds.
template <class Scalar>
inline bool any_non_finite(const Scalar* a, Index m) {
  for (Index j = 0; j < m; ++j)
    if (!std::isfinite(static_cast<double>(a[j]))) return true;
  return false;
}

/// The nearest centre of the set by the reference alone: sqdist to each (ties → lowest index).
/// `x` is a point handle (detail::point: `const Scalar*` for dense points, SparseCol for sparse ones).
template <class Scalar, int Dim, class Pt>
inline Resolved resolve_by_reference(const int* ids, Index m, const Pt& x, const Centres<Scalar, Dim>& C,
                                     const ErrorModel<Scalar>& em) {
  const double inf = std::numeric_limits<double>::infinity();
  int best = -1;
  double bd = inf, second = inf;
  for (Index j = 0; j < m; ++j) {
    const int c = set_id(ids, j);
    const double s = sqdist(x, C.col(c).data(), C.rows());
    if (s < bd || (s == bd && c < best)) {
      if (best >= 0) second = std::min(second, bd);
      bd = s;
      best = c;
    } else {
      second = std::min(second, s);
    }
  }
  return {best, bd * (1 + em.delta), second * (1 - em.delta), static_cast<int>(m)};
}

/// The lowest lower bound a[j] − e(c) of ‖x − c‖² − ‖x‖² over the entries j of the set with !skip(j)
/// (+inf if none).
template <class Scalar, class Skip>
inline double lowest_lower(const Scalar* a, const int* ids, Index m, double xnorm, const CentreNorms<Scalar>& cn,
                           Skip skip) {
  double second = std::numeric_limits<double>::infinity();
  for (Index j = 0; j < m; ++j) {
    if (skip(j)) continue;
    const std::size_t o = to_size(set_id(ids, j));
    second = std::min(second, static_cast<double>(a[j]) - (xnorm * cn.ca[o] + cn.cb[o]));
  }
  return second;
}

/// Window: centre c can be the reference argmin only if its lower bound a(c) − e(c) is within this
/// limit of U* (the least upper bound) plus the reference's own rounding (relative δ on both sides).
/// Increasing in ustar.
template <class Scalar>
inline double candidate_limit(double ustar, double xn2, const ErrorModel<Scalar>& em) {
  return ustar + 2.0 * em.delta * std::max(0.0, xn2 + std::fabs(ustar)) +
         8.0 * std::numeric_limits<double>::epsilon() * (std::fabs(ustar) + xn2);
}

/// Resolves the exact nearest centre among a set of m centres. a[j] = fl(‖c‖² − 2x·c) for centre
/// id(j) (id(j) = ids ? ids[j] : j); xn2 = ‖x‖² (double); x a point handle (detail::point). `cand` is
/// scratch of size ≥ m.
template <class Scalar, int Dim, class Pt>
inline Resolved resolve_nearest(const Scalar* a, const int* ids, Index m, const Pt& x, double xn2,
                                const Centres<Scalar, Dim>& C, const CentreNorms<Scalar>& cn,
                                const ErrorModel<Scalar>& em, int* cand) {
  // Values so large that a(c) overflowed Scalar: no bound holds, use the reference.
  if (em.useless || any_non_finite(a, m)) return resolve_by_reference(ids, m, x, C, em);
  const double inf = std::numeric_limits<double>::infinity();
  const double xnorm = std::sqrt(xn2);
  // Upper bound U* of min_c (‖x − c‖² − ‖x‖²), and the centre reaching it.
  double ustar = inf;
  Index jstar = 0;
  for (Index j = 0; j < m; ++j) {
    const std::size_t c = to_size(set_id(ids, j));
    const double hi = static_cast<double>(a[j]) + (xnorm * cn.ca[c] + cn.cb[c]);
    if (hi < ustar) {
      ustar = hi;
      jstar = j;
    }
  }
  const double limit = candidate_limit(ustar, xn2, em);
  Index nc = 0;
  for (Index j = 0; j < m; ++j) {
    const std::size_t c = to_size(set_id(ids, j));
    const double lo = static_cast<double>(a[j]) - (xnorm * cn.ca[c] + cn.cb[c]);
    if (lo <= limit) cand[nc++] = static_cast<int>(j);
  }
  const double xlo = xn2 * (1 - em.delta), xhi = xn2 * (1 + em.delta);
  if (nc <= 1) {
    // jstar is always a candidate (its lower bound ≤ its upper bound), so nc == 1 and it is the answer.
    const double second = lowest_lower(a, ids, m, xnorm, cn, [&](Index j) { return j == jstar; });
    return {set_id(ids, jstar), std::max(0.0, xhi + ustar), std::max(0.0, xlo + second), 0};
  }
  // Several candidates: the reference decides (lowest centre index among equal distances).
  int best = -1;
  double bd = inf;
  for (Index t = 0; t < nc; ++t) {
    const int c = set_id(ids, cand[t]);
    const double s = sqdist(x, C.col(c).data(), C.rows());
    if (s < bd || (s == bd && c < best)) {
      bd = s;
      best = c;
    }
  }
  const double second = lowest_lower(a, ids, m, xnorm, cn, [&](Index j) { return set_id(ids, j) == best; });
  return {best, bd * (1 + em.delta), std::max(0.0, xlo + second), static_cast<int>(nc)};
}

/// The exact nearest of all k centres (a[c] for centre c, as in resolve_nearest), for callers that
/// need the label and its upper bound only: second_lower2 is NaN when the screen below decides.
///
/// Screen, in Scalar and vectorisable: with a_min the least a[c] and e_max the largest error bound
/// e(c), U* ≤ a_min + e_max, so every candidate of resolve_nearest has a[c] ≤ T = limit(a_min + e_max)
/// + e_max (candidate_limit is increasing; T is widened by a few units of rounding so that it bounds
/// resolve_nearest's limits however they round). When a single a[c] is ≤ T (rounded up to Scalar), it is
/// resolve_nearest's only candidate, a_min's centre; otherwise resolve_nearest decides. The screen
/// needs every a[c] finite: it runs only when ‖c‖² + 2‖x‖‖c‖ cannot overflow Scalar.
template <class Scalar, int Dim, class Pt>
inline Resolved resolve_label(const Scalar* a, Index k, const Pt& x, double xn2, const Centres<Scalar, Dim>& C,
                              const CentreNorms<Scalar>& cn, const ErrorModel<Scalar>& em, int* cand) {
  const double xnorm = std::sqrt(xn2);
  const double largest = 0.25 * static_cast<double>(std::numeric_limits<Scalar>::max());
  if (em.useless || k == 0 || !(2 * xnorm * cn.norm_max + cn.sq_max <= largest))
    return resolve_nearest(a, nullptr, k, x, xn2, C, cn, em, cand);
  Scalar amin = a[0];
  for (Index c = 1; c < k; ++c) amin = std::min(amin, a[c]);
  const double eps = std::numeric_limits<double>::epsilon();
  const double emax = (xnorm * cn.ca_max + cn.cb_max) * (1 + 4 * eps);
  double t = candidate_limit(static_cast<double>(amin) + emax, xn2, em) + emax;
  t += 16 * eps * (std::fabs(t) + xn2);  // covers the rounding of the bounds computed both ways
  Scalar tf = static_cast<Scalar>(t);
  if (static_cast<double>(tf) < t) tf = std::nextafter(tf, std::numeric_limits<Scalar>::infinity());
  Index below = 0;
  for (Index c = 0; c < k; ++c) below += (a[c] <= tf);
  if (below != 1) return resolve_nearest(a, nullptr, k, x, xn2, C, cn, em, cand);
  Index c = 0;
  while (a[c] != amin) ++c;
  // resolve_nearest's U* is this centre's upper bound (every other a[c'] is above it); the same formula.
  const double ustar = static_cast<double>(a[c]) + (xnorm * cn.ca[to_size(c)] + cn.cb[to_size(c)]);
  const double xhi = xn2 * (1 + em.delta);
  return {static_cast<int>(c), std::max(0.0, xhi + ustar), std::numeric_limits<double>::quiet_NaN(), 0};
}

}  // namespace detail
}  // namespace lloyd
