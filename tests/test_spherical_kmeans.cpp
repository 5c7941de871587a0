// Tests of lloyd/spherical_kmeans.hpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <lloyd/io/model.hpp>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "support.hpp"

namespace {

using lloyd::Index;

/// n points around k random directions (spread 0.3), each scaled by a random norm in [0.5, 4].
lloyd::Points<double> directions(Index d, Index n, Index k, std::uint64_t seed) {
  const Eigen::MatrixXd centres = test::uniform<double>(d, k, seed);
  lloyd::Points<double> X = test::blobs<double>(centres, n, 0.3, seed + 1);
  lloyd::Rng rng(seed + 2);
  for (Index i = 0; i < n; ++i) X.col(i) *= (0.5 + 3.5 * rng.uniform()) / X.col(i).norm();
  return X;
}

template <class S>
long double cosine(const lloyd::Points<S>& X, Index i, const lloyd::Centres<S>& C, Index c) {
  long double xc = 0, xx = 0, cc = 0;
  for (Index j = 0; j < X.rows(); ++j) {
    const long double a = X(j, i), b = C(j, c);
    xc += a * b, xx += a * a, cc += b * b;
  }
  return xc / std::sqrt(xx * cc);
}

/// True when every label has the largest cosine of its point (relative slack for rounding in ties).
template <class S>
bool labels_maximise_cosine(const lloyd::Points<S>& X, const lloyd::Centres<S>& C, const lloyd::Labels& labels) {
  const long double slack = sizeof(S) == 4 ? 1e-6L : 1e-13L;
  for (Index i = 0; i < X.cols(); ++i)
    for (Index c = 0; c < C.cols(); ++c)
      if (cosine(X, i, C, c) > cosine(X, i, C, labels[i]) + slack) return false;
  return true;
}

template <class S>
long double cosine_inertia(const lloyd::Points<S>& X, const lloyd::Centres<S>& C, const lloyd::Labels& labels,
                           const lloyd::Weights<S>& w) {
  long double s = 0;
  for (Index i = 0; i < X.cols(); ++i) s += static_cast<long double>(w[i]) * (1 - cosine(X, i, C, labels[i]));
  return s;
}

lloyd::Options options(int k, std::uint64_t seed = 1) {
  lloyd::Options o;
  o.k = k;
  o.n_init = 2;
  o.seed = seed;
  return o;
}

}  // namespace

TEMPLATE_TEST_CASE("SphericalKMeans: unit centres, labels of largest cosine, objective sum of w (1 - cos)",
                   "[spherical]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = directions(12, 3000, 7, 30).cast<S>();
  lloyd::Weights<S> w(X.cols());
  lloyd::Rng rng(31);
  for (Index i = 0; i < X.cols(); ++i) w[i] = static_cast<S>(0.1 + 2 * rng.uniform());
  lloyd::Options o = options(7);
  o.tol = 0;  // stop when no label changes: the centres are then the unit means of the final labels
  lloyd::SphericalKMeans<S> skm(o);
  const auto r = skm.fit(X, w);
  const double eps = sizeof(S) == 4 ? 1e-6 : 1e-14;
  for (Index c = 0; c < 7; ++c) CHECK(std::fabs(r.centroids.col(c).template cast<double>().norm() - 1) < eps);
  CHECK(labels_maximise_cosine(X, r.centroids, r.labels));
  // float: the fit sees the unit vectors rounded to float (relative ~1e-7 each)
  CHECK(test::close(r.inertia, cosine_inertia(X, r.centroids, r.labels, w), sizeof(S) == 4 ? 1e-5L : 1e-10L));
  CHECK(r.converged);
  CHECK(test::clusters_used(r.labels, 7) == 7);
  for (Index c = 0; c < 7; ++c) {  // weighted unit means of the final labels
    Eigen::VectorXd m = Eigen::VectorXd::Zero(X.rows());
    for (Index i = 0; i < X.cols(); ++i)
      if (r.labels[i] == c)
        m += static_cast<double>(w[i]) * X.col(i).template cast<double>() / X.col(i).template cast<double>().norm();
    CHECK((m.normalized() - r.centroids.col(c).template cast<double>()).cwiseAbs().maxCoeff() < 10 * eps);
  }
  CHECK(skm.fit_inertia() == r.inertia);
}

