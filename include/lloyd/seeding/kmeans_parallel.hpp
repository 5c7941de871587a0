#pragma once
// seeding::KMeansParallel — k-means‖ (Bahmani, Moseley, Vattani, Kumar, Vassilvitskii 2012), weighted.
//
//   1. one centre drawn with probability ∝ w;
//   2. `rounds` rounds: with φ = Σ w·D(x)² (D = distance to the nearest candidate so far), every
//      point is taken independently with probability min(1, ℓ·w·D(x)²/φ) (ℓ = `oversampling`,
//      default 2k), so each round adds about ℓ candidates;
//   3. each candidate is weighted by the total weight of the points nearest to it (ties → the
//      earlier candidate), and the candidates are reduced to k centres by weighted greedy k-means++
//      (seeding::KMeansPlusPlus on the candidate set).
//
// Determinism: the coin of point i in a round is a hash of (a 64-bit round seed drawn from the rng,
// i), so the decisions do not depend on the thread count or on the order points are visited; φ is a
// chunked (thread-count independent) sum. Candidates have D(x) > 0 when taken and identical points
// taken in the same round are merged, so the candidates — and the centres — are pairwise distinct.
// Fallback: if the rounds produce fewer than k candidates, further candidates are drawn one at a
// time ∝ w·D(x)² (k-means++ style) until there are k.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../error.hpp"
#include "../types.hpp"
#include "kmeans_parallel_parameters.hpp"
#include "kmeans_plus_plus.hpp"

namespace lloyd {
namespace seeding {

namespace detail_kmp {
/// Uniform double in [0, 1) from (seed, i): SplitMix64 of a mix of both (53 bits).
inline double coin(std::uint64_t seed, std::uint64_t i) {
  std::uint64_t s = seed ^ (0x9E3779B97F4A7C15ULL * (i + 1));
  detail::splitmix64(s);
  return static_cast<double>(detail::splitmix64(s) >> 11) * 0x1.0p-53;
}
}  // namespace detail_kmp

/// Parameters (oversampling, rounds, trials): see kmeans_parallel_parameters.hpp.
struct KMeansParallel : KMeansParallelParameters {

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                  Rng& rng) const {
    check("seeding::KMeansParallel");
    const Index n = X.cols(), d = X.rows();
    const double ell = oversampling > 0 ? oversampling : 2.0 * k;
    auto at = [](Index i) { return static_cast<std::size_t>(i); };

    std::vector<Index> cand;  // indices of the candidates, in the order they were taken
    std::vector<double> closest(at(n));
    std::vector<int> near(at(n));  // position in cand of each point's nearest candidate (ties → earlier)

    // 1. first centre ∝ w.
    {
      double s = 0;
      std::vector<double> cum(at(n));
      for (Index i = 0; i < n; ++i) cum[at(i)] = (s += static_cast<double>(w[i]));
      const double v = rng.uniform() * s;
      const Index i = std::upper_bound(cum.begin(), cum.end(), v) - cum.begin();
      cand.push_back(std::min(i, n - 1));
      // never a zero-weight point: upper_bound skips points whose weight adds nothing
    }
    // closest ← min(closest, distance to cand[from..]), near ← its argmin (the first on ties, the
    // rule of detail::nearest, so step 3 needs no second pass over all candidates).
    auto absorb = [&](std::size_t from) {
      detail::for_each_chunk(
          n,
          [&](Index b, Index e) {
            for (Index i = b; i < e; ++i) {
              double m = from == 0 ? sqdist_to(X, i, cand[0]) : closest[at(i)];
              int best = from == 0 ? 0 : near[at(i)];
              for (std::size_t c = std::max<std::size_t>(from, 1); c < cand.size(); ++c) {
                const double t = sqdist_to(X, i, cand[c]);
                if (t < m) {
                  m = t;
                  best = static_cast<int>(c);
                }
              }
              closest[at(i)] = m;
              near[at(i)] = best;
            }
          },
          detail::kChunk, static_cast<double>(d) * static_cast<double>(cand.size() - from));
    };
    absorb(0);
    auto potential = [&] {
      return detail::chunked_sum(n, [&](Index b, Index e) {
        double s = 0;
        for (Index i = b; i < e; ++i) s += static_cast<double>(w[i]) * closest[at(i)];
        return s;
      });
    };

    // 2. oversampling rounds.
    auto hash = [&](Index i) { return static_cast<std::size_t>(detail::hash_point(X.col(i).data(), d)); };
    auto eq = [&](Index a, Index b) { return detail::same_point(X.col(a).data(), X.col(b).data(), d); };
    for (int r = 0; r < rounds; ++r) {
      const double phi = potential();
      const std::uint64_t round_seed = rng.next();
      if (!(phi > 0)) break;  // every point coincides with a candidate
      std::vector<char> take(at(n), 0);
      detail::for_each_chunk(n, [&](Index b, Index e) {
        for (Index i = b; i < e; ++i)
          take[at(i)] = detail_kmp::coin(round_seed, static_cast<std::uint64_t>(i)) * phi <
                        ell * static_cast<double>(w[i]) * closest[at(i)];
      });
      const std::size_t before = cand.size();
      std::unordered_set<Index, decltype(hash), decltype(eq)> fresh(16, hash, eq);
      for (Index i = 0; i < n; ++i)
        if (take[at(i)] && fresh.insert(i).second) cand.push_back(i);
      if (cand.size() > before) absorb(before);
    }

    // Fallback: fewer than k candidates → add points one at a time ∝ w·D².
    while (static_cast<Index>(cand.size()) < k) {
      double s = 0;
      std::vector<double> cum(at(n));
      for (Index i = 0; i < n; ++i) cum[at(i)] = (s += static_cast<double>(w[i]) * closest[at(i)]);
      if (!(s > 0)) throw error("seeding::KMeansParallel: X has fewer than k distinct points with positive weight");
      const double v = rng.uniform() * s;
      const Index i = std::min<Index>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin(), n - 1);
      cand.push_back(i);
      absorb(cand.size() - 1);
    }

    const Index m = static_cast<Index>(cand.size());
    Centres<Scalar, Dim> Cand(d, m);
    for (Index c = 0; c < m; ++c) Cand.col(c) = X.col(cand[at(c)]);
    if (m == k) return Cand;

    // 3. candidate weights: total weight of the points nearest to each candidate (`near`, kept by
    //    absorb; a serial sum in point order, so the weights are thread-count independent).
    Weights<Scalar> cw = Weights<Scalar>::Zero(m);
    std::vector<double> acc(at(m), 0.0);
    for (Index i = 0; i < n; ++i)
      if (w[i] > 0) acc[static_cast<std::size_t>(near[at(i)])] += static_cast<double>(w[i]);
    for (Index c = 0; c < m; ++c) cw[c] = static_cast<Scalar>(acc[at(c)]);
    // A candidate always has positive weight (it is its own nearest candidate, and it was taken only
    // with w > 0), but a float sum could round a tiny weight to 0: keep it positive.
    for (Index c = 0; c < m; ++c)
      if (!(cw[c] > 0)) cw[c] = std::numeric_limits<Scalar>::min();
    return KMeansPlusPlus{trials}(PointsRef<Scalar, Dim>(Cand), WeightsRef<Scalar>(cw), k, rng);
  }

 private:
  template <class Scalar, int Dim>
  static double sqdist_to(const PointsRef<Scalar, Dim>& X, Index i, Index j) {
    return detail::sqdist(X.col(i).data(), X.col(j).data(), X.rows());
  }
};

}  // namespace seeding
}  // namespace lloyd
