// Tests of lloyd/kmeans.hpp: the behaviour a user relies on.
#include <catch2/catch.hpp>

#include "support.hpp"

using lloyd::Index;

namespace {
Eigen::MatrixXd three_centres() {
  Eigen::MatrixXd C(2, 3);
  C << -10, 0, 10, 0, 10, 0;
  return C;
}
}  // namespace

TEMPLATE_TEST_CASE("three well-separated blobs give the known answer", "[kmeans]", float, double) {
  using S = TestType;
  const auto truth = three_centres();
  const auto X = test::blobs<S, 2>(truth, 300, 0.5, 7);
  lloyd::Options opt;
  opt.k = 3;
  lloyd::KMeans<S, 2> km(opt);
  const lloyd::Result<S, 2> r = km.fit(X);
  REQUIRE(r.centroids.cols() == 3);
  REQUIRE(r.converged);
  // Each true centre has exactly one found centre within 0.2, and each blob gets one label.
  for (Index t = 0; t < 3; ++t) {
    int near = 0;
    for (Index c = 0; c < 3; ++c) near += (r.centroids.col(c).template cast<double>() - truth.col(t)).norm() < 0.2;
    CHECK(near == 1);
    for (Index i = t; i < 300; i += 3) CHECK(r.labels[i] == r.labels[t]);
  }
  CHECK(test::clusters_used(r.labels, 3) == 3);
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
}

TEMPLATE_TEST_CASE("a fit returns exactly k clusters, nearest labels and mean centres", "[kmeans]", float, double) {
  using S = TestType;
  for (int k : {1, 2, 5, 17, 40}) {
    const auto X = test::uniform<S>(3, 400, static_cast<std::uint64_t>(k));
    lloyd::Options opt;
    opt.k = k;
    opt.n_init = 2;
    opt.tol = 0;
    lloyd::KMeans<S> km(opt);
    const auto r = km.fit(X);
    INFO("k = " << k);
    REQUIRE(r.labels.size() == 400);
    REQUIRE(r.centroids.cols() == k);
    CHECK(test::clusters_used(r.labels, k) == k);
    CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
    CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
    if (r.converged) {  // converged with tol = 0: every centre is the mean of its points
      for (Index c = 0; c < k; ++c) {
        Eigen::Vector3d s = Eigen::Vector3d::Zero();
        double cnt = 0;
        for (Index i = 0; i < 400; ++i)
          if (r.labels[i] == c) s += X.col(i).template cast<double>(), cnt += 1;
        CHECK((s / cnt - r.centroids.col(c).template cast<double>()).norm() < (sizeof(S) == 4 ? 1e-5 : 1e-12));
      }
    }
  }
}

TEMPLATE_TEST_CASE("the seed reproduces the result bit for bit", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(4, 500, 3);
  lloyd::Options opt;
  opt.k = 6;
  opt.seed = 1234;
  for (auto n_init : {1, 3}) {
    opt.n_init = n_init;
    const auto a = lloyd::KMeans<S>(opt).fit(X);
    const auto b = lloyd::KMeans<S>(opt).fit(X);
    CHECK(a.centroids == b.centroids);
    CHECK(a.labels == b.labels);
    CHECK(a.inertia == b.inertia);
    CHECK(a.n_iter == b.n_iter);
  }
  // A different seed gives a different start (the first run's seeding differs).
  opt.n_init = 1;
  opt.max_iter = 1;
  opt.seed = 1;
  auto first = lloyd::KMeans<S>(opt).fit(X);
  opt.seed = 2;
  auto second = lloyd::KMeans<S>(opt).fit(X);
  CHECK(first.centroids != second.centroids);
}

