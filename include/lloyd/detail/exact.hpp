#pragma once
// Order-independent ("exact") accumulation for the pieces of a fit that sum over points: centre sums,
// cluster weights, k-means++ potentials and the inertia. Each term v is turned into a fixed-point
// integer ⌊v·2^s⌋ (truncated toward zero; |v·2^s| < 2^62, s chosen from the largest |term|) and the
// integers are summed in 128 bits. Integer addition is associative, so the sums — and everything
// computed from them — are bit-identical for any thread count, any order of the points and any
// split of the points over processes (update::ExactMean, inertia::Exact,
// seeding::ExactKMeansPlusPlus and distributed/mpi.hpp are built on this).
//
// Precision: each term is rounded to 2^-62 of the largest term of its kind (about 2e-19 relative),
// finer than double rounding for terms near the largest; a sum of up to 2^63 terms cannot overflow.
// The centre sums have one scale per coordinate (`Scales`), so a coordinate with small values next
// to one with large values keeps its own precision: a centre coordinate is within 2^-62·max_i|w_i·x_ij|
// of the exact weighted mean, ~500× finer than one double ulp of that coordinate's largest value.
//
// The algorithms are written once against a small communicator interface (`LocalComm` here, an MPI
// communicator in distributed/mpi.hpp), so the one-process and the distributed fits run the same code.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "../error.hpp"
#include "../seeding/kmeans_parallel_parameters.hpp"
#include "../types.hpp"
#include "distance.hpp"
#include "parallel.hpp"
#include "rng.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lloyd {
namespace detail {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/// Fixed-point conversion with scale 2^s, s chosen so that |v| ≤ maxabs maps below 2^62.
class Fixed {
 public:
  Fixed() = default;
  explicit Fixed(double maxabs) {
    int e = 0;
    if (maxabs > 0 && std::isfinite(maxabs)) std::frexp(maxabs, &e);  // maxabs < 2^e
    s_ = 62 - e;
    direct_ = s_ > -1000 && s_ < 1000;
    f_ = direct_ ? std::ldexp(1.0, s_) : 0.0;
  }
  int scale() const { return s_; }
  /// True when operator() is v·factor() (every scale but the extreme ones).
  bool direct() const { return direct_; }
  double factor() const { return f_; }
  std::int64_t operator()(double v) const {
    return static_cast<std::int64_t>(direct_ ? v * f_ : std::ldexp(v, s_));
  }
  double back(i128 v) const { return std::ldexp(static_cast<double>(v), -s_); }

