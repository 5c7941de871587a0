#pragma once
// multi_dot: the dot products of one vector x with m vectors y_j (columns of a column-major matrix), in
// Scalar, x read once per 4 of them. Used where a point meets a few candidates at a time (k-means++):
// there Eigen's matrix–vector product runs at about half this speed (its leftover rows take one
// accumulator each), and a matrix product over a block reads points that need no comparison.
// Rounding: any summation order, so |result − x·y| ≤ γ_D‖x‖‖y‖ as for every product of
// detail/exact_nearest.hpp's error model.
#include <Eigen/Core>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Elements of x fetched ahead (1 KiB): points are read in memory order, so this also starts loading
/// the next point while the current one is computed (measured: ~25% faster when X streams from memory).
template <class Scalar>
constexpr Index kPrefetchAhead = 1024 / static_cast<Index>(sizeof(Scalar));

/// out[c] = x·y_c for the M columns y_c = Y + c·ld (length d each): two packet accumulators per column.
/// x[0, valid) may be read (valid ≥ d; prefetched ahead within it).
template <int M, class Scalar>
inline void dot_columns(const Scalar* x, const Scalar* Y, Index ld, Index d, Index valid, Scalar* out) {
  using namespace Eigen::internal;
  using P = typename packet_traits<Scalar>::type;
  constexpr Index W = packet_traits<Scalar>::size;
  P a0[M], a1[M];
  for (int c = 0; c < M; ++c) {
    a0[c] = pset1<P>(Scalar(0));
    a1[c] = pset1<P>(Scalar(0));
  }
  Index q = 0;
  for (; q + 2 * W <= d; q += 2 * W) {
    const P x0 = ploadu<P>(x + q), x1 = ploadu<P>(x + q + W);
    if (q + kPrefetchAhead<Scalar> < valid) prefetch(x + q + kPrefetchAhead<Scalar>);
    for (int c = 0; c < M; ++c) {
      a0[c] = pmadd(x0, ploadu<P>(Y + c * ld + q), a0[c]);
      a1[c] = pmadd(x1, ploadu<P>(Y + c * ld + q + W), a1[c]);
    }
  }
  for (int c = 0; c < M; ++c) {
    Scalar s = predux(padd(a0[c], a1[c]));
    for (Index r = q; r < d; ++r) s += x[r] * Y[c * ld + r];
    out[c] = s;
  }
}

/// out[j] = x·y_j for j < m, y_j = Y + j·ld (length d each). x[0, valid) may be read (valid ≥ d:
/// e.g. up to the end of the matrix x is a column of, whose following columns are then prefetched).
template <class Scalar>
inline void multi_dot(const Scalar* x, const Scalar* Y, Index ld, Index m, Index d, Index valid, Scalar* out) {
  Index j = 0;
  for (; j + 4 <= m; j += 4) dot_columns<4>(x, Y + j * ld, ld, d, valid, out + j);
  switch (m - j) {
    case 3:
      dot_columns<3>(x, Y + j * ld, ld, d, valid, out + j);
      break;
    case 2:
      dot_columns<2>(x, Y + j * ld, ld, d, valid, out + j);
      break;
    case 1:
      dot_columns<1>(x, Y + j * ld, ld, d, valid, out + j);
      break;
    default:
      break;
  }
}

}  // namespace detail
}  // namespace lloyd
