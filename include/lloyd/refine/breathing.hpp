#pragma once
// refine::Breathing — breathing k-means (B. Fritzke, "Breathing K-Means", arXiv 2006.15666).
//
// From a run's converged centres (in the paper: one greedy k-means++ run), with breathing depth m:
//   while m > 0:
//     1. breathe in: add m centres, each at a small random offset from one of the m centres of
//        largest error (Σ w·d1² of its cluster); the offset is uniform in ±0.005·RMSE per coordinate,
//        RMSE = √(SSE / Σw); then Lloyd from the k + m centres;
//     2. breathe out: remove the m centres of least utility (Σ w·(d2² − d1²) over the centre's
//        points: the SSE increase if it alone were removed), least useful first; removing a centre
//        freezes its nearest centre (it may not be removed in this breath) while fewer than k
//        centres are frozen; then Lloyd from the k centres;
//     3. if the SSE fell below (1 − tol)·best, keep it as the best; otherwise m ← m − 1.
//   The next breath starts from the centres step 2 left (as in the reference implementation), and
//   the best k centres found, the starting ones included, are returned: never a higher SSE.
// d1, d2: squared distances of a point to its nearest and second-nearest centre (detail::sqdist,
// one pass over the points at each breath out; the error needs d1 only). Random numbers come from the
// run's Rng; ties rank by centre index; the per-centre sums run in point order, so the result does
// not depend on the thread count.
//
// Refinement policy contract: see refine/random_swap.hpp. Breathing also accepts sparse points.
// With seeding::DefaultKMeansPlusPlus it is lloyd::KMeans' default configuration (one run).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/index.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../detail/sparse_points.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace refine {

struct Breathing {
  /// Breathing depth: centres added and removed per breath at the start (Fritzke: 5); min(m, k) is used.
  /// 0 does nothing (so a program can pick it at run time).
  int m = 5;
  /// Relative SSE decrease a breath must reach to count as an improvement (the reference
  /// implementation uses scikit-learn's tol, 1e-4).
  double tol = 1e-4;

  Breathing() = default;
  explicit Breathing(int m_, double tol_ = 1e-4) : m(m_), tol(tol_) {}