 private:
  int s_ = 0;
  bool direct_ = true;
  double f_ = 1.0;
};

/// One fixed-point scale per coordinate (the centre sums of coordinate j use scales[j]).
using Scales = std::vector<Fixed>;

/// One process: every collective is the identity.
struct LocalComm {
  int rank() const { return 0; }
  int size() const { return 1; }
  void sum(i128*, std::size_t) const {}
  double max(double v) const { return v; }
  void max(double*, std::size_t) const {}  // element-wise, in place
  long long sum(long long v) const { return v; }
  void allgather(const void* in, void* out, std::size_t bytes) const { std::memcpy(out, in, bytes); }
  void bcast(void*, std::size_t, int) const {}
  /// Concatenation, in rank order, of every rank's bytes.
  std::vector<unsigned char> allgatherv(const std::vector<unsigned char>& mine) const { return mine; }
};

/// Uniform integer in [0, n), n > 0, from the engine's bits (masked rejection).
inline u128 below128(Rng& rng, u128 n) {
  int bits = 0;
  for (u128 t = n - 1; t != 0; t >>= 1) ++bits;
  const u128 mask = bits >= 128 ? ~u128(0) : ((u128(1) << bits) - 1);
  for (;;) {
    u128 x = (u128(rng.next()) << 64) | u128(rng.next());
    x &= mask;
    if (x < n) return x;
  }
}

/// For order-independent accumulations (integers, maxima), which give the same result for any
/// split of the points: the number of parts to cut n points into — one per thread at most, each of
/// at least `min_part` points.
inline Index num_parts(Index n, Index min_part) {
  Index parts = 1;
#ifdef _OPENMP
  parts = omp_get_max_threads();
#endif
  return std::max<Index>(1, std::min(parts, n / std::max<Index>(1, min_part)));
}

/// Calls f(part, begin, end) for each of `parts` near-equal parts of [0, n), in parallel when
/// OpenMP is on and n × cost is worth it.
template <class F>
void for_each_part(Index n, Index parts, double cost, F&& f) {
  const Index per = std::max<Index>(1, (n + parts - 1) / parts);
  for_each_chunk(
      n, [&](Index b, Index e) { f(b / per, b, e); }, per, cost);
}

/// The scales of the centre sums and weights: per coordinate j the largest |w_i·x_ij|, and the
/// largest |w_i|, over all processes.
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
        mx[static_cast<std::size_t>(j)] = std::max(mx[static_cast<std::size_t>(j)], wi * std::fabs(static_cast<double>(x[j])));
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
  const std::size_t kd = static_cast<std::size_t>(k * d), len = kd + static_cast<std::size_t>(k);
  bool direct = true;
  std::vector<double> factor;
  for (const Fixed& f : fx) {
    direct = direct && f.direct();
    factor.push_back(f.factor());
  }
  const double* f = factor.data();
  const Index parts = num_parts(m, 512);
  std::vector<std::vector<i128>> extra(static_cast<std::size_t>(parts - 1));
  for_each_part(m, parts, static_cast<double>(d), [&](Index part, Index b, Index e) {
    i128* out = buf;
    if (part > 0) {
      std::vector<i128>& x = extra[static_cast<std::size_t>(part - 1)];
      x.assign(len, i128(0));
      out = x.data();
    }
    if (!direct) {  // extreme scales: Fixed's own conversion, term by term
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
      return;
    }
    // Local copies: the loops below store 64-bit integers, which could alias captured Index values
    // and would keep the compiler from vectorising them.
    const Index dim = d;
    const double* fac = f;
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
        out[k * d + mv.from] -= fw(wi);
      } else {
        for (Index j = 0; j < dim; ++j) {
          const double v = wi * static_cast<double>(x[j]) * fac[j];
          const std::int32_t h = static_cast<std::int32_t>(v * 0x1p-31);
          h1[j] += h;
          l1[j] += static_cast<std::int32_t>(v - static_cast<double>(h) * 0x1p31);
        }
      }
      out[k * d + mv.to] += fw(wi);
      if (++since_fold == (Index(1) << 30)) {  // 64-bit partial sums stay below 2^61
        fold();
        since_fold = 0;
      }
    }
    fold();
  });
  for (const auto& x : extra)
    for (std::size_t t = 0; t < len; ++t) buf[t] += x[t];
}

/// One point moving between clusters (move_fixed); from < 0: added only.
struct FixedMove {
  Index i;
  int from, to;
};

/// Local fixed-point sums: S (K×D, column c at c·D) then W (K), into buf (K·D + K entries, zeroed).
template <class Scalar, int Dim>
void accumulate_fixed(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels& labels, Index k,
                      const Scales& fx, const Fixed& fw, std::vector<i128>& buf) {
  std::fill(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(k * X.rows() + k), i128(0));
  move_fixed(X, w, X.cols(), k, fx, fw, [&](Index i) { return FixedMove{i, -1, labels[i]}; }, buf.data());
}

