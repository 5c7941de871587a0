#pragma once
// lloyd::MiniBatchKMeans — mini-batch k-means (Sculley 2010) with per-centre learning rates, as in
// scikit-learn's MiniBatchKMeans.
//
//   - Seeding: each of n_init runs seeds (with the Seeding policy, k-means++ by default) on a random
//     subsample of init_size points (default 3·batch_size, at most N) and the start with the lowest
//     inertia on that subsample wins.
//   - Each step draws batch_size points uniformly with replacement (from lloyd::Rng), assigns them
//     to their nearest centre, and moves centre c to the weighted mean of its old position (weight:
//     all weight it has seen so far) and its batch points, i.e. by η = w_batch(c) / w_total(c).
//   - Stops after max_iter epochs (max_iter·⌈N/batch_size⌉ steps) or max_steps steps when given, or
//     early: when the smoothed batch inertia (exponential average with α = 2·batch/(N+1)) has not
//     improved for max_no_improvement consecutive steps (0 disables), or when tol > 0 and the
//     squared centre movement of a step is ≤ tol × (mean per-feature variance of X).
//   - Optional reassignment (reassignment_ratio > 0, as scikit-learn): every 10·k sampled points,
//     centres whose accumulated weight is below ratio × the largest are moved to batch points drawn
//     ∝ weight (never onto an existing centre).
//   - Finally every point is labelled by its nearest centre; if a cluster is then empty, full-data
//     update::Mean steps (with its empty-cluster repair) are applied until all k are used, so the
//     result always has exactly k non-empty clusters.
// Deterministic for a seed and independent of the thread count (batch sums are serial).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "detail/contracts.hpp"
#include "detail/distance.hpp"
#include "detail/fixed_sum.hpp"
#include "detail/mini_batch_step.hpp"
#include "detail/parallel.hpp"
#include "detail/rng.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "estimator.hpp"
#include "inertia/squared_euclidean.hpp"
#include "multi_run.hpp"
#include "result.hpp"
#include "seeding/kmeans_plus_plus.hpp"
#include "tolerance.hpp"
#include "types.hpp"
#include "update/mean.hpp"

namespace lloyd {

struct MiniBatchOptions {
  int k = 8;
  /// Seeding attempts on the init subsample; the best one is used.
  int n_init = 3;
  /// Maximum number of epochs (passes' worth of sampled points).
  int max_iter = 100;
  /// Maximum number of steps (mini-batches); 0 means max_iter·⌈N / batch_size⌉.
  long long max_steps = 0;
  int batch_size = 1024;
  /// Stop after this many steps without improvement of the smoothed batch inertia (0: never).
  int max_no_improvement = 10;
  /// Stop when Σ‖Δc‖² of a step ≤ tol × mean per-feature variance (0: disabled, the default).
  double tol = 0;
  /// Points for the seeding subsample; 0 means 3·batch_size (at most N).
  Index init_size = 0;
  /// Reassign centres lighter than this fraction of the heaviest (0: no reassignment).
  double reassignment_ratio = 0.01;
  std::uint64_t seed = 0;
};

template <class Scalar, int Dim = Eigen::Dynamic, class Seeding = seeding::KMeansPlusPlus>
class MiniBatchKMeans : public Estimator<MiniBatchKMeans<Scalar, Dim, Seeding>, Scalar, Dim> {
  using Base = Estimator<MiniBatchKMeans, Scalar, Dim>;
  friend Base;
  static_assert(
      detail::is_seeding<Seeding, Scalar, Dim>::value,
      "lloyd::MiniBatchKMeans: the Seeding policy must satisfy the seeding contract (see seeding/random_sample.hpp)");

 public:
  static constexpr const char* kName = "MiniBatchKMeans";
  using typename Base::centres_type;
  using typename Base::result_type;

  explicit MiniBatchKMeans(MiniBatchOptions options = MiniBatchOptions{}, Seeding seeding = Seeding{})
      : options_(options), seeding_(std::move(seeding)) {}

  MiniBatchOptions& options() { return options_; }
  const MiniBatchOptions& options() const { return options_; }

