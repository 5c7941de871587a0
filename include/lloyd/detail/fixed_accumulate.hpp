#pragma once
// Exact centre sums in multi-limb fixed point (wide_fixed.hpp): the windows of the sums
// (sum_windows), and the K·D centre sums Σ w_i·x_i and K weights Σ w_i of the points under a
// labelling (accumulate_fixed) or the change of those sums when some points move between clusters
// (move_fixed). The sums are exact, so the integers are the same for any thread count, any order of
// the points and any split of the points over processes.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "../types.hpp"
#include "partition.hpp"
#include "sparse_points.hpp"
#include "wide_fixed.hpp"

namespace lloyd {
namespace detail {

/// The windows of the centre sums (one per coordinate) and of the cluster weights, and where the
/// limbs live in a buffer of sums: cluster c's coordinate j, limb l at c·stride + offset[j] + l, then
/// the weights: cluster c's limb l at K·stride + c·w.limbs + l.
struct SumWindows {
  std::vector<Window> x;       // per coordinate
  std::vector<Index> offset;   // per coordinate: its first limb within a cluster's block
  Index stride = 0;            // limbs per cluster (Σ_j x[j].limbs)
  Window w;                    // the cluster weights
  bool direct = true;          // SIMD conversion: every coordinate has the same limbs (≤ 3), see move_fixed
  std::vector<double> factor;  // per coordinate: 2^-floor (direct only)
  double w_factor = 0;         // 2^-w.floor when the weights have one limb and it is a normal double, else 0

