// Tests of lloyd/choose_k.hpp: each criterion against hand-computed values on tiny inputs, and all
// of them recovering K on well-separated blobs.
#include <catch2/catch.hpp>
#include <cmath>
#include <lloyd/choose_k.hpp>
#include <lloyd/datasets.hpp>

#include "support.hpp"

namespace {
Eigen::MatrixXd row(std::initializer_list<double> v) {
  Eigen::MatrixXd m(1, static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) m(0, i++) = x;
  return m;
}
lloyd::Labels labels(std::initializer_list<int> v) {
  lloyd::Labels l(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (int x : v) l[i++] = x;
  return l;
}
}  // namespace

TEST_CASE("elbow: the optimal inertia for each K on a tiny set", "[choose_k]") {
  // {0, 1, 10, 11}: K=1 mean 5.5, S = 2·5.5² + 2·4.5² = 101; K=2 {0,1},{10,11}: S = 4·0.25 = 1;
  // K=3 splits a pair: S = 0.5
  lloyd::ChooseKOptions o;
  o.k_max = 3;
  const auto S = lloyd::elbow(row({0, 1, 10, 11}), o);
  REQUIRE(S.size() == 3);
  CHECK(S[0] == Approx(101));
  CHECK(S[1] == Approx(1));
  CHECK(S[2] == Approx(0.5));
}

TEST_CASE("Pham et al.: alpha_K and f(K) by hand", "[choose_k]") {
  // d = 2: α2 = 1 − 3/8 = 0.625, α3 = 0.625 + 0.375/6 = 0.6875, α4 = 0.6875 + 0.3125/6
  CHECK(lloyd::pham_alpha(2, 2) == Approx(0.625));
  CHECK(lloyd::pham_alpha(3, 2) == Approx(0.6875));
  CHECK(lloyd::pham_alpha(4, 2) == Approx(0.7395833333));
  // d = 1: α2 = 0.25, α3 = 0.375, α4 = 0.375 + 0.625/6
  const auto f = lloyd::pham_f({101, 1, 0.5, 0}, 1);
  REQUIRE(f.size() == 4);
  CHECK(f[0] == 1);
  CHECK(f[1] == Approx(1 / (0.25 * 101)));   // 0.0396
  CHECK(f[2] == Approx(0.5 / (0.375 * 1)));  // 1.333
  CHECK(f[3] == 0);                          // S_4 = 0, S_3 ≠ 0
  const auto g = lloyd::pham_f({4, 0, 0}, 3);
  CHECK(g[1] == 0);
  CHECK(g[2] == 1);  // S_{K−1} = 0 → f = 1
  CHECK(lloyd::pham_choose({1, 0.9, 0.86}) == 1);
  CHECK(lloyd::pham_choose({1, 0.5, 0.3, 0.9}) == 3);
  CHECK(lloyd::pham_choose({1, 0.84}) == 2);
  CHECK(test::error_message([] { lloyd::pham_alpha(1, 2); }).find("K is 1") != std::string::npos);
}

TEST_CASE("gap statistic: Gap, sd, s and the choice by hand", "[choose_k]") {
  // B = 2 references: mean log S* = (2.4, 1.9, 1.7); Gap = (0.4, 0.9, 0.8); every sd = 0.1;
  // s = 0.1·sqrt(1.5). K=1: 0.4 ≥ 0.9 − s? no. K=2: 0.9 ≥ 0.8 − s: yes → 2.
  const auto g = lloyd::gap_from_logs({2, 1, 0.9}, {{2.5, 2.0, 1.8}, {2.3, 1.8, 1.6}});
  const double s = 0.1 * std::sqrt(1.5);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(g.sd[i] == Approx(0.1));
    CHECK(g.s[i] == Approx(s));
  }
  CHECK(g.ref_log_w[0] == Approx(2.4));
  CHECK(g.gap[0] == Approx(0.4));
  CHECK(g.gap[1] == Approx(0.9));
  CHECK(g.gap[2] == Approx(0.8));
  CHECK(g.k == 2);
  CHECK(lloyd::gap_choose({0.1, 0.5, 0.9}, {0, 0.1, 0.1}) == 3);   // never satisfied → k_max
  CHECK(lloyd::gap_choose({0.5, 0.55, 0.9}, {0, 0.1, 0.1}) == 1);  // 0.5 ≥ 0.55 − 0.1
  CHECK(lloyd::gap_choose({0.5, 0.65, 0.9}, {0, 0.1, 0.1}) == 3);  // 0.5 < 0.55; 0.65 < 0.8
}