  /// scikit-learn's partial_fit: one mini-batch step on the columns of `batch` (any number ≥ 1).
  /// The first call (on a model that was neither fitted nor streamed) seeds the centres from the
  /// batch with the Seeding policy (one seeding, the batch must hold ≥ k distinct points); every call
  /// then assigns the batch's points, moves their centres by the per-centre learning rates (weight
  /// seen so far, carried over between calls and from a previous fit) and may reassign light centres
  /// (reassignment_ratio). Returns the centres, the batch's labels and inertia, and in n_iter the
  /// number of steps taken so far. The same seed and batch sequence give the same centres.
  template <class DerivedX>
  result_type partial_fit(const Eigen::MatrixBase<DerivedX>& batch) {
    this->check_points_type(batch, "X");
    const PointsRef<Scalar, Dim> Xr(batch.derived());
    const Weights<Scalar> w = Weights<Scalar>::Ones(Xr.cols());
    return this->keep(partial_fit_impl(Xr, w));
  }

  /// partial_fit with per-point weights (length = the batch's points).
  template <class DerivedX, class DerivedW>
  result_type partial_fit(const Eigen::MatrixBase<DerivedX>& batch, const Eigen::MatrixBase<DerivedW>& w) {
    this->check_points_type(batch, "X");
    static_assert(std::is_same<typename DerivedW::Scalar, Scalar>::value,
                  "lloyd: partial_fit(X, w): the weights must have the same Scalar type as the points");
    const PointsRef<Scalar, Dim> Xr(batch.derived());
    return this->keep(partial_fit_impl(Xr, detail::to_weights(w)));
  }

 private:
  void validate() const {
    const MiniBatchOptions& o = options_;
    auto positive = [](long long v, const char* name) {
      if (v < 1)
        throw error(std::string("parameter '") + name + "' is " + std::to_string(v) + "; it must be at least 1");
    };
    positive(o.k, "k");
    positive(o.n_init, "n_init");
    positive(o.max_iter, "max_iter");
    positive(o.batch_size, "batch_size");
    if (o.max_steps < 0) throw error("parameter 'max_steps' is " + std::to_string(o.max_steps) + "; it must be >= 0");
    if (o.max_no_improvement < 0)
      throw error("parameter 'max_no_improvement' is " + std::to_string(o.max_no_improvement) + "; it must be >= 0");
    if (o.init_size < 0) throw error("parameter 'init_size' is " + std::to_string(o.init_size) + "; it must be >= 0");
    if (!(o.tol >= 0) || std::isinf(o.tol)) throw error("parameter 'tol' must be a finite number >= 0");
    if (!(o.reassignment_ratio >= 0) || std::isinf(o.reassignment_ratio))
      throw error("parameter 'reassignment_ratio' must be a finite number >= 0");
  }

  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w_in) {
    validate();
    detail::validate_data(X, w_in, options_.k);
    const Scalar scale = weight_scale(w_in);
    const Weights<Scalar> w_scaled = w_in * scale;
    const WeightsRef<Scalar> w(w_scaled);
    result_type res;
    centres_type C = seed_best(X, w, res);
    stream_ = Stream{detail::MiniBatchSteps(X.rows(), options_.k), Rng(options_.seed), 0, true, scale};
    res.n_iter = run_steps(X, w, C, res.converged);
    stream_.n_steps = res.n_iter;
    // Final labels, exactly k clusters.
    Labels labels = Base::nearest_labels(X, C);
    for (int polish = 0; polish < 3 && detail_used(labels, options_.k) < options_.k; ++polish) {
      Shifts sh(options_.k);
      update::Mean{}(X, w, labels, C, sh);
      labels = Base::nearest_labels(X, C);
    }
    res.inertia = inertia::SquaredEuclidean{}(X, w_in, C, labels);
    res.centroids = std::move(C);
    res.labels = std::move(labels);
    return res;
  }

  /// The power of two that brings the largest weight to at most 1 (1 if it already is). Mini-batch
  /// adds up every weight a centre has seen over all steps, which overflows for weights near the top
  /// of the double range; the scaling changes no bit of the centres (every sum and ratio scales
  /// exactly). partial_fit after fit scales its batches by the same factor.
  static Scalar weight_scale(const WeightsRef<Scalar>& w) {
    const Scalar largest = w.maxCoeff();
    return largest > 1 ? std::ldexp(Scalar(1), -(std::ilogb(largest) + 1)) : Scalar(1);
  }

