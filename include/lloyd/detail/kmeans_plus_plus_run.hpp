#pragma once
// detail::KMeansPlusPlusRun — one run of seeding::KMeansPlusPlus (greedy weighted k-means++): the
// candidate draw, the two evaluation paths, the choice and the distance update, over the state of
// detail/kmeans_plus_plus_state.hpp (distances, groups, triangle test).
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
//    row again. Gains go to per-chunk partial sums combined in chunk order, and the improved points
//    are recorded per chunk so that the chosen candidate's are applied without another pass.
// Both paths give every point the same value (min(closest, dist2)), and pruning only ever skips a
// pair whose dist2 ≥ closest, so the potentials are the plain sums up to the order of the additions:
// the same centres for any number of threads (the paths differ only in summation order).
#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "distance.hpp"
#include "index.hpp"
#include "kmeans_plus_plus_state.hpp"
#include "multi_dot.hpp"
#include "parallel.hpp"
#include "projection_bound.hpp"
#include "rng.hpp"

namespace lloyd {
namespace detail {

template <class Scalar, int Dim>
class KMeansPlusPlusRun : KMeansPlusPlusState<Scalar, Dim> {
  using State = KMeansPlusPlusState<Scalar, Dim>;
  using State::cumulate, State::draw, State::dist2, State::dist2_dot, State::regroup, State::screen_groups,
      State::best_candidate;
  using State::kTaskPoints, State::kProductMin, State::kProjectionMinDim, State::kPassCandidates;
  using State::X_, State::w_, State::n_, State::d_, State::k_, State::t_, State::em_, State::batched_, State::C_,
      State::xn2_, State::closest_, State::near_, State::start_, State::order_, State::cand_, State::pj_,
      State::half_dya_, State::group_mask_, State::groups_of_, State::tasks_;
  using typename State::Task;

 public:
  /// A run choosing k centres with `trials` (≥ 1) candidates per centre after the first.
  KMeansPlusPlusRun(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, int trials, Rng& rng)
      : State(X, w, k, trials, rng),
        cand_d_(to_size(batched_ ? 0 : t_), std::vector<double>(to_size(n_))),
        Yc_(X.rows(), batched_ ? t_ : 0),
        cand_n2_(to_size(t_)) {}

  /// The k centres (the run's only entry point; call once).
  Centres<Scalar, Dim> centres() {
    State::start();
    build_projection();
    for (int c = 1; c < k_; ++c) add_centre(c);
    return std::move(C_);
  }

 private:
  using Proj = ProjectionBound<Scalar>;

  struct Improvement {  // point i is closer to candidate j, at squared distance d
    Index i;
    int j;
    double d;
  };
  struct PassBounds {  // the pass's largest candidate norm, squared norm and coordinate error
    double ymax = 0, yymax = 0, pe_max = 0;
  };

  // Centre c: draw the candidates, evaluate them kPassCandidates at a time, keep the best.
  void add_centre(int c) {
    const double pot = cumulate([&](Index i) { return static_cast<double>(w_[i]) * at(closest_, i); });
    if (!(pot > 0)) throw error("seeding::KMeansPlusPlus: X has fewer than k distinct points with positive weight");
    draw_candidates(pot);
    for (auto& g : groups_of_) g.clear();
    pj_.assign(to_size(t_), pot);
    for (int j0 = 0; j0 < t_; j0 += kPassCandidates) {
      const int j1 = std::min(t_, j0 + kPassCandidates);
      screen_groups(c, j0, j1);
      if (batched_) evaluate_batched(j0, j1);
      else evaluate_pruned(j0, j1);
    }
    take(c, best_candidate());
    if (c + 1 < k_) regroup(c + 1);
  }

  // t candidates ∝ w·closest; the batched path also copies them (Yc_) with their squared norms.
  void draw_candidates(double pot) {
    for (int j = 0; j < t_; ++j) at(cand_, j) = draw(pot);
    if (!batched_) return;
    improved_.resize(to_size(num_chunks(n_)));
    for (auto& list : improved_) list.clear();
    for (int j = 0; j < t_; ++j) {
      Yc_.col(j) = X_.col(at(cand_, j));
      at(cand_n2_, j) = at(xn2_, at(cand_, j));
    }
  }

  // ---- the pruned path -----------------------------------------------------------------------

