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
#include <limits>
#include <unordered_set>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/index.hpp"
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

/// The candidates of one k-means‖ run (indices into X, in the order they were taken) and, for every
/// point, the squared distance to its nearest candidate and that candidate's position (ties → the
/// earlier candidate, the rule of detail::nearest, so the weights need no second pass).
template <class Scalar, int Dim>
class Candidates {
 public:
  Candidates(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w)
      : X_(X), w_(w), n_(X.cols()), d_(X.rows()), closest_(detail::to_size(n_)), near_(detail::to_size(n_)) {}

  Index size() const { return static_cast<Index>(cand_.size()); }

  /// 1. The first candidate, drawn ∝ w (never a zero-weight point: upper_bound skips points whose
  /// weight adds nothing).
  void add_first(Rng& rng) {
    std::vector<double> cum;
    const double s = cumulate(cum, [&](Index i) { return static_cast<double>(w_[i]); });
    cand_.push_back(draw(rng, cum, s));
    absorb(0);
  }

  /// φ = Σ w·D(x)², a chunked sum (thread-count independent).
  double potential() const {
    return detail::chunked_sum(n_, [&](Index b, Index e) {
      double s = 0;
      for (Index i = b; i < e; ++i) s += static_cast<double>(w_[i]) * detail::at(closest_, i);
      return s;
    });
  }

  /// 2. One oversampling round: point i is taken when its coin (round_seed, i) is below ℓ·w·D²/φ;
  /// identical points taken in the round are merged.
  void oversample(std::uint64_t round_seed, double phi, double ell) {
    std::vector<char> take(detail::to_size(n_), 0);
    detail::for_each_chunk(n_, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i)
        detail::at(take, i) = coin(round_seed, static_cast<std::uint64_t>(i)) * phi <
                              ell * static_cast<double>(w_[i]) * detail::at(closest_, i);
    });
    const std::size_t before = cand_.size();
    auto hash = [&](Index i) { return static_cast<std::size_t>(detail::hash_point(X_.col(i).data(), d_)); };
    auto eq = [&](Index a, Index b) { return detail::same_point(X_.col(a).data(), X_.col(b).data(), d_); };
    std::unordered_set<Index, decltype(hash), decltype(eq)> fresh(16, hash, eq);
    for (Index i = 0; i < n_; ++i)
      if (detail::at(take, i) && fresh.insert(i).second) cand_.push_back(i);
    if (cand_.size() > before) absorb(before);
  }

  /// Fallback: candidates added one at a time ∝ w·D² until there are k.
  void fill_up(int k, Rng& rng) {
    std::vector<double> cum;
    while (size() < k) {
      const double s = cumulate(cum, [&](Index i) { return static_cast<double>(w_[i]) * detail::at(closest_, i); });
      if (!(s > 0)) throw error("seeding::KMeansParallel: X has fewer than k distinct points with positive weight");
      cand_.push_back(draw(rng, cum, s));
      absorb(cand_.size() - 1);
    }
  }

  /// The candidates' coordinates.
  Centres<Scalar, Dim> points() const {
    Centres<Scalar, Dim> P(d_, size());
    for (Index c = 0; c < size(); ++c) P.col(c) = X_.col(detail::at(cand_, c));
    return P;
  }

  /// 3. Each candidate's weight: the total weight of the points nearest to it (a serial sum in point
  /// order, so thread-count independent). A candidate always has positive weight (it is its own
  /// nearest candidate, and it was taken only with w > 0), but a float sum could round a tiny weight
  /// to 0: it is kept positive.
  Weights<Scalar> weights() const {
    const Index m = size();
    Weights<Scalar> cw = Weights<Scalar>::Zero(m);
    std::vector<double> acc(detail::to_size(m), 0.0);
    for (Index i = 0; i < n_; ++i)
      if (w_[i] > 0) detail::at(acc, detail::at(near_, i)) += static_cast<double>(w_[i]);
    for (Index c = 0; c < m; ++c) cw[c] = static_cast<Scalar>(detail::at(acc, c));
    for (Index c = 0; c < m; ++c)
      if (!(cw[c] > 0)) cw[c] = std::numeric_limits<Scalar>::min();
    return cw;
  }

 private:
  // cum[i] = Σ_{i' ≤ i} mass(i'); returns the total.
  template <class Mass>
  double cumulate(std::vector<double>& cum, Mass mass) const {
    cum.resize(detail::to_size(n_));
    double s = 0;
    for (Index i = 0; i < n_; ++i) detail::at(cum, i) = (s += mass(i));
    return s;
  }

  // A point drawn ∝ its mass (cumulated in cum, total s > 0): the first i with cum[i] > u·s.
  Index draw(Rng& rng, const std::vector<double>& cum, double s) const {
    const double v = rng.uniform() * s;
    return std::min<Index>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin(), n_ - 1);
  }

  // closest ← min(closest, distance to cand_[from..]), near ← its argmin (the first on ties).
  void absorb(std::size_t from) {
    detail::for_each_chunk(
        n_,
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i) {
            double m = from == 0 ? sqdist_to(i, cand_[0]) : detail::at(closest_, i);
            int best = from == 0 ? 0 : detail::at(near_, i);
            for (std::size_t c = std::max<std::size_t>(from, 1); c < cand_.size(); ++c) {
              const double t = sqdist_to(i, cand_[c]);
              if (t < m) {
                m = t;
                best = static_cast<int>(c);
              }
            }
            detail::at(closest_, i) = m;
            detail::at(near_, i) = best;
          }
        },
        detail::kChunk, static_cast<double>(d_) * static_cast<double>(cand_.size() - from));
  }

  double sqdist_to(Index i, Index j) const { return detail::sqdist(X_.col(i).data(), X_.col(j).data(), d_); }

  const PointsRef<Scalar, Dim>& X_;
  const WeightsRef<Scalar>& w_;
  const Index n_, d_;
  std::vector<Index> cand_;
  std::vector<double> closest_;
  std::vector<int> near_;
};
}  // namespace detail_kmp

/// Parameters (oversampling, rounds, trials): see kmeans_parallel_parameters.hpp.
struct KMeansParallel : KMeansParallelParameters {
  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    check("seeding::KMeansParallel");
    const double ell = oversampling > 0 ? oversampling : 2.0 * k;
    detail_kmp::Candidates<Scalar, Dim> cand(X, w);
    cand.add_first(rng);
    for (int r = 0; r < rounds; ++r) {
      const double phi = cand.potential();
      const std::uint64_t round_seed = rng.next();
      if (!(phi > 0)) break;  // every point coincides with a candidate
      cand.oversample(round_seed, phi, ell);
    }
    cand.fill_up(k, rng);
    Centres<Scalar, Dim> P = cand.points();
    if (cand.size() == k) return P;
    const Weights<Scalar> cw = cand.weights();
    return KMeansPlusPlus{trials}(PointsRef<Scalar, Dim>(P), WeightsRef<Scalar>(cw), k, rng);
  }
};

}  // namespace seeding
}  // namespace lloyd