/// The exact mean update with update::Mean's empty-cluster repair rule (farthest point of positive
/// weight from its own centre, ties → lowest global index; not emptying its cluster; not identical
/// to a point already taken). `offset` is the global index of the first local point. If
/// `piggyback` is given, its local value is summed over processes in the same reduction.
/// Returns the number of points moved by the repair (the same on every process).
/// `sums`, when given (one process only), holds on entry the fixed-point sums (K·D centre sums, then
/// K weights) of the points under `labels`, so they are not recomputed; on exit, those of the
/// returned labels (update::ExactMean::State keeps them up to date incrementally).
template <class Scalar, int Dim, class Comm>
Index exact_mean_update(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                        Centres<Scalar, Dim>& C, Shifts& shifts, const Scales& fx, const Fixed& fw, const Comm& comm,
                        long long offset = 0, long long* piggyback = nullptr, std::vector<i128>* sums = nullptr) {
  const Index n = X.cols(), d = X.rows(), k = C.cols();
  const std::size_t kd = static_cast<std::size_t>(k * d);
  // With `sums` the update works in that buffer (no K·D copy: it holds the returned labels' sums on
  // exit); otherwise in a buffer of its own, filled from the points.
  std::vector<i128> own;
  std::vector<i128>& buf = sums ? *sums : own;
  buf.resize(kd + static_cast<std::size_t>(k) + 1);
  if (!sums) accumulate_fixed(X, w, labels, k, fx, fw, buf);
  buf.back() = piggyback ? i128(*piggyback) : i128(0);
  comm.sum(buf.data(), buf.size());  // the one reduction of an iteration
  if (piggyback) *piggyback = static_cast<long long>(buf.back());
  i128* W = buf.data() + kd;

  Index moved = 0;
  std::vector<Index> empty;
  for (Index c = 0; c < k; ++c)
    if (!(W[c] > 0)) empty.push_back(c);
  if (!empty.empty()) {
    std::vector<double> dist(static_cast<std::size_t>(n), -1.0);
    std::vector<Index> order;
    for (Index i = 0; i < n; ++i)
      if (w[i] > 0) {
        dist[static_cast<std::size_t>(i)] = sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
        order.push_back(i);
      }
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      return dist[static_cast<std::size_t>(a)] > dist[static_cast<std::size_t>(b)];
    });
    struct Offer {
      double dist;
      long long gidx;
      long long has;
    };
    const int P = comm.size(), me = comm.rank();
    std::vector<Offer> offers(static_cast<std::size_t>(P));
    std::vector<std::vector<Scalar>> taken;
    std::vector<unsigned char> msg(sizeof(long long) * 2 + sizeof(Scalar) * static_cast<std::size_t>(d));
    std::size_t pos = 0;
    bool exhausted = false;
    for (Index e : empty) {
      while (!exhausted) {
        Offer mine{0.0, 0, 0};
        if (pos < order.size()) mine = Offer{dist[static_cast<std::size_t>(order[pos])], offset + order[pos], 1};
        comm.allgather(&mine, offers.data(), sizeof(Offer));
        int owner = -1;
        for (int r = 0; r < P; ++r) {
          const Offer& o = offers[static_cast<std::size_t>(r)];
          if (!o.has) continue;
          const Offer& b = offers[static_cast<std::size_t>(owner < 0 ? r : owner)];
          if (owner < 0 || o.dist > b.dist || (o.dist == b.dist && o.gidx < b.gidx)) owner = r;
        }
        if (owner < 0) {
          exhausted = true;
          break;
        }
        long long from_and_w[2] = {0, 0};
        if (owner == me) {
          const Index i = order[pos];
          from_and_w[0] = labels[i];
          from_and_w[1] = fw(static_cast<double>(w[i]));
          std::memcpy(msg.data(), from_and_w, sizeof from_and_w);
          std::memcpy(msg.data() + sizeof from_and_w, X.col(i).data(), sizeof(Scalar) * static_cast<std::size_t>(d));
        }
        comm.bcast(msg.data(), msg.size(), owner);
        std::memcpy(from_and_w, msg.data(), sizeof from_and_w);
        std::vector<Scalar> x(static_cast<std::size_t>(d));
        std::memcpy(x.data(), msg.data() + sizeof from_and_w, sizeof(Scalar) * static_cast<std::size_t>(d));
        const Index from = static_cast<Index>(from_and_w[0]);
        const i128 wf = from_and_w[1];
        const Index local = owner == me ? order[pos] : -1;
        if (owner == me) ++pos;
        if (!(W[from] - wf > 0)) continue;  // would empty its own cluster
        bool dup = false;
        for (const auto& t : taken) dup = dup || same_point(t.data(), x.data(), d);
        if (dup) continue;
        W[from] -= wf;
        W[e] = wf;
        if (local >= 0) labels[local] = static_cast<int>(e);
        taken.push_back(std::move(x));
        ++moved;
        break;
      }
    }
    if (moved > 0) {  // exact sums for the new labels
      accumulate_fixed(X, w, labels, k, fx, fw, buf);
      buf.back() = 0;
      comm.sum(buf.data(), buf.size());
    }
  }

  shifts.resize(k);
  for (Index c = 0; c < k; ++c) {
    if (W[c] > 0) {
      const double wc = fw.back(W[c]);
      double sh = 0;
      for (Index j = 0; j < d; ++j) {
        const double m = fx[static_cast<std::size_t>(j)].back(buf[static_cast<std::size_t>(c * d + j)]) / wc;
        const double t = m - static_cast<double>(C(j, c));
        sh += t * t;
        C(j, c) = static_cast<Scalar>(m);
      }
      shifts[c] = sh;
    } else {
      shifts[c] = 0;
    }
  }
  return moved;
}

