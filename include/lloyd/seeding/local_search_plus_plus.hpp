#pragma once
// seeding::LocalSearchPlusPlus — k-means++ followed by local search (Lattanzi & Sohler, "A Better
// k-means++ Algorithm via Local Search", ICML 2019), weighted.
//
// Start from greedy k-means++ (seeding::KMeansPlusPlus). Then, `steps` times (default: k):
//   1. draw a candidate data point p with probability ∝ w·D(x)², D(x) = distance to the nearest centre;
//   2. for every centre j, compute the potential Σ w·D(x)² of the centres with c_j replaced by p;
//   3. make the best of these k swaps if it lowers the potential (otherwise keep the centres).
// Each point's nearest and second-nearest centre (index and squared distance) are cached, so a step
// costs one distance per point: with the swap of centre j, a point's new distance is
// min(d(x,p), d1) if its nearest centre is not j, and min(d(x,p), d2) if it is. All k swaps are thus
// evaluated in O(N·D + N + K) per step; an accepted swap refreshes the cache in O(N·D) plus O(K·D)
// for the (about 2N/K) points whose nearest or second-nearest centre was replaced.
// The candidate has D(p) > 0, so the centres stay pairwise distinct data points. Sums run in fixed
// chunks added in order: the result is the same for any number of threads.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/index.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../detail/sparse_points.hpp"
#include "../error.hpp"
#include "../types.hpp"
#include "kmeans_plus_plus.hpp"

namespace lloyd {
namespace seeding {

struct LocalSearchPlusPlus {
  /// Local-search steps after k-means++; -1 means k (the paper's Z = O(k log log k) guarantees a
  /// constant-factor approximation in expectation; Z = k is what it recommends in practice).
  /// 0 gives plain greedy k-means++.
  int steps = -1;
  /// The seeding the local search starts from.
  KMeansPlusPlus initial{};

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    if (steps < -1) throw error("seeding::LocalSearchPlusPlus: parameter 'steps' must be >= 0 (or -1 for k)");
    Centres<Scalar, Dim> C = initial(X, w, k, rng);
    search(X, w, C, steps < 0 ? k : steps, rng);
    return C;
  }

  /// Sparse points (detail/sparse_points.hpp): the same steps; the distances between points and
  /// centres (data points, kept as a sparse copy) cost O(nonzeros) and have the dense path's bits.
  template <class Scalar>
  Centres<Scalar> operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    if (steps < -1) throw error("seeding::LocalSearchPlusPlus: parameter 'steps' must be >= 0 (or -1 for k)");
    Centres<Scalar> C = initial(X, w, k, rng);
    search(X, w, C, steps < 0 ? k : steps, rng);
    return C;
  }

