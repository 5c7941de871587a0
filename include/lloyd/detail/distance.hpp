#pragma once
// The reference squared Euclidean distance: coordinate differences and their squares in double, in
// a fixed order — coordinate j goes to partial sum j mod 8, the partials are added pairwise at the
// end. The order never depends on the data or the thread count (bit-identical results for any number
// of threads); unlike a single running sum it is not bound by the latency of one chain of additions,
// so the compiler vectorises it without -ffast-math. Every exact policy agrees with the labels this
// gives (ties → lowest index); the rounding bound used against it (γ_{D+4}, detail/exact_nearest.hpp)
// holds for any summation order.
#include <cstdint>
#include <cstring>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Σ_j term(j) for j < d in double, in the fixed order described above (j into partial j mod 8).
template <class Term>
inline double sum8(Index d, Term term) {
  double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  Index j = 0;
  for (; j + 8 <= d; j += 8)
    for (int l = 0; l < 8; ++l) p[l] += term(j + l);
  for (int l = 0; l < 8 && j + l < d; ++l) p[l] += term(j + l);  // the last d mod 8 terms
  return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
}

template <class Scalar>
inline double sqdist(const Scalar* x, const Scalar* c, Index d) {
  return sum8(d, [x, c](Index j) {
    const double t = static_cast<double>(x[j]) - static_cast<double>(c[j]);
    return t * t;
  });
}

/// ‖x‖² in double, summed like sqdist.
template <class Scalar>
inline double sqnorm(const Scalar* x, Index d) {
  return sum8(d, [x](Index j) { return static_cast<double>(x[j]) * static_cast<double>(x[j]); });
}

/// Nearest centre of point x among the K columns of C (ties → lowest index), and its distance.
template <class Scalar, int Dim>
inline int nearest(const Scalar* x, const Centres<Scalar, Dim>& C, double* best_d2 = nullptr) {
  const Index d = C.rows();
  int best = 0;
  double bd = sqdist(x, C.col(0).data(), d);
  for (Index k = 1; k < C.cols(); ++k) {
    const double t = sqdist(x, C.col(k).data(), d);
    if (t < bd) {
      bd = t;
      best = static_cast<int>(k);
    }
  }
  if (best_d2) *best_d2 = bd;
  return best;
}

/// Bitwise equality of two points, with -0 == +0.
template <class Scalar>
inline bool same_point(const Scalar* a, const Scalar* b, Index d) {
  for (Index j = 0; j < d; ++j)
    if (!(a[j] == b[j])) return false;
  return true;
}

/// Hash of a point's coordinates (-0 and +0 hash alike, as they compare equal).
template <class Scalar>
inline std::uint64_t hash_point(const Scalar* a, Index d) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (Index j = 0; j < d; ++j) {
    Scalar v = a[j] + Scalar(0);  // turns -0 into +0
    unsigned char bytes[sizeof(Scalar)];
    std::memcpy(bytes, &v, sizeof(Scalar));
    for (unsigned char b : bytes) h = (h ^ b) * 0x100000001b3ULL;
  }
  return h;
}

}  // namespace detail
}  // namespace lloyd
