// Tests of lloyd/update/spherical_mean.hpp.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "support.hpp"

namespace {

using lloyd::Index;

/// The unit vector of the weighted mean of cluster c, in long double.
template <class S>
std::vector<long double> unit_mean(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const lloyd::Labels& l,
                                   int c) {
  std::vector<long double> m(static_cast<std::size_t>(X.rows()), 0.0L);
  for (Index i = 0; i < X.cols(); ++i)
    if (l[i] == c)
      for (Index j = 0; j < X.rows(); ++j)
        m[static_cast<std::size_t>(j)] += static_cast<long double>(w[i]) * static_cast<long double>(X(j, i));
  long double n = 0;
  for (long double v : m) n += v * v;
  for (long double& v : m) v /= std::sqrt(n);
  return m;
}

/// Points near k random directions, scaled to unit norm.
template <class S>
lloyd::Points<S> sphere_points(Index d, Index n, std::uint64_t seed) {
  lloyd::Points<S> X = test::uniform<S>(d, n, seed);
  for (Index i = 0; i < n; ++i) X.col(i) /= X.col(i).norm();
  return X;
}

}  // namespace

TEMPLATE_TEST_CASE("SphericalMean gives each centre the unit vector of its weighted mean, and the shifts", "[update]",
                   float, double) {
  using S = TestType;
  const Index n = 2000, d = 9, k = 6;
  const lloyd::Points<S> X = sphere_points<S>(d, n, 3);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  lloyd::Rng rng(4);
  for (Index i = 0; i < n; ++i) {
    labels[i] = static_cast<int>(rng.below(k));
    w[i] = static_cast<S>(rng.uniform() * 2);
  }
  const lloyd::Centres<S> C0 = sphere_points<S>(d, k, 5);
  lloyd::Centres<S> C = C0;
  lloyd::Shifts shifts;
  CHECK(lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, shifts) == 0);
  const double eps = sizeof(S) == 4 ? 1e-6 : 1e-14;
  for (int c = 0; c < k; ++c) {
    const std::vector<long double> m = unit_mean(X, w, labels, c);
    for (Index j = 0; j < d; ++j) CHECK(std::fabs(static_cast<double>(C(j, c) - m[static_cast<std::size_t>(j)])) < eps);
    CHECK(std::fabs(C.col(c).template cast<double>().norm() - 1) < eps);
    const double shift = (C.col(c).template cast<double>() - C0.col(c).template cast<double>()).squaredNorm();
    CHECK(shifts[c] == Approx(shift).epsilon(1e-14));
  }
}

TEMPLATE_TEST_CASE("a cluster whose weighted mean is zero keeps its previous centre", "[update]", float, double) {
  using S = TestType;
  lloyd::Points<S> X(2, 4);
  X << 1, -1, 0, 0.6f,  //
      0, 0, 1, 0.8f;
  lloyd::Weights<S> w(4);
  w << 2, 2, 1, 1;
  lloyd::Labels labels(4);
  labels << 0, 0, 1, 1;
  lloyd::Centres<S> C(2, 2);
  C << 0, 1,  //
      1, 0;
  const lloyd::Centres<S> C0 = C;
  lloyd::Shifts shifts;
  lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, shifts);
  CHECK(C.col(0) == C0.col(0));  // 2·(1, 0) + 2·(−1, 0) = 0: no direction
  CHECK(shifts[0] == 0);
  CHECK(std::fabs(C.col(1).template cast<double>().norm() - 1) < 1e-6);
  CHECK(C(0, 1) > 0);
  CHECK(shifts[1] > 0);
}

TEMPLATE_TEST_CASE("SphericalMean::State gives the stateless call's bits step by step, repairs included", "[update]",
                   float, double) {
  using S = TestType;
  const Index n = 3000, d = 7, k = 8;
  const lloyd::Points<S> X = sphere_points<S>(d, n, 11);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(n);
  lloyd::Labels labels(n);
  lloyd::Rng rng(12);
  for (Index i = 0; i < n; ++i) labels[i] = static_cast<int>(rng.below(k - 1));  // cluster k − 1 empty
  lloyd::Centres<S> Cs = sphere_points<S>(d, k, 13), Ct = Cs;
  lloyd::Labels ls = labels, lt = labels;
  lloyd::Shifts ss, st;
  lloyd::update::SphericalMean::State<S, Eigen::Dynamic> state{lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w)};
  for (int step = 0; step < 4; ++step) {
    const Index ms = lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), ls, Cs, ss);
    const Index mt = state(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lt, Ct, st);
    CHECK(ms == mt);
    CHECK(ms == (step == 0 ? 1 : 0));
    CHECK(ls == lt);
    CHECK(Cs == Ct);
    CHECK(ss == st);
    for (Index i = 0; i < n; i += 7) ls[i] = lt[i] = static_cast<int>(rng.below(k));  // some labels change
  }
}

TEMPLATE_TEST_CASE("SphericalMean does not depend on the order of the points or the thread count", "[update]", float,
                   double) {
  using S = TestType;
  const Index n = 40000, d = 16, k = 5;
  const lloyd::Points<S> X = sphere_points<S>(d, n, 21);
  lloyd::Labels labels(n);
  lloyd::Rng rng(22);
  for (Index i = 0; i < n; ++i) labels[i] = static_cast<int>(rng.below(k));
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(n);
  const lloyd::Centres<S> C0 = sphere_points<S>(d, k, 23);
  lloyd::Centres<S> C = C0;
  lloyd::Labels l = labels;
  lloyd::Shifts shifts;
  lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l, C, shifts);

  lloyd::Points<S> Xr = X.rowwise().reverse();
  lloyd::Labels lr = labels.reverse();
  lloyd::Centres<S> Cr = C0;
  lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(Xr), lloyd::WeightsRef<S>(w), lr, Cr, shifts);
  CHECK(Cr == C);
#ifdef _OPENMP
  const int threads = omp_get_max_threads();
  for (int t : {1, 2}) {
    omp_set_num_threads(t);
    lloyd::Centres<S> Ct = C0;
    lloyd::Labels lt = labels;
    lloyd::update::SphericalMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lt, Ct, shifts);
    CHECK(Ct == C);
  }
  omp_set_num_threads(threads);
#endif
}
