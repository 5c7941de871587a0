// Accuracy of update::ReproducibleMean (lloyd/update/reproducible_mean.hpp) and inertia::Reproducible
// (lloyd/inertia/reproducible.hpp) on adversarial ranges. The update:
// every centre coordinate within 1e-15 of the mean of |x| (plus the rounding to Scalar) of the
// long-double weighted mean of its cluster — a value 1e17 next to values near 1, weights spanning
// 1e18, weights of the smallest subnormal, values near the largest the input checks accept, tiny and
// huge clusters side by side — with the same bits for permuted points and for the incremental State.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <lloyd/detail/validation.hpp>
#include <lloyd/inertia/reproducible.hpp>
#include <lloyd/update/reproducible_mean.hpp>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

using lloyd::Index;

template <class S>
struct Case {
  std::string name;
  lloyd::Points<S> X;
  lloyd::Weights<S> w;
  lloyd::Labels labels;
  int k;
};

// Checks every centre coordinate of C against the long-double weighted means of `c`'s clusters.
template <class S>
void check_means(const Case<S>& c, const lloyd::Centres<S>& C) {
  const Index d = c.X.rows();
  for (int q = 0; q < c.k; ++q) {
    long double W = 0;
    std::vector<long double> sum(static_cast<std::size_t>(d), 0), abs(static_cast<std::size_t>(d), 0);
    for (Index i = 0; i < c.X.cols(); ++i) {
      if (c.labels[i] != q) continue;
      const long double wi = static_cast<long double>(c.w[i]);
      W += wi;
      for (Index j = 0; j < d; ++j) {
        sum[static_cast<std::size_t>(j)] += wi * static_cast<long double>(c.X(j, i));
        abs[static_cast<std::size_t>(j)] += wi * std::fabs(static_cast<long double>(c.X(j, i)));
      }
    }
    if (!(W > 0)) continue;
    for (Index j = 0; j < d; ++j) {
      const long double mu = sum[static_cast<std::size_t>(j)] / W, a = abs[static_cast<std::size_t>(j)] / W;
      const S rounded = static_cast<S>(mu);
      const long double ulp =
          std::fabs(static_cast<long double>(std::nextafter(rounded, std::numeric_limits<S>::max())) -
                    static_cast<long double>(rounded));
      const long double err = std::fabs(static_cast<long double>(C(j, q)) - mu);
      INFO(c.name << ": cluster " << q << ", coordinate " << j << ": centre " << static_cast<double>(C(j, q))
                  << ", long-double mean " << static_cast<double>(mu));
      CHECK(err <= 1e-15L * a + ulp / 2);
    }
  }
}

