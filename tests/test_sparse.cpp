// Tests of sparse input (lloyd/detail/sparse_points.hpp and the estimators' sparse fit, predict,
// transform, inertia, score): a sparse fit is the dense fit of the same points, bit for bit.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "support.hpp"

namespace {

using lloyd::Index;

/// n TF-IDF-like points in d dimensions: ~nnz nonzeros each, values in (0, 1], coordinates drawn
/// with a skew towards low indices, and every point scaled by one of k topic weights.
template <class S>
lloyd::SparsePoints<S> sparse_points(Index d, Index n, Index nnz, std::uint64_t seed, bool stored_zeros = false) {
  lloyd::Rng rng(seed);
  std::vector<Eigen::Triplet<S, Index>> t;
  for (Index i = 0; i < n; ++i) {
    const Index topic = i % 4;
    for (Index q = 0; q < nnz; ++q) {
      const double u = rng.uniform();
      const Index j = std::min<Index>(d - 1, static_cast<Index>(u * u * static_cast<double>(d / 4)) + topic * (d / 4));
      t.emplace_back(j, i, static_cast<S>(0.05 + rng.uniform()));
    }
    if (stored_zeros) t.emplace_back(d - 1, i, S(0));
  }
  lloyd::SparsePoints<S> X(d, n);
  X.setFromTriplets(t.begin(), t.end(), [](const S& a, const S&) { return a; });
  X.makeCompressed();
  return X;
}

template <class Result>
void check_same(const Result& a, const Result& b) {
  CHECK(a.labels == b.labels);
  CHECK(a.centroids == b.centroids);
  CHECK(a.inertia == b.inertia);
  CHECK(a.n_iter == b.n_iter);
  CHECK(a.converged == b.converged);
}

/// Fits the points sparse with KMeans<S, Dynamic, Seeding, A> and dense with the default policies
/// (or Given), expecting the same bits.
template <class S, class A>
void check_policy_against_dense(const lloyd::SparsePoints<S>& Xs, int k) {
  const lloyd::Points<S> X = Xs.toDense();
  lloyd::Options opt;
  opt.k = k;
  opt.max_iter = 50;
  opt.tol = 0;
  const lloyd::Centres<S> C0 = X.leftCols(k);
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> dense(opt, lloyd::seeding::Given(C0));
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given, A> sparse(opt, lloyd::seeding::Given(C0));
  check_same(sparse.fit(Xs), dense.fit(X));
}

}  // namespace

TEST_CASE("sparse distances have the dense reference's bits", "[sparse]") {
  const lloyd::SparsePoints<float> Xs = sparse_points<float>(37, 20, 6, 1, true);
  const lloyd::Points<float> X = Xs.toDense();
  const lloyd::SparsePointsRef<float> Xr(Xs);
  const lloyd::Centres<float> C = test::uniform<float>(37, 3, 2);
  lloyd::detail::SparseCentreDistance<float> dist(37);
  for (Index i = 0; i < X.cols(); ++i) {
    const auto x = lloyd::detail::point(Xr, i);
    CHECK(lloyd::detail::sqnorm(x, 37) == lloyd::detail::sqnorm(X.col(i).data(), 37));
    for (Index c = 0; c < 3; ++c) {
      const double ref = lloyd::detail::sqdist(X.col(i).data(), C.col(c).data(), 37);
      CHECK(lloyd::detail::sqdist(x, C.col(c).data(), 37) == ref);
      CHECK(dist(x, C.col(c).data()) == ref);
    }
    for (Index y = 0; y < X.cols(); ++y)
      CHECK(lloyd::detail::sqdist(x, lloyd::detail::point(Xr, y), 37) ==
            lloyd::detail::sqdist(X.col(i).data(), X.col(y).data(), 37));
  }
}

TEST_CASE("sparse fit == dense fit with the default policies (brute force and Yinyang chosen)", "[sparse]") {
  for (const Index d : {30, 400}) {  // Auto: brute force (K·D small), then Yinyang
    const lloyd::SparsePoints<double> Xs = sparse_points<double>(d, 700, 8, 10 + static_cast<std::uint64_t>(d));
    const lloyd::Points<double> X = Xs.toDense();
    lloyd::Options opt;
    opt.k = 20;
    opt.n_init = 2;
    opt.seed = 5;
    lloyd::KMeans<double> km(opt);
    const auto dense = km.fit(X);
    const auto sparse = km.fit(Xs);
    check_same(sparse, dense);
    CHECK(sparse.run_inertias == dense.run_inertias);
    CHECK(km.predict(Xs) == km.predict(X));
    CHECK(km.transform(Xs) == km.transform(X));
    CHECK(km.inertia(Xs) == km.inertia(X));
    CHECK(km.score(Xs) == km.score(X));
  }
}

TEST_CASE("sparse fit == dense fit for float, with weights, stored zeros and tol > 0", "[sparse]") {
  const lloyd::SparsePoints<float> Xs = sparse_points<float>(120, 900, 10, 3, true);
  const lloyd::Points<float> X = Xs.toDense();
  lloyd::Weights<float> w(X.cols());
  lloyd::Rng rng(4);
  for (Index i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 7 == 0 ? 0.0 : 0.25 + 2 * rng.uniform());
  lloyd::Options opt;
  opt.k = 12;
  opt.seed = 9;
  opt.n_init = 3;
  lloyd::KMeans<float> km(opt);
  const auto dense = km.fit(X, w);
  const auto sparse = km.fit(Xs, w);
  CHECK(sparse.labels == dense.labels);
  CHECK(sparse.centroids == dense.centroids);
  CHECK(sparse.inertia == dense.inertia);
  // The tolerance's variance sums the absent zeros at once: equal within rounding, so n_iter too here.
  CHECK(sparse.n_iter == dense.n_iter);
  opt.tol = 0;
  km.options() = opt;
  check_same(km.fit(Xs, w), km.fit(X, w));
}

