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
// orthonormalised by Householder QR (orthonormal columns whatever the rank). No random numbers: the
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
#include <Eigen/QR>

#include "../types.hpp"
#include "distance.hpp"
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
    const Index p = std::min(kDim, d);
    // Sample S (D × m, centred, double).
    Eigen::MatrixXd S(d, m);
    for (Index s = 0; s < m; ++s) {
      const Index i = static_cast<Index>(static_cast<double>(s) * static_cast<double>(n) / static_cast<double>(m));
      S.col(s) = X.col(std::min(i, n - 1)).template cast<double>();
    }
    const Eigen::VectorXd mean = S.rowwise().mean();
    S.colwise() -= mean;
    Eigen::MatrixXd Q = S.leftCols(std::min(m, p));
    if (Q.cols() < kDim) {  // fewer samples or dimensions than kDim: pad with unit vectors
      Eigen::MatrixXd pad = Eigen::MatrixXd::Identity(d, kDim);
      pad.leftCols(Q.cols()) = Q;
      Q = pad;
    }
    for (int step = 0; step < 3; ++step) {
      if (step > 0) {
        const Eigen::MatrixXd T = S.transpose() * Q;  // m × kDim
        Q = S * T;
      }
      Eigen::HouseholderQR<Eigen::MatrixXd> qr(Q);
      Q = qr.householderQ() * Eigen::MatrixXd::Identity(d, kDim);
    }
    const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> Qt = Q.transpose().template cast<Scalar>();
    P_.resize(kDim, n);
    for_each_chunk(
        n, [&](Index b, Index e) { P_.middleCols(b, e - b).noalias() = Qt * X.middleCols(b, e - b); }, kChunk,
        static_cast<double>(d) * static_cast<double>(kDim));
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
  Eigen::Matrix<Scalar, kDim, Eigen::Dynamic> P_;  // coordinates, one column per point
  std::vector<double> e_;                          // error radius of each point's coordinates
  double shrink_ = 0;
  bool useless_ = false;
};

}  // namespace detail
}  // namespace lloyd