template <class S>
std::vector<Case<S>> adversarial_cases() {
  std::vector<Case<S>> cases;
  lloyd::Rng rng(77);
  auto make = [&](const std::string& name, Index d, Index n, int k) {
    Case<S> c{name, lloyd::Points<S>(d, n), lloyd::Weights<S>::Ones(n), lloyd::Labels(n), k};
    for (Index i = 0; i < n; ++i) c.labels[i] = static_cast<int>(i % k);
    return c;
  };
  {  // 100 points near (1, 0), one at (1e17, 0)
    Case<S> c = make("1e17 next to 1", 2, 101, 2);
    for (Index i = 0; i < 100; ++i) {
      c.X(0, i) = static_cast<S>(1.0 + (rng.uniform() - 0.5) * 1e-4);
      c.X(1, i) = static_cast<S>((rng.uniform() - 0.5) * 1e-3);
      c.labels[i] = 0;
    }
    c.X(0, 100) = static_cast<S>(1e17);
    c.X(1, 100) = 0;
    c.labels[100] = 1;
    cases.push_back(c);
  }
  {  // weights spanning 1e18: within every cluster (3 of them), and from cluster to cluster (the others)
    Case<S> c = make("weights spanning 1e18", 3, 600, 6);
    for (Index i = 0; i < c.X.cols(); ++i) {
      for (Index j = 0; j < 3; ++j) c.X(j, i) = static_cast<S>(rng.uniform() * 2 - 0.5);
      const int q = c.labels[i];
      c.w[i] = static_cast<S>(q < 3 ? std::pow(10.0, -18 * rng.uniform())
                                    : std::pow(10.0, -9 * (q - 3)) * (1 + rng.uniform()));
    }
    cases.push_back(c);
  }
  {  // uniform weights of the smallest subnormal
    Case<S> c = make("smallest subnormal weights", 2, 300, 3);
    c.w.setConstant(std::numeric_limits<S>::denorm_min());
    for (Index i = 0; i < c.X.cols(); ++i)
      for (Index j = 0; j < 2; ++j) c.X(j, i) = static_cast<S>(rng.uniform() * 10 - 3);
    cases.push_back(c);
  }
  {  // values near the largest the input checks accept, both signs (cancellation)
    Case<S> c = make("values near the largest accepted", 2, 400, 2);
    const double top = lloyd::detail::max_abs_value<S>(2);
    for (Index i = 0; i < c.X.cols(); ++i) {
      c.X(0, i) = static_cast<S>(top * (1 - 1e-6 - rng.uniform() * 1e-3) * (i % 3 ? 1 : -1));
      c.X(1, i) = static_cast<S>(top * rng.uniform() * 1e-6);
    }
    c.w.setConstant(S(1) / S(1024));
    cases.push_back(c);
  }
  {  // a tiny cluster and a huge one in the same coordinates, with tiny and large weights
    Case<S> c = make("tiny and huge clusters", 2, 400, 2);
    const bool f = sizeof(S) == 4;
    const double tiny = f ? 1e-38 : 1e-300, huge = f ? 1e18 : 1e150, wt = f ? 1e-30 : 1e-300, wh = f ? 1e-2 : 1e4;
    for (Index i = 0; i < c.X.cols(); ++i) {
      const bool small = c.labels[i] == 0;
      for (Index j = 0; j < 2; ++j) c.X(j, i) = static_cast<S>((small ? tiny : huge) * (rng.uniform() + 0.01));
      c.w[i] = static_cast<S>((small ? wt : wh) * (rng.uniform() + 0.5));
    }
    cases.push_back(c);
  }
  return cases;
}

template <class S>
lloyd::Centres<S> update(const Case<S>& c, lloyd::Labels& labels) {
  lloyd::Centres<S> C = lloyd::Centres<S>::Zero(c.X.rows(), c.k);
  lloyd::Shifts sh;
  lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(c.X), lloyd::WeightsRef<S>(c.w), labels, C, sh);
  return C;
}

}  // namespace

TEMPLATE_TEST_CASE("ReproducibleMean is as accurate as a double sum on adversarial ranges", "[update]", float, double) {
  using S = TestType;
  for (const Case<S>& c : adversarial_cases<S>()) {
    INFO(c.name);
    CHECK_NOTHROW(lloyd::detail::validate_data(lloyd::PointsRef<S>(c.X), lloyd::WeightsRef<S>(c.w), c.k));
    lloyd::Labels labels = c.labels;
    const lloyd::Centres<S> C = update(c, labels);
    REQUIRE(labels == c.labels);  // no cluster was empty
    check_means(c, C);

    // Permuted points: the same bits.
    const Index n = c.X.cols();
    Case<S> p = c;
    for (Index i = 0; i < n; ++i) {
      const Index from = (i * 7 + 3) % n;  // a permutation: 7 divides no n here
      p.X.col(i) = c.X.col(from);
      p.w[i] = c.w[from];
      p.labels[i] = c.labels[from];
    }
    lloyd::Labels pl = p.labels;
    CHECK(update(p, pl) == C);
  }
}