  /// The local search alone: `z` steps from the centres C (D×k, pairwise distinct), improving C in
  /// place. Returns the number of swaps made. Usable to polish any set of centres. X: dense
  /// (PointsRef) or sparse (SparsePointsRef) points.
  template <class XT, class Scalar, int Dim>
  int search(const XT& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C, int z, Rng& rng) const {
    int swapped = 0;
    if (z <= 0) return swapped;
    Cache cache(X.cols());
    detail::CentreHandles<XT, Scalar, Dim> centre(C);
    cache.rebuild_all(X, centre, C.cols());
    double cost = potential(w, cache.d1);

    const Index n = X.cols(), d = X.rows(), k = C.cols();
    std::vector<double> cum(detail::to_size(n));
    std::vector<double> dc(detail::to_size(n));      // squared distance of each point to the candidate
    Eigen::MatrixXd part(k, detail::num_chunks(n));  // part(j, chunk): that chunk's extra cost of removing centre j
    double s = 0;
    bool stale = true;  // cum depends on d1 only, which changes only when a swap is made
    for (int step = 0; step < z; ++step) {
      // 1. candidate ∝ w·D²
      if (stale) {
        s = 0;
        for (Index i = 0; i < n; ++i) detail::at(cum, i) = (s += static_cast<double>(w[i]) * detail::at(cache.d1, i));
        stale = false;
      }
      if (!(s > 0)) break;  // every point of positive weight is a centre: nothing to improve
      const double v = rng.uniform() * s;
      const Index p = std::min<Index>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin(), n - 1);
      const auto xp = detail::point(X, p);
      bool is_centre = !(detail::at(cache.d1, p) > 0);
      for (Index c = 0; c < k && !is_centre; ++c) is_centre = detail::same_point(xp, C.col(c).data(), d);
      if (is_centre) continue;  // only possible through underflow of a tiny distance

      // 2. cost of every swap
      const Swap sw = best_swap(X, w, cache, xp, dc, part);
      // 3. keep the best swap if it lowers the potential (by more than rounding)
      if (!(sw.cost < cost * (1 - 1e-12))) continue;
      set_centre(C, sw.centre, xp);
      centre.refresh();
      cache.replace(X, centre, k, sw.centre, dc);
      cost = potential(w, cache.d1);
      stale = true;
      ++swapped;
    }
    return swapped;
  }

 private:
  /// Nearest (a1, d1) and second-nearest (a2, d2) centre of every point; ties → lower index first.
  struct Cache {
    std::vector<double> d1, d2;
    std::vector<int> a1, a2;
    explicit Cache(Index n)
        : d1(detail::to_size(n)), d2(detail::to_size(n)), a1(detail::to_size(n)), a2(detail::to_size(n)) {}

    // centre(c): the handle of centre c (detail::CentreHandles), k centres.
    template <class XT, class Centre>
    void rebuild_point(const XT& X, const Centre& centre, Index k, Index i) {
      const std::size_t u = detail::to_size(i);
      double b1 = std::numeric_limits<double>::infinity(), b2 = b1;
      int i1 = -1, i2 = -1;
      const auto x = detail::point(X, i);
      for (Index c = 0; c < k; ++c) {
        const double t = detail::sqdist(x, centre(c), X.rows());
        if (t < b1) {
          b2 = b1;
          i2 = i1;
          b1 = t;
          i1 = static_cast<int>(c);
        } else if (t < b2) {
          b2 = t;
          i2 = static_cast<int>(c);
        }
      }
      d1[u] = b1;
      a1[u] = i1;
      d2[u] = b2;  // +inf when k = 1
      a2[u] = i2;
    }

    template <class XT, class Centre>
    void rebuild_all(const XT& X, const Centre& centre, Index k) {
      detail::for_each_chunk(
          X.cols(),
          [&](Index b, Index e) {
            for (Index i = b; i < e; ++i) rebuild_point(X, centre, k, i);
          },
          detail::kChunk, static_cast<double>(X.rows()) * static_cast<double>(k));
    }

    /// Centre j was just replaced; dc holds every point's squared distance to the new centre j.
    template <class XT, class Centre>
    void replace(const XT& X, const Centre& centre, Index k, int j, const std::vector<double>& dc) {
      detail::for_each_chunk(X.cols(), [&](Index b, Index e) {
        for (Index i = b; i < e; ++i) {
          const std::size_t u = detail::to_size(i);
          if (a1[u] == j || a2[u] == j) {
            rebuild_point(X, centre, k, i);  // lost its nearest or second-nearest centre
            continue;
          }
          const double t = dc[u];
          if (t < d1[u] || (t == d1[u] && j < a1[u])) {
            d2[u] = d1[u];
            a2[u] = a1[u];
            d1[u] = t;
            a1[u] = j;
          } else if (t < d2[u] || (t == d2[u] && j < a2[u])) {
            d2[u] = t;
            a2[u] = j;
          }
        }
      });
    }
  };

  /// The best swap of step 2: the centre to replace by the candidate and the potential after it.
  struct Swap {
    int centre;
    double cost;
  };

  // The potential of every swap of a centre for the candidate xp: base = Σ w·min(dc, d1); removing
  // centre j adds Σ_{a1 = j} w·(min(dc, d2) − min(dc, d1)), summed per chunk (part) and then in chunk
  // order. Also stores every point's squared distance to the candidate in dc.
  template <class XT, class Scalar, class Pt>
  static Swap best_swap(const XT& X, const WeightsRef<Scalar>& w, const Cache& cache, const Pt& xp,
                        std::vector<double>& dc, Eigen::MatrixXd& part) {
    const Index n = X.cols(), d = X.rows(), nc = part.cols();
    part.setZero();
    const double base = detail::chunked_sum(
        n,
        [&](Index b, Index e) {
          double acc = 0;
          const Index chunk = b / detail::kChunk;
          for (Index i = b; i < e; ++i) {
            const std::size_t u = detail::to_size(i);
            const double t = detail::sqdist(detail::point(X, i), xp, d);
            dc[u] = t;
            const double wi = static_cast<double>(w[i]);
            const double m1 = std::min(t, cache.d1[u]);
            acc += wi * m1;
            part(cache.a1[u], chunk) += wi * (std::min(t, cache.d2[u]) - m1);
          }
          return acc;
        },
        detail::kChunk, static_cast<double>(d));
    Swap best{0, std::numeric_limits<double>::infinity()};
    for (int j = 0; j < part.rows(); ++j) {
      double extra = 0;
      for (Index c = 0; c < nc; ++c) extra += part(j, c);
      if (base + extra < best.cost) best = {j, base + extra};
    }
    return best;
  }

  /// Centre j becomes the data point xp (a detail::point handle).
  template <class Scalar, int Dim>
  static void set_centre(Centres<Scalar, Dim>& C, Index j, const Scalar* xp) {
    for (Index t = 0; t < C.rows(); ++t) C(t, j) = xp[t];
  }
  template <class Scalar, int Dim>
  static void set_centre(Centres<Scalar, Dim>& C, Index j, const detail::SparseCol<Scalar>& xp) {
    detail::scatter(xp, C.col(j));
  }

  template <class Scalar>
  static double potential(const WeightsRef<Scalar>& w, const std::vector<double>& d1) {
    return detail::chunked_sum(
        w.size(),
        [&](Index b, Index e) {
          double s = 0;
          for (Index i = b; i < e; ++i) s += static_cast<double>(w[i]) * detail::at(d1, i);
          return s;
        },
        detail::kChunk, 1.0);
  }
};

}  // namespace seeding
}  // namespace lloyd