TEMPLATE_TEST_CASE("the default configuration is k-means++, one run, breathing(5), bit for bit", "[kmeans][defaults]",
                   float, double) {
  using S = TestType;
  using Spelled =
      lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Auto,
                    lloyd::update::ReproducibleMean, lloyd::inertia::SquaredEuclidean, lloyd::refine::Breathing>;
  const auto X = test::uniform<S>(3, 2000, 5);
  const lloyd::Weights<S> w = (test::uniform<S>(1, 2000, 6).row(0).array() + S(1.5)).matrix().transpose();
  lloyd::Options opt;
  opt.k = 20;
  opt.seed = 77;
  CHECK(opt.n_init == lloyd::Options::auto_n_init);
  lloyd::Options one = opt;
  one.n_init = 1;
  const auto d = lloyd::KMeans<S>(opt).fit(X, w);
  const auto e = Spelled(opt, {}, {}, {}, {}, lloyd::refine::Breathing(5)).fit(X, w);
  CHECK(d.run_inertias.size() == 1);  // n_init auto: one run under breathing, whatever the seeding
  CHECK(e.run_inertias.size() == 1);
  CHECK(Spelled(one, {}, {}, {}, {}, lloyd::refine::Breathing(5)).fit(X, w).centroids == e.centroids);
  CHECK(d.centroids == e.centroids);
  CHECK(d.labels == e.labels);
  CHECK(d.inertia == e.inertia);
  CHECK(d.n_iter == e.n_iter);
  const lloyd::Points<S, 3> X3 = X;  // KMeans<S, 3> has the same defaults
  CHECK(lloyd::KMeans<S, 3>(opt).fit(X3, w).centroids == d.centroids);
  // A configuration that names its seeding keeps no refinement and n_init auto = 10 runs.
  const auto kpp = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus>(opt).fit(X, w);
  CHECK(kpp.run_inertias.size() == 10);
  lloyd::Options ten = opt;
  ten.n_init = 10;
  const auto kpp10 =
      lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Auto,
                    lloyd::update::ReproducibleMean, lloyd::inertia::SquaredEuclidean, lloyd::refine::None>(ten)
          .fit(X, w);
  CHECK(kpp.centroids == kpp10.centroids);
  CHECK(kpp.inertia == kpp10.inertia);
  // Breathing leaves an SSE no higher than its own k-means++ run.
  const auto plain = Spelled(one, {}, {}, {}, {}, lloyd::refine::Breathing(0)).fit(X, w);
  CHECK(d.inertia <= plain.inertia);
}

TEMPLATE_TEST_CASE("inertia never rises across iterations", "[kmeans]", float, double) {
  using S = TestType;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const auto X = test::uniform<S>(2, 600, 100 + seed);
    lloyd::Options opt;
    opt.k = 9;
    opt.n_init = 1;
    opt.tol = 0;
    opt.seed = seed;
    opt.record_history = true;
    lloyd::KMeans<S, 2, lloyd::seeding::RandomSample> km(opt);
    const auto r = km.fit(X);
    // iterations 0..last of the loop; n_iter is one more when the last one changed no label (scikit-learn's count)
    REQUIRE(r.history.size() == static_cast<std::size_t>(r.history.back().iteration) + 1);
    CHECK(r.n_iter - r.history.back().iteration == (r.history.back().n_changed == 0 ? 1 : 0));
    for (std::size_t i = 1; i < r.history.size(); ++i)
      CHECK(r.history[i].inertia <= r.history[i - 1].inertia * (1 + 1e-9));
    CHECK(r.history.back().inertia == r.inertia);
    CHECK(r.history.back().centroids == r.centroids);
    CHECK(r.history.back().labels == r.labels);
  }
}

TEMPLATE_TEST_CASE("centres that are already optimal converge in one iteration", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S, 2>(2, 300, 11);
  lloyd::Options opt;
  opt.k = 4;
  opt.tol = 0;
  const auto first = lloyd::KMeans<S, 2>(opt).fit(X);
  REQUIRE(first.converged);
  lloyd::KMeans<S, 2, lloyd::seeding::Given> again(opt, lloyd::seeding::Given(first.centroids));
  const auto r = again.fit(X);
  CHECK(r.n_iter == 1);
  CHECK(r.converged);
  CHECK(r.labels == first.labels);
  CHECK(r.run_inertias.size() == 1);  // deterministic seeding runs once whatever n_init says
}

TEMPLATE_TEST_CASE("labels and inertia belong to the returned centres even when max_iter stops the fit", "[kmeans]",
                   float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 1000, 5);
  lloyd::Options opt;
  opt.k = 20;
  opt.n_init = 1;
  opt.max_iter = 2;
  opt.tol = 0;
  const auto r = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X);
  CHECK(r.n_iter == 2);
  CHECK_FALSE(r.converged);
  CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
}

TEMPLATE_TEST_CASE("the callback sees every iteration and can stop the fit", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 500, 8);
  lloyd::Options opt;
  opt.k = 8;
  opt.n_init = 2;
  opt.tol = 0;
  lloyd::KMeans<S> km(opt);
  std::vector<std::pair<int, int>> seen;
  km.set_callback([&](const lloyd::Iteration<S>& it) {
    seen.emplace_back(it.run, it.iteration);
    CHECK(it.labels.size() == 500);
    CHECK(it.centroids.cols() == 8);
    CHECK(test::close(it.inertia, test::inertia(X, it.centroids, it.labels), 1e-9L));
    if (it.iteration == 0) CHECK(it.n_changed == 500);
    return it.iteration < 2;  // stop every run after iteration 2
  });
  const auto r = km.fit(X);
  CHECK(r.n_iter == 2);
  CHECK_FALSE(r.converged);
  const std::vector<std::pair<int, int>> expected = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}};
  CHECK(seen == expected);

  // A throwing callback propagates and leaves the model usable.
  km.set_callback([](const lloyd::Iteration<S>& it) -> bool {
    if (it.iteration == 1) throw std::runtime_error("stop");
    return true;
  });
  CHECK_THROWS_AS(km.fit(X), std::runtime_error);
  km.set_callback(nullptr);
  CHECK(km.fit(X).converged);
}

