// Tests of lloyd/multi_run.hpp: best-of-n keeps the lowest inertia; run seeds do not depend on run count.
#include <catch2/catch.hpp>

#include <set>

#include "support.hpp"

TEST_CASE("best_of keeps the lowest inertia, first run on ties", "[multi_run]") {
  const std::vector<double> inertia = {5, 3, 4, 3, 9};
  std::vector<std::uint64_t> seeds;
  const auto best = lloyd::best_of<double, 2>(5, 77, [&](int r, std::uint64_t s) {
    seeds.push_back(s);
    lloyd::Result<double, 2> res;
    res.inertia = inertia[static_cast<std::size_t>(r)];
    res.n_iter = r;
    return res;
  });
  CHECK(best.best_run == 1);
  CHECK(best.n_iter == 1);
  CHECK(best.inertia == 3);
  CHECK(best.seed == lloyd::run_seed(77, 1));
  CHECK(best.run_inertias == inertia);
  for (std::size_t r = 0; r < 5; ++r) CHECK(seeds[r] == lloyd::run_seed(77, r));
}

TEST_CASE("run seeds are distinct and depend only on (base, run)", "[multi_run]") {
  std::set<std::uint64_t> seen;
  for (std::uint64_t base : {0ULL, 1ULL, 2ULL, 12345ULL})
    for (std::uint64_t r = 0; r < 50; ++r) seen.insert(lloyd::run_seed(base, r));
  CHECK(seen.size() == 200);
}

TEMPLATE_TEST_CASE("more runs never give a worse fit, and earlier runs are unchanged", "[multi_run]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 800, 9);
  lloyd::Options opt;
  opt.k = 12;
  opt.seed = 5;
  opt.n_init = 3;
  const auto three = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X);
  opt.n_init = 8;
  const auto eight = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X);
  REQUIRE(three.run_inertias.size() == 3);
  REQUIRE(eight.run_inertias.size() == 8);
  for (std::size_t r = 0; r < 3; ++r) CHECK(three.run_inertias[r] == eight.run_inertias[r]);
  CHECK(eight.inertia <= three.inertia);
  CHECK(eight.inertia == *std::min_element(eight.run_inertias.begin(), eight.run_inertias.end()));
  CHECK(eight.seed == lloyd::run_seed(5, static_cast<std::uint64_t>(eight.best_run)));
}
