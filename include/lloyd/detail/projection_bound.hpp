#pragma once
// detail::ProjectionBound — a cheap, rigorous lower bound on the squared distance between two points
// of X, from their coordinates in a kDim-dimensional orthonormal basis Q: ‖x − y‖ ≥ ‖Qᵀ(x − y)‖
// for ANY Q with orthonormal columns, so the bound never depends on how good Q is — only its use
// (how much it prunes) does. Reading kDim coordinates instead of D costs D / kDim times less, and
// for data with structure most of a difference's length lies in its leading principal directions
// (Fashion-MNIST, 64 of 784 directions: in k-means++ at K=256 the bound rules out 90% of the
// point–candidate pairs the triangle inequality leaves; 32 directions: 85%).
//
// The basis: the leading principal subspace of a fixed, strided sample of at most kSample points
// (centred), by two steps of subspace iteration in double started from kDim of the sampled points,
// orthonormalised by modified Gram–Schmidt applied twice (orthonormal columns, or zero columns where
// the sample has fewer directions: the bound holds either way). Plain loops rather than Eigen's QR
// and double matrix products: this header is in every KMeans instantiation, and those templates
// made each test file compile ~60% longer. No random numbers: the
// same data give the same basis; and the basis only decides how much is pruned, never a result.
//
// Rounding (u = unit roundoff of Scalar, ũ of double). Q̃ = Q rounded to Scalar: ‖Q̃ − Q‖₂ ≤ u·√kDim,
// and Q has orthonormal columns up to O(ũ·D), so ‖Q̃ᵀv‖ ≤ (1 + u√kDim + 1e-12)‖v‖. A coordinate
// q̃ᵀx computed in Scalar in any order is within γ_D·‖q̃‖‖x‖ (γ_D = D·u/(1 − D·u)) of the true one,
// so the computed coordinate vector p(x) is within e(x) = √kDim·γ_D·(1 + u)‖x‖ (+ an underflow
// term) of Q̃ᵀx. The squared difference of two coordinate vectors summed in Scalar has relative
// error ≤ γ_{kDim+2}. Hence, with s the computed Σ(p(x) − p(y))²,
//     ‖x − y‖ ≥ (√s·(1 − γ_{kDim+2}) − e(x) − e(y)) / (1 + u√kDim + 1e-12),
// and the code uses twice every relative term. Non-finite coordinates (overflow in Scalar) give 0.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/Core>

#include "../types.hpp"
#include "parallel.hpp"

namespace lloyd {
namespace detail {

template <class Scalar>
class ProjectionBound {
 public:
  /// Dimension of the basis.
  static constexpr Index kDim = 64;
  /// Points sampled (evenly strided) to find it.
  static constexpr Index kSample = 1024;

  /// Coordinates of every point of X (n ≥ 1). xn2[i] = ‖x_i‖² (as computed by detail::sqnorm). Any D
  /// works (D < kDim: the basis spans everything).
  template <int Dim>
  ProjectionBound(const PointsRef<Scalar, Dim>& X, const double* xn2) {
    const Index n = X.cols(), d = X.rows();
    const Index m = std::min(n, kSample);
    // Sample S (D × m, column-major, centred, scaled by a power of two so products cannot overflow).
    std::vector<double> S(static_cast<std::size_t>(d * m)), mean(static_cast<std::size_t>(d), 0.0);
    for (Index s = 0; s < m; ++s) {
      const Index i =
          std::min(n - 1, static_cast<Index>(static_cast<double>(s) * static_cast<double>(n) / static_cast<double>(m)));
      for (Index r = 0; r < d; ++r) S[static_cast<std::size_t>(s * d + r)] = static_cast<double>(X(r, i));
    }
    for (Index s = 0; s < m; ++s)
      for (Index r = 0; r < d; ++r) mean[static_cast<std::size_t>(r)] += S[static_cast<std::size_t>(s * d + r)];
    double big = 0;
    for (Index r = 0; r < d; ++r) mean[static_cast<std::size_t>(r)] /= static_cast<double>(m);
    for (Index s = 0; s < m; ++s)
      for (Index r = 0; r < d; ++r) {
        double& v = S[static_cast<std::size_t>(s * d + r)];
        v -= mean[static_cast<std::size_t>(r)];
        big = std::max(big, std::fabs(v));
      }
    if (big > 0 && std::isfinite(big)) {
      int e = 0;
      std::frexp(big, &e);
      for (double& v : S) v = std::ldexp(v, -e);
    }
    std::vector<double> q;  // the basis, row-major D × kDim
    principal_basis(S, d, m, q);
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> Qs(d, kDim);
    for (Index r = 0; r < d; ++r)
      for (Index c = 0; c < kDim; ++c) Qs(r, c) = static_cast<Scalar>(q[static_cast<std::size_t>(r * kDim + c)]);
    P_.resize(kDim, n);
    for_each_chunk(
        n, [&](Index b, Index e) { P_.middleCols(b, e - b).noalias() = Qs.transpose() * X.middleCols(b, e - b); },
        kChunk, static_cast<double>(d) * static_cast<double>(kDim));
    const double u = static_cast<double>(std::numeric_limits<Scalar>::epsilon()) / 2;
    const double dd = static_cast<double>(d);
    const double gd = dd * u / (1 - std::min(0.5, dd * u));
    const double gp = (kDim + 2) * u / (1 - std::min(0.5, (kDim + 2) * u));
    const double rk = std::sqrt(static_cast<double>(kDim));
    shrink_ = (1 - 2 * gp) / (1 + 2 * u * rk + 1e-12);
    const double coef = 2 * rk * gd * (1 + u);
    const double under = 8 * rk * dd * static_cast<double>(std::numeric_limits<Scalar>::min());
    e_.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) e_[static_cast<std::size_t>(i)] = coef * std::sqrt(xn2[i]) + under;
    useless_ = dd * u >= 0.25;
  }