TEMPLATE_TEST_CASE("integer weights act like repeated points", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 60, 21);
  lloyd::Weights<S> w(60);
  Index total = 0;
  for (Index i = 0; i < 60; ++i) {
    w[i] = static_cast<S>(1 + i % 4);
    total += 1 + i % 4;
  }
  lloyd::Points<S> Xrep(2, total);
  for (Index i = 0, p = 0; i < 60; ++i)
    for (Index r = 0; r < 1 + i % 4; ++r) Xrep.col(p++) = X.col(i);
  const Eigen::MatrixXd C0 = X.leftCols(4).template cast<double>();
  lloyd::Options opt;
  opt.k = 4;
  opt.tol = 0;
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C0));
  const auto weighted = km.fit(X, w);
  const auto repeated = km.fit(Xrep);
  CHECK(weighted.n_iter == repeated.n_iter);
  CHECK((weighted.centroids - repeated.centroids).norm() < (sizeof(S) == 4 ? 1e-5 : 1e-12));
  CHECK(test::close(weighted.inertia, repeated.inertia, sizeof(S) == 4 ? 1e-5L : 1e-10L));
  CHECK(test::close(weighted.inertia, test::inertia(X, weighted.centroids, weighted.labels, &w), 1e-9L));
}

TEMPLATE_TEST_CASE("compile-time and dynamic Dim agree bit for bit", "[kmeans]", float, double) {
  using S = TestType;
  const auto Xf = test::uniform<S, 3>(3, 700, 31);
  const lloyd::Points<S> Xd = Xf;
  lloyd::Options opt;
  opt.k = 7;
  opt.n_init = 3;
  const auto a = lloyd::KMeans<S, 3>(opt).fit(Xf);
  const auto b = lloyd::KMeans<S>(opt).fit(Xd);
  CHECK(a.centroids == b.centroids);
  CHECK(a.labels == b.labels);
  CHECK(a.inertia == b.inertia);
  CHECK(a.n_iter == b.n_iter);
}

TEMPLATE_TEST_CASE("a row-major buffer maps onto points without a copy", "[kmeans][types]", float, double) {
  using S = TestType;
  std::vector<S> rows = {0, 0, 0.5, 0, 0, 0.5, 10, 10, 10.5, 10, 10, 10.5};  // 6 points × 2 coordinates
  const auto X = lloyd::map_rows<S, 2>(rows.data(), 6);
  CHECK(X.data() == rows.data());
  CHECK(X(0, 2) == rows[4]);
  lloyd::Options opt;
  opt.k = 2;
  const auto r = lloyd::KMeans<S, 2>(opt).fit(X);
  CHECK(r.labels[0] == r.labels[2]);
  CHECK(r.labels[3] == r.labels[5]);
  CHECK(r.labels[0] != r.labels[3]);
  const auto dyn = lloyd::map_rows<S>(rows.data(), 4, 3);  // the same buffer read as 4 points × 3
  CHECK(dyn.rows() == 3);
  CHECK(dyn(2, 1) == rows[5]);
}

TEMPLATE_TEST_CASE("predict, transform and score use the fitted centres", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(3, 300, 41);
  const auto Y = test::uniform<S>(3, 50, 42);
  lloyd::Options opt;
  opt.k = 5;
  lloyd::KMeans<S> km(opt);
  CHECK_THROWS_AS(km.predict(Y), lloyd::error);  // not fitted yet
  const auto r = km.fit(X);
  CHECK(km.predict(X) == r.labels);
  const auto labels = km.predict(Y);
  CHECK(test::labels_are_nearest(Y, r.centroids, labels));
  const auto D = km.transform(Y);
  REQUIRE(D.rows() == 5);
  REQUIRE(D.cols() == 50);
  for (Index i = 0; i < 50; ++i)
    for (Index c = 0; c < 5; ++c)
      CHECK(test::close(D(c, i), test::dist2(Y, i, r.centroids, c), sizeof(S) == 4 ? 1e-6L : 1e-12L));
  CHECK(test::close(km.score(X), -r.inertia, 1e-12L));
  CHECK(test::close(km.inertia(Y), test::inertia(Y, r.centroids, labels), 1e-9L));
  const lloyd::Points<S> wrong = test::uniform<S>(2, 5, 1);
  CHECK_THAT(test::error_message([&] { km.predict(wrong); }), Catch::Contains("dimension 2"));
}

