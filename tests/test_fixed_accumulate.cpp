// Tests of lloyd/detail/fixed_accumulate.hpp and lloyd/detail/wide_fixed.hpp: the multi-limb sums of
// accumulate_fixed / move_fixed are exact (the same value whichever conversion path, window or order),
// and limbs_value rounds them once. The algorithms built on them are tested in
// test_update_reproducible_mean.
#include <catch2/catch.hpp>
#include <cmath>
#include <lloyd/detail/fixed_accumulate.hpp>
#include <lloyd/detail/local_comm.hpp>
#include <lloyd/detail/rng.hpp>
#include <lloyd/detail/validation.hpp>
#include <vector>

namespace {

using lloyd::Index;
using lloyd::detail::i128;

// The sums of sum_windows' layout read back as (value, exponent) pairs, one per centre coordinate
// and weight: what two layouts of the same exact sums must agree on.
std::vector<lloyd::detail::Scaled> values(const std::vector<i128>& buf, const lloyd::detail::SumWindows& s, Index k,
                                          Index d) {
  std::vector<lloyd::detail::Scaled> v;
  for (Index c = 0; c < k; ++c) {
    for (Index j = 0; j < d; ++j)
      v.push_back(lloyd::detail::limbs_value(buf.data() + s.sum_at(c, j), 1, s.x[static_cast<std::size_t>(j)]));
    v.push_back(lloyd::detail::limbs_value(buf.data() + s.weight_at(k, c), 1, s.w));
  }
  return v;
}

bool same(const std::vector<lloyd::detail::Scaled>& a, const std::vector<lloyd::detail::Scaled>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t t = 0; t < a.size(); ++t)
    if (std::ldexp(a[t].d, a[t].e) != std::ldexp(b[t].d, b[t].e)) return false;
  return true;
}

}  // namespace

TEST_CASE("limbs_value rounds an exact multi-limb sum once, whatever its limbs hold", "[update]") {
  using lloyd::detail::Window;
  Window win;
  win.limbs = 3;
  win.floor = -100;
  // 2^62·1 + (−1) in the limbs below: 2^62 − 1, at scale 2^-100.
  std::vector<i128> a = {-1, 1, 0};
  auto v = lloyd::detail::limbs_value(a.data(), 1, win);
  CHECK(std::ldexp(v.d, v.e) == std::ldexp(std::ldexp(1.0, 62) - 1, -100));
  // A value just above a tie rounds up: 2^124 + 2^71 + 1 (the 1 is far below the rounding bit).
  a = {1, i128(1) << 9, 1};
  v = lloyd::detail::limbs_value(a.data(), 1, win);
  CHECK(std::ldexp(v.d, v.e) == std::ldexp(1.0 + std::ldexp(1.0, -52), 124 - 100));
  // The exact tie rounds to even.
  a = {0, i128(1) << 9, 1};
  v = lloyd::detail::limbs_value(a.data(), 1, win);
  CHECK(std::ldexp(v.d, v.e) == std::ldexp(1.0, 124 - 100));
  // Negative values and cancellation between limbs.
  a = {5, -1, 0};
  v = lloyd::detail::limbs_value(a.data(), 1, win);
  CHECK(std::ldexp(v.d, v.e) == std::ldexp(5.0 - std::ldexp(1.0, 62), -100));
  CHECK(lloyd::detail::limbs_sign(a.data(), 1, 3) == -1);
  a = {0, 0, 0};
  CHECK(lloyd::detail::limbs_sign(a.data(), 1, 3) == 0);
  // WideWeight: exact differences.
  Window ww;
  ww.limbs = 2;
  ww.floor = -100;
  const lloyd::detail::WideWeight one(1.0, ww), tiny(std::ldexp(1.0, -70), ww);
  CHECK(one - tiny > 0);
  CHECK_FALSE(tiny - one > 0);
  CHECK_FALSE(one - one > 0);
  CHECK(one == one);
}

