// Floating-point precision: float data far from the origin must cluster like the same data in
// double (no cancellation from ‖x‖² − 2x·c + ‖c‖²), inertia is never negative, and values whose
// squared distances would overflow are rejected with lloyd::error instead of producing inf.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "support.hpp"

namespace {

using lloyd::Index;

// K blobs of spread 1 around offset + 8·(blob index) in every coordinate, generated in float so
// that the double copy holds exactly the same values.
Eigen::MatrixXf offset_blobs(Index d, Index n, Index k, double offset, std::uint64_t seed) {
  Eigen::MatrixXd centres(d, k);
  lloyd::Rng rng(seed);
  for (Index c = 0; c < k; ++c)
    for (Index j = 0; j < d; ++j)
      centres(j, c) = offset + 8.0 * static_cast<double>(c) * (j % 2 ? 1 : -1) + rng.uniform();
  return test::blobs<float>(centres, n, 1.0, seed + 1);
}

// The first point of each blob (points i % k == c belong to blob c) as the Given start.
Eigen::MatrixXd first_of_each_blob(const Eigen::MatrixXf& X, Index k) { return X.leftCols(k).cast<double>(); }

template <class Assignment>
void float_matches_double(Index d, Index n, Index k, double offset, std::uint64_t seed) {
  const Eigen::MatrixXf Xf = offset_blobs(d, n, k, offset, seed);
  const Eigen::MatrixXd Xd = Xf.cast<double>();
  lloyd::Options opt;
  opt.k = static_cast<int>(k);
  opt.tol = 0;
  const lloyd::seeding::Given start(first_of_each_blob(Xf, k));
  lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::Given, Assignment> kf(opt, start);
  lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::Given, Assignment> kd(opt, start);
  const auto rf = kf.fit(Xf);
  const auto rd = kd.fit(Xd);
  INFO("d=" << d << " n=" << n << " k=" << k << " offset=" << offset << " seed=" << seed);
  CHECK((rf.labels.array() == rd.labels.array()).all());
  const double rel = ((rf.centroids.template cast<double>() - rd.centroids).cwiseAbs().array() /
                      rd.centroids.cwiseAbs().array().max(1.0))
                         .maxCoeff();
  CHECK(rel <= 1e-4);
  CHECK(rf.inertia >= 0);
  CHECK(rd.inertia >= 0);
  // The float inertia is that of the float centres: recompute it independently.
  CHECK(test::close(rf.inertia, test::inertia<float, Eigen::Dynamic>(Xf, rf.centroids, rf.labels), 1e-6L));
  // Labels are the nearest float centres, judged in long double.
  CHECK(test::labels_are_nearest<float, Eigen::Dynamic>(Xf, rf.centroids, rf.labels));
  // And the float fit is as good as the double one on the same points.
  CHECK(rf.inertia <= rd.inertia * (1 + 1e-4));
}

}  // namespace

TEST_CASE("float data with a large offset clusters like the same data in double", "[precision]") {
  for (double offset : {1e4, -3e4, 1e5})
    for (Index d : {2, 8, 33})
      for (std::uint64_t seed = 1; seed <= 3; ++seed)
        float_matches_double<lloyd::assignment::BruteForce>(d, 600, 5, offset, seed);
}

TEMPLATE_TEST_CASE("nearly identical points far from the origin: inertia ≥ 0 and exact", "[precision]", float, double) {
  using S = TestType;
  const Index d = 16, n = 300;
  lloyd::Rng rng(7);
  lloyd::Points<S> X(d, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) X(j, i) = static_cast<S>(12345.0 + (rng.uniform() < 0.5 ? 0.0 : 1.0 / 64));
  for (int k : {1, 2, 4}) {
    lloyd::Options opt;
    opt.k = k;
    opt.n_init = 2;
    lloyd::KMeans<S> km(opt);
    const auto r = km.fit(X);
    CHECK(r.inertia >= 0);
    CHECK(test::close(r.inertia, test::inertia<S, Eigen::Dynamic>(X, r.centroids, r.labels), 1e-6L));
    CHECK(test::labels_are_nearest<S, Eigen::Dynamic>(X, r.centroids, r.labels));
    CHECK((km.transform(X).array() >= 0).all());
    CHECK(km.inertia(X) >= 0);
  }
}