TEMPLATE_TEST_CASE("a centre that loses all its points is repaired", "[kmeans][update]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 200, 51);
  Eigen::MatrixXd C0(2, 4);
  C0 << 0.1, -0.1, 0.2, 100, 0.1, 0.3, -0.2, 100;  // the last centre is far from every point
  lloyd::Options opt;
  opt.k = 4;
  opt.record_history = true;
  const auto r = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given>(opt, lloyd::seeding::Given(C0)).fit(X);
  CHECK(test::clusters_used(r.history[0].labels, 4) == 3);  // empty right after seeding
  CHECK(test::clusters_used(r.labels, 4) == 4);
  for (const auto& h : r.history)
    if (h.iteration > 0) CHECK(test::clusters_used(h.labels, 4) == 4);
  CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
}

TEMPLATE_TEST_CASE("duplicate points: exactly k clusters while k distinct points exist", "[kmeans]", float, double) {
  using S = TestType;
  // 5 distinct points, each repeated 20 times.
  lloyd::Points<S> X(2, 100);
  for (Index i = 0; i < 100; ++i) {
    X(0, i) = static_cast<S>(i % 5);
    X(1, i) = static_cast<S>((i % 5) * (i % 5));
  }
  for (int k = 1; k <= 5; ++k) {
    lloyd::Options opt;
    opt.k = k;
    const auto r = lloyd::KMeans<S>(opt).fit(X);
    CHECK(test::clusters_used(r.labels, k) == k);
    const auto rs = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X);
    CHECK(test::clusters_used(rs.labels, k) == k);
  }
  lloyd::Options opt;
  opt.k = 5;
  const auto r = lloyd::KMeans<S>(opt).fit(X);
  CHECK(r.inertia == 0);
  opt.k = 6;
  CHECK_THAT(test::error_message([&] { lloyd::KMeans<S>(opt).fit(X); }), Catch::Contains("only 5 distinct points"));
}

TEMPLATE_TEST_CASE("tol stops early; tol = 0 runs until no label changes", "[kmeans]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 2000, 61);
  lloyd::Options opt;
  opt.k = 30;
  opt.n_init = 1;
  opt.max_iter = 1000;
  opt.tol = 0;
  opt.record_history = true;
  const auto strict = lloyd::KMeans<S>(opt).fit(X);
  CHECK(strict.converged);
  CHECK(strict.history.back().n_changed == 0);
  opt.tol = 1e-2;
  const auto loose = lloyd::KMeans<S>(opt).fit(X);
  CHECK(loose.converged);
  CHECK(loose.n_iter < strict.n_iter);
  const double tol_abs = lloyd::absolute_tolerance<S, Eigen::Dynamic>(X, 1e-2);
  CHECK(loose.history.back().shift <= tol_abs);
  for (std::size_t i = 1; i + 1 < loose.history.size(); ++i) CHECK(loose.history[i].shift > tol_abs);
}

