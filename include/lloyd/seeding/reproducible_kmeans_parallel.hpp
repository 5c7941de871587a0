#pragma once
// seeding::ReproducibleKMeansParallel — k-means‖ (the rule of seeding::KMeansParallel) whose potentials and
// candidate weights are fixed-point integers and whose per-point coins hash the point's index (see
// detail/fixed_point.hpp), so the distributed fit (distributed/mpi.hpp, which calls
// detail::reproducible_kmeans_parallel over its communicator) picks the same centres as this one-process
// policy. The candidates are reduced to k by seeding::ReproducibleKMeansPlusPlus's rule.
//
// Contract: see seeding/random_sample.hpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/draws.hpp"
#include "../detail/fixed_point.hpp"
#include "../detail/local_comm.hpp"
#include "../detail/parallel.hpp"
#include "../detail/rng.hpp"
#include "../detail/wide_fixed.hpp"
#include "../error.hpp"
#include "../types.hpp"
#include "kmeans_parallel_parameters.hpp"
#include "reproducible_kmeans_plus_plus.hpp"

namespace lloyd {
namespace detail {

/// One reproducible k-means‖ run on one process of `comm` (detail/local_comm.hpp): the candidates taken so
/// far (the same on every process, d coordinates each, in the order taken), and per local point its
/// squared distance to the nearest candidate and its fixed-point mass. `offset` is the global index
/// of the first local point.
template <class Scalar, int Dim, class Comm>
class ReproducibleKMeansParallelRun {
 public:
  ReproducibleKMeansParallelRun(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Rng& rng,
                                const Comm& comm, long long offset)
      : X_(X),
        w_(w),
        rng_(rng),
        comm_(comm),
        offset_(offset),
        n_(X.cols()),
        d_(X.rows()),
        closest_(static_cast<std::size_t>(n_), std::numeric_limits<double>::infinity()),
        mass_(static_cast<std::size_t>(n_)) {}

  Index count() const { return static_cast<Index>(cand_.size()) / d_; }

  /// The first candidate, drawn ∝ w.
  void draw_first() {
    const Fixed fw = weight_scale();
    for (Index i = 0; i < n_; ++i) mass_[static_cast<std::size_t>(i)] = fw(static_cast<double>(w_[i]));
    if (!reproducible_draw(X_, mass_, rng_, comm_, point_))
      throw error("seeding::ReproducibleKMeansParallel: all weights are zero");
    cand_.insert(cand_.end(), point_.begin(), point_.end());
    absorb(0);
  }

  /// One sampling round: point i is taken when its coin (a hash of the round seed and its global
  /// index) is below ℓ·mass_i/φ; the points taken on every process are gathered in global order and
  /// identical points taken in the same round merged. Returns false (and takes nothing) when φ = 0.
  bool sample_round(double ell) {
    const i128 phi = potential_masses();
    const std::uint64_t round_seed = rng_.next();
    if (!(phi > 0)) return false;
    const double phid = static_cast<double>(phi);
    const std::size_t pbytes = sizeof(Scalar) * static_cast<std::size_t>(d_);
    std::vector<unsigned char> mine;
    for (Index i = 0; i < n_; ++i) {
      std::uint64_t s = round_seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(offset_ + i) + 1));
      splitmix64(s);
      const double u = static_cast<double>(splitmix64(s) >> 11) * 0x1.0p-53;
      if (u * phid < ell * static_cast<double>(mass_[static_cast<std::size_t>(i)])) {
        const auto* p = reinterpret_cast<const unsigned char*>(X_.col(i).data());
        mine.insert(mine.end(), p, p + pbytes);
      }
    }
    const std::vector<unsigned char> all = comm_.allgatherv(mine);
    const Index before = count();
    for (std::size_t off = 0; off + pbytes <= all.size(); off += pbytes) {
      std::vector<Scalar> x(static_cast<std::size_t>(d_));
      std::memcpy(x.data(), all.data() + off, pbytes);
      bool dup = false;  // identical points taken in the same round are merged (earlier ones are at D = 0)
      for (Index c = before; c < count() && !dup; ++c) dup = same_point(x.data(), cand_.data() + c * d_, d_);
      if (!dup) cand_.insert(cand_.end(), x.begin(), x.end());
    }
    if (count() > before) absorb(before);
    return true;
  }

  /// Fallback while fewer than k candidates: one more candidate ∝ w·D² at a time.
  void top_up(int k) {
    while (count() < k) {
      potential_masses();
      if (!reproducible_draw(X_, mass_, rng_, comm_, point_))
        throw error("seeding::ReproducibleKMeansParallel: X has fewer than k distinct points with positive weight");
      cand_.insert(cand_.end(), point_.begin(), point_.end());
      absorb(count() - 1);
    }
  }

  /// The candidates as centres (one column each).
  Centres<Scalar, Dim> candidates() const {
    const Index m = count();
    Centres<Scalar, Dim> Cand(d_, m);
    for (Index c = 0; c < m; ++c)
      for (Index j = 0; j < d_; ++j) Cand(j, c) = cand_[static_cast<std::size_t>(c * d_ + j)];
    return Cand;
  }