/// Σ w_i ‖x_i − c(i)‖² with order-independent accumulation (two reductions: max, then sum).
template <class Scalar, int Dim, class Comm>
double exact_inertia(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                     const Labels& labels, const Comm& comm) {
  const Index n = X.cols(), d = X.rows();
  std::vector<double> v(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i)
      v[static_cast<std::size_t>(i)] = static_cast<double>(w[i]) * sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
  });
  double mx = 0;
  for (double t : v) mx = std::max(mx, t);
  const Fixed f(comm.max(mx));
  i128 s = 0;
  for (double t : v) s += f(t);
  comm.sum(&s, 1);
  return f.back(s);
}

/// Draws a point ∝ mass across processes (first point in global order whose running sum of the
/// integer masses exceeds a uniform integer below the total) and copies it to `point` on every
/// process. Returns false when the total mass is 0.
template <class Scalar, int Dim, class Comm>
bool exact_draw(const PointsRef<Scalar, Dim>& X, const std::vector<std::int64_t>& mass, Rng& rng, const Comm& comm,
                std::vector<Scalar>& point) {
  const Index n = X.cols(), d = X.rows();
  std::vector<i128> totals(static_cast<std::size_t>(comm.size()));
  i128 local = 0;
  for (std::int64_t m : mass) local += m;
  comm.allgather(&local, totals.data(), sizeof(i128));
  i128 total = 0;
  for (i128 v : totals) total += v;
  if (!(total > 0)) return false;
  i128 u = static_cast<i128>(below128(rng, static_cast<u128>(total)));
  int owner = 0;
  while (!(u < totals[static_cast<std::size_t>(owner)])) u -= totals[static_cast<std::size_t>(owner++)];
  point.resize(static_cast<std::size_t>(d));
  if (owner == comm.rank()) {
    i128 run = 0;
    Index i = 0;
    for (; i < n; ++i)
      if ((run += mass[static_cast<std::size_t>(i)]) > u) break;
    std::memcpy(point.data(), X.col(i).data(), sizeof(Scalar) * static_cast<std::size_t>(d));
  }
  comm.bcast(point.data(), sizeof(Scalar) * static_cast<std::size_t>(d), owner);
  return true;
}

