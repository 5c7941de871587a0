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
#include <numeric>
#include <string>
#include <vector>

#include "detail/distance.hpp"
#include "detail/parallel.hpp"
#include "detail/rng.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "inertia/squared_euclidean.hpp"
#include "kmeans.hpp"
#include "result.hpp"
#include "seeding/kmeans_plus_plus.hpp"
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
class MiniBatchKMeans {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::MiniBatchKMeans: Scalar must be float or double");
  static_assert(detail::is_seeding<Seeding, Scalar, Dim>::value,
                "lloyd::MiniBatchKMeans: the Seeding policy must satisfy the seeding contract (see seeding/random_sample.hpp)");

 public:
  using result_type = Result<Scalar, Dim>;
  using centres_type = Centres<Scalar, Dim>;

  explicit MiniBatchKMeans(MiniBatchOptions options = MiniBatchOptions{}, Seeding seeding = Seeding{})
      : options_(options), seeding_(std::move(seeding)) {}

  MiniBatchOptions& options() { return options_; }
  const MiniBatchOptions& options() const { return options_; }

  template <class Derived>
  result_type fit(const Eigen::MatrixBase<Derived>& X) {
    check_type<Derived>(X);
    const PointsRef<Scalar, Dim> Xr(X.derived());
    const Weights<Scalar> w = Weights<Scalar>::Ones(Xr.cols());
    return fit_impl(Xr, w);
  }

  template <class Derived, class DerivedW>
  result_type fit(const Eigen::MatrixBase<Derived>& X, const Eigen::MatrixBase<DerivedW>& w) {
    check_type<Derived>(X);
    static_assert(std::is_same<typename DerivedW::Scalar, Scalar>::value,
                  "lloyd::MiniBatchKMeans::fit: weights must have the same Scalar type as the points");
    const PointsRef<Scalar, Dim> Xr(X.derived());
    return fit_impl(Xr, detail::to_weights(w));
  }

  bool fitted() const { return centroids_.cols() > 0; }
  const centres_type& centroids() const {
    if (!fitted()) throw error("centroids() called before fit()");
    return centroids_;
  }

  template <class Derived>
  Labels predict(const Eigen::MatrixBase<Derived>& Y) const {
    if (!fitted()) throw error("predict() called before fit()");
    check_type<Derived>(Y);
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    if (Yr.rows() != centroids_.rows())
      throw error("Y has dimension " + std::to_string(Yr.rows()) + " (rows) but the model was fitted on dimension " +
                  std::to_string(centroids_.rows()));
    if (Yr.cols() > 0) detail::validate_points(Yr, "Y");
    return label_all(Yr, centroids_);
  }

 private:
  template <class Derived>
  static void check_type(const Eigen::MatrixBase<Derived>& X) {
    static_assert(std::is_same<typename Derived::Scalar, Scalar>::value,
                  "lloyd::MiniBatchKMeans: the points must have the Scalar type of the model");
    if (Dim != Eigen::Dynamic && X.rows() != Dim)
      throw error("X has " + std::to_string(X.rows()) + " rows but MiniBatchKMeans<.., Dim=" + std::to_string(Dim) +
                  "> expects points of dimension " + std::to_string(Dim) + " (points are columns)");
  }

  static Labels label_all(const PointsRef<Scalar, Dim>& X, const centres_type& C) {
    Labels l(X.cols());
    detail::for_each_chunk(X.cols(), [&](Index b, Index e) {
      for (Index i = b; i < e; ++i) l[i] = detail::nearest(X.col(i).data(), C);
    });
    return l;
  }