  /// One breath cycle per run, as above. The points are dense (PointsRef) or sparse (SparsePointsRef,
  /// from KMeans' sparse fit): the same steps, distances through detail::point.
  template <class Scalar, int Dim, class Lloyd>
  double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C,
                    Labels& labels, double inertia, Rng& rng, Lloyd&& lloyd) const {
    return breathe(X, w, C, labels, inertia, rng, lloyd);
  }
  template <class Scalar, class Lloyd>
  double operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, Centres<Scalar>& C, Labels& labels,
                    double inertia, Rng& rng, Lloyd&& lloyd) const {
    return breathe(X, w, C, labels, inertia, rng, lloyd);
  }

  template <class XT, class Scalar, int Dim, class Lloyd>
  double breathe(const XT& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C, Labels& labels, double inertia,
                 Rng& rng, Lloyd& lloyd) const {
    if (m < 0) throw error("refine::Breathing: parameter 'm' must be >= 0, got " + std::to_string(m));
    if (!(tol >= 0 && tol < 1)) throw error("refine::Breathing: parameter 'tol' must be in [0, 1)");
    const Index k = C.cols();
    if (m == 0 || k < 2) return inertia;
    Centres<Scalar, Dim> best_C = C, wide;
    Labels best_labels = labels;
    double best = inertia;
    for (Index depth = std::min<Index>(m, k); depth > 0;) {
      breathe_in(X, w, C, labels, depth, rng, wide);
      lloyd(wide, labels, -1);
      breathe_out(X, w, wide, depth, C);
      labels.setConstant(-1);  // the labels of the k + depth centres do not index the k left
      const double e = lloyd(C, labels, -1);
      if (e < best * (1 - tol)) {
        best = e;
        best_C = C;
        best_labels = labels;
      } else {
        --depth;
      }
    }
    C.swap(best_C);
    labels.swap(best_labels);
    return best;
  }

  /// Ranks 0..n−1 by key, ascending (descending when `largest`), ties by index.
  static std::vector<Index> ranked(const std::vector<double>& key, bool largest) {
    std::vector<Index> order(key.size());
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      return largest ? detail::at(key, a) > detail::at(key, b) : detail::at(key, a) < detail::at(key, b);
    });
    return order;
  }

  /// Per-centre error Σ w·d1² from the labels (nearest centres); returns Σw through `total_w`.
  template <class XT, class Scalar, int Dim>
  static std::vector<double> errors(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                                    const Labels& labels, double& total_w) {
    const Index n = X.cols(), d = X.rows();
    std::vector<double> d1(detail::to_size(n));
    detail::for_each_chunk(
        n,
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i)
            detail::at(d1, i) = detail::sqdist(detail::point(X, i), C.col(labels[i]).data(), d);
        },
        detail::kChunk, static_cast<double>(d));
    std::vector<double> err(detail::to_size(C.cols()), 0.0);
    total_w = 0;
    for (Index i = 0; i < n; ++i) {
      detail::at(err, labels[i]) += static_cast<double>(w[i]) * detail::at(d1, i);
      total_w += static_cast<double>(w[i]);
    }
    return err;
  }

  /// wide = C plus `depth` centres near the centres of largest error.
  template <class XT, class Scalar, int Dim>
  static void breathe_in(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C, const Labels& labels,
                         Index depth, Rng& rng, Centres<Scalar, Dim>& wide) {
    const Index k = C.cols(), d = C.rows();
    double total_w = 0;
    const std::vector<double> err = errors(X, w, C, labels, total_w);
    const double sse = std::accumulate(err.begin(), err.end(), 0.0);
    const double scale = total_w > 0 ? 0.01 * std::sqrt(sse / total_w) : 0.0;
    const std::vector<Index> order = ranked(err, true);
    wide.resize(d, k + depth);
    wide.leftCols(k) = C;
    for (Index a = 0; a < depth; ++a) {
      const Index src = detail::at(order, a);
      for (Index j = 0; j < d; ++j)
        wide(j, k + a) = static_cast<Scalar>(static_cast<double>(C(j, src)) + scale * (rng.uniform() - 0.5));
    }
  }

  /// Per-centre utility Σ w·(d2² − d1²), from one pass over the points.
  template <class XT, class Scalar, int Dim>
  static std::vector<double> utilities(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C) {
    const Index n = X.cols(), d = X.rows(), k = C.cols();
    std::vector<double> gap(detail::to_size(n));
    std::vector<Index> near(detail::to_size(n));
    detail::for_each_chunk(
        n,
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i) {
            double b1 = std::numeric_limits<double>::infinity(), b2 = b1;
            Index i1 = 0;
            for (Index c = 0; c < k; ++c) {
              const double t = detail::sqdist(detail::point(X, i), C.col(c).data(), d);
              if (t < b1) {
                b2 = b1;
                b1 = t;
                i1 = c;
              } else if (t < b2) {
                b2 = t;
              }
            }
            detail::at(gap, i) = b2 - b1;
            detail::at(near, i) = i1;
          }
        },
        detail::kChunk, static_cast<double>(d) * static_cast<double>(k));
    std::vector<double> util(detail::to_size(k), 0.0);
    for (Index i = 0; i < n; ++i)
      detail::at(util, detail::at(near, i)) += static_cast<double>(w[i]) * detail::at(gap, i);
    return util;
  }

  /// C = the centres of `wide` left after removing `depth` of least utility, with freezing.
  template <class XT, class Scalar, int Dim>
  static void breathe_out(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& wide, Index depth,
                          Centres<Scalar, Dim>& C) {
    const Index kw = wide.cols(), d = wide.rows();
    const std::vector<Index> order = ranked(utilities(X, w, wide), false);
    std::vector<char> removed(detail::to_size(kw), 0), frozen(detail::to_size(kw), 0);
    Index n_removed = 0, n_frozen = 0;
    for (Index a = 0; a < kw && n_removed < depth; ++a) {
      const Index c = detail::at(order, a);
      if (detail::at(frozen, c)) continue;
      detail::at(removed, c) = 1;
      ++n_removed;
      if (n_frozen + depth < kw) {
        Index nn = -1;
        double bd = std::numeric_limits<double>::infinity();
        for (Index o = 0; o < kw; ++o) {
          const double t = o == c ? bd : detail::sqdist(wide.col(c).data(), wide.col(o).data(), d);
          if (t < bd) {
            bd = t;
            nn = o;
          }
        }
        if (nn >= 0 && !detail::at(frozen, nn)) {
          detail::at(frozen, nn) = 1;
          ++n_frozen;
        }
      }
    }
    C.resize(d, kw - depth);
    Index out = 0;
    for (Index c = 0; c < kw; ++c)
      if (!detail::at(removed, c)) C.col(out++) = wide.col(c);
  }
};

}  // namespace refine
}  // namespace lloyd
