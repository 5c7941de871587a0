#pragma once
// seeding::KMeansPlusPlus — greedy k-means++ (Arthur & Vassilvitskii 2007), weighted.
//
// The first centre is a point drawn with probability ∝ w. Each further centre: draw `trials`
// candidates with probability ∝ w·D(x)², where D(x) is the distance to the nearest centre chosen so
// far, and keep the candidate that lowers the potential Σ w·D(x)² the most (scikit-learn's "greedy"
// variant; trials = 2 + ⌊ln k⌋ by default). Each point's nearest squared distance is kept and
// updated once per chosen centre. A candidate is compared only with the points of the chosen centres
// it can bring closer (‖y − c_a‖ < 2·max_{x near c_a} ‖x − c_a‖, triangle inequality, per group and
// per point); distances come from one Scalar dot product (‖x‖² precomputed) and are recomputed
// exactly near zero.
//
// Two evaluation paths (tests compare each with a plain reference):
//  - pruned (D < kBatchMinDim = 16): tasks walk each group's points and call the distance per needed
//    (point, candidate) pair; the gains are summed per task (a group's points, kTaskPoints at a time)
//    in task order. In low D the triangle test skips most groups, so a step touches a small part of X.
//  - batched (D ≥ 16): in high D the triangle test prunes little (Fashion-MNIST, K=256: 45% of the
//    point–candidate pairs), so every point is screened in index order, kChunk at a time, without
//    reading its row first: the triangle test, then, for D ≥ 8·kDim, a lower bound from kDim = 64
//    coordinates per point in a principal subspace (detail/projection_bound.hpp; it removes ~90% of
//    the pairs left, so a step reads ~1/4 of X's rows). Only then are the surviving points' rows read
//    (the next prefetched); a point with several candidates left gets their dot products from one
//    multi-candidate product (detail/multi_dot.hpp, x read once), whose value per candidate is the
//    one dist2 computes (dist2's dot product is multi_dot's), so dist2 follows without reading the
//    row again. Gains go to per-chunk partial sums combined in chunk order, and the
//    improved points are recorded per chunk so that the chosen candidate's are applied without
//    another pass.
// Both paths give every point the same value (min(closest, dist2)), and pruning only ever skips a
// pair whose dist2 ≥ closest, so the potentials are the plain sums up to the order of the additions:
// the same centres for any number of threads (the paths differ only in summation order).
// Duplicates of a chosen centre get distance exactly 0, hence zero probability, so the centres are
// pairwise distinct.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/exact_nearest.hpp"
#include "../detail/multi_dot.hpp"
#include "../detail/parallel.hpp"
#include "../detail/projection_bound.hpp"
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
    const std::size_t N = static_cast<std::size_t>(n);
    Centres<Scalar, Dim> C(d, k);
    std::vector<double> cum(N);

    // Draws an index with probability ∝ mass[i] (mass ≥ 0, total > 0): the first i with cum[i] > u·total.
    auto fill = [&](auto mass) {
      double s = 0;
      for (Index i = 0; i < n; ++i) cum[static_cast<std::size_t>(i)] = (s += mass(i));
      return s;
    };
    auto draw = [&](double total) {
      const double v = rng.uniform() * total;
      const Index i = std::upper_bound(cum.begin(), cum.end(), v) - cum.begin();
      return std::min(i, n - 1);
    };

    // Squared distance of point i to point y (a column of X) from one Scalar dot product; exact
    // (detail::sqdist) when it is within the rounding bound of zero, so a duplicate of a chosen centre
    // gets exactly 0 and can never be drawn.
    const detail::ErrorModel<Scalar> em(d);
    // Batched candidate evaluation (dot products of a point with all candidates in one product) for
    // D >= kBatchMinDim; below, one dist2 per needed pair is as fast. Either way the same values.
    const bool batched = d >= kBatchMinDim && !em.useless;
    std::vector<double> xn2(N);
    detail::for_each_chunk(
        n, [&](Index b, Index e) { detail::point_norms(X, b, e, xn2.data() + b); }, detail::kChunk,
        static_cast<double>(d));
    // The dot product is detail::multi_dot's, whose value for one column does not depend on how many
    // columns it computes at once: the batched path's products give dist2 bit for bit (dist2_dot).
    auto dist2_dot = [&](Index i, Index y, Scalar dot) {
      const double xi = xn2[static_cast<std::size_t>(i)], yy = xn2[static_cast<std::size_t>(y)];
      const double approx = xi + yy - 2.0 * static_cast<double>(dot);
      const double bound = em.dist_err(std::sqrt(xi), xi, std::sqrt(yy), yy);
      if (em.useless || !std::isfinite(approx) || approx <= bound)  // near zero, or overflow in Scalar
        return detail::sqdist(X.col(i).data(), X.col(y).data(), d);
      return approx;
    };
    auto dist2 = [&](Index i, Index y) {
      Scalar dot;
      detail::multi_dot(X.col(i).data(), X.col(y).data(), d, 1, d, d, &dot);
      return dist2_dot(i, y, dot);
    };

    const Index first = draw(fill([&](Index i) { return static_cast<double>(w[i]); }));
    C.col(0) = X.col(first);
    std::vector<double> closest(N);
    std::vector<int> near(N, 0);
    detail::for_each_chunk(n, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i) closest[static_cast<std::size_t>(i)] = dist2(i, first);
    }, detail::kChunk, static_cast<double>(d));

    // Points grouped by nearest chosen centre (index order inside), and each group's radius.
    std::vector<Index> start, order(N);
    std::vector<double> radius;
    auto regroup = [&](Index m) {
      start.assign(static_cast<std::size_t>(m + 1), 0);
      radius.assign(static_cast<std::size_t>(m), 0.0);
      for (Index i = 0; i < n; ++i) {
        const std::size_t a = static_cast<std::size_t>(near[static_cast<std::size_t>(i)]);
        ++start[a + 1];
        radius[a] = std::max(radius[a], closest[static_cast<std::size_t>(i)]);
      }
      for (Index a = 0; a < m; ++a) start[static_cast<std::size_t>(a + 1)] += start[static_cast<std::size_t>(a)];
      if (!batched) {  // the batched path walks X in index order and needs no `order`
        std::vector<Index> pos(start.begin(), start.end() - 1);
        for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(pos[static_cast<std::size_t>(near[static_cast<std::size_t>(i)])]++)] = i;
      }
      for (double& r : radius) r = std::sqrt(r);
    };
    regroup(1);

    struct Task {
      Index b, e;          // range in `order` (a block of one group)
      int group;
      std::uint32_t mask;  // which candidates must look at these points
    };
    std::vector<Index> cand(static_cast<std::size_t>(t));
    std::vector<std::vector<double>> cand_d(static_cast<std::size_t>(batched ? 0 : t), std::vector<double>(N));
    std::vector<Task> tasks;
    std::vector<double> gain;
    std::vector<std::vector<int>> groups_of(static_cast<std::size_t>(t));  // groups each candidate looked at
    std::vector<double> half_dya(static_cast<std::size_t>(k) * static_cast<std::size_t>(t));  // ‖y_j − c_a‖²/4
    // In high dimension, a first screen from kDim coordinates per point (detail/projection_bound.hpp):
    // built when D ≥ 8·kDim (its N·kDim coordinates are at most 1/8 of X, held while seeding) and the
    // candidate work (k·t·N·D) is at least twice its cost (N·D·kDim).
    using Proj = detail::ProjectionBound<Scalar>;
    std::unique_ptr<const Proj> proj;
    if constexpr (Dim == Eigen::Dynamic || Dim >= kProjectionMinDim) {  // (not compiled for small fixed D)
      if (batched && d >= kProjectionMinDim && static_cast<Index>(k) * t >= 2 * Proj::kDim)
        proj = std::make_unique<const Proj>(X, xn2.data());
    }
    const int tb_max = std::min(t, 32);
    Centres<Scalar, Dim> Yc(d, batched ? t : 0);
    std::vector<double> cand_n2(static_cast<std::size_t>(t));
    std::vector<std::uint32_t> group_mask;
    std::vector<double> pj;
    // Candidates j0..j1 against every point, in index order, chunk by chunk (kChunk points). First
    // every point of the chunk is screened without reading its row: the group mask and the per-point
    // triangle test, then (high D) the projection bound. Then the survivors' rows are read in order
    // (the next one prefetched): with ≥ 2 candidates left, their dot products in one product (x read
    // once) give dist2 directly (dist2_dot). A point that gains is recorded (improved[chunk]) with its gain added to its chunk's
    // partial sum; the partial sums are combined in chunk order: the same potentials for any thread
    // count.
    struct Improvement {
      Index i;
      int j;
      double d;
    };
    std::vector<std::vector<Improvement>> improved;  // per chunk, for the current step
    std::vector<double> chunk_gain;
    Eigen::Matrix<Scalar, detail::ProjectionBound<Scalar>::kDim, Eigen::Dynamic> Pc;  // candidates' coordinates
    auto evaluate_batched = [&](int j0, int j1) {
      const Index width = j1 - j0;
      double ymax = 0, yymax = 0, pe_max = 0;  // largest candidate norm, squared norm, coordinate error
      if (proj) {
        Pc.resize(Eigen::NoChange, width);
        for (int j = j0; j < j1; ++j) {
          const Index y = cand[static_cast<std::size_t>(j)];
          Pc.col(j - j0) = proj->coords(y);
          yymax = std::max(yymax, cand_n2[static_cast<std::size_t>(j)]);
          pe_max = std::max(pe_max, proj->err(y));
        }
        ymax = std::sqrt(yymax);
      }
      const Index nc = detail::num_chunks(n);
      chunk_gain.assign(static_cast<std::size_t>(nc * width), 0.0);
      detail::for_each_chunk(n, [&](Index b, Index e) {
        const std::size_t chunk = static_cast<std::size_t>(b / detail::kChunk);
        double* g = chunk_gain.data() + chunk * static_cast<std::size_t>(width);
        Index surv[detail::kChunk];
        std::uint32_t needs[detail::kChunk];
        Index ns = 0;
        for (Index i = b; i < e; ++i) {
          const std::size_t is = static_cast<std::size_t>(i);
          const double old = closest[is];
          if (!(old > 0)) continue;
          const std::size_t a = static_cast<std::size_t>(near[is]);
          const std::uint32_t mask = a < group_mask.size() ? group_mask[a] : 0;
          const double* hd = half_dya.data() + a * static_cast<std::size_t>(t);
          std::uint32_t need = 0;
          for (int j = j0; j < j1; ++j)
            if ((mask >> (j - j0) & 1u) && old > hd[j]) need |= std::uint32_t(1) << (j - j0);
          if (need != 0 && proj) {
            // The candidate's dist2 is ≥ true − err (dot-product form; err at most err_i below, with the
            // batch's largest candidate norm) or ≥ true·(1 − delta) (exact form near 0): the point
            // cannot gain from y_j when the true distance exceeds (old + err_i) / (1 − delta).
            const double xi = xn2[is], xnorm = std::sqrt(xi);
            const double err_i = em.dist_err(xnorm, xi, ymax, yymax);
            const double thr = proj->threshold((old + err_i) / (1 - em.delta), proj->err(i) + pe_max);
            const auto pi = proj->coords(i);
            for (int j = j0; j < j1; ++j)
              if ((need >> (j - j0) & 1u) && static_cast<double>((Pc.col(j - j0) - pi).squaredNorm()) > thr)
                need &= ~(std::uint32_t(1) << (j - j0));
          }
          if (need == 0) continue;
          surv[ns] = i;
          needs[ns++] = need;
        }
        Eigen::Matrix<Scalar, Eigen::Dynamic, 1> dots(width);
        constexpr Index kLine = 64 / static_cast<Index>(sizeof(Scalar));  // elements per cache line
        for (Index q = 0; q < ns; ++q) {
          if (q + 1 < ns) {  // start loading the next survivor's row (rows are not read in sequence)
            const Scalar* next = X.col(surv[q + 1]).data();
            for (Index o = 0; o < d; o += kLine) Eigen::internal::prefetch(next + o);
          }
          const Index i = surv[q];
          const std::uint32_t need = needs[q];
          const std::size_t is = static_cast<std::size_t>(i);
          const double old = closest[is];
          const bool product = std::bitset<32>(need).count() >= kProductMin;
          if (product) detail::multi_dot(X.col(i).data(), Yc.col(j0).data(), d, width, d, d, dots.data());
          for (int j = j0; j < j1; ++j) {
            if (!(need >> (j - j0) & 1u)) continue;
            const std::size_t js = static_cast<std::size_t>(j);
            const double di = product ? dist2_dot(i, cand[js], dots[j - j0]) : dist2(i, cand[js]);
            if (di < old) {
              improved[chunk].push_back({i, j, di});
              g[j - j0] += static_cast<double>(w[i]) * (old - di);
            }
          }
        }
      }, detail::kChunk, static_cast<double>(width) * static_cast<double>(d));
      for (int j = j0; j < j1; ++j)
        for (Index q = 0; q < nc; ++q)
          pj[static_cast<std::size_t>(j)] -= chunk_gain[static_cast<std::size_t>(q * width + j - j0)];
    };
    for (int c = 1; c < k; ++c) {
      const double pot = fill([&](Index i) { return static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)]; });
      if (!(pot > 0)) throw error("seeding::KMeansPlusPlus: X has fewer than k distinct points with positive weight");
      for (int j = 0; j < t; ++j) cand[static_cast<std::size_t>(j)] = draw(pot);
      if (batched) {
        improved.resize(static_cast<std::size_t>(detail::num_chunks(n)));
        for (auto& list : improved) list.clear();
        for (int j = 0; j < t; ++j) {
          Yc.col(j) = X.col(cand[static_cast<std::size_t>(j)]);
          cand_n2[static_cast<std::size_t>(j)] = xn2[static_cast<std::size_t>(cand[static_cast<std::size_t>(j)])];
        }
      }
      // A candidate y can only bring closer the points of group a when ‖y − c_a‖ < 2·radius(a)
      // (triangle inequality); the other groups are skipped. Work: blocks of groups, each point
      // compared with every candidate that needs it while it is in cache. Up to 32 candidates are
      // batched per pass.
      const int tb = tb_max;
      for (auto& g : groups_of) g.clear();
      pj.assign(static_cast<std::size_t>(t), pot);
      for (int j0 = 0; j0 < t; j0 += tb) {
        const int j1 = std::min(t, j0 + tb);
        tasks.clear();
        group_mask.assign(static_cast<std::size_t>(c), 0);
        for (int a = 0; a < c; ++a) {
          const double r = radius[static_cast<std::size_t>(a)];
          if (r == 0) continue;
          std::uint32_t mask = 0;
          for (int j = j0; j < j1; ++j) {
            const double dya = std::sqrt(detail::sqdist(X.col(cand[static_cast<std::size_t>(j)]).data(), C.col(a).data(), d));
            half_dya[static_cast<std::size_t>(a) * static_cast<std::size_t>(t) + static_cast<std::size_t>(j)] =
                0.25 * dya * dya * (1 - 1e-6);
            if (dya < 2 * r * (1 + 1e-6) + 1e-300) {
              mask |= std::uint32_t(1) << (j - j0);
              if (!batched) groups_of[static_cast<std::size_t>(j)].push_back(a);
            }
          }
          group_mask[static_cast<std::size_t>(a)] = mask;
          if (mask == 0 || batched) continue;
          const Index b = start[static_cast<std::size_t>(a)], e = start[static_cast<std::size_t>(a + 1)];
          for (Index p = b; p < e; p += kTaskPoints) tasks.push_back({p, std::min(e, p + kTaskPoints), a, mask});
        }
        if (batched) {
          evaluate_batched(j0, j1);
          continue;
        }
        const std::size_t width = static_cast<std::size_t>(j1 - j0);
        gain.assign(tasks.size() * width, 0.0);
        const Index nt = static_cast<Index>(tasks.size());
#ifdef _OPENMP
        // Threads only for enough work (detail/parallel.hpp); the tasks and their order are fixed.
        const bool par = detail::use_threads(
            nt, static_cast<double>(nt) * static_cast<double>(kTaskPoints) * static_cast<double>(width * static_cast<std::size_t>(d)));
#pragma omp parallel for schedule(dynamic, 1) if (par)
#endif
        for (Index q = 0; q < nt; ++q) {
          const Task& tk = tasks[static_cast<std::size_t>(q)];
          double* g = gain.data() + static_cast<std::size_t>(q) * width;
          for (Index p = tk.b; p < tk.e; ++p) {
            const Index i = order[static_cast<std::size_t>(p)];
            const double old = closest[static_cast<std::size_t>(i)];
            const double wi = static_cast<double>(w[i]);
            const double* hd = half_dya.data() + static_cast<std::size_t>(tk.group) * static_cast<std::size_t>(t);
            for (int j = j0; j < j1; ++j) {
              if (!(tk.mask >> (j - j0) & 1u)) continue;
              // Per point: ‖x − y‖ ≥ ‖y − c_a‖ − ‖x − c_a‖ ≥ ‖x − c_a‖ when ‖y − c_a‖ ≥ 2‖x − c_a‖.
              const bool may_gain = old > 0 && old > hd[j];
              const double di = may_gain ? std::min(old, dist2(i, cand[static_cast<std::size_t>(j)])) : old;
              cand_d[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)] = di;
              g[j - j0] += wi * (old - di);
            }
          }
        }
        for (std::size_t q = 0; q < tasks.size(); ++q)
          for (int j = j0; j < j1; ++j) pj[static_cast<std::size_t>(j)] -= gain[q * width + static_cast<std::size_t>(j - j0)];
      }
      int best = 0;
      for (int j = 1; j < t; ++j)
        if (pj[static_cast<std::size_t>(j)] < pj[static_cast<std::size_t>(best)]) best = j;
      const Index y = cand[static_cast<std::size_t>(best)];
      C.col(c) = X.col(y);
      if (batched)
        for (const auto& list : improved)
          for (const Improvement& m : list)
            if (m.j == best) {
              closest[static_cast<std::size_t>(m.i)] = m.d;
              near[static_cast<std::size_t>(m.i)] = c;
            }
      const double* db = batched ? nullptr : cand_d[static_cast<std::size_t>(best)].data();
      for (int a : groups_of[static_cast<std::size_t>(best)]) {
        for (Index p = start[static_cast<std::size_t>(a)]; p < start[static_cast<std::size_t>(a + 1)]; ++p) {
          const std::size_t i = static_cast<std::size_t>(order[static_cast<std::size_t>(p)]);
          if (db[i] < closest[i]) {
            closest[i] = db[i];
            near[i] = c;
          }
        }
      }
      closest[static_cast<std::size_t>(y)] = 0;  // the centre itself (exact 0 already; made explicit)
      near[static_cast<std::size_t>(y)] = c;
      if (c + 1 < k) regroup(c + 1);
    }
    return C;
  }

  /// Points per parallel task of the candidate evaluation (fixed: results never depend on threads).
  static constexpr Index kTaskPoints = 2048;
  /// Dimension from which a point's dot products with all candidates are computed in one product.
  static constexpr Index kBatchMinDim = 16;
  /// Candidates a point must meet for that product to be computed (fewer: one distance each).
  static constexpr std::size_t kProductMin = 2;
  /// Dimension from which the projection bound (detail/projection_bound.hpp) screens pairs first.
  static constexpr Index kProjectionMinDim = 8 * detail::ProjectionBound<double>::kDim;
};

}  // namespace seeding
}  // namespace lloyd
