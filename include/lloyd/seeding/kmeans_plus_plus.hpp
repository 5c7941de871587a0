#pragma once
// seeding::KMeansPlusPlus — greedy k-means++ (Arthur & Vassilvitskii 2007), weighted.
//
// The first centre is a point drawn with probability ∝ w. Each further centre: draw `trials`
// candidates with probability ∝ w·D(x)², where D(x) is the distance to the nearest centre chosen so
// far, and keep the candidate that lowers the potential Σ w·D(x)² the most (scikit-learn's "greedy"
// variant; trials = 2 + ⌊ln k⌋ by default). Each point's nearest squared distance is kept and
// updated once per chosen centre, so the work is O(k · trials · N · D).
// Candidates always have D(x) > 0, so the centres are pairwise distinct.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <cmath>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

struct KMeansPlusPlus {
  /// Candidates per centre; 0 means 2 + ⌊ln k⌋. 1 gives the original (non-greedy) k-means++.
  int trials = 0;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                  Rng& rng) const {
    if (trials < 0) throw error("seeding::KMeansPlusPlus: parameter 'trials' must be >= 0");
    const Index n = X.cols(), d = X.rows();
    const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
    Centres<Scalar, Dim> C(d, k);
    std::vector<double> cum(static_cast<std::size_t>(n));

    // Draws an index with probability ∝ mass[i] (mass ≥ 0, total > 0): the first i with cum[i] > u·total.
    auto draw = [&](auto mass) {
      double s = 0;
      for (Index i = 0; i < n; ++i) cum[static_cast<std::size_t>(i)] = (s += mass(i));
      const double v = rng.uniform() * s;
      const Index i = std::upper_bound(cum.begin(), cum.end(), v) - cum.begin();
      return std::min(i, n - 1);
    };

    const Index first = draw([&](Index i) { return static_cast<double>(w[i]); });
    C.col(0) = X.col(first);
    std::vector<double> closest(static_cast<std::size_t>(n));
    detail::for_each_chunk(n, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i) closest[static_cast<std::size_t>(i)] = detail::sqdist(X.col(i).data(), C.col(0).data(), d);
    });

    std::vector<Index> cand(static_cast<std::size_t>(t));
    std::vector<std::vector<double>> cand_d(static_cast<std::size_t>(t), std::vector<double>(static_cast<std::size_t>(n)));
    for (int c = 1; c < k; ++c) {
      double pot = 0;
      for (Index i = 0; i < n; ++i) pot += static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)];
      if (!(pot > 0)) throw error("seeding::KMeansPlusPlus: X has fewer than k distinct points with positive weight");
      for (int j = 0; j < t; ++j)
        cand[static_cast<std::size_t>(j)] = draw([&](Index i) { return static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]; });
      int best = -1;
      double best_pot = 0;
      for (int j = 0; j < t; ++j) {
        const Scalar* cx = X.col(cand[static_cast<std::size_t>(j)]).data();
        auto& dj = cand_d[static_cast<std::size_t>(j)];
        const double p = detail::chunked_sum(n, [&](Index b, Index e) {
          double s = 0;
          for (Index i = b; i < e; ++i) {
            const double di = std::min(closest[static_cast<std::size_t>(i)], detail::sqdist(X.col(i).data(), cx, d));
            dj[static_cast<std::size_t>(i)] = di;
            s += static_cast<double>(w[i]) * di;
          }
          return s;
        });
        if (best < 0 || p < best_pot) {
          best = j;
          best_pot = p;
        }
      }
      C.col(c) = X.col(cand[static_cast<std::size_t>(best)]);
      closest.swap(cand_d[static_cast<std::size_t>(best)]);
    }
    return C;
  }
};

}  // namespace seeding
}  // namespace lloyd