  // Candidates j0..j1 against the points of the tasks, each point with every candidate that needs it
  // while it is in cache; per-task gains combined in task order.
  void evaluate_pruned(int j0, int j1) {
    const std::size_t width = to_size(j1 - j0);
    gain_.assign(tasks_.size() * width, 0.0);
    const Index nt = static_cast<Index>(tasks_.size());
    ParallelExceptions errors;  // no exception may leave the region (detail/parallel.hpp)
#ifdef _OPENMP
    // Threads only for enough work (detail/parallel.hpp); the tasks and their order are fixed.
    const bool par = use_threads(
        nt, static_cast<double>(nt) * static_cast<double>(kTaskPoints) * static_cast<double>(width * to_size(d_)));
#pragma omp parallel for schedule(dynamic, 1) if (par)
#endif
    for (Index q = 0; q < nt; ++q)
      errors.run(q, [&] { evaluate_task(at(tasks_, q), j0, j1, gain_.data() + to_size(q) * width); });
    errors.rethrow();
    for (std::size_t q = 0; q < tasks_.size(); ++q)
      for (int j = j0; j < j1; ++j) at(pj_, j) -= gain_[q * width + to_size(j - j0)];
  }

  // One task: every candidate's distance to its points (cand_d_) and gain Σ w·(closest − min) (g).
  void evaluate_task(const Task& tk, int j0, int j1, double* g) {
    const double* hd = half_dya_.data() + to_size(tk.group) * to_size(t_);
    for (Index p = tk.b; p < tk.e; ++p) {
      const Index i = at(order_, p);
      const double old = at(closest_, i);
      const double wi = static_cast<double>(w_[i]);
      for (int j = j0; j < j1; ++j) {
        if (!(tk.mask >> (j - j0) & 1u)) continue;
        // Per point: ‖x − y‖ ≥ ‖y − c_a‖ − ‖x − c_a‖ ≥ ‖x − c_a‖ when ‖y − c_a‖ ≥ 2‖x − c_a‖.
        const bool may_gain = old > 0 && old > hd[j];
        const double di = may_gain ? std::min(old, dist2(i, at(cand_, j))) : old;
        at(at(cand_d_, j), i) = di;
        g[j - j0] += wi * (old - di);
      }
    }
  }

  // ---- the batched path ----------------------------------------------------------------------

  // Candidates j0..j1 against every point, in index order, chunk by chunk (kChunk points): screen
  // the chunk's points, then evaluate the survivors; per-chunk gains combined in chunk order.
  void evaluate_batched(int j0, int j1) {
    const Index width = j1 - j0;
    const PassBounds pb = pass_bounds(j0, j1);
    const Index nc = num_chunks(n_);
    chunk_gain_.assign(to_size(nc * width), 0.0);
    for_each_chunk(
        n_,
        [&](Index b, Index e) {
          Index surv[kChunk];
          std::uint32_t needs[kChunk];
          const Index ns = screen_chunk(b, e, j0, j1, pb, surv, needs);
          evaluate_survivors(b / kChunk, surv, needs, ns, j0, j1);
        },
        kChunk, static_cast<double>(width) * static_cast<double>(d_));
    for (int j = j0; j < j1; ++j)
      for (Index q = 0; q < nc; ++q) at(pj_, j) -= at(chunk_gain_, q * width + j - j0);
  }

  // With the projection bound: the candidates' coordinates (Pc_) and the pass's largest norms.
  PassBounds pass_bounds(int j0, int j1) {
    PassBounds pb;
    if (!proj_) return pb;
    Pc_.resize(Eigen::NoChange, j1 - j0);
    for (int j = j0; j < j1; ++j) {
      const Index y = at(cand_, j);
      Pc_.col(j - j0) = proj_->coords(y);
      pb.yymax = std::max(pb.yymax, at(cand_n2_, j));
      pb.pe_max = std::max(pb.pe_max, proj_->err(y));
    }
    pb.ymax = std::sqrt(pb.yymax);
    return pb;
  }

  // The points of [b, e) some candidate may bring closer (surv) and which (needs), without reading
  // their rows: the group mask, the per-point triangle test, then the projection bound.
  Index screen_chunk(Index b, Index e, int j0, int j1, const PassBounds& pb, Index* surv, std::uint32_t* needs) const {
    Index ns = 0;
    for (Index i = b; i < e; ++i) {
      const double old = at(closest_, i);
      if (!(old > 0)) continue;
      const std::size_t a = to_size(at(near_, i));
      const std::uint32_t mask = a < group_mask_.size() ? group_mask_[a] : 0;
      const double* hd = half_dya_.data() + a * to_size(t_);
      std::uint32_t need = 0;
      for (int j = j0; j < j1; ++j)
        if ((mask >> (j - j0) & 1u) && old > hd[j]) need |= std::uint32_t(1) << (j - j0);
      if (need != 0 && proj_) need = projection_screen(i, old, need, j0, j1, pb);
      if (need == 0) continue;
      surv[ns] = i;
      needs[ns++] = need;
    }
    return ns;
  }