  /// Seeding on a random subsample of init_size points, best of n_init by the subsample's inertia.
  centres_type seed_best(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, result_type& res) const {
    const int k = options_.k;
    const Index n = X.cols();
    const Index init_size =
        std::min<Index>(n, options_.init_size > 0 ? options_.init_size : 3 * Index{options_.batch_size});
    centres_type best;
    double best_inertia = 0;
    for (int r = 0; r < options_.n_init; ++r) {
      Rng run_rng(run_seed(options_.seed, static_cast<std::uint64_t>(r)));
      Points<Scalar, Dim> S;
      Weights<Scalar> ws;
      if (init_size < n) subsample(X, w, init_size, run_rng, S, ws);
      const bool sub = init_size < n &&
                       detail::count_distinct<Scalar, Dim>(PointsRef<Scalar, Dim>(S), WeightsRef<Scalar>(ws), k) >= k;
      const PointsRef<Scalar, Dim> Sr = sub ? PointsRef<Scalar, Dim>(S) : X;
      const WeightsRef<Scalar> wr = sub ? WeightsRef<Scalar>(ws) : w;
      centres_type C = seeding_(Sr, wr, k, run_rng);
      const double in = inertia::SquaredEuclidean{}(Sr, wr, C, Base::nearest_labels(Sr, C));
      res.run_inertias.push_back(in);
      if (r == 0 || in < best_inertia) {
        best_inertia = in;
        best = C;
        res.best_run = r;
        res.seed = run_seed(options_.seed, static_cast<std::uint64_t>(r));
      }
    }
    return best;
  }

  /// m distinct points drawn uniformly (partial Fisher–Yates), with their weights.
  static void subsample(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Index m, Rng& rng,
                        Points<Scalar, Dim>& S, Weights<Scalar>& ws) {
    const Index n = X.cols();
    std::vector<Index> idx(static_cast<std::size_t>(n));
    std::iota(idx.begin(), idx.end(), Index(0));
    for (Index i = 0; i < m; ++i)
      std::swap(idx[static_cast<std::size_t>(i)],
                idx[static_cast<std::size_t>(i + static_cast<Index>(rng.below(static_cast<std::uint64_t>(n - i))))]);
    S.resize(X.rows(), m);
    ws.resize(m);
    for (Index i = 0; i < m; ++i) {
      S.col(i) = X.col(idx[static_cast<std::size_t>(i)]);
      ws[i] = w[idx[static_cast<std::size_t>(i)]];
    }
  }

  /// Runs the mini-batch steps; returns how many ran.
  int run_steps(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, centres_type& C, bool& converged) {
    const Index n = X.cols(), batch = options_.batch_size;
    const long long steps = options_.max_steps > 0
                                ? options_.max_steps
                                : static_cast<long long>(options_.max_iter) * ((n + batch - 1) / batch);
    const double tol_abs = options_.tol > 0 ? absolute_tolerance<Scalar, Dim>(X, options_.tol) : 0;
    detail::MiniBatchEarlyStop stop{std::min(1.0, 2.0 * static_cast<double>(batch) / static_cast<double>(n + 1)),
                                    tol_abs, options_.max_no_improvement};
    detail::MiniBatchSteps& s = stream_.steps;
    Rng& rng = stream_.rng;
    s.resize(batch);
    long long step = 0;
    while (step < steps) {
      double batch_inertia = 0;
      for (auto& i : s.idx) i = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
      const double shift = one_step(X, w, C, rng, s, batch_inertia);
      ++step;
      if (stop(step == 1, batch_inertia, shift)) {
        converged = true;
        break;
      }
    }
    return static_cast<int>(std::min<long long>(step, std::numeric_limits<int>::max()));
  }