TEST_CASE("SphericalKMeans: predict, transform, inertia and score normalise their input", "[spherical]") {
  const lloyd::Points<double> X = directions(6, 1500, 4, 40);
  lloyd::SphericalKMeans<double> skm(options(4));
  const auto r = skm.fit(X);
  CHECK(skm.predict(X) == r.labels);
  CHECK(skm.predict(X * 8.0) == r.labels);
  CHECK(skm.inertia(X) == r.inertia);
  CHECK(skm.score(X) == -r.inertia);
  const Eigen::MatrixXd D = skm.transform(X);
  REQUIRE(D.rows() == 4);
  REQUIRE(D.cols() == X.cols());
  for (Index i = 0; i < X.cols(); i += 37)
    for (Index c = 0; c < 4; ++c)
      CHECK(std::fabs(D(c, i) - static_cast<double>(1 - cosine(X, i, r.centroids, c))) < 1e-14);
  Eigen::Index best = 0;
  D.col(5).minCoeff(&best);
  CHECK(best == r.labels[5]);
}

TEST_CASE("SphericalKMeans depends only on the directions of the points", "[spherical]") {
  const lloyd::Points<double> X = directions(5, 800, 3, 50);
  lloyd::SphericalKMeans<double> a(options(3)), b(options(3));
  const auto ra = a.fit(X);
  const auto rb = b.fit(X * 4.0);  // a power of two: the same unit vectors, bit for bit
  CHECK(ra.centroids == rb.centroids);
  CHECK(ra.labels == rb.labels);
  CHECK(ra.inertia == rb.inertia);
}

TEST_CASE("SphericalKMeans: the same seed gives the same bits, for any thread count", "[spherical]") {
  const lloyd::Points<float> X = directions(16, 20000, 8, 60).cast<float>();
  lloyd::SphericalKMeans<float> a(options(8, 5)), b(options(8, 5)), c(options(8, 6));
  const auto ra = a.fit(X);
  const auto rb = b.fit(X);
  CHECK(ra.centroids == rb.centroids);
  CHECK(ra.labels == rb.labels);
  CHECK(ra.n_iter == rb.n_iter);
  CHECK_FALSE(c.fit(X).centroids == ra.centroids);
#ifdef _OPENMP
  const int threads = omp_get_max_threads();
  for (int t : {1, 2}) {
    omp_set_num_threads(t);
    lloyd::SphericalKMeans<float> e(options(8, 5));
    const auto rt = e.fit(X);
    CHECK(rt.centroids == ra.centroids);
    CHECK(rt.labels == ra.labels);
    CHECK(rt.inertia == ra.inertia);
    CHECK(rt.n_iter == ra.n_iter);
  }
  omp_set_num_threads(threads);
#endif
}

TEST_CASE("SphericalKMeans rejects zero vectors, naming the point", "[spherical]") {
  lloyd::Points<double> X = directions(4, 50, 2, 70);
  X.col(17).setZero();
  lloyd::SphericalKMeans<double> skm(options(2));
  const std::string msg = test::error_message([&] { skm.fit(X); });
  CHECK_THAT(msg, Catch::Contains("point 17") && Catch::Contains("zero vector"));
  lloyd::Weights<double> w = lloyd::Weights<double>::Ones(50);
  w[17] = 0;  // a zero weight does not make it acceptable
  CHECK_THROWS_WITH(skm.fit(X, w), Catch::Contains("point 17"));

  X.col(17).setOnes();
  skm.fit(X);
  lloyd::Points<double> Y = lloyd::Points<double>::Ones(4, 3);
  Y.col(2).setZero();
  CHECK_THROWS_WITH(skm.predict(Y), Catch::Contains("Y: point 2"));
  CHECK_THROWS_WITH(skm.transform(Y), Catch::Contains("zero vector"));
  CHECK_THROWS_WITH(skm.score(Y), Catch::Contains("zero vector"));
  X(1, 3) = std::nan("");
  CHECK_THROWS_WITH(skm.fit(X), Catch::Contains("finite"));
  const lloyd::SphericalKMeans<double> unfitted;
  CHECK_THROWS_WITH(unfitted.predict(Y), Catch::Contains("predict() called before fit()"));
}

