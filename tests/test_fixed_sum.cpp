// detail::fixed_sum: one summation order for every instruction set — Eigen 3.4's SSE2 order, so that
// x86-64 baseline builds keep the bits of the Eigen reductions it replaced.
#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <cmath>
#include <lloyd/detail/fixed_sum.hpp>

using lloyd::Index;

namespace {

Eigen::VectorXd awkward(Index n) {  // terms of mixed magnitudes: every order gives other bits
  Eigen::VectorXd v(n);
  for (Index i = 0; i < n; ++i) v[i] = std::ldexp(1.0 + 0.1 * static_cast<double>(i), static_cast<int>(i % 7) * 9 - 20);
  return v;
}

}  // namespace

TEST_CASE("fixed_sum: the lanes, pairs and tail in the documented order", "[fixed_sum]") {
  CHECK(lloyd::detail::fixed_sum(Eigen::VectorXd(0)) == 0.0);
  for (Index n = 1; n <= 23; ++n) {
    const Eigen::VectorXd v = awkward(n);
    double expect;
    if (n < 2) {
      expect = v[0];
    } else {
      double a[4] = {v[0], v[1], 0, 0};
      const Index end2 = n / 4 * 4, end = n / 2 * 2;
      if (end > 2) {
        a[2] = v[2];
        a[3] = v[3];
        for (Index i = 4; i < end2; ++i) a[i % 4] += v[i];
        a[0] += a[2];
        a[1] += a[3];
        if (end > end2) {
          a[0] += v[end2];
          a[1] += v[end2 + 1];
        }
      }
      expect = a[0] + a[1];
      for (Index i = end; i < n; ++i) expect += v[i];
    }
    INFO("n = " << n);
    CHECK(lloyd::detail::fixed_sum(v) == expect);
#if defined(EIGEN_VECTORIZE_SSE2) && !defined(EIGEN_VECTORIZE_AVX)
    CHECK(lloyd::detail::fixed_sum(v) == v.sum());  // Eigen's own order in an SSE2 build
    const Eigen::VectorXd u = awkward(n).reverse();
    CHECK(lloyd::detail::fixed_squared_distance(v, u) == (v - u).squaredNorm());
#endif
  }
}