  /// One step on the batch s.idx (columns of X): assign it, move its centres, maybe reassign light
  /// centres. Returns Σ‖Δc‖² and sets the batch's inertia per unit weight.
  double one_step(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, centres_type& C, Rng& rng,
                  detail::MiniBatchSteps& s, double& batch_inertia) const {
    const Index batch = static_cast<Index>(s.idx.size()), k = C.cols();
    detail::assign_batch(X, C, s);
    s.sum.setZero();
    std::fill(s.weight.begin(), s.weight.end(), 0.0);
    double sum_wd2 = 0, total = 0;
    for (Index j = 0; j < batch; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const double wi = static_cast<double>(w[s.idx[ju]]);
      s.sum.col(s.lab[ju]) += wi * X.col(s.idx[ju]).template cast<double>();
      s.weight[static_cast<std::size_t>(s.lab[ju])] += wi;
      sum_wd2 += wi * s.d2[ju];
      total += wi;
    }
    double shift = 0;
    for (Index c = 0; c < k; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      if (!(s.weight[cu] > 0)) continue;
      const double seen = s.seen[cu] + s.weight[cu];
      const Eigen::VectorXd old = C.col(c).template cast<double>();
      const Eigen::VectorXd nc = (old * s.seen[cu] + s.sum.col(c)) / seen;  // = old + η (batch mean − old)
      s.seen[cu] = seen;
      shift += detail::fixed_squared_distance(nc, old);
      C.col(c) = nc.cast<Scalar>();
    }
    if (options_.reassignment_ratio > 0) {
      s.since_reassign += batch;
      const bool any_unseen = std::any_of(s.seen.begin(), s.seen.end(), [](double v) { return !(v > 0); });
      if (any_unseen || s.since_reassign >= 10 * k) {
        s.since_reassign = 0;
        detail::reassign_light_centres(X, w, s.idx, C, s.seen, options_.reassignment_ratio, rng);
      }
    }
    batch_inertia = total > 0 ? sum_wd2 / total : 0;
    return shift;
  }

  /// What partial_fit carries from call to call (and from a fit to the next partial_fit).
  struct Stream {
    detail::MiniBatchSteps steps;
    Rng rng{0};
    long long n_steps = 0;
    bool started = false;
    Scalar weight_scale = 1;  // the fit's weight scale, applied to later batches
  };

  result_type partial_fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w_in) {
    const Weights<Scalar> w_scaled = w_in * stream_.weight_scale;
    const WeightsRef<Scalar> w(w_scaled);
    result_type res;
    centres_type C;
    if (!stream_.started) {
      validate();
      detail::validate_data(X, w, options_.k);
      stream_ = Stream{detail::MiniBatchSteps(X.rows(), options_.k), Rng(options_.seed), 0, true, 1};
      C = seeding_(X, w, options_.k, stream_.rng);
    } else {
      C = this->centroids();
      if (X.rows() != C.rows())
        throw error("X has dimension " + std::to_string(X.rows()) + " (rows) but the model was fitted on dimension " +
                    std::to_string(C.rows()));
      detail::validate_points_and_weights(X, w);
    }
    check_seen_stays_finite(w);
    detail::MiniBatchSteps& s = stream_.steps;
    s.resize(X.cols());
    std::iota(s.idx.begin(), s.idx.end(), Index(0));
    double batch_inertia = 0;
    one_step(X, w, C, stream_.rng, s, batch_inertia);
    ++stream_.n_steps;
    res.labels = Base::nearest_labels(X, C);
    res.inertia = inertia::SquaredEuclidean{}(X, w_in, C, res.labels);
    res.n_iter = static_cast<int>(std::min<long long>(stream_.n_steps, std::numeric_limits<int>::max()));
    res.centroids = std::move(C);
    return res;
  }

  /// The weight a centre has seen only grows: refuse a batch that would make it overflow.
  void check_seen_stays_finite(const WeightsRef<Scalar>& w) const {
    double total = 0;
    for (Index i = 0; i < w.size(); ++i) total += static_cast<double>(w[i]);
    const auto& seen = stream_.steps.seen;
    const double heaviest = seen.empty() ? 0.0 : *std::max_element(seen.begin(), seen.end());
    if (!std::isfinite(heaviest + total))
      throw error("partial_fit: the weight the centres have seen would overflow double (" + std::to_string(heaviest) +
                  " so far, " + std::to_string(total) + " in this batch); rescale the weights");
  }

  static Index detail_used(const Labels& l, int k) {
    std::vector<char> used(static_cast<std::size_t>(k), 0);
    for (Index i = 0; i < l.size(); ++i) used[static_cast<std::size_t>(l[i])] = 1;
    return std::count(used.begin(), used.end(), 1);
  }

  MiniBatchOptions options_;
  Seeding seeding_;
  Stream stream_;
};

}  // namespace lloyd