TEST_CASE("SphericalKMeans scales given initial centres to unit norm", "[spherical]") {
  const lloyd::Points<double> X = directions(3, 300, 2, 80);
  Eigen::MatrixXd C0 = X.leftCols(2) * 5.0;
  lloyd::SphericalKMeans<double, Eigen::Dynamic, lloyd::seeding::Given> skm(options(2), lloyd::seeding::Given(C0));
  lloyd::Options o = options(2);
  o.max_iter = 1;
  skm.options() = o;
  const auto r = skm.fit(X);
  for (Index c = 0; c < 2; ++c) CHECK(std::fabs(r.centroids.col(c).norm() - 1) < 1e-14);
  C0.col(1).setZero();
  skm.seeding() = lloyd::seeding::Given(C0);
  CHECK_THROWS_WITH(skm.fit(X), Catch::Contains("initial centre 1"));
}

TEST_CASE("SphericalKMeans: every assignment policy gives the same labels and centres", "[spherical]") {
  using namespace lloyd::assignment;
  const lloyd::Points<double> X = directions(10, 4000, 40, 90);
  using lloyd::seeding::KMeansPlusPlus;
  const auto ref = lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, BruteForce>(options(40)).fit(X);
  CHECK(labels_maximise_cosine(X, ref.centroids, ref.labels));
  const auto check = [&](const auto& r) {
    CHECK(r.labels == ref.labels);
    CHECK(r.centroids == ref.centroids);
    CHECK(r.n_iter == ref.n_iter);
  };
  check(lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, Auto>(options(40)).fit(X));
  check(lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, Gemm>(options(40)).fit(X));
  check(lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, Hamerly>(options(40)).fit(X));
  check(lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, Elkan>(options(40)).fit(X));
  check(lloyd::SphericalKMeans<double, Eigen::Dynamic, KMeansPlusPlus, Yinyang>(options(40)).fit(X));
}

TEST_CASE("SphericalKMeans saves and loads through the model file", "[spherical]") {
  const lloyd::Points<float> X = directions(6, 600, 3, 100).cast<float>();
  lloyd::SphericalKMeans<float> skm(options(3));
  skm.fit(X);
  const std::string path = "test_spherical_kmeans_model.npz";
  lloyd::save(path, skm);
  const auto back = lloyd::load<lloyd::SphericalKMeans<float>>(path);
  std::remove(path.c_str());
  CHECK(back.centroids() == skm.centroids());
  CHECK(back.predict(X) == skm.predict(X));
  CHECK(back.fit_inertia() == skm.fit_inertia());
  CHECK(back.options().k == 3);
}

TEST_CASE("SphericalKMeans predicts by direction with centres loaded from a KMeans model", "[spherical]") {
  const lloyd::Points<double> X = directions(5, 700, 3, 110);
  lloyd::KMeans<double> km(options(3));
  km.fit(X);
  const std::string path = "test_spherical_kmeans_from_kmeans.npz";
  lloyd::save(path, km);
  const auto skm = lloyd::load<lloyd::SphericalKMeans<double>>(path);
  std::remove(path.c_str());
  REQUIRE(std::fabs(km.centroids().col(0).norm() - 1) > 1e-3);  // the test needs non-unit centres
  CHECK(labels_maximise_cosine(X, km.centroids(), skm.predict(X)));
  const Eigen::MatrixXd D = skm.transform(X);
  CHECK(std::fabs(D(1, 4) - static_cast<double>(1 - cosine(X, 4, km.centroids(), 1))) < 1e-14);
}
