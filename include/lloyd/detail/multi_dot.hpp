#pragma once
// multi_dot: the dot products of one vector x with m vectors y_j (columns of a column-major matrix), in
// Scalar, x read once per 4 of them. Used where a point meets a few candidates at a time (k-means++):
// there Eigen's matrix–vector product runs at about half this speed (its leftover rows take one
// accumulator each), and a matrix product over a block reads points that need no comparison.
// Rounding: |result − x·y| ≤ γ_D‖x‖‖y‖ as for every product of detail/exact_nearest.hpp's error
// model; the order is fixed (below), the same for every instruction set.
#include <Eigen/Core>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Elements of x fetched ahead (1 KiB): points are read in memory order, so this also starts loading
/// the next point while the current one is computed (measured: ~25% faster when X streams from memory).
template <class Scalar>
constexpr Index kPrefetchAhead = 1024 / static_cast<Index>(sizeof(Scalar));

/// out[c] = x·y_c for the M columns y_c = Y + c·ld (length d each). x[0, valid) may be read (valid ≥ d;
/// prefetched ahead within it). One fixed order for every instruction set, so that the builds of
/// lloyd_kmeans per instruction set agree (its value reaches k-means++'s potentials): L lanes (32
/// bytes: two SSE2 packets, one AVX packet), lane l summing the products of the coordinates ≡ l
/// (mod L) in order, then the two halves added and reduced as Eigen's SSE2 predux does (x86-64
/// baseline builds keep their bits), then the last d mod L products in order. The compiler
/// vectorises the lanes, which are independent, without reordering any sum.
template <int M, class Scalar>
inline void dot_columns(const Scalar* x, const Scalar* Y, Index ld, Index d, Index valid, Scalar* out) {
  constexpr Index L = 32 / static_cast<Index>(sizeof(Scalar)), H = L / 2;
  Scalar acc[M][L] = {};
  Index q = 0;
  for (; q + L <= d; q += L) {
    if (q + kPrefetchAhead<Scalar> < valid) Eigen::internal::prefetch(x + q + kPrefetchAhead<Scalar>);
    for (int c = 0; c < M; ++c) {
      const Scalar* y = Y + c * ld + q;
      for (Index l = 0; l < L; ++l) acc[c][l] += x[q + l] * y[l];
    }
  }
  for (int c = 0; c < M; ++c) {
    Scalar h[H];
    for (Index l = 0; l < H; ++l) h[l] = acc[c][l] + acc[c][l + H];
    Scalar s;
    if constexpr (H == 4) s = (h[0] + h[2]) + (h[1] + h[3]);  // float
    else s = h[0] + h[1];                                     // double
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
