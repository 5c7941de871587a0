#pragma once
// fixed_sum: a sum of doubles in one fixed order, whatever the instruction set the code is compiled
// for. Eigen's .sum(), .squaredNorm() and .dot() add in an order that depends on the packet width
// (2 doubles with SSE2, 4 with AVX, 8 with AVX-512), so their last bits do, and where such a sum
// reaches a result (the tolerance, the centre shifts that stop a fit) the builds of lloyd_kmeans per
// instruction set would differ (docs/ARCHITECTURE.md, "Numerics and determinism").
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Σ term(i), i < n (0 when n = 0), in the order of Eigen 3.4's SSE2 reduction of a double vector
/// (x86-64's baseline, so such builds keep their bits): lanes i mod 4 summed over blocks of 4, lane
/// pairs (0, 2) and (1, 3) added, then a leftover pair, then the two halves, then the last term.
/// The compiler may vectorise it (the lanes are independent) but not reorder it.
template <class F>
double fixed_sum(Index n, F term) {
  if (n < 2) return n == 1 ? term(0) : 0.0;
  double a0 = term(0), a1 = term(1);
  const Index end2 = n / 4 * 4, end = n / 2 * 2;
  if (end > 2) {
    double a2 = term(2), a3 = term(3);
    for (Index i = 4; i < end2; i += 4) {
      a0 += term(i);
      a1 += term(i + 1);
      a2 += term(i + 2);
      a3 += term(i + 3);
    }
    a0 += a2;
    a1 += a3;
    if (end > end2) {
      a0 += term(end2);
      a1 += term(end2 + 1);
    }
  }
  double s = a0 + a1;
  for (Index i = end; i < n; ++i) s += term(i);
  return s;
}

/// Σ v[i] in fixed_sum's order.
template <class Vector>
double fixed_sum(const Vector& v) {
  return fixed_sum(v.size(), [&v](Index i) { return static_cast<double>(v[i]); });
}

/// ‖a − b‖² of two vectors (converted to double), in fixed_sum's order.
template <class A, class B>
double fixed_squared_distance(const A& a, const B& b) {
  return fixed_sum(a.size(), [&a, &b](Index i) {
    const double t = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    return t * t;
  });
}

}  // namespace detail
}  // namespace lloyd