TEMPLATE_TEST_CASE("bad input throws lloyd::error naming the problem and leaves the data alone", "[kmeans][errors]",
                   float, double) {
  using S = TestType;
  using KM = lloyd::KMeans<S>;
  lloyd::Points<S> X = test::uniform<S>(3, 20, 71);
  const lloyd::Points<S> copy = X;
  lloyd::Options opt;
  opt.k = 3;
  auto msg = [&](lloyd::Options o, const lloyd::Points<S>& data) {
    return test::error_message([&] { KM(o).fit(data); });
  };
  CHECK_THAT(msg(opt, lloyd::Points<S>(3, 0)), Catch::Contains("no points"));
  CHECK_THAT(msg(opt, lloyd::Points<S>(0, 5)), Catch::Contains("dimension 0"));
  auto o = opt;
  o.k = 0;
  CHECK_THAT(msg(o, X), Catch::Contains("'k' is 0"));
  o.k = -2;
  CHECK_THAT(msg(o, X), Catch::Contains("'k' is -2"));
  o.k = 21;
  CHECK_THAT(msg(o, X), Catch::Contains("only 20 points"));
  o = opt;
  o.max_iter = 0;
  CHECK_THAT(msg(o, X), Catch::Contains("'max_iter'"));
  o = opt;
  o.n_init = -1;  // 0 is Options::auto_n_init
  CHECK_THAT(msg(o, X), Catch::Contains("'n_init'"));
  o = opt;
  o.tol = -1;
  CHECK_THAT(msg(o, X), Catch::Contains("'tol'"));
  o.tol = std::numeric_limits<double>::quiet_NaN();
  CHECK_THAT(msg(o, X), Catch::Contains("'tol'"));
  for (S bad :
       {std::numeric_limits<S>::quiet_NaN(), std::numeric_limits<S>::infinity(), -std::numeric_limits<S>::infinity()}) {
    lloyd::Points<S> Xb = X;
    Xb(2, 13) = bad;
    CHECK_THAT(msg(opt, Xb), Catch::Contains("coordinate 2 of point 13"));
  }
  // weights
  KM km(opt);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(20);
  CHECK_THAT(test::error_message([&] { km.fit(X, lloyd::Weights<S>::Ones(19)); }), Catch::Contains("length 19"));
  w[4] = -1;
  CHECK_THAT(test::error_message([&] { km.fit(X, w); }), Catch::Contains("weight of point 4"));
  w[4] = std::numeric_limits<S>::quiet_NaN();
  CHECK_THAT(test::error_message([&] { km.fit(X, w); }), Catch::Contains("weight of point 4"));
  CHECK_THAT(test::error_message([&] { km.fit(X, lloyd::Weights<S>::Zero(20)); }), Catch::Contains("all zero"));
  using WM = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  CHECK_THAT(test::error_message([&] { km.fit(X, WM::Ones(4, 5)); }), Catch::Contains("must be a vector, got 4x5"));
  // fewer distinct points with positive weight than k
  lloyd::Weights<S> w2 = lloyd::Weights<S>::Zero(20);
  w2[0] = w2[1] = 1;
  CHECK_THAT(test::error_message([&] { km.fit(X, w2); }), Catch::Contains("distinct"));
  // compile-time Dim with the wrong number of rows
  lloyd::KMeans<S, 2> km2(opt);
  CHECK_THAT(test::error_message([&] { km2.fit(X); }), Catch::Contains("3 rows"));
  // Given centres of the wrong shape
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> kg(opt, lloyd::seeding::Given(Eigen::MatrixXd::Zero(2, 3)));
  CHECK_THAT(test::error_message([&] { kg.fit(X); }), Catch::Contains("dimension 2"));
  CHECK(X == copy);  // never modified
  // every error is also a std::invalid_argument
  CHECK_THROWS_AS(KM(o).fit(X), std::invalid_argument);
}

namespace {
// A user policy that does not fit the contract would fail to compile with a readable message:
//   struct NotASeeding {};  lloyd::KMeans<double, 2, NotASeeding> km;  →  "the Seeding policy must provide ..."
// Here we only check the traits that drive those static_asserts.
struct NotASeeding {};
struct MySeeding {
  template <class S, int D>
  lloyd::Centres<S, D> operator()(const lloyd::PointsRef<S, D>& X, const lloyd::WeightsRef<S>&, int k,
                                  lloyd::Rng&) const {
    return X.leftCols(k);
  }
};
}  // namespace

TEST_CASE("policy contracts are checked at compile time and user policies plug in", "[kmeans][contracts]") {
  STATIC_REQUIRE_FALSE(lloyd::detail::is_seeding<NotASeeding, double, 2>::value);
  STATIC_REQUIRE(lloyd::detail::is_seeding<MySeeding, double, 2>::value);
  STATIC_REQUIRE(lloyd::detail::is_assignment<lloyd::assignment::BruteForce, float, Eigen::Dynamic>::value);
  STATIC_REQUIRE_FALSE(lloyd::detail::is_assignment<NotASeeding, float, 2>::value);
  STATIC_REQUIRE(lloyd::detail::is_update<lloyd::update::Mean, float, 3>::value);
  STATIC_REQUIRE(lloyd::detail::is_inertia<lloyd::inertia::SquaredEuclidean, double, 3>::value);
  STATIC_REQUIRE(lloyd::detail::is_deterministic_seeding<lloyd::seeding::Given>::value);
  STATIC_REQUIRE_FALSE(lloyd::detail::is_deterministic_seeding<lloyd::seeding::KMeansPlusPlus>::value);
  const auto X = test::uniform<double, 2>(2, 50, 3);
  lloyd::Options opt;
  opt.k = 3;
  const auto r = lloyd::KMeans<double, 2, MySeeding>(opt).fit(X);
  CHECK(test::clusters_used(r.labels, 3) == 3);
}