TEMPLATE_TEST_CASE("ReproducibleMean::State on adversarial ranges: incremental = from scratch, bit for bit", "[update]",
                   float, double) {
  using S = TestType;
  for (const Case<S>& c : adversarial_cases<S>()) {
    INFO(c.name);
    const lloyd::PointsRef<S> Xr(c.X);
    const lloyd::WeightsRef<S> wr(c.w);
    lloyd::update::ReproducibleMean::State<S, Eigen::Dynamic> state(Xr, wr);
    lloyd::Centres<S> Cs = lloyd::Centres<S>::Zero(c.X.rows(), c.k), Cr = Cs;
    lloyd::Labels ls = c.labels, lr = c.labels;
    lloyd::Shifts ss, sr;
    lloyd::Rng rng(5);
    const Index n = c.X.cols();
    for (int step = 0; step < 6; ++step) {
      // Move a few points (the first step: none; step 3: the last point, e.g. the 1e17 one, too).
      for (Index t = 0; t < (step == 0 ? 0 : 5); ++t) {
        const Index i = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
        ls[i] = lr[i] = static_cast<int>(rng.below(static_cast<std::uint64_t>(c.k)));
      }
      if (step == 3) ls[n - 1] = lr[n - 1] = (ls[n - 1] + 1) % c.k;
      CHECK(state(Xr, wr, ls, Cs, ss) == lloyd::update::ReproducibleMean{}(Xr, wr, lr, Cr, sr));
      CHECK(ls == lr);
      CHECK(Cs == Cr);
      CHECK(ss == sr);
      Case<S> now = c;
      now.labels = ls;
      check_means(now, Cs);
    }
  }
}

TEMPLATE_TEST_CASE("KMeans' default fit finds the centre 1 next to a point at 1e17", "[update]", float, double) {
  // The example: 100 points near (1, 0) and one at (1e17, 0), k = 2.
  using S = TestType;
  lloyd::Points<S> X(2, 101);
  for (Index i = 0; i < 100; ++i) {
    X(0, i) = static_cast<S>(1.0 + static_cast<double>(i) * 1e-7);
    X(1, i) = 0;
  }
  X(0, 100) = static_cast<S>(1e17);
  X(1, 100) = 0;
  lloyd::Options opt;
  opt.k = 2;
  opt.seed = 3;
  lloyd::KMeans<S> km(opt);
  const auto r = km.fit(X);
  long double mean = 0;
  for (Index i = 0; i < 100; ++i) mean += static_cast<long double>(X(0, i));
  mean /= 100;
  const int near = r.centroids(0, 0) < r.centroids(0, 1) ? 0 : 1;
  const double ulp = sizeof(S) == 4 ? 0x1p-24 : 0x1p-53;  // half an ulp of 1, relative
  CHECK(std::fabs(static_cast<long double>(r.centroids(0, near)) - mean) <= 2e-16L + ulp);
  CHECK(r.centroids(0, 1 - near) == static_cast<S>(1e17));
}

TEMPLATE_TEST_CASE("inertia::Reproducible is as accurate as a double sum next to one large term", "[inertia]", float,
                   double) {
  // One term of 1 and 100000 terms of 0.9·2^-63 each: a single scale 2^62 below the largest term
  // drops them all (1e-14 relative); the exact sum keeps them.
  using S = TestType;
  const Index n = 100001;
  lloyd::Points<S> X = lloyd::Points<S>::Zero(1, n);
  lloyd::Weights<S> w = lloyd::Weights<S>::Constant(n, static_cast<S>(0.9 * 0x1p-63));
  w[0] = 1;
  for (Index i = 0; i < n; ++i) X(0, i) = static_cast<S>(i % 2 ? 1 : -1);
  const lloyd::Centres<S> C = lloyd::Centres<S>::Zero(1, 1);
  const lloyd::Labels labels = lloyd::Labels::Zero(n);
  // Every squared distance is 1 (a long-double running sum would round each tiny term up).
  const long double ref = 1 + static_cast<long double>(n - 1) * static_cast<long double>(w[1]);
  const double got = lloyd::inertia::Reproducible{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, labels);
  CHECK(std::fabs(static_cast<long double>(got) - ref) <= 0x1p-53L * ref);
  CHECK(got > 1);
}
