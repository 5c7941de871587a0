#pragma once
// seeding::RandomSample — k distinct data points drawn at random, with probability proportional to
// their weights (uniformly when all weights are equal).
//
// Seeding policy contract (what KMeans calls; see docs/ARCHITECTURE.md):
//   template <class Scalar, int Dim>
//   Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
//                                   int k, Rng& rng) const;
//   - returns a D×k matrix of k pairwise distinct, finite centres;
//   - X has ≥ k distinct points of positive weight (KMeans checks this before calling);
//   - all randomness comes from `rng`, so the same seed gives the same centres everywhere;
//   - optional: `static constexpr bool deterministic = true;` when the result ignores rng, so the
//     multi-run driver runs once instead of n_init identical times.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/rng.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

struct RandomSample {
  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    const Index n = X.cols(), d = X.rows();
    // Weighted sampling without replacement (Efraimidis–Spirakis): point i gets the key
    // log(u_i) / w_i and the k largest keys win. Equal weights give a uniform random order.
    std::vector<double> key(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
      double u;
      do u = rng.uniform();
      while (u <= 0.0);
      key[static_cast<std::size_t>(i)] =
          w[i] > 0 ? std::log(u) / static_cast<double>(w[i]) : -std::numeric_limits<double>::infinity();
    }
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index(0));
    auto better = [&](Index a, Index b) {
      const double ka = key[static_cast<std::size_t>(a)], kb = key[static_cast<std::size_t>(b)];
      return ka > kb || (ka == kb && a < b);
    };
    // Sort only as much as needed: duplicates are rare, so 2k + 16 candidates almost always suffice.
    Index sorted = std::min<Index>(n, 2 * static_cast<Index>(k) + 16);
    std::partial_sort(order.begin(), order.begin() + sorted, order.end(), better);

    Centres<Scalar, Dim> C(d, k);
    auto hash = [&](Index i) { return static_cast<std::size_t>(detail::hash_point(X.col(i).data(), d)); };
    auto eq = [&](Index a, Index b) { return detail::same_point(X.col(a).data(), X.col(b).data(), d); };
    std::unordered_set<Index, decltype(hash), decltype(eq)> chosen(16, hash, eq);
    int got = 0;
    for (Index pos = 0; pos < n && got < k; ++pos) {
      if (pos == sorted) {  // ran out of sorted candidates: sort the rest
        std::sort(order.begin() + sorted, order.end(), better);
        sorted = n;
      }
      const Index i = order[static_cast<std::size_t>(pos)];
      if (!(w[i] > 0)) break;  // keys of zero-weight points sort last
      if (chosen.insert(i).second) C.col(got++) = X.col(i);
    }
    if (got < k) throw error("seeding::RandomSample: X has fewer than k distinct points with positive weight");
    return C;
  }
};

}  // namespace seeding
}  // namespace lloyd
