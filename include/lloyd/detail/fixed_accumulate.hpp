#pragma once
// Fixed-point centre sums (fixed_point.hpp): the scales of the sums (sum_scales), and the K·D centre
// sums and K weights of the points under a labelling (accumulate_fixed) or the change of those sums
// when some points move between clusters (move_fixed). The integers are the same for any thread
// count, any order of the points and any split of the points over processes.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../types.hpp"
#include "fixed_point.hpp"
#include "partition.hpp"

namespace lloyd {
namespace detail {

/// The scales of the centre sums and weights: per coordinate j the largest |w_i·x_ij|, and the
/// largest |w_i|, over all processes (`comm`: see local_comm.hpp).
template <class Scalar, int Dim, class Comm>
void sum_scales(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Comm& comm, Scales& fx, Fixed& fw) {
  const Index d = X.rows(), n = X.cols();
  const Index parts = num_parts(n, 4096);
  std::vector<std::vector<double>> mx_part(static_cast<std::size_t>(parts));
  std::vector<double> mw_part(static_cast<std::size_t>(parts), 0.0);
  for_each_part(n, parts, static_cast<double>(d), [&](Index part, Index b, Index e) {
    std::vector<double>& mx = mx_part[static_cast<std::size_t>(part)];
    mx.assign(static_cast<std::size_t>(d), 0.0);
    double mw = 0;
    for (Index i = b; i < e; ++i) {
      const double wi = std::fabs(static_cast<double>(w[i]));
      mw = std::max(mw, wi);
      const Scalar* x = X.col(i).data();
      for (Index j = 0; j < d; ++j)
        mx[static_cast<std::size_t>(j)] =
            std::max(mx[static_cast<std::size_t>(j)], wi * std::fabs(static_cast<double>(x[j])));
    }
    mw_part[static_cast<std::size_t>(part)] = mw;
  });
  std::vector<double> mx(static_cast<std::size_t>(d), 0.0);
  double mw = 0;
  for (Index p = 0; p < parts; ++p) {
    const auto& m = mx_part[static_cast<std::size_t>(p)];
    for (std::size_t j = 0; j < m.size(); ++j) mx[j] = std::max(mx[j], m[j]);
    mw = std::max(mw, mw_part[static_cast<std::size_t>(p)]);
  }
  comm.max(mx.data(), mx.size());
  fx.clear();
  for (const double m : mx) fx.emplace_back(m);
  fw = Fixed(comm.max(mw));
}

/// One point moving between clusters (move_fixed); from < 0: added only.
struct FixedMove {
  Index i;
  int from, to;
};

/// move_fixed's conversion for extreme scales (some Fixed is not a plain factor): moves p in [b, e)
/// into `out` with Fixed's own conversion, term by term.
template <class Scalar, int Dim, class Move>
void move_fixed_terms(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Index b, Index e, Index k,
                      const Scales& fx, const Fixed& fw, Move& move, i128* out) {
  const Index d = X.rows();
  for (Index p = b; p < e; ++p) {
    const auto mv = move(p);
    const double wi = static_cast<double>(w[mv.i]);
    const Scalar* x = X.col(mv.i).data();
    i128* s1 = out + static_cast<Index>(mv.to) * d;
    i128* s0 = mv.from >= 0 ? out + static_cast<Index>(mv.from) * d : nullptr;
    for (Index j = 0; j < d; ++j) {
      const std::int64_t t = fx[static_cast<std::size_t>(j)](wi * static_cast<double>(x[j]));
      s1[j] += t;
      if (s0) s0[j] -= t;
    }
    out[k * d + mv.to] += fw(wi);
    if (mv.from >= 0) out[k * d + mv.from] -= fw(wi);
  }
}

/// move_fixed's vectorised conversion (every scale a plain factor, fac[j] for coordinate j): moves p
/// in [b, e) into `out`, each term split into two 32-bit halves summed in 64-bit integers (see
/// move_fixed). `dim` and `fac` are parameters, not captured values, so the 64-bit stores below cannot
/// alias them and the compiler vectorises the loops.
template <class Scalar, int Dim, class Move>
void move_fixed_split(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Index b, Index e, Index k,
                      const Index dim, const double* fac, const Fixed& fw, Move& move, i128* out) {
  const std::size_t kd = static_cast<std::size_t>(k * dim);
  std::vector<std::int64_t> hi(kd, 0), lo(kd, 0);
  auto fold = [&] {
    for (std::size_t t = 0; t < kd; ++t) {
      out[t] += i128(hi[t]) * (i128(1) << 31) + i128(lo[t]);
      hi[t] = lo[t] = 0;
    }
  };
  Index since_fold = 0;
  for (Index p = b; p < e; ++p) {
    const auto mv = move(p);
    const double wi = static_cast<double>(w[mv.i]);
    const Scalar* x = X.col(mv.i).data();
    const std::size_t o1 = static_cast<std::size_t>(mv.to) * static_cast<std::size_t>(dim);
    std::int64_t* h1 = hi.data() + o1;
    std::int64_t* l1 = lo.data() + o1;
    if (mv.from >= 0) {
      const std::size_t o0 = static_cast<std::size_t>(mv.from) * static_cast<std::size_t>(dim);
      std::int64_t* h0 = hi.data() + o0;
      std::int64_t* l0 = lo.data() + o0;
      for (Index j = 0; j < dim; ++j) {
        const double v = wi * static_cast<double>(x[j]) * fac[j];
        const std::int32_t h = static_cast<std::int32_t>(v * 0x1p-31);
        const std::int32_t l = static_cast<std::int32_t>(v - static_cast<double>(h) * 0x1p31);
        h1[j] += h;
        l1[j] += l;
        h0[j] -= h;
        l0[j] -= l;
      }
      out[k * dim + mv.from] -= fw(wi);
    } else {
      for (Index j = 0; j < dim; ++j) {
        const double v = wi * static_cast<double>(x[j]) * fac[j];
        const std::int32_t h = static_cast<std::int32_t>(v * 0x1p-31);
        h1[j] += h;
        l1[j] += static_cast<std::int32_t>(v - static_cast<double>(h) * 0x1p31);
      }
    }
    out[k * dim + mv.to] += fw(wi);
    if (++since_fold == (Index(1) << 30)) {  // 64-bit partial sums stay below 2^61
      fold();
      since_fold = 0;
    }
  }
  fold();
}

/// Moves fixed-point contributions in the sums `buf` (K·D centre sums, column c at c·D, then K
/// weights): for p < m, with (i, from, to) = move(p), point i's terms fx[j](w_i·x_ij) are added to
/// cluster `to` and, when from ≥ 0, subtracted from cluster `from`. Integer sums do not depend on
/// the order of the additions, so the moves are cut into one part per thread (at most), each summed
/// into its own buffer (the first part straight into buf), and the buffers added: the same integers
/// for any thread count. Memory: 2·(K·D + K) 8-byte integers per part.
///
/// Vectorised conversion: when every scale is a plain factor (all but extreme ranges), a term
/// t = trunc(v), v = w·x·2^s, |v| < 2^62, is split as t = h·2^31 + l with h = trunc(v·2^-31) and
/// l = trunc(v − h·2^31): both fit in 32 bits, the subtraction is exact (|v − h·2^31| < 2^31 and a
/// multiple of v's ulp) and has v's sign, so h·2^31 + l = trunc(v) exactly. h and l are summed in
/// 64-bit integers (no overflow below 2^32 terms) by a loop the compiler vectorises (double→int32
/// conversions exist in SIMD, double→int64 ones do not before AVX-512), then folded into the 128-bit
/// sums — the same integers as adding each t.
template <class Scalar, int Dim, class Move>
void move_fixed(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Index m, Index k, const Scales& fx,
                const Fixed& fw, Move&& move, i128* buf) {
  const Index d = X.rows();
  const std::size_t len = static_cast<std::size_t>(k * d + k);
  bool direct = true;
  std::vector<double> factor;
  for (const Fixed& f : fx) {
    direct = direct && f.direct();
    factor.push_back(f.factor());
  }
  const Index parts = num_parts(m, 512);
  std::vector<std::vector<i128>> extra(static_cast<std::size_t>(parts - 1));
  for_each_part(m, parts, static_cast<double>(d), [&](Index part, Index b, Index e) {
    i128* out = buf;
    if (part > 0) {
      std::vector<i128>& x = extra[static_cast<std::size_t>(part - 1)];
      x.assign(len, i128(0));
      out = x.data();
    }
    if (direct) move_fixed_split(X, w, b, e, k, d, factor.data(), fw, move, out);
    else move_fixed_terms(X, w, b, e, k, fx, fw, move, out);
  });
  for (const auto& x : extra)
    for (std::size_t t = 0; t < len; ++t) buf[t] += x[t];
}

/// Local fixed-point sums: S (K×D, column c at c·D) then W (K), into buf (K·D + K entries, zeroed).
template <class Scalar, int Dim>
void accumulate_fixed(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels& labels, Index k,
                      const Scales& fx, const Fixed& fw, std::vector<i128>& buf) {
  std::fill(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(k * X.rows() + k), i128(0));
  move_fixed(
      X, w, X.cols(), k, fx, fw,
      [&](Index i) {
        return FixedMove{i, -1, labels[i]};
      },
      buf.data());
}

}  // namespace detail
}  // namespace lloyd
