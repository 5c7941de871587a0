#pragma once
// The nearest centre in low dimension (D ≤ 8), with the reference's own arithmetic.
//
// For D ≤ 8 each coordinate has a partial sum of its own in detail::sqdist (coordinate j goes to
// partial j mod 8), so the reference distance is ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7))
// with p_j = (x_j − c_j)² in double and p_j = 0 for j ≥ D. LowDimNearest computes exactly these
// values — the same operations on the same doubles, so the same bits — for a block of centres at a
// time, with the centres stored coordinate by coordinate so the loop over centres vectorises. Its
// labels are therefore detail::nearest's (ties → lowest index) bit for bit, with no bound and no
// re-check, at a few instructions per point–centre pair: in low dimension the exact
// ‖c‖² − 2x·c expansion and its candidate re-checks cost more than the distances themselves.
#include <limits>
#include <vector>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Dimensions up to which LowDimNearest applies.
constexpr Index kLowDimMax = 8;

template <class Scalar>
class LowDimNearest {
 public:
  /// C: D×K centres, D ≤ kLowDimMax.
  template <class Centres>
  explicit LowDimNearest(const Centres& C) : d_(C.rows()), k_(C.cols()), ct_(static_cast<std::size_t>(d_ * k_)) {
    for (Index c = 0; c < k_; ++c)
      for (Index j = 0; j < d_; ++j) ct_[static_cast<std::size_t>(j * k_ + c)] = static_cast<double>(C(j, c));
    nearest_ = pick(d_);
  }

  static bool applies(Index d) { return d >= 1 && d <= kLowDimMax; }

  /// Index of the nearest centre to x (D values), ties → lowest index; its distance in *best_d2.
  int operator()(const Scalar* x, double* best_d2 = nullptr) const { return nearest_(x, ct_.data(), k_, best_d2); }

 private:
  using Kernel = int (*)(const Scalar*, const double*, Index, double*);
  static constexpr Index kBlock = 64;  // centres per block of distances (on the stack)

  /// Partial sum J of the reference distance to centre c: 0 + (x_J − c_J)², or 0 for J ≥ D. The
  /// explicit 0 + keeps the square rounded on its own wherever a compiler contracts a·b + c.
  template <int D, int J>
  static double partial(const double* x, const double* ct, Index k, Index c) {
    if constexpr (J < D) {
      const double t = x[J] - ct[J * k + c];
      return 0.0 + t * t;
    } else {
      return 0.0;
    }
  }

  /// The reference distances of x to centres [b, e) (e − b ≤ kBlock) into dist.
  template <int D>
  static void block_distances(const double* x, const double* ct, Index k, Index b, Index e, double* dist) {
    for (Index c = b; c < e; ++c)
      dist[c - b] = ((partial<D, 0>(x, ct, k, c) + partial<D, 4>(x, ct, k, c)) +
                     (partial<D, 2>(x, ct, k, c) + partial<D, 6>(x, ct, k, c))) +
                    ((partial<D, 1>(x, ct, k, c) + partial<D, 5>(x, ct, k, c)) +
                     (partial<D, 3>(x, ct, k, c) + partial<D, 7>(x, ct, k, c)));
  }

  /// Lowest distance and its lowest index, kept in kLanes independent lanes (lane l sees the
  /// centres c ≡ l mod kLanes in increasing order) so that the scan neither branches nor waits on
  /// one chain of comparisons; merging the lanes (ties → lower index) gives the first minimum.
  static constexpr int kLanes = 4;
  struct Best {
    double d[kLanes];
    Index c[kLanes];
  };

  static void scan(const double* dist, Index b, Index n, Best& best) {
    for (Index i = 0; i < n; i += kLanes)
      for (int l = 0; l < kLanes; ++l) {  // dist is padded with +inf up to a multiple of kLanes
        const bool lower = dist[i + l] < best.d[l];
        best.d[l] = lower ? dist[i + l] : best.d[l];
        best.c[l] = lower ? b + i + l : best.c[l];
      }
  }

  template <int D>
  static int nearest(const Scalar* xs, const double* ct, Index k, double* best_d2) {
    double x[D];
    for (int j = 0; j < D; ++j) x[j] = static_cast<double>(xs[j]);
    double dist[kBlock];
    Best best;
    for (int l = 0; l < kLanes; ++l) best.d[l] = std::numeric_limits<double>::infinity(), best.c[l] = l;
    for (Index b = 0; b < k; b += kBlock) {
      const Index n = b + kBlock < k ? kBlock : k - b;
      block_distances<D>(x, ct, k, b, b + n, dist);
      const Index padded = (n + kLanes - 1) / kLanes * kLanes;
      for (Index i = n; i < padded; ++i) dist[i] = std::numeric_limits<double>::infinity();
      scan(dist, b, padded, best);
    }
    int l = 0;  // all +inf (overflowed distances): lane 0 holds centre 0, as the reference picks
    for (int m = 1; m < kLanes; ++m)
      if (best.d[m] < best.d[l] || (best.d[m] == best.d[l] && best.c[m] < best.c[l])) l = m;
    if (best_d2) *best_d2 = best.d[l];
    return static_cast<int>(best.c[l]);
  }

  static Kernel pick(Index d) {
    switch (d) {
      case 1:
        return &nearest<1>;
      case 2:
        return &nearest<2>;
      case 3:
        return &nearest<3>;
      case 4:
        return &nearest<4>;
      case 5:
        return &nearest<5>;
      case 6:
        return &nearest<6>;
      case 7:
        return &nearest<7>;
      default:
        return &nearest<8>;
    }
  }

  Index d_, k_;
  std::vector<double> ct_;  // ct_[j·K + c] = C(j, c) in double
  Kernel nearest_;
};

}  // namespace detail
}  // namespace lloyd