TEMPLATE_TEST_CASE("accumulate_fixed's sums are exact on every path and every magnitude", "[update]", float, double) {
  // Magnitudes: ordinary, negative, zero, one coordinate at the top of Scalar's range, one tiny and
  // one spanning 2^40 (several limbs); weights spanning 2^30. The SIMD path (every window a plain
  // factor) and the term-by-term path must give the same exact sums, in any order of the points.
  using S = TestType;
  const Index n = 3000, d = 6, k = 5;
  lloyd::Points<S> X(d, n);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  lloyd::Rng rng(21);
  const double top = lloyd::detail::max_abs_value<S>(d) / 2;
  for (Index i = 0; i < n; ++i) {
    X(0, i) = static_cast<S>(rng.uniform() * 10 - 5);
    X(1, i) = static_cast<S>(i % 7 == 0 ? 0.0 : -rng.uniform());
    X(2, i) = static_cast<S>(i % 2 ? 1.0 : 0.999999);
    X(3, i) = static_cast<S>((rng.uniform() - 0.5) * top);
    X(4, i) = static_cast<S>(rng.uniform() * 1e-20);
    X(5, i) = static_cast<S>(std::ldexp(rng.uniform(), static_cast<int>(rng.below(40)) - 20));
    w[i] = static_cast<S>(i % 11 == 0 ? 0.0 : std::ldexp(rng.uniform() + 0.5, static_cast<int>(rng.below(30))));
    labels[i] = static_cast<int>(rng.below(k));
  }
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::detail::SumWindows s = lloyd::detail::sum_windows(Xr, wr, lloyd::detail::LocalComm{});
  REQUIRE(s.direct);
  CHECK(s.x.front().limbs >= 2);
  std::vector<i128> fast(static_cast<std::size_t>(s.size(k)), 7);  // accumulate_fixed zeroes it
  lloyd::detail::accumulate_fixed(Xr, wr, labels, k, s, fast);
  const auto ref = values(fast, s, k, d);

  // The same sums term by term, in another window (one limb more, its own floors) and reverse order.
  lloyd::detail::SumWindows t = s;
  t.direct = false;
  t.stride = 0;
  for (std::size_t j = 0; j < t.x.size(); ++j) {
    t.x[j].limbs += 1;
    t.x[j].floor -= lloyd::detail::kLimbBits;
    t.offset[j] = t.stride;
    t.stride += t.x[j].limbs;
  }
  std::vector<i128> slow(static_cast<std::size_t>(t.size(k)), 0);
  lloyd::detail::move_fixed(
      Xr, wr, n, k, t,
      [&](Index p) {
        return lloyd::detail::FixedMove{n - 1 - p, -1, labels[n - 1 - p]};
      },
      slow.data());
  CHECK(same(values(slow, t, k, d), ref));

  // Against a long-double check of one sum per coordinate: exact sums are within rounding.
  for (Index j = 0; j < d; ++j) {
    long double sum = 0;
    for (Index i = 0; i < n; ++i)
      if (labels[i] == 0) sum += static_cast<long double>(static_cast<double>(w[i]) * static_cast<double>(X(j, i)));
    const auto v = ref[static_cast<std::size_t>(j)];
    const long double got = std::ldexp(static_cast<long double>(v.d), v.e);
    CHECK(std::fabs(static_cast<double>(got - sum)) <= 1e-15 * std::fabs(static_cast<double>(sum)) + 1e-300);
  }

  // Moving every point out and back in (incremental) gives the same integers.
  std::vector<i128> moved = fast;
  lloyd::detail::move_fixed(
      Xr, wr, n, k, s,
      [&](Index p) {
        return lloyd::detail::FixedMove{p, labels[p], (labels[p] + 1) % 5};
      },
      moved.data());
  lloyd::detail::move_fixed(
      Xr, wr, n, k, s,
      [&](Index p) {
        return lloyd::detail::FixedMove{p, (labels[p] + 1) % 5, labels[p]};
      },
      moved.data());
  CHECK(moved == fast);
}

TEMPLATE_TEST_CASE("sum_windows: one limb for ordinary data, more for wide ranges, term by term for extremes",
                   "[update]", float, double) {
  using S = TestType;
  const Index n = 100;
  lloyd::Points<S> X(2, n);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(n);
  for (Index i = 0; i < n; ++i) {
    X(0, i) = static_cast<S>(i % 256);  // 8-bit values: one limb
    X(1, i) = static_cast<S>(i == 0 ? 1e17 : 1.0 + static_cast<double>(i) * 1e-6);
  }
  auto s = lloyd::detail::sum_windows(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lloyd::detail::LocalComm{});
  CHECK(s.direct);
  CHECK(s.x[0].limbs == 2);  // every coordinate has the widest one's limbs on the SIMD path
  CHECK(s.w.limbs == 1);
  X.row(1).setConstant(S(1));
  s = lloyd::detail::sum_windows(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lloyd::detail::LocalComm{});
  CHECK(s.x[0].limbs == 1);
  CHECK(s.x[0].floor == 7 - 62);  // the former single scale: 2^62 above the largest term (99 < 2^7)
  if (sizeof(S) == 8) {
    w.setConstant(S(5e-324));  // products underflow: term by term
    s = lloyd::detail::sum_windows(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lloyd::detail::LocalComm{});
    CHECK_FALSE(s.direct);
  }
}