/// Greedy k-means++ (the rule of seeding::KMeansPlusPlus) with fixed-point potentials, so that a
/// point is drawn by the same integer comparison however the points are split over processes:
/// draw t uniformly in [0, Σ mass), take the first point (in global order) whose running sum
/// exceeds t. Every process returns the same centres.
template <class Scalar, int Dim, class Comm>
Centres<Scalar, Dim> exact_kmeans_plus_plus(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                            int trials, Rng& rng, const Comm& comm) {
  if (trials < 0) throw error("seeding::ExactKMeansPlusPlus: parameter 'trials' must be >= 0");
  const Index n = X.cols(), d = X.rows();
  const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
  Centres<Scalar, Dim> C(d, k);
  std::vector<std::int64_t> mass(static_cast<std::size_t>(n));
  std::vector<Scalar> point(static_cast<std::size_t>(d));
  auto draw = [&] { return exact_draw(X, mass, rng, comm, point); };

  const Fixed fw = [&] {
    double mw = 0;
    for (Index i = 0; i < n; ++i) mw = std::max(mw, static_cast<double>(w[i]));
    return Fixed(comm.max(mw));
  }();
  for (Index i = 0; i < n; ++i) mass[static_cast<std::size_t>(i)] = fw(static_cast<double>(w[i]));
  if (!draw()) throw error("seeding::ExactKMeansPlusPlus: all weights are zero");
  for (Index j = 0; j < d; ++j) C(j, 0) = point[static_cast<std::size_t>(j)];

  std::vector<double> closest(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i) closest[static_cast<std::size_t>(i)] = sqdist(X.col(i).data(), C.col(0).data(), d);
  });
  std::vector<std::vector<double>> cand_d(static_cast<std::size_t>(t), std::vector<double>(static_cast<std::size_t>(n)));
  Centres<Scalar, Dim> cand(d, t);
  std::vector<i128> pot(static_cast<std::size_t>(t));
  for (int c = 1; c < k; ++c) {
    double mx = 0;
    for (Index i = 0; i < n; ++i) mx = std::max(mx, static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]);
    const Fixed fp(comm.max(mx));
    for (Index i = 0; i < n; ++i)
      mass[static_cast<std::size_t>(i)] = fp(static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]);
    for (int j = 0; j < t; ++j) {
      if (!draw()) throw error("seeding::ExactKMeansPlusPlus: X has fewer than k distinct points with positive weight");
      for (Index q = 0; q < d; ++q) cand(q, j) = point[static_cast<std::size_t>(q)];
    }
    for (int j = 0; j < t; ++j) {
      auto& dj = cand_d[static_cast<std::size_t>(j)];
      const Scalar* cx = cand.col(j).data();
      for_each_chunk(n, [&](Index b, Index e) {
        for (Index i = b; i < e; ++i)
          dj[static_cast<std::size_t>(i)] = std::min(closest[static_cast<std::size_t>(i)], sqdist(X.col(i).data(), cx, d));
      });
      i128 s = 0;
      for (Index i = 0; i < n; ++i) s += fp(static_cast<double>(w[i]) * dj[static_cast<std::size_t>(i)]);
      pot[static_cast<std::size_t>(j)] = s;
    }
    comm.sum(pot.data(), pot.size());
    int best = 0;
    for (int j = 1; j < t; ++j)
      if (pot[static_cast<std::size_t>(j)] < pot[static_cast<std::size_t>(best)]) best = j;
    C.col(c) = cand.col(best);
    closest.swap(cand_d[static_cast<std::size_t>(best)]);
  }
  return C;
}

