// Tests of lloyd/detail/rng.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEST_CASE("Rng is reproducible from its seed and seeds differ", "[rng]") {
  lloyd::Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    differs = differs || x != c.next();
  }
  CHECK(differs);
}

TEST_CASE("Rng draws lie in their ranges and are roughly uniform", "[rng]") {
  lloyd::Rng rng(7);
  std::vector<int> hist(10, 0);
  double sum = 0, sum2 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const auto b = rng.below(10);
    REQUIRE(b < 10);
    ++hist[b];
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  for (int h : hist) CHECK(std::abs(h - n / 10) < 600);  // ~6 standard deviations
  CHECK(std::abs(sum / n) < 0.02);
  CHECK(std::abs(sum2 / n - 1) < 0.03);
  CHECK(rng.below(1) == 0);
}
