#pragma once
// Greedy weighted k-means++ on sparse points (seeding::KMeansPlusPlus's sparse path).
//
// The same algorithm and the same draws as detail::KMeansPlusPlusRun: the first centre ∝ w, then
// per centre `trials` candidates ∝ w·D(x)² (each the first i whose cumulative mass exceeds u·total),
// keeping the candidate of lowest potential Σ w·min(D(x)², d(x, y)²) (ties → the earlier draw).
// Distances are detail::sqdist between two sparse points (sparse_points.hpp): O(nonzeros) each and
// the reference's bits. The dense run prunes with bounds and uses dot products away from zero; here
// every (point, candidate) pair is computed — with ~100 nonzeros per point a distance costs less
// than a bound would save. Potentials are summed per chunk of points and the chunks in order, so
// the centres do not depend on the thread count; they are the dense run's up to the summation order
// of the potentials (the same centres unless two candidates' potentials tie to rounding).
#include <algorithm>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "index.hpp"
#include "parallel.hpp"
#include "rng.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

template <class Scalar>
Centres<Scalar> sparse_kmeans_plus_plus(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, int k,
                                        int trials, Rng& rng) {
  const Index n = X.cols(), d = X.rows();
  const std::size_t t = to_size(trials);
  std::vector<double> cum(to_size(n)), closest(to_size(n));
  auto draw = [&](auto mass) {
    double s = 0;
    for (Index i = 0; i < n; ++i) at(cum, i) = (s += mass(i));
    return s;
  };
  auto pick = [&](double total) {
    const double v = rng.uniform() * total;
    const Index i = std::upper_bound(cum.begin(), cum.end(), v) - cum.begin();
    return std::min(i, n - 1);
  };
  Centres<Scalar> C(d, k);
  const Index first = pick(draw([&](Index i) { return static_cast<double>(w[i]); }));
  scatter(point(X, first), C.col(0));
  for_each_chunk(
      n,
      [&](Index b, Index e) {
        for (Index i = b; i < e; ++i) at(closest, i) = sqdist(point(X, i), point(X, first), d);
      },
      kChunk, 8.0);
  const Index chunks = num_chunks(n);
  std::vector<Index> cand(t);
  std::vector<std::vector<double>> dist(t, std::vector<double>(to_size(n)));
  std::vector<double> part(to_size(chunks) * t);
  for (int c = 1; c < k; ++c) {
    const double pot = draw([&](Index i) { return static_cast<double>(w[i]) * at(closest, i); });
    if (!(pot > 0)) throw error("seeding::KMeansPlusPlus: X has fewer than k distinct points with positive weight");
    for (std::size_t j = 0; j < t; ++j) cand[j] = pick(pot);
    for_each_chunk(
        n,
        [&](Index b, Index e) {
          double* acc = part.data() + to_size(b / kChunk) * t;
          std::fill(acc, acc + t, 0.0);
          for (Index i = b; i < e; ++i) {
            const SparseCol<Scalar> x = point(X, i);
            const double wi = static_cast<double>(w[i]);
            for (std::size_t j = 0; j < t; ++j) {
              const double dj = sqdist(x, point(X, cand[j]), d);
              at(dist[j], i) = dj;
              acc[j] += wi * std::min(at(closest, i), dj);
            }
          }
        },
        kChunk, 8.0 * static_cast<double>(trials));
    std::size_t best = 0;
    double best_pot = 0;
    for (std::size_t j = 0; j < t; ++j) {
      double p = 0;
      for (Index ch = 0; ch < chunks; ++ch) p += part[to_size(ch) * t + j];
      if (j == 0 || p < best_pot) {
        best = j;
        best_pot = p;
      }
    }
    scatter(point(X, cand[best]), C.col(c));
    for (Index i = 0; i < n; ++i) at(closest, i) = std::min(at(closest, i), at(dist[best], i));
  }
  return C;
}

}  // namespace detail
}  // namespace lloyd