/// k-means‖ (the rule of seeding::KMeansParallel) with fixed-point potentials and candidate weights:
/// the coin of a point is a hash of (round seed, global index) compared with ℓ·mass/φ computed from
/// exact integers, candidates are gathered in global order, so every process — and the one-process
/// policy seeding::ExactKMeansParallel — gets the same centres. The candidates are reduced to k by
/// exact greedy k-means++ (run on every process on the same candidate set).
template <class Scalar, int Dim, class Comm>
Centres<Scalar, Dim> exact_kmeans_parallel(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                           const seeding::KMeansParallelParameters& parameters, Rng& rng,
                                           const Comm& comm, long long offset) {
  parameters.check("seeding::ExactKMeansParallel");
  const double oversampling = parameters.oversampling;
  const int rounds = parameters.rounds, trials = parameters.trials;
  const Index n = X.cols(), d = X.rows();
  const double ell = oversampling > 0 ? oversampling : 2.0 * k;
  const std::size_t pbytes = sizeof(Scalar) * static_cast<std::size_t>(d);
  std::vector<Scalar> cand;  // candidates' coordinates, d per candidate, in the order taken
  std::vector<double> closest(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<std::int64_t> mass(static_cast<std::size_t>(n));
  std::vector<Scalar> point;
  auto count = [&] { return static_cast<Index>(cand.size()) / d; };
  auto absorb = [&](Index from) {
    const Index m = count();
    for_each_chunk(n, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i)
        for (Index c = from; c < m; ++c)
          closest[static_cast<std::size_t>(i)] =
              std::min(closest[static_cast<std::size_t>(i)], sqdist(X.col(i).data(), cand.data() + c * d, d));
    });
  };
  auto potential_masses = [&] {
    double mx = 0;
    for (Index i = 0; i < n; ++i) mx = std::max(mx, static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]);
    const Fixed fp(comm.max(mx));
    i128 phi = 0;
    for (Index i = 0; i < n; ++i)
      phi += (mass[static_cast<std::size_t>(i)] = fp(static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]));
    comm.sum(&phi, 1);
    return phi;
  };

  {  // first centre ∝ w
    double mw = 0;
    for (Index i = 0; i < n; ++i) mw = std::max(mw, static_cast<double>(w[i]));
    const Fixed fw(comm.max(mw));
    for (Index i = 0; i < n; ++i) mass[static_cast<std::size_t>(i)] = fw(static_cast<double>(w[i]));
    if (!exact_draw(X, mass, rng, comm, point)) throw error("seeding::ExactKMeansParallel: all weights are zero");
    cand.insert(cand.end(), point.begin(), point.end());
    absorb(0);
  }
  for (int r = 0; r < rounds; ++r) {
    const i128 phi = potential_masses();
    const std::uint64_t round_seed = rng.next();
    if (!(phi > 0)) break;
    const double phid = static_cast<double>(phi);
    std::vector<unsigned char> mine;
    for (Index i = 0; i < n; ++i) {
      std::uint64_t s = round_seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(offset + i) + 1));
      splitmix64(s);
      const double u = static_cast<double>(splitmix64(s) >> 11) * 0x1.0p-53;
      if (u * phid < ell * static_cast<double>(mass[static_cast<std::size_t>(i)])) {
        const auto* p = reinterpret_cast<const unsigned char*>(X.col(i).data());
        mine.insert(mine.end(), p, p + pbytes);
      }
    }
    const std::vector<unsigned char> all = comm.allgatherv(mine);
    const Index before = count();
    for (std::size_t off = 0; off + pbytes <= all.size(); off += pbytes) {
      std::vector<Scalar> x(static_cast<std::size_t>(d));
      std::memcpy(x.data(), all.data() + off, pbytes);
      bool dup = false;  // identical points taken in the same round are merged (earlier ones are at D = 0)
      for (Index c = before; c < count() && !dup; ++c) dup = same_point(x.data(), cand.data() + c * d, d);
      if (!dup) cand.insert(cand.end(), x.begin(), x.end());
    }
    if (count() > before) absorb(before);
  }
  while (count() < k) {  // fallback: one more candidate ∝ w·D²
    potential_masses();
    if (!exact_draw(X, mass, rng, comm, point))
      throw error("seeding::ExactKMeansParallel: X has fewer than k distinct points with positive weight");
    cand.insert(cand.end(), point.begin(), point.end());
    absorb(count() - 1);
  }
  const Index m = count();
  Centres<Scalar, Dim> Cand(d, m);
  for (Index c = 0; c < m; ++c)
    for (Index j = 0; j < d; ++j) Cand(j, c) = cand[static_cast<std::size_t>(c * d + j)];
  if (m == k) return Cand;
  // Candidate weights: total weight of the points nearest to each candidate, in fixed point.
  double mw = 0;
  for (Index i = 0; i < n; ++i) mw = std::max(mw, static_cast<double>(w[i]));
  const Fixed fw(comm.max(mw));
  std::vector<i128> cw(static_cast<std::size_t>(m), 0);
  std::vector<int> near(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i) near[static_cast<std::size_t>(i)] = nearest(X.col(i).data(), Cand);
  });
  for (Index i = 0; i < n; ++i) cw[static_cast<std::size_t>(near[static_cast<std::size_t>(i)])] += fw(static_cast<double>(w[i]));
  comm.sum(cw.data(), cw.size());
  Weights<Scalar> cws(m);
  for (Index c = 0; c < m; ++c) {
    const Scalar v = static_cast<Scalar>(fw.back(cw[static_cast<std::size_t>(c)]));
    cws[c] = v > 0 ? v : std::numeric_limits<Scalar>::min();  // a candidate carries its own positive weight
  }
  return exact_kmeans_plus_plus(PointsRef<Scalar, Dim>(Cand), WeightsRef<Scalar>(cws), k, trials, rng, LocalComm{});
}

}  // namespace detail
}  // namespace lloyd