TEST_CASE("silhouette: exact values by hand", "[choose_k]") {
  // {0, 1 | 4}: s(0) = (4 − 1)/4, s(1) = (3 − 1)/3, s(4) = 0 (singleton)
  const auto s = lloyd::silhouette_values(row({0, 1, 4}), labels({0, 0, 1}));
  CHECK(s[0] == Approx(0.75));
  CHECK(s[1] == Approx(2.0 / 3));
  CHECK(s[2] == 0);
  CHECK(lloyd::mean_silhouette(row({0, 1, 4}), labels({0, 0, 1})).mean == Approx((0.75 + 2.0 / 3) / 3));
  // {0, 2 | 3, 7}: s = 0.6, 1/3, −0.5, 1/3
  const auto m = lloyd::mean_silhouette(row({0, 2, 3, 7}), labels({0, 0, 1, 1}));
  CHECK(m.exact);
  CHECK(m.std_error == 0);
  CHECK(m.sample_size == 4);
  CHECK(m.mean == Approx((0.6 + 1.0 / 3 - 0.5 + 1.0 / 3) / 4));
  // empty cluster indices are ignored; one cluster is an error
  CHECK(lloyd::mean_silhouette(row({0, 2, 3, 7}), labels({0, 0, 2, 2})).mean == Approx(m.mean));
  CHECK(test::error_message([] {
          lloyd::silhouette_values(row({0, 1}), labels({1, 1}));
        }).find("2 non-empty") != std::string::npos);
}

TEST_CASE("silhouette: the sampled estimate agrees with the exact mean", "[choose_k]") {
  const auto X = lloyd::uniform_board(3000, 5);
  lloyd::Options opt;
  opt.k = 4;
  opt.n_init = 1;
  lloyd::KMeans<double> km(opt);
  const auto l = km.fit(X).labels;
  const auto exact = lloyd::mean_silhouette(X, l, 5000);
  CHECK(exact.exact);
  const auto est = lloyd::mean_silhouette(X, l, 1000, 400, 9);
  CHECK(!est.exact);
  CHECK(est.sample_size == 400);
  CHECK(est.std_error > 0);
  CHECK(est.std_error < 0.02);
  CHECK(std::abs(est.mean - exact.mean) < 4 * est.std_error);
  CHECK(est.mean == lloyd::mean_silhouette(X, l, 1000, 400, 9).mean);  // reproducible
  CHECK(est.mean != lloyd::mean_silhouette(X, l, 1000, 400, 10).mean);
  // the exact mean is the mean of the per-point values
  CHECK(exact.mean == Approx(lloyd::silhouette_values(X, l).mean()));
}

TEMPLATE_TEST_CASE("every criterion recovers K on well-separated blobs", "[choose_k]", float, double) {
  for (int K : {2, 3, 4, 5})
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      const auto X = lloyd::gaussian_board<TestType>(300, K, seed);
      lloyd::ChooseKOptions o;
      o.k_max = 8;
      o.references = 5;
      o.n_init = 4;
      o.seed = 3;
      const auto r = lloyd::choose_k(X, o);
      INFO("K = " << K << ", board seed " << seed);
      REQUIRE(r.inertia.size() == 8);
      for (std::size_t k = 1; k < 8; ++k) CHECK(r.inertia[k] <= r.inertia[k - 1] * (1 + 1e-9));
      CHECK(r.k_gap == K);
      CHECK(r.k_f == K);
      CHECK(r.k_silhouette == K);
      const auto at_K = static_cast<std::size_t>(K - 1);
      CHECK(r.f[at_K] < 0.85);
      CHECK(std::isnan(r.silhouette[0].mean));
      CHECK(r.silhouette[at_K].mean > 0.6);
    }
}

TEST_CASE("the gap statistic finds no structure in uniform data", "[choose_k]") {
  for (std::uint64_t seed = 2; seed <= 4; ++seed) {
    const auto X = lloyd::uniform_board(400, seed);
    lloyd::ChooseKOptions o;
    o.k_max = 6;
    o.references = 10;
    o.n_init = 4;
    const auto r = lloyd::choose_k(X, o);
    CHECK(r.k_gap == 1);
    // f(K) stays near 1 (a square's 2×2 grid pulls f(4) down towards 0.85, not far below)
    for (double f : r.f) CHECK(f > 0.8);
  }
}

TEST_CASE("choose_k: reproducible, custom model, separate curves agree", "[choose_k]") {
  const auto X = lloyd::gaussian_board(300, 3, 42);
  lloyd::ChooseKOptions o;
  o.k_max = 5;
  o.references = 3;
  o.n_init = 3;
  const auto a = lloyd::choose_k(X, o), b = lloyd::choose_k(X, o);
  CHECK(a.inertia == b.inertia);
  CHECK(a.gap.gap == b.gap.gap);
  CHECK(lloyd::elbow(X, o) == a.inertia);
  CHECK(lloyd::gap_statistic(X, o).gap == a.gap.gap);
  CHECK(a.k_gap == 3);
  using RS = lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::RandomSample>;
  const auto c = lloyd::choose_k<RS>(X, o);
  CHECK(c.inertia.size() == 5);
  CHECK(c.k_f == 3);
  o.k_max = 1;
  CHECK(test::error_message([&] { lloyd::choose_k(X, o); }).find("k_max is 1") != std::string::npos);
  o.k_max = 301;
  CHECK(test::error_message([&] { lloyd::elbow(X, o); }).find("only 300 points") != std::string::npos);
}
