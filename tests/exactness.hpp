#pragma once
// Shared checks for exact assignment policies: identical labels to assignment::BruteForce on hard
// data (ties, duplicate points, points on centres, large offsets), one pass and along whole fits.
#include <lloyd/lloyd.hpp>
#include <string>
#include <vector>

#include "support.hpp"

namespace test {

/// Data sets that stress exactness: name, points, centres.
template <class S>
struct Case {
  std::string name;
  lloyd::Points<S> X;
  lloyd::Centres<S> C;
};

template <class S>
std::vector<Case<S>> hard_cases(std::uint64_t seed) {
  std::vector<Case<S>> out;
  lloyd::Rng rng(seed);
  const Index d = 1 + static_cast<Index>(rng.below(60));
  const Index k = 1 + static_cast<Index>(rng.below(40));
  const Index n = 300 + static_cast<Index>(rng.below(700));
  // Uniform points, centres among the points (points identical to centres).
  {
    lloyd::Points<S> X = uniform<S>(d, n, seed * 7 + 1);
    lloyd::Centres<S> C(d, k);
    for (Index c = 0; c < k; ++c) C.col(c) = X.col(static_cast<Index>(rng.below(static_cast<std::uint64_t>(n))));
    out.push_back({"uniform, centres on points", X, C});
  }
  // Small integer grid: many exact ties between centres, many duplicate points.
  {
    lloyd::Points<S> X(d, n);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = static_cast<S>(rng.below(3));
    lloyd::Centres<S> C(d, k);
    for (Index i = 0; i < C.size(); ++i)
      C.data()[i] = static_cast<S>(rng.below(3)) + static_cast<S>(0.5) * static_cast<S>(rng.below(2));
    out.push_back({"integer grid with ties", X, C});
  }
  // Large offset (~1e4) with spread 1: cancellation in ‖x‖² − 2x·c + ‖c‖².
  {
    lloyd::Points<S> X(d, n);
    std::vector<double> off(static_cast<std::size_t>(d));
    for (auto& o : off) o = 1e4 * (1 + rng.uniform());
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < d; ++j) X(j, i) = static_cast<S>(off[static_cast<std::size_t>(j)] + rng.normal());
    lloyd::Centres<S> C(d, k);
    for (Index c = 0; c < k; ++c)
      for (Index j = 0; j < d; ++j) C(j, c) = static_cast<S>(off[static_cast<std::size_t>(j)] + rng.normal());
    out.push_back({"offset 1e4, spread 1", X, C});
  }
  // Huge values. For float, KMeans' input validation (detail::validate_points) rejects data beyond
  // the range where squared distances stay finite, so this case runs for double only (where 3e19 is
  // harmless); the fast policies' own overflow fallback is covered by their direct-call tests.
  if (sizeof(S) == 8) {
    lloyd::Points<S> X = uniform<S>(d, n, seed * 7 + 5) * static_cast<S>(3e19);
    lloyd::Centres<S> C = uniform<S>(d, k, seed * 7 + 6) * static_cast<S>(3e19);
    out.push_back({"values ~3e19", X, C});
  }
  // Duplicated centres' neighbourhoods: two centres equidistant from many points (mirror pairs).
  {
    lloyd::Points<S> X = uniform<S>(d, n, seed * 7 + 3);
    lloyd::Centres<S> C = uniform<S>(d, k, seed * 7 + 4);
    if (k >= 2) {
      C.col(1) = -C.col(0);
      for (Index i = 0; i < n; i += 3) X.col(i).setZero();  // equidistant from centres 0 and 1
    }
    out.push_back({"mirrored centres", X, C});
  }
  return out;
}

template <class Policy, class S>
lloyd::Labels labels_of(const lloyd::Points<S>& X, const lloyd::Centres<S>& C) {
  lloyd::Labels l;
  typename Policy::template State<S, Eigen::Dynamic> st(X, C, l);
  return l;
}

/// Fit from the given start with record_history; returns every iteration's labels.
template <class Policy, class S>
std::vector<lloyd::Labels> trajectory(const lloyd::Points<S>& X, const lloyd::Centres<S>& C0, int max_iter) {
  lloyd::Options opt;
  opt.k = static_cast<int>(C0.cols());
  opt.max_iter = max_iter;
  opt.tol = 0;
  opt.record_history = true;
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given, Policy> km(opt, lloyd::seeding::Given(C0));
  const auto r = km.fit(X);
  std::vector<lloyd::Labels> out;
  for (const auto& h : r.history) out.push_back(h.labels);
  return out;
}

}  // namespace test

namespace test {

template <class S>
bool distinct_columns(const lloyd::Centres<S>& C) {
  for (Index a = 0; a < C.cols(); ++a)
    for (Index b = a + 1; b < C.cols(); ++b)
      if (lloyd::detail::same_point(C.col(a).data(), C.col(b).data(), C.rows())) return false;
  return true;
}

/// Checks that Policy gives BruteForce's labels on the hard cases of many seeds, in one pass and
/// along whole fits from the same start (labels compared at every iteration).
template <class Policy, class S>
void check_exact_against_brute_force(int seeds, int fit_iters = 15) {
  for (int s = 1; s <= seeds; ++s) {
    for (const auto& cs : hard_cases<S>(static_cast<std::uint64_t>(s))) {
      INFO("seed " << s << ", case " << cs.name << ", d=" << cs.X.rows() << " k=" << cs.C.cols());
      const lloyd::Labels ref = labels_of<lloyd::assignment::BruteForce>(cs.X, cs.C);
      const lloyd::Labels got = labels_of<Policy>(cs.X, cs.C);
      REQUIRE((ref.array() == got.array()).all());
      if (!distinct_columns(cs.C)) continue;
      const auto tr = trajectory<lloyd::assignment::BruteForce>(cs.X, cs.C, fit_iters);
      const auto tg = trajectory<Policy>(cs.X, cs.C, fit_iters);
      REQUIRE(tr.size() == tg.size());
      for (std::size_t it = 0; it < tr.size(); ++it) {
        INFO("iteration " << it);
        REQUIRE((tr[it].array() == tg[it].array()).all());
      }
    }
  }
}

/// Lloyd trajectories from the same start on blobs (seeds 1, 2; k = 3, 12, 40): Policy's labels
/// must equal BruteForce's at every iteration.
template <class Policy, class S>
void check_trajectory_on_blobs() {
  for (std::uint64_t seed : {1u, 2u}) {
    for (int k : {3, 12, 40}) {
      const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(20, 15) * 4;
      const lloyd::Points<S> X = test::blobs<S>(centres, 2500, 1.0, seed);
      const lloyd::Centres<S> C0 = X.leftCols(k);
      INFO("seed " << seed << " k " << k);
      const auto tr = test::trajectory<lloyd::assignment::BruteForce>(X, C0, 40);
      const auto tg = test::trajectory<Policy>(X, C0, 40);
      REQUIRE(tr.size() == tg.size());
      for (std::size_t it = 0; it < tr.size(); ++it) REQUIRE((tr[it].array() == tg[it].array()).all());
    }
  }
}

}  // namespace test