TEMPLATE_TEST_CASE("values whose squared distances overflow are rejected with a clear error", "[precision][errors]",
                   float, double) {
  using S = TestType;
  const double fmax = static_cast<double>(std::numeric_limits<S>::max());
  for (Index d : {1, 3, 64}) {
    const double limit = lloyd::detail::max_abs_value<S>(d);
    // The limit is what it claims: 4·d·limit² is the largest representable value, roughly.
    CHECK(4.0 * static_cast<double>(d) * limit * limit <= fmax * (1 + 1e-12));
    CHECK(4.0 * static_cast<double>(d) * limit * limit >= fmax * (1 - 1e-9));

    // Just inside the limit: a fit works and every reported number is finite.
    lloyd::Points<S> X = lloyd::Points<S>::Zero(d, 4);
    const S inside = static_cast<S>(limit * 0.99);
    X.col(0).setConstant(inside);
    X.col(1).setConstant(-inside);
    X.col(2).setConstant(inside / 2);
    lloyd::Options opt;
    opt.k = 2;
    lloyd::KMeans<S> km(opt);
    // Weights summing to 1, so that the weighted total (checked separately below) stays in range.
    const lloyd::Weights<S> w = lloyd::Weights<S>::Constant(4, S(0.25));
    const auto r = km.fit(X, w);
    CHECK(std::isfinite(r.inertia));
    CHECK(r.centroids.allFinite());
    CHECK(km.transform(X).allFinite());

    // Just outside: lloyd::error naming the point and coordinate, not inf.
    const S outside = static_cast<S>(limit * 1.02);
    X(d - 1, 2) = outside;
    const std::string m = test::error_message([&] { km.fit(X, w); });
    CHECK_THAT(m, Catch::Contains("X(" + std::to_string(d - 1) + ", 2)"));
    CHECK_THAT(m, Catch::Contains("overflow"));
    X(d - 1, 2) = -outside;
    CHECK_THROWS_AS(km.fit(X, w), lloyd::error);
    // Queries too: transform would otherwise return inf.
    X(d - 1, 2) = 0;
    km.fit(X, w);
    lloyd::Points<S> Y = lloyd::Points<S>::Zero(d, 1);
    Y(0, 0) = outside;
    CHECK_THAT(test::error_message([&] { km.transform(Y); }), Catch::Contains("Y(0, 0)"));
    CHECK_THROWS_AS(km.predict(Y), lloyd::error);
  }
}

TEST_CASE("float: |x| > 1e19 is an error in any dimension, 1e18 is fine in low dimension", "[precision][errors]") {
  Eigen::MatrixXf X(1, 3);
  X << 0.0f, 1e18f, -1e18f;
  lloyd::Options opt;
  opt.k = 2;
  lloyd::KMeans<float> km(opt);
  CHECK(std::isfinite(km.fit(X).inertia));
  X(0, 1) = 1.5e19f;
  CHECK_THROWS_AS(km.fit(X), lloyd::error);
  // Double data of the same size is fine.
  lloyd::KMeans<double> kd(opt);
  CHECK(std::isfinite(kd.fit(X.cast<double>()).inertia));
}

TEST_CASE("double: a total weighted objective that would overflow double is rejected", "[precision][errors]") {
  Eigen::MatrixXd X(1, 3);
  X << 0.0, 1e150, -1e150;  // per-distance fine: 4e300 < DBL_MAX
  lloyd::Options opt;
  opt.k = 2;
  lloyd::KMeans<double> km(opt);
  const auto r = km.fit(X);
  CHECK(std::isfinite(r.inertia));
  Eigen::VectorXd w = Eigen::VectorXd::Constant(3, 1e10);  // Σw · 4·1e300 overflows
  const std::string m = test::error_message([&] { km.fit(X, w); });
  CHECK_THAT(m, Catch::Contains("weights sum to"));
  CHECK_THAT(m, Catch::Contains("overflow"));
  // Huge weights on modest data are fine, infinite total weight is not.
  X << 0.0, 1.0, -1.0;
  w.setConstant(1e300);
  CHECK(std::isfinite(km.fit(X, w).inertia));
  w.setConstant(1e308);
  CHECK_THROWS_AS(km.fit(X, w), lloyd::error);
}

TEST_CASE("Given start centres beyond the safe range are rejected like data", "[precision][errors]") {
  Eigen::MatrixXf X(1, 4);
  X << 0.0f, 1.0f, 2.0f, 3.0f;
  Eigen::MatrixXd C0(1, 2);
  C0 << 0.0, 1e30;  // finite in float, but its squared distance is not
  lloyd::Options opt;
  opt.k = 2;
  lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C0));
  const std::string m = test::error_message([&] { km.fit(X); });
  CHECK_THAT(m, Catch::Contains("initial centres(0, 1)"));
  CHECK_THAT(m, Catch::Contains("overflow"));
  C0 << 0.0, 1e18;  // within range: fine (the far centre is repaired or keeps finite distances)
  km.seeding() = lloyd::seeding::Given(C0);
  const auto r = km.fit(X);
  CHECK(std::isfinite(r.inertia));
  CHECK(km.transform(X).allFinite());
}
