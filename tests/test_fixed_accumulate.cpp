// Tests of lloyd/detail/fixed_accumulate.hpp: the fixed-point centre sums (detail/fixed_point.hpp) of
// accumulate_fixed / move_fixed are exactly the sums of Fixed's terms. The algorithms built on them are
// tested in test_update_reproducible_mean.
#include <catch2/catch.hpp>
#include <cmath>
#include <lloyd/detail/fixed_accumulate.hpp>
#include <lloyd/detail/local_comm.hpp>
#include <lloyd/detail/rng.hpp>
#include <lloyd/detail/validation.hpp>
#include <vector>

TEMPLATE_TEST_CASE("accumulate_fixed's vectorised sums equal the sum of Fixed's terms, at every magnitude", "[update]",
                   float, double) {
  // detail::move_fixed splits each term into two 32-bit halves to sum them with SIMD; the integers
  // must be exactly Σ Fixed(w·x). Magnitudes: ordinary, near a coordinate's maximum (terms close to
  // 2^62), negative, zero, one coordinate at the top of Scalar's range and — for double — one so tiny
  // that its scale is not a plain factor (Fixed's own conversion).
  using S = TestType;
  const lloyd::Index n = 3000, d = 6, k = 5;
  lloyd::Points<S> X(d, n);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  lloyd::Rng rng(21);
  const double top = lloyd::detail::max_abs_value<S>(d) / 2;
  const double tiny = sizeof(S) == 4 ? 1e-30 : 1e-300;
  for (lloyd::Index i = 0; i < n; ++i) {
    X(0, i) = static_cast<S>(rng.uniform() * 10 - 5);
    X(1, i) = static_cast<S>(i % 7 == 0 ? 0.0 : -rng.uniform());
    X(2, i) = static_cast<S>(i % 2 ? 1.0 : 0.999999);  // all terms near the maximum
    X(3, i) = static_cast<S>((rng.uniform() - 0.5) * top);
    X(4, i) = static_cast<S>(rng.uniform() * tiny);
    X(5, i) = static_cast<S>(std::ldexp(rng.uniform(), static_cast<int>(rng.below(40)) - 20));
    w[i] = static_cast<S>(i % 11 == 0 ? 0.0 : rng.uniform() * 4);
    labels[i] = static_cast<int>(rng.below(k));
  }
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::detail::Scales fx;
  lloyd::detail::Fixed fw;
  lloyd::detail::sum_scales(Xr, wr, lloyd::detail::LocalComm{}, fx, fw);
  if (sizeof(S) == 8) CHECK_FALSE(fx[4].direct());
  auto term_by_term = [&](const lloyd::Points<S>& P) {  // Σ Fixed(w·x) per centre coordinate, then weights
    std::vector<lloyd::detail::i128> ref(static_cast<std::size_t>(k * d + k), 0);
    for (lloyd::Index i = 0; i < n; ++i) {
      const double wi = static_cast<double>(w[i]);
      for (lloyd::Index j = 0; j < d; ++j)
        ref[static_cast<std::size_t>(labels[i] * d + j)] +=
            fx[static_cast<std::size_t>(j)](wi * static_cast<double>(P(j, i)));
      ref[static_cast<std::size_t>(k * d + labels[i])] += fw(wi);
    }
    return ref;
  };
  std::vector<lloyd::detail::i128> got(static_cast<std::size_t>(k * d + k), 7);  // accumulate_fixed zeroes it
  lloyd::detail::accumulate_fixed(Xr, wr, labels, k, fx, fw, got);
  CHECK(got == term_by_term(X));
  // The same without the non-direct coordinate (every scale a plain factor: the SIMD path only).
  lloyd::Points<S> Y = X;
  Y.row(4).setConstant(S(1));
  const lloyd::PointsRef<S> Yr(Y);
  lloyd::detail::sum_scales(Yr, wr, lloyd::detail::LocalComm{}, fx, fw);
  for (const auto& f : fx) CHECK(f.direct());
  lloyd::detail::accumulate_fixed(Yr, wr, labels, k, fx, fw, got);
  CHECK(got == term_by_term(Y));
}