  /// Candidate weights: the total weight of the points nearest to each candidate, summed exactly
  /// (multi-limb fixed point, detail/wide_fixed.hpp) over all processes and rounded once; a
  /// candidate nearest to no weight keeps the smallest positive weight.
  Weights<Scalar> candidate_weights(const Centres<Scalar, Dim>& Cand) const {
    const Index m = Cand.cols();
    const Window win = exact_weight_window();
    const std::size_t limbs = static_cast<std::size_t>(win.limbs);
    std::vector<i128> cw(static_cast<std::size_t>(m) * limbs, 0);
    std::vector<int> near(static_cast<std::size_t>(n_));
    for_each_chunk(n_, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i) near[static_cast<std::size_t>(i)] = nearest(X_.col(i).data(), Cand);
    });
    for (Index i = 0; i < n_; ++i)
      deposit(value_term(static_cast<double>(w_[i])), win.floor,
              cw.data() + static_cast<std::size_t>(near[static_cast<std::size_t>(i)]) * limbs, 1, false);
    comm_.sum(cw.data(), cw.size());
    Weights<Scalar> cws(m);
    for (Index c = 0; c < m; ++c) {
      const Scaled r = limbs_value(cw.data() + static_cast<std::size_t>(c) * limbs, 1, win);
      const Scalar v = static_cast<Scalar>(std::ldexp(r.d, r.e));
      cws[c] = v > 0 ? v : std::numeric_limits<Scalar>::min();  // a candidate carries its own positive weight
    }
    return cws;
  }

 private:
  /// The window of exact weight sums: from the largest and the smallest positive weight over all
  /// processes.
  Window exact_weight_window() const {
    double range[2] = {0.0, -std::numeric_limits<double>::infinity()};  // max, −min > 0
    for (Index i = 0; i < n_; ++i) {
      const double wi = static_cast<double>(w_[i]);
      range[0] = std::max(range[0], wi);
      if (wi > 0) range[1] = std::max(range[1], -wi);
    }
    comm_.max(range, 2);
    if (!(range[0] > 0)) return Window{};
    return window_for(term_exponent(value_term(range[0])), term_exponent(value_term(-range[1])),
                      std::numeric_limits<Scalar>::digits);
  }

  /// The fixed-point scale of the weights over all processes.
  Fixed weight_scale() const {
    double mw = 0;
    for (Index i = 0; i < n_; ++i) mw = std::max(mw, static_cast<double>(w_[i]));
    return Fixed(comm_.max(mw));
  }

  /// Lowers each point's distance with the candidates from `from` on.
  void absorb(Index from) {
    const Index m = count();
    for_each_chunk(n_, [&](Index b, Index e) {
      for (Index i = b; i < e; ++i)
        for (Index c = from; c < m; ++c)
          closest_[static_cast<std::size_t>(i)] =
              std::min(closest_[static_cast<std::size_t>(i)], sqdist(X_.col(i).data(), cand_.data() + c * d_, d_));
    });
  }

  /// Sets mass_i = w_i·D_i² in fixed point; returns φ = Σ mass over all processes.
  i128 potential_masses() {
    double mx = 0;
    for (Index i = 0; i < n_; ++i)
      mx = std::max(mx, static_cast<double>(w_[i]) * closest_[static_cast<std::size_t>(i)]);
    const Fixed fp(comm_.max(mx));
    i128 phi = 0;
    for (Index i = 0; i < n_; ++i)
      phi +=
          (mass_[static_cast<std::size_t>(i)] = fp(static_cast<double>(w_[i]) * closest_[static_cast<std::size_t>(i)]));
    comm_.sum(&phi, 1);
    return phi;
  }

  const PointsRef<Scalar, Dim>& X_;
  const WeightsRef<Scalar>& w_;
  Rng& rng_;
  const Comm& comm_;
  long long offset_;
  Index n_, d_;
  std::vector<Scalar> cand_;
  std::vector<double> closest_;
  std::vector<std::int64_t> mass_;
  std::vector<Scalar> point_;
};

/// k-means‖ (the rule of seeding::KMeansParallel) with fixed-point potentials and candidate weights:
/// the coin of a point is a hash of (round seed, global index) compared with ℓ·mass/φ computed from
/// exact integers, candidates are gathered in global order, so every process — and the one-process
/// policy seeding::ReproducibleKMeansParallel — gets the same centres. The candidates are reduced to k by
/// exact greedy k-means++ (run on every process on the same candidate set).
template <class Scalar, int Dim, class Comm>
Centres<Scalar, Dim> reproducible_kmeans_parallel(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k,
                                                  const seeding::KMeansParallelParameters& parameters, Rng& rng,
                                                  const Comm& comm, long long offset) {
  parameters.check("seeding::ReproducibleKMeansParallel");
  const double ell = parameters.oversampling > 0 ? parameters.oversampling : 2.0 * k;
  ReproducibleKMeansParallelRun<Scalar, Dim, Comm> run(X, w, rng, comm, offset);
  run.draw_first();
  for (int r = 0; r < parameters.rounds; ++r)
    if (!run.sample_round(ell)) break;
  run.top_up(k);
  Centres<Scalar, Dim> Cand = run.candidates();
  if (Cand.cols() == k) return Cand;
  const Weights<Scalar> cws = run.candidate_weights(Cand);
  return reproducible_kmeans_plus_plus(PointsRef<Scalar, Dim>(Cand), WeightsRef<Scalar>(cws), k, parameters.trials, rng,
                                       LocalComm{});
}

}  // namespace detail

namespace seeding {

/// Parameters (oversampling, rounds, trials): see kmeans_parallel_parameters.hpp.
struct ReproducibleKMeansParallel : KMeansParallelParameters {
  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    return detail::reproducible_kmeans_parallel(X, w, k, *this, rng, detail::LocalComm{}, 0);
  }
};

/// The former name (1.0), kept for one minor version: "exact" now means only "brute force's labels".
using ExactKMeansParallel [[deprecated("use seeding::ReproducibleKMeansParallel")]] = ReproducibleKMeansParallel;

}  // namespace seeding
}  // namespace lloyd