  Index size(Index k) const { return k * stride + k * w.limbs; }
  Index weight_at(Index k, Index c) const { return k * stride + c * w.limbs; }
  Index sum_at(Index c, Index j) const { return c * stride + offset[static_cast<std::size_t>(j)]; }
};

/// The windows from the ranges of the terms. m: per coordinate j the largest |x_j| (m[j]) and minus
/// the smallest nonzero |x_j| (m[d + j]), then the largest weight and minus the smallest positive
/// weight, over the points of positive weight. A product of two Scalars has `x_bits` significant
/// bits (48 for float, exact; 53 for double, rounded), a weight `w_bits`.
inline SumWindows make_windows(const std::vector<double>& m, Index d, int x_bits, int w_bits) {
  SumWindows s;
  const std::size_t du = static_cast<std::size_t>(d);
  const double maxw = m[2 * du], minw = -m[2 * du + 1];
  if (maxw > 0) {
    s.w = window_for(term_exponent(value_term(maxw)), term_exponent(value_term(minw)), w_bits);
  }
  if (s.w.limbs == 1 && s.w.floor >= -1022 && s.w.floor <= 1023) s.w_factor = std::ldexp(1.0, -s.w.floor);
  std::vector<int> hi(du, 0), lo(du, 0);
  std::vector<int> limbs(du, 1);
  int most = 1;
  for (std::size_t j = 0; j < du; ++j) {
    if (!(maxw > 0) || !(m[j] > 0)) continue;  // only zero terms
    hi[j] = term_exponent(product_term(maxw, m[j]));
    lo[j] = term_exponent(product_term(minw, -m[du + j]));
    limbs[j] = window_for(hi[j], lo[j], x_bits).limbs;
    most = std::max(most, limbs[j]);
  }
  // Direct: every nonzero product w·x is a normal double (≥ 2^(lo − 1) ≥ 2^-1022, < 2^hi ≤ 2^1024)
  // and scaling it by 2^-floor is exact.
  s.direct = most <= 3;
  for (std::size_t j = 0; j < du && s.direct; ++j) {
    const int floor = hi[j] - kLimbBits * most;
    s.direct = lo[j] >= -1021 && hi[j] <= 1024 && floor >= -1022 && floor <= 1023;
  }
  s.stride = 0;
  for (std::size_t j = 0; j < du; ++j) {
    Window win;
    win.limbs = s.direct ? most : limbs[j];
    win.floor = hi[j] - kLimbBits * win.limbs;
    s.x.push_back(win);
    s.offset.push_back(s.stride);
    s.stride += win.limbs;
    if (s.direct) s.factor.push_back(std::ldexp(1.0, -win.floor));
  }
  return s;
}

/// The windows of the centre sums and weights over all processes (`comm`: see local_comm.hpp),
/// from the range of |x| per coordinate and of the weights over the points of positive weight.
/// X: dense or sparse points (a sparse point's absent coordinates are zeros, which no window needs).
template <class XT, class Scalar, class Comm>
SumWindows sum_windows(const XT& X, const WeightsRef<Scalar>& w, const Comm& comm) {
  const Index d = X.rows(), n = X.cols();
  const std::size_t du = static_cast<std::size_t>(d);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> init(2 * du + 2, 0.0);  // maxima: |x|, −min |x| > 0, w, −min w > 0
  for (std::size_t j = 0; j < du; ++j) init[du + j] = -inf;
  init[2 * du + 1] = -inf;
  const Index parts = num_parts(n, 4096);
  std::vector<std::vector<double>> part_m(static_cast<std::size_t>(parts), init);
  for_each_part(n, parts, static_cast<double>(d), [&](Index part, Index b, Index e) {
    std::vector<double>& m = part_m[static_cast<std::size_t>(part)];
    double* mx = m.data();
    double* mn = m.data() + du;
    for (Index i = b; i < e; ++i) {
      const double wi = static_cast<double>(w[i]);
      if (!(wi > 0)) continue;
      m[2 * du] = std::max(m[2 * du], wi);
      m[2 * du + 1] = std::max(m[2 * du + 1], -wi);
      if constexpr (is_sparse_points<XT>::value) {
        for_each_coordinate(X, i, [&](Index j, Scalar v) {
          const double a = std::fabs(static_cast<double>(v));
          mx[j] = std::max(mx[j], a);
          mn[j] = std::max(mn[j], a > 0 ? -a : -inf);
        });
      } else {  // the plain loop, which the compiler vectorises
        const Scalar* x = X.col(i).data();
        for (std::size_t j = 0; j < du; ++j) {
          const double a = std::fabs(static_cast<double>(x[j]));
          mx[j] = std::max(mx[j], a);
          mn[j] = std::max(mn[j], a > 0 ? -a : -inf);
        }
      }
    }
  });
  std::vector<double> m = init;
  for (const auto& pm : part_m)
    for (std::size_t t = 0; t < m.size(); ++t) m[t] = std::max(m[t], pm[t]);
  comm.max(m.data(), m.size());
  const int digits = std::numeric_limits<Scalar>::digits;
  return make_windows(m, d, std::min(53, 2 * digits), digits);
}

/// One point moving between clusters (move_fixed); from < 0: added only.
struct FixedMove {
  Index i;
  int from, to;
};

/// Adds (or subtracts) weight wi to cluster c's weight sums in `out`.
inline void deposit_weight(const SumWindows& s, Index k, Index c, double wi, bool subtract, i128* out) {
  i128* at = out + s.weight_at(k, c);
  if (s.w_factor > 0) {
    const i128 t = static_cast<std::int64_t>(wi * s.w_factor);  // exact: an integer below 2^62
    *at += subtract ? -t : t;
  } else {
    deposit(value_term(wi), s.w.floor, at, 1, subtract);
  }
}

/// move_fixed's conversion term by term (any window): moves p in [b, e) into `out`.
template <class XT, class Scalar, class Move>
void move_fixed_terms(const XT& X, const WeightsRef<Scalar>& w, Index b, Index e, Index k, const SumWindows& s,
                      Move& move, i128* out) {
  for (Index p = b; p < e; ++p) {
    const auto mv = move(p);
    const double wi = static_cast<double>(w[mv.i]);
    for_each_coordinate(X, mv.i, [&](Index j, Scalar v) {
      const Term t = product_term(wi, static_cast<double>(v));
      const int floor = s.x[static_cast<std::size_t>(j)].floor;
      deposit(t, floor, out + s.sum_at(mv.to, j), 1, false);
      if (mv.from >= 0) deposit(t, floor, out + s.sum_at(mv.from, j), 1, true);
    });
    deposit_weight(s, k, mv.to, wi, false, out);
    if (mv.from >= 0) deposit_weight(s, k, mv.from, wi, true, out);
  }
}

/// Adds (or subtracts, `sign` = −1) the pieces of the terms w·x_j·fac_j, j < dim, to the 64-bit
/// sums P[q][j] (piece q of 2L; see move_fixed). `dim` and `fac` are parameters, not captured values,
/// so the 64-bit stores cannot alias them and the compiler vectorises the loop.
template <int L, class Scalar>
void add_pieces(double wi, const Scalar* x, const Index dim, const double* fac, std::int64_t* const* P) {
  if constexpr (L == 1) {
    std::int64_t* h1 = P[1];
    std::int64_t* l1 = P[0];
    for (Index j = 0; j < dim; ++j) {
      const double v = wi * static_cast<double>(x[j]) * fac[j];
      const std::int32_t h = static_cast<std::int32_t>(v * 0x1p-31);
      h1[j] += h;
      l1[j] += static_cast<std::int32_t>(v - static_cast<double>(h) * 0x1p31);
    }
  } else {
    constexpr double down[6] = {1.0, 0x1p-31, 0x1p-62, 0x1p-93, 0x1p-124, 0x1p-155};
    constexpr double up[6] = {1.0, 0x1p31, 0x1p62, 0x1p93, 0x1p124, 0x1p155};
    static_assert(2 * L <= 6, "at most 3 limbs on the SIMD path");
    for (Index j = 0; j < dim; ++j) {
      double r = wi * static_cast<double>(x[j]) * fac[j];
      for (int q = 2 * L - 1; q > 0; --q) {
        const std::int32_t h = static_cast<std::int32_t>(r * down[q]);
        r -= static_cast<double>(h) * up[q];
        P[q][j] += h;
      }
      P[0][j] += static_cast<std::int32_t>(r);
    }
  }
}

/// add_pieces for a sparse point: only its stored coordinates (a zero term adds zero pieces).
template <int L, class Scalar>
void add_pieces(double wi, const SparseCol<Scalar>& x, const Index, const double* fac, std::int64_t* const* P) {
  constexpr double down[6] = {1.0, 0x1p-31, 0x1p-62, 0x1p-93, 0x1p-124, 0x1p-155};
  constexpr double up[6] = {1.0, 0x1p31, 0x1p62, 0x1p93, 0x1p124, 0x1p155};
  static_assert(2 * L <= 6, "at most 3 limbs on the SIMD path");
  for (Index t = 0; t < x.nnz; ++t) {
    const Index j = x.j[t];
    double r = wi * static_cast<double>(x.v[t]) * fac[j];
    for (int q = 2 * L - 1; q > 0; --q) {
      const std::int32_t h = static_cast<std::int32_t>(r * down[q]);
      r -= static_cast<double>(h) * up[q];
      P[q][j] += h;
    }
    P[0][j] += static_cast<std::int32_t>(r);
  }
}

/// move_fixed's vectorised conversion (s.direct: every coordinate has L limbs and fac[j] = 2^-floor_j):
/// moves p in [b, e) into `out`. A move is an addition of −w's terms to the old cluster (the pieces
/// of −v are the negated pieces of v) and of w's to the new one.
template <int L, class XT, class Scalar, class Move>
void move_fixed_split(const XT& X, const WeightsRef<Scalar>& w, Index b, Index e, Index k, const Index dim,
                      const double* fac, const SumWindows& s, Move& move, i128* out) {
  const std::size_t kd = static_cast<std::size_t>(k * dim);
  std::vector<std::int64_t> pieces(2 * L * kd, 0);  // piece q of (c, j) at q·kd + c·dim + j
  auto fold = [&] {
    for (Index c = 0; c < k; ++c)
      for (Index j = 0; j < dim; ++j) {
        const std::size_t t = static_cast<std::size_t>(c * dim + j);
        i128* o = out + s.sum_at(c, j);
        for (int l = 0; l < L; ++l) {
          std::int64_t& h = pieces[static_cast<std::size_t>(2 * l + 1) * kd + t];
          std::int64_t& lo = pieces[static_cast<std::size_t>(2 * l) * kd + t];
          o[l] += i128(h) * (i128(1) << 31) + i128(lo);
          h = lo = 0;
        }
      }
  };
  auto at = [&](int c) {
    std::array<std::int64_t*, 2 * L> P;
    for (int q = 0; q < 2 * L; ++q)
      P[static_cast<std::size_t>(q)] = pieces.data() + static_cast<std::size_t>(q) * kd +
                                       static_cast<std::size_t>(c) * static_cast<std::size_t>(dim);
    return P;
  };
  Index since_fold = 0;
  for (Index p = b; p < e; ++p) {
    const auto mv = move(p);
    const double wi = static_cast<double>(w[mv.i]);
    const auto x = point(X, mv.i);
    add_pieces<L>(wi, x, dim, fac, at(mv.to).data());
    deposit_weight(s, k, mv.to, wi, false, out);
    if (mv.from >= 0) {
      add_pieces<L>(-wi, x, dim, fac, at(mv.from).data());
      deposit_weight(s, k, mv.from, wi, true, out);
    }
    if (++since_fold == (Index(1) << 30)) {  // 64-bit partial sums stay below 2^61
      fold();
      since_fold = 0;
    }
  }
  fold();
}

/// Moves fixed-point contributions in the sums `buf` (layout: SumWindows): for p < m, with
/// (i, from, to) = move(p), point i's terms w_i·x_ij and w_i are added to cluster `to` and, when
/// from ≥ 0, subtracted from cluster `from`. The sums are exact, so the moves are cut into one part
/// per thread (at most), each summed into its own buffer (the first part straight into buf), and the
/// buffers added: the same integers for any thread count. Memory: 2L·K·D 8-byte integers and one
/// buffer of sums per part.
///
/// Vectorised conversion (s.direct: every window has the same L ≤ 3 limbs and every product w·x is a
/// normal double): a term's scaled value v = w·x·2^-floor is an integer, |v| < 2^(62L); it is cut
/// into 2L pieces of 31 bits from the top — h_q = trunc(r·2^-31q), r ← r − h_q·2^31q (exact: it
/// drops r's high bits), the last piece trunc(r) — summed in 64-bit integers (no overflow below 2^32
/// terms) by a loop the compiler vectorises (double→int32 conversions exist in SIMD, double→int64
/// ones do not before AVX-512), then folded into the 128-bit limbs (limb l = h_{2l+1}·2^31 + h_{2l}):
/// the same value as adding each term. Otherwise the terms are deposited one by one (wide_fixed.hpp).
template <class XT, class Scalar, class Move>
void move_fixed(const XT& X, const WeightsRef<Scalar>& w, Index m, Index k, const SumWindows& s, Move&& move,
                i128* buf) {
  const Index d = X.rows();
  const std::size_t len = static_cast<std::size_t>(s.size(k));
  const int limbs = s.x.empty() ? 1 : s.x.front().limbs;
  const Index parts = num_parts(m, 512);
  std::vector<std::vector<i128>> extra(static_cast<std::size_t>(parts - 1));
  for_each_part(m, parts, static_cast<double>(d * limbs), [&](Index part, Index b, Index e) {
    i128* out = buf;
    if (part > 0) {
      std::vector<i128>& x = extra[static_cast<std::size_t>(part - 1)];
      x.assign(len, i128(0));
      out = x.data();
    }
    if (!s.direct) move_fixed_terms(X, w, b, e, k, s, move, out);
    else if (limbs == 1) move_fixed_split<1>(X, w, b, e, k, d, s.factor.data(), s, move, out);
    else if (limbs == 2) move_fixed_split<2>(X, w, b, e, k, d, s.factor.data(), s, move, out);
    else move_fixed_split<3>(X, w, b, e, k, d, s.factor.data(), s, move, out);
  });
  for (const auto& x : extra)
    for (std::size_t t = 0; t < len; ++t) buf[t] += x[t];
}

/// Local sums (layout: SumWindows) of the points under `labels`, into buf (zeroed first; buf may be
/// longer than s.size(k)).
template <class XT, class Scalar>
void accumulate_fixed(const XT& X, const WeightsRef<Scalar>& w, const Labels& labels, Index k, const SumWindows& s,
                      std::vector<i128>& buf) {
  std::fill(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(s.size(k)), i128(0));
  move_fixed(
      X, w, X.cols(), k, s,
      [&](Index i) {
        return FixedMove{i, -1, labels[i]};
      },
      buf.data());
}

}  // namespace detail
}  // namespace lloyd