  // Drops from `need` the candidates the projection bound shows too far to bring point i closer.
  // A candidate's dist2 is ≥ true − err (dot-product form; err at most err_i below, with the pass's
  // largest candidate norm) or ≥ true·(1 − delta) (exact form near 0): the point cannot gain from
  // y_j when the true distance exceeds (old + err_i) / (1 − delta).
  std::uint32_t projection_screen(Index i, double old, std::uint32_t need, int j0, int j1, const PassBounds& pb) const {
    const double xi = at(xn2_, i), xnorm = std::sqrt(xi);
    const double err_i = em_.dist_err(xnorm, xi, pb.ymax, pb.yymax);
    const double thr = proj_->threshold((old + err_i) / (1 - em_.delta), proj_->err(i) + pb.pe_max);
    const auto pi = proj_->coords(i);
    for (int j = j0; j < j1; ++j)
      if ((need >> (j - j0) & 1u) && static_cast<double>((Pc_.col(j - j0) - pi).squaredNorm()) > thr)
        need &= ~(std::uint32_t(1) << (j - j0));
    return need;
  }

  // The survivors' rows in order (the next one prefetched): with ≥ kProductMin candidates left, their
  // dot products in one product (x read once) give dist2 directly (dist2_dot). A point that gains is
  // recorded (improved_[chunk]) with its gain added to its chunk's partial sum.
  void evaluate_survivors(Index chunk, const Index* surv, const std::uint32_t* needs, Index ns, int j0, int j1) {
    const Index width = j1 - j0;
    double* g = chunk_gain_.data() + to_size(chunk) * to_size(width);
    Eigen::Matrix<Scalar, Eigen::Dynamic, 1> dots(width);
    constexpr Index kLine = 64 / static_cast<Index>(sizeof(Scalar));  // elements per cache line
    for (Index q = 0; q < ns; ++q) {
      if (q + 1 < ns) {  // start loading the next survivor's row (rows are not read in sequence)
        const Scalar* next = X_.col(surv[q + 1]).data();
        for (Index o = 0; o < d_; o += kLine) Eigen::internal::prefetch(next + o);
      }
      const Index i = surv[q];
      const std::uint32_t need = needs[q];
      const double old = at(closest_, i);
      const bool product = std::bitset<32>(need).count() >= kProductMin;
      if (product) multi_dot(X_.col(i).data(), Yc_.col(j0).data(), d_, width, d_, d_, dots.data());
      for (int j = j0; j < j1; ++j) {
        if (!(need >> (j - j0) & 1u)) continue;
        const double di = product ? dist2_dot(i, at(cand_, j), dots[j - j0]) : dist2(i, at(cand_, j));
        if (di < old) {
          at(improved_, chunk).push_back({i, j, di});
          g[j - j0] += static_cast<double>(w_[i]) * (old - di);
        }
      }
    }
  }

  // ---- the update ----------------------------------------------------------------------------

  // Candidate `best` becomes centre c: the points it brings closer take their new distance.
  void take(int c, int best) {
    const Index y = at(cand_, best);
    C_.col(c) = X_.col(y);
    if (batched_) {
      for (const auto& list : improved_)
        for (const Improvement& m : list)
          if (m.j == best) {
            at(closest_, m.i) = m.d;
            at(near_, m.i) = c;
          }
    } else {
      const std::vector<double>& db = at(cand_d_, best);
      for (int a : at(groups_of_, best))
        for (Index p = at(start_, a); p < at(start_, a + 1); ++p) {
          const Index i = at(order_, p);
          if (at(db, i) < at(closest_, i)) {
            at(closest_, i) = at(db, i);
            at(near_, i) = c;
          }
        }
    }
    at(closest_, y) = 0;  // the centre itself (exact 0 already; made explicit)
    at(near_, y) = c;
  }

  // In high dimension, a first screen from kDim coordinates per point (detail/projection_bound.hpp):
  // built when D ≥ 8·kDim (its N·kDim coordinates are at most 1/8 of X, held while seeding) and the
  // candidate work (k·t·N·D) is at least twice its cost (N·D·kDim).
  void build_projection() {
    if constexpr (Dim == Eigen::Dynamic || Dim >= kProjectionMinDim) {  // (not compiled for small fixed D)
      if (batched_ && d_ >= kProjectionMinDim && static_cast<Index>(k_) * t_ >= 2 * Proj::kDim)
        proj_ = std::make_unique<const Proj>(X_, xn2_.data());
    }
  }

  // The pruned path.
  std::vector<double> gain_;                 // per task and candidate
  std::vector<std::vector<double>> cand_d_;  // candidate j's min(closest, dist2) of the points it met
  // The batched path.
  Centres<Scalar, Dim> Yc_;                         // the candidates' coordinates
  std::vector<double> cand_n2_;                     // and squared norms
  std::vector<std::vector<Improvement>> improved_;  // per chunk, for the current centre
  std::vector<double> chunk_gain_;                  // per chunk and candidate of the pass
  std::unique_ptr<const Proj> proj_;
  Eigen::Matrix<Scalar, Proj::kDim, Eigen::Dynamic> Pc_;  // the pass's candidates' projected coordinates
};

}  // namespace detail
}  // namespace lloyd