  /// A lower bound on the true ‖x_i − x_j‖² (0 when it shows nothing).
  double lower(Index i, Index j) const {
    if (useless_) return 0;
    const double s = static_cast<double>((P_.col(i) - P_.col(j)).squaredNorm());
    if (!std::isfinite(s)) return 0;
    const double l = std::sqrt(s) * shrink_ - e_[static_cast<std::size_t>(i)] - e_[static_cast<std::size_t>(j)];
    return l > 0 ? l * l : 0;
  }

  /// For screening many pairs without a square root each: ‖x_i − x_j‖² > v holds whenever the computed
  /// (coords(i) − coords(j)).squaredNorm() exceeds threshold(v, err(i) + err(j)) (or a larger radius
  /// sum). +∞ when nothing can be shown.
  double threshold(double v, double radii) const {
    if (useless_ || !(v >= 0)) return std::numeric_limits<double>::infinity();
    const double r = (std::sqrt(v) + radii) / shrink_;
    return r * r * (1 + 1e-12);
  }
  auto coords(Index i) const { return P_.col(i); }
  double err(Index i) const { return e_[static_cast<std::size_t>(i)]; }

 private:
  // Orthonormalises the columns of q (row-major D × kDim) by modified Gram–Schmidt, twice; a column
  // left with (numerically) no new direction (norm below 1e-10 of its norm before) becomes 0, so
  // every kept column is orthogonal to the others to O(u) (‖Qᵀv‖ ≤ ‖v‖ holds with zero columns too).
  static void orthonormalise(std::vector<double>& q, Index d) {
    std::vector<double> v(q.size());  // one basis vector per row of v (contiguous)
    for (Index r = 0; r < d; ++r)
      for (Index c = 0; c < kDim; ++c)
        v[static_cast<std::size_t>(c * d + r)] = q[static_cast<std::size_t>(r * kDim + c)];
    auto dot = [d](const double* a, const double* b) {
      double s = 0;
      for (Index r = 0; r < d; ++r) s += a[r] * b[r];
      return s;
    };
    for (Index c = 0; c < kDim; ++c) {
      double* x = v.data() + c * d;
      const double n0 = dot(x, x);
      for (int pass = 0; pass < 2; ++pass)
        for (Index b = 0; b < c; ++b) {
          const double* y = v.data() + b * d;
          const double t = dot(y, x);
          for (Index r = 0; r < d; ++r) x[r] -= t * y[r];
        }
      const double n1 = dot(x, x);
      const bool keep = std::isfinite(n1) && n1 > 1e-20 * n0 && n1 > 0;
      const double f = keep ? 1 / std::sqrt(n1) : 0.0;
      for (Index r = 0; r < d; ++r) x[r] *= f;
    }
    for (Index r = 0; r < d; ++r)
      for (Index c = 0; c < kDim; ++c)
        q[static_cast<std::size_t>(r * kDim + c)] = v[static_cast<std::size_t>(c * d + r)];
  }

  // Leading principal subspace of the centred sample S (column-major D × m): start from the first
  // kDim sampled points (unit vectors where there are fewer), two steps of subspace iteration
  // Q ← orth(S·Sᵀ·Q). Plain loops in double (inner loops over the kDim columns, contiguous).
  static void principal_basis(const std::vector<double>& S, Index d, Index m, std::vector<double>& q) {
    q.assign(static_cast<std::size_t>(d * kDim), 0.0);
    for (Index c = 0; c < kDim; ++c) {
      if (c < m)
        for (Index r = 0; r < d; ++r)
          q[static_cast<std::size_t>(r * kDim + c)] = S[static_cast<std::size_t>(c * d + r)];
      else if (c < d) q[static_cast<std::size_t>(c * kDim + c)] = 1;
    }
    orthonormalise(q, d);
    std::vector<double> T(static_cast<std::size_t>(m * kDim)), Y(static_cast<std::size_t>(d * kDim));
    for (int step = 0; step < 2; ++step) {
      std::fill(T.begin(), T.end(), 0.0);  // T = Sᵀ Q (m × kDim, row-major)
      for (Index s = 0; s < m; ++s) {
        double* t = T.data() + s * kDim;
        for (Index r = 0; r < d; ++r) {
          const double v = S[static_cast<std::size_t>(s * d + r)];
          const double* qr = q.data() + r * kDim;
          for (Index c = 0; c < kDim; ++c) t[c] += v * qr[c];
        }
      }
      std::fill(Y.begin(), Y.end(), 0.0);  // Y = S T (D × kDim, row-major)
      for (Index s = 0; s < m; ++s) {
        const double* t = T.data() + s * kDim;
        for (Index r = 0; r < d; ++r) {
          const double v = S[static_cast<std::size_t>(s * d + r)];
          double* y = Y.data() + r * kDim;
          for (Index c = 0; c < kDim; ++c) y[c] += v * t[c];
        }
      }
      q.swap(Y);
      orthonormalise(q, d);
    }
  }

  Eigen::Matrix<Scalar, kDim, Eigen::Dynamic> P_;  // coordinates, one column per point
  std::vector<double> e_;                          // error radius of each point's coordinates
  double shrink_ = 0;
  bool useless_ = false;
};

}  // namespace detail
}  // namespace lloyd