  void validate() const {
    const MiniBatchOptions& o = options_;
    auto positive = [](long long v, const char* name) {
      if (v < 1) throw error(std::string("parameter '") + name + "' is " + std::to_string(v) + "; it must be at least 1");
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

  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
    validate();
    detail::validate_points(X, "X");
    detail::validate_weights<Scalar>(w, X.cols());
    const int k = options_.k;
    detail::validate_k<Scalar, Dim>(X, w, k);
    const Index n = X.cols(), d = X.rows();
    const Index batch = options_.batch_size;
    Rng rng(options_.seed);
    result_type res;

    // --- seeding on a subsample, best of n_init -------------------------------------------------
    const Index init_size = std::min(n, options_.init_size > 0 ? options_.init_size : 3 * batch);
    centres_type best;
    double best_inertia = 0;
    for (int r = 0; r < options_.n_init; ++r) {
      Rng run_rng(run_seed(options_.seed, static_cast<std::uint64_t>(r)));
      Points<Scalar, Dim> S;
      Weights<Scalar> ws;
      if (init_size < n) {  // partial Fisher–Yates: init_size distinct indices
        std::vector<Index> idx(static_cast<std::size_t>(n));
        std::iota(idx.begin(), idx.end(), Index(0));
        for (Index i = 0; i < init_size; ++i)
          std::swap(idx[static_cast<std::size_t>(i)],
                    idx[static_cast<std::size_t>(i + static_cast<Index>(run_rng.below(static_cast<std::uint64_t>(n - i))))]);
        S.resize(d, init_size);
        ws.resize(init_size);
        for (Index i = 0; i < init_size; ++i) {
          S.col(i) = X.col(idx[static_cast<std::size_t>(i)]);
          ws[i] = w[idx[static_cast<std::size_t>(i)]];
        }
      }
      const bool sub = init_size < n && detail::count_distinct<Scalar, Dim>(PointsRef<Scalar, Dim>(S), WeightsRef<Scalar>(ws), k) >= k;
      const PointsRef<Scalar, Dim> Sr = sub ? PointsRef<Scalar, Dim>(S) : X;
      const WeightsRef<Scalar> wr = sub ? WeightsRef<Scalar>(ws) : w;
      centres_type C = seeding_(Sr, wr, k, run_rng);
      const double in = inertia::SquaredEuclidean{}(Sr, wr, C, label_all(Sr, C));
      res.run_inertias.push_back(in);
      if (r == 0 || in < best_inertia) {
        best_inertia = in;
        best = C;
        res.best_run = r;
        res.seed = run_seed(options_.seed, static_cast<std::uint64_t>(r));
      }
    }
    centres_type C = best;

    // --- mini-batch steps -----------------------------------------------------------------------
    const long long steps = options_.max_steps > 0
                                ? options_.max_steps
                                : static_cast<long long>(options_.max_iter) * ((n + batch - 1) / batch);
    const double tol_abs = options_.tol > 0 ? absolute_tolerance<Scalar, Dim>(X, options_.tol) : 0;
    const double alpha = std::min(1.0, 2.0 * static_cast<double>(batch) / static_cast<double>(n + 1));
    std::vector<double> seen(static_cast<std::size_t>(k), 0.0);  // weight seen so far per centre
    std::vector<Index> bidx(static_cast<std::size_t>(batch));
    std::vector<int> blab(static_cast<std::size_t>(batch));
    std::vector<double> bd2(static_cast<std::size_t>(batch));
    Eigen::MatrixXd bsum(d, k);
    std::vector<double> bw(static_cast<std::size_t>(k));
    double ewa = 0, ewa_min = 0;
    int no_improvement = 0;
    Index since_reassign = 0;
    long long step = 0;
    for (; step < steps; ++step) {
      for (auto& i : bidx) i = static_cast<Index>(rng.below(static_cast<std::uint64_t>(n)));
      auto assign = [&](Index b, Index e) {
        for (Index j = b; j < e; ++j) {
          const auto ju = static_cast<std::size_t>(j);
          blab[ju] = detail::nearest(X.col(bidx[ju]).data(), C, &bd2[ju]);
        }
      };
      // Small batches are assigned serially: a parallel region per step costs more than it saves
      // (and much more on a loaded machine). Each label is computed alone, so the result is the same.
      if (batch * static_cast<Index>(k) * d >= (Index(1) << 20))
        detail::for_each_chunk(batch, assign);
      else
        assign(0, batch);
      bsum.setZero();
      std::fill(bw.begin(), bw.end(), 0.0);
      double binertia = 0, btotal = 0;
      for (Index j = 0; j < batch; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        const double wi = static_cast<double>(w[bidx[ju]]);
        bsum.col(blab[ju]) += wi * X.col(bidx[ju]).template cast<double>();
        bw[static_cast<std::size_t>(blab[ju])] += wi;
        binertia += wi * bd2[ju];
        btotal += wi;
      }
      double shift = 0;
      for (Index c = 0; c < k; ++c) {
        const auto cu = static_cast<std::size_t>(c);
        if (!(bw[cu] > 0)) continue;
        const double total = seen[cu] + bw[cu];
        const Eigen::VectorXd old = C.col(c).template cast<double>();
        const Eigen::VectorXd nc = (old * seen[cu] + bsum.col(c)) / total;  // = old + η (batch mean − old)
        seen[cu] = total;
        shift += (nc - old).squaredNorm();
        C.col(c) = nc.cast<Scalar>();
      }
      if (options_.reassignment_ratio > 0) {
        since_reassign += batch;
        const bool any_unseen = std::any_of(seen.begin(), seen.end(), [](double s) { return !(s > 0); });
        if (any_unseen || since_reassign >= 10 * static_cast<Index>(k)) {
          since_reassign = 0;
          reassign(X, w, bidx, C, seen, rng);
        }
      }
      // Early stopping on the smoothed batch inertia (per unit weight), not on the first step.
      const double bi = btotal > 0 ? binertia / btotal : 0;
      if (step == 0) {
        ewa = ewa_min = bi;
        continue;
      }
      ewa = ewa * (1 - alpha) + bi * alpha;
      if (tol_abs > 0 && shift <= tol_abs) {
        res.converged = true;
        ++step;
        break;
      }
      if (ewa < ewa_min) {
        ewa_min = ewa;
        no_improvement = 0;
      } else if (options_.max_no_improvement > 0 && ++no_improvement >= options_.max_no_improvement) {
        res.converged = true;
        ++step;
        break;
      }
    }
    res.n_iter = static_cast<int>(std::min<long long>(step, std::numeric_limits<int>::max()));

    // --- final labels, exactly k clusters -------------------------------------------------------
    Labels labels = label_all(X, C);
    for (int polish = 0; polish < 3 && detail_used(labels, k) < k; ++polish) {
      Shifts sh(k);
      update::Mean{}(X, w, labels, C, sh);
      labels = label_all(X, C);
    }
    res.centroids = C;
    res.labels = labels;
    res.inertia = inertia::SquaredEuclidean{}(X, w, C, labels);
    centroids_ = C;
    return res;
  }

  static Index detail_used(const Labels& l, int k) {
    std::vector<char> used(static_cast<std::size_t>(k), 0);
    for (Index i = 0; i < l.size(); ++i) used[static_cast<std::size_t>(l[i])] = 1;
    return std::count(used.begin(), used.end(), 1);
  }

  // scikit-learn's random reassignment: light centres jump to batch points drawn ∝ weight.
  void reassign(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const std::vector<Index>& bidx,
                centres_type& C, std::vector<double>& seen, Rng& rng) const {
    const Index k = C.cols(), d = X.rows();
    const double heaviest = *std::max_element(seen.begin(), seen.end());
    std::vector<Index> light;
    for (Index c = 0; c < k; ++c)
      if (seen[static_cast<std::size_t>(c)] < options_.reassignment_ratio * heaviest) light.push_back(c);
    if (light.empty()) return;
    // At most half a batch of them: the lightest first.
    std::stable_sort(light.begin(), light.end(),
                     [&](Index a, Index b) { return seen[static_cast<std::size_t>(a)] < seen[static_cast<std::size_t>(b)]; });
    const std::size_t cap = std::max<std::size_t>(1, bidx.size() / 2);
    if (light.size() > cap) light.resize(cap);
    double floor_weight = heaviest;
    for (Index c = 0; c < k; ++c)
      if (std::find(light.begin(), light.end(), c) == light.end())
        floor_weight = std::min(floor_weight, seen[static_cast<std::size_t>(c)]);
    std::vector<double> cum(bidx.size());
    double s = 0;
    for (std::size_t j = 0; j < bidx.size(); ++j) cum[j] = (s += static_cast<double>(w[bidx[j]]));
    if (!(s > 0)) return;
    for (Index c : light) {
      for (int attempt = 0; attempt < 8; ++attempt) {
        const double v = rng.uniform() * s;
        const std::size_t j = std::min<std::size_t>(
            static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin()), bidx.size() - 1);
        const Scalar* x = X.col(bidx[j]).data();
        bool dup = false;
        for (Index o = 0; o < k && !dup; ++o) dup = detail::same_point(x, C.col(o).data(), d);
        if (dup) continue;
        C.col(c) = X.col(bidx[j]);
        seen[static_cast<std::size_t>(c)] = floor_weight;
        break;
      }
    }
  }

  MiniBatchOptions options_;
  Seeding seeding_;
  centres_type centroids_;
};

}  // namespace lloyd