TEST_CASE("every assignment policy on sparse points gives the dense fit", "[sparse]") {
  const lloyd::SparsePoints<double> Xs = sparse_points<double>(60, 500, 7, 21);
  check_policy_against_dense<double, lloyd::assignment::BruteForce>(Xs, 9);
  check_policy_against_dense<double, lloyd::assignment::Gemm>(Xs, 9);
  check_policy_against_dense<double, lloyd::assignment::Hamerly>(Xs, 9);
  check_policy_against_dense<double, lloyd::assignment::Elkan>(Xs, 9);
  check_policy_against_dense<double, lloyd::assignment::Yinyang>(Xs, 9);
}

TEST_CASE("sparse predict gives the reference labels; empty clusters are repaired as dense", "[sparse]") {
  const lloyd::SparsePoints<double> Xs = sparse_points<double>(50, 400, 5, 31);
  const lloyd::Points<double> X = Xs.toDense();
  lloyd::Centres<double> C0 = X.leftCols(6);
  C0.col(5) = C0.col(4);       // a duplicated centre: its copy starts empty and is repaired
  C0.col(3).setConstant(100);  // far from every point: empty after the first assignment
  lloyd::Options opt;
  opt.k = 6;
  opt.tol = 0;
  lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C0));
  const auto dense = km.fit(X);
  const auto sparse = km.fit(Xs);
  check_same(sparse, dense);
  const lloyd::Labels l = km.predict(Xs);
  for (Index i = 0; i < X.cols(); ++i) CHECK(l[i] == lloyd::detail::nearest(X.col(i).data(), km.centroids()));
}

TEST_CASE("sparse fit: the seed reproduces it, and 1 or 2 threads give the same bits", "[sparse]") {
  const lloyd::SparsePoints<double> Xs = sparse_points<double>(300, 1200, 12, 41);
  lloyd::Options opt;
  opt.k = 24;  // Auto: Yinyang
  opt.seed = 77;
  opt.n_init = 2;
  lloyd::KMeans<double> km(opt);
#ifdef _OPENMP
  omp_set_num_threads(1);
#endif
  const auto one = km.fit(Xs);
#ifdef _OPENMP
  omp_set_num_threads(2);
#endif
  const auto two = km.fit(Xs);
  check_same(one, two);
  check_same(km.fit(Xs), two);
}

TEST_CASE("sparse input: bad values, too few distinct points, wrong dimensions", "[sparse]") {
  lloyd::SparsePoints<double> Xs = sparse_points<double>(20, 50, 4, 51);
  lloyd::Options opt;
  opt.k = 3;
  lloyd::KMeans<double> km(opt);
  lloyd::SparsePoints<double> bad = Xs;
  bad.valuePtr()[7] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(km.fit(bad), Catch::Contains("all values must be finite"));
  bad.valuePtr()[7] = 1e300;
  CHECK_THROWS_WITH(km.fit(bad), Catch::Contains("rescale the data"));
  // Two distinct points: the second written once with a stored zero, which changes nothing.
  std::vector<Eigen::Triplet<double, Index>> t{{0, 0, 1.0}, {0, 1, 1.0}, {3, 1, 0.0}, {2, 2, 1.0}};
  lloyd::SparsePoints<double> two(4, 3);
  two.setFromTriplets(t.begin(), t.end());
  CHECK_THROWS_WITH(km.fit(two), Catch::Contains("only 2 distinct points"));
  km.fit(Xs);
  CHECK_THROWS_WITH(km.predict(lloyd::SparsePoints<double>(21, 4)), Catch::Contains("dimension 21"));
  const Eigen::VectorXd wrong = Eigen::VectorXd::Ones(49);
  CHECK_THROWS_WITH(km.fit(Xs, wrong), Catch::Contains("length 49"));
  // Another index type and row-major storage are converted once.
  const Eigen::SparseMatrix<double, Eigen::ColMajor, int> narrow = Xs;
  CHECK(km.predict(narrow) == km.predict(Xs));
}

TEST_CASE("SphericalKMeans on sparse points == on the same points stored densely", "[sparse][spherical]") {
  const lloyd::SparsePoints<double> Xs = sparse_points<double>(80, 600, 9, 61);
  const lloyd::Points<double> X = Xs.toDense();
  lloyd::Options opt;
  opt.k = 8;
  opt.seed = 3;
  lloyd::SphericalKMeans<double> skm(opt);
  const auto dense = skm.fit(X);
  const auto sparse = skm.fit(Xs);
  check_same(sparse, dense);
  CHECK(skm.predict(Xs) == skm.predict(X));
  CHECK(skm.transform(Xs) == skm.transform(X));
  CHECK(skm.inertia(Xs) == skm.inertia(X));
  CHECK(skm.score(Xs) == skm.score(X));
  lloyd::SparsePoints<double> zero = Xs;
  zero.prune([](Index, Index col, double) { return col != 5; });  // point 5 has no nonzero left
  CHECK_THROWS_WITH(skm.fit(zero), Catch::Contains("point 5") && Catch::Contains("zero vector"));
}
