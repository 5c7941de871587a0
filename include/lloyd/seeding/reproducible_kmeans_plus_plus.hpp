#pragma once
// seeding::ReproducibleKMeansPlusPlus — greedy k-means++ (the rule of seeding::KMeansPlusPlus) whose
// potentials are fixed-point integers (see detail/fixed_point.hpp), so the drawn points do not depend
// on the order or split of the points: the distributed fit (distributed/mpi.hpp, which calls
// detail::reproducible_kmeans_plus_plus over its communicator) picks the same centres as this one-process
// policy. Its random stream differs from KMeansPlusPlus's, so the two give different (equally good)
// starts for the same seed.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/draws.hpp"
#include "../detail/fixed_point.hpp"
#include "../detail/local_comm.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Greedy k-means++ (the rule of seeding::KMeansPlusPlus) with fixed-point potentials, so that a
/// point is drawn by the same integer comparison however the points are split over processes:
/// draw t uniformly in [0, Σ mass), take the first point (in global order) whose running sum
/// exceeds t. Every process returns the same centres. `comm`: see detail/local_comm.hpp.
template <class Scalar, int Dim, class Comm>
Centres<Scalar, Dim> reproducible_kmeans_plus_plus(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                                   int trials, Rng& rng, const Comm& comm) {
  if (trials < 0) throw error("seeding::ReproducibleKMeansPlusPlus: parameter 'trials' must be >= 0");
  const Index n = X.cols(), d = X.rows();
  const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
  Centres<Scalar, Dim> C(d, k);
  std::vector<std::int64_t> mass(static_cast<std::size_t>(n));
  std::vector<Scalar> point(static_cast<std::size_t>(d));
  auto draw = [&] { return reproducible_draw(X, mass, rng, comm, point); };

  const Fixed fw = [&] {
    double mw = 0;
    for (Index i = 0; i < n; ++i) mw = std::max(mw, static_cast<double>(w[i]));
    return Fixed(comm.max(mw));
  }();
  for (Index i = 0; i < n; ++i) mass[static_cast<std::size_t>(i)] = fw(static_cast<double>(w[i]));
  if (!draw()) throw error("seeding::ReproducibleKMeansPlusPlus: all weights are zero");
  for (Index j = 0; j < d; ++j) C(j, 0) = point[static_cast<std::size_t>(j)];

  std::vector<double> closest(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i) closest[static_cast<std::size_t>(i)] = sqdist(X.col(i).data(), C.col(0).data(), d);
  });
  std::vector<std::vector<double>> cand_d(static_cast<std::size_t>(t),
                                          std::vector<double>(static_cast<std::size_t>(n)));
  Centres<Scalar, Dim> cand(d, t);
  std::vector<i128> pot(static_cast<std::size_t>(t));
  for (int c = 1; c < k; ++c) {
    double mx = 0;
    for (Index i = 0; i < n; ++i) mx = std::max(mx, static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]);
    const Fixed fp(comm.max(mx));
    for (Index i = 0; i < n; ++i)
      mass[static_cast<std::size_t>(i)] = fp(static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]);
    for (int j = 0; j < t; ++j) {
      if (!draw())
        throw error("seeding::ReproducibleKMeansPlusPlus: X has fewer than k distinct points with positive weight");
      for (Index q = 0; q < d; ++q) cand(q, j) = point[static_cast<std::size_t>(q)];
    }
    for (int j = 0; j < t; ++j) {
      auto& dj = cand_d[static_cast<std::size_t>(j)];
      const Scalar* cx = cand.col(j).data();
      for_each_chunk(n, [&](Index b, Index e) {
        for (Index i = b; i < e; ++i)
          dj[static_cast<std::size_t>(i)] =
              std::min(closest[static_cast<std::size_t>(i)], sqdist(X.col(i).data(), cx, d));
      });
      i128 s = 0;
      for (Index i = 0; i < n; ++i) s += fp(static_cast<double>(w[i]) * dj[static_cast<std::size_t>(i)]);
      pot[static_cast<std::size_t>(j)] = s;
    }
    comm.sum(pot.data(), pot.size());
    int best = 0;
    for (int j = 1; j < t; ++j)
      if (pot[static_cast<std::size_t>(j)] < pot[static_cast<std::size_t>(best)]) best = j;
    C.col(c) = cand.col(best);
    closest.swap(cand_d[static_cast<std::size_t>(best)]);
  }
  return C;
}

}  // namespace detail

namespace seeding {

struct ReproducibleKMeansPlusPlus {
  /// Candidates per centre; 0 means 2 + ⌊ln k⌋.
  int trials = 0;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    return detail::reproducible_kmeans_plus_plus(X, w, k, trials, rng, detail::LocalComm{});
  }
};

/// The former name (1.0), kept for one minor version: "exact" now means only "brute force's labels".
using ExactKMeansPlusPlus [[deprecated("use seeding::ReproducibleKMeansPlusPlus")]] = ReproducibleKMeansPlusPlus;

}  // namespace seeding
}  // namespace lloyd
