#pragma once
// lloyd::KMeans — Lloyd's algorithm composed of five policies:
//
//   Seeding     initial centres           seeding::LocalSearchPlusPlus (default), KMeansPlusPlus,
//                                         RandomSample, Given
//   Assignment  nearest centre per point  assignment::Auto (default: picks BruteForce, Elkan or
//                                         Yinyang by K, D, N), Gemm, Hamerly — all exact
//   Update      new centres from labels   update::ExactMean (default: weighted means from
//                                         order-independent sums, incremental), Mean — both with
//                                         the empty-cluster repair
//   Inertia     the objective             inertia::SquaredEuclidean
//   Refine      after each run's loop     refine::None (default), refine::RandomSwap
//
// Each policy is a small class held by value; the contracts are at the top of each policy header
// and are checked at compile time. Points are the columns of a D×N matrix (see types.hpp).
//
//   lloyd::Options opt;  opt.k = 3;
//   lloyd::KMeans<double, 2> km(opt);
//   auto r = km.fit(X);                  // r.centroids (D×K), r.labels, r.inertia, r.n_iter
//   lloyd::Labels y = km.predict(Y);
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include "assignment/auto.hpp"
#include "assignment/brute_force.hpp"
#include "detail/contracts.hpp"
#include "detail/distance.hpp"
#include "detail/parallel.hpp"
#include "detail/rng.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "inertia/squared_euclidean.hpp"
#include "multi_run.hpp"
#include "options.hpp"
#include "refine/random_swap.hpp"
#include "result.hpp"
#include "seeding/kmeans_plus_plus.hpp"
#include "seeding/local_search_plus_plus.hpp"
#include "types.hpp"
#include "update/exact_mean.hpp"
#include "update/mean.hpp"

namespace lloyd {

/// Absolute tolerance for Σ‖Δc‖²: tol × mean over coordinates of the (unweighted) variance of X,
/// as in scikit-learn.
template <class Scalar, int Dim>
double absolute_tolerance(const PointsRef<Scalar, Dim>& X, double tol) {
  if (tol == 0) return 0;
  const Index n = X.cols(), d = X.rows();
  // Two passes over the columns (memory order): per-coordinate means, then squared deviations.
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d), m2 = Eigen::VectorXd::Zero(d);
  for (Index i = 0; i < n; ++i) mean += X.col(i).template cast<double>();
  mean /= static_cast<double>(n);
  for (Index i = 0; i < n; ++i) m2 += (X.col(i).template cast<double>() - mean).cwiseAbs2();
  return tol * m2.sum() / static_cast<double>(n) / static_cast<double>(d);
}

template <class Scalar, int Dim = Eigen::Dynamic, class Seeding = seeding::LocalSearchPlusPlus,
          class Assignment = assignment::Auto, class Update = update::ExactMean,
          class Inertia = inertia::SquaredEuclidean, class Refine = refine::None>
class KMeans {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::KMeans: Scalar must be float or double");
  static_assert(Dim == Eigen::Dynamic || Dim > 0, "lloyd::KMeans: Dim must be positive or Eigen::Dynamic");
  static_assert(detail::is_seeding<Seeding, Scalar, Dim>::value,
                "lloyd::KMeans: the Seeding policy must provide `Centres<Scalar, Dim> operator()(const PointsRef<Scalar, "
                "Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const` (see seeding/random_sample.hpp)");
  static_assert(detail::has_state<Assignment, Scalar, Dim>::value,
                "lloyd::KMeans: the Assignment policy must have a nested `template <class Scalar, int Dim> class "
                "State` (see assignment/brute_force.hpp)");
  static_assert(detail::is_assignment<Assignment, Scalar, Dim>::value,
                "lloyd::KMeans: Assignment::State<Scalar, Dim> must be constructible from (const PointsRef&, const "
                "Centres&, Labels&) and have `Index step(const PointsRef&, const Centres&, const Shifts&, Labels&)` "
                "(see assignment/brute_force.hpp)");
  static_assert(detail::is_update<Update, Scalar, Dim>::value,
                "lloyd::KMeans: the Update policy must provide `Index operator()(const PointsRef<Scalar, Dim>& X, const "
                "WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C, Shifts& shifts) const` (see "
                "update/mean.hpp)");
  static_assert(detail::is_inertia<Inertia, Scalar, Dim>::value,
                "lloyd::KMeans: the Inertia policy must provide `double operator()(const PointsRef<Scalar, Dim>& X, "
                "const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C, const Labels& labels) const` (see "
                "inertia/squared_euclidean.hpp)");

 public:
  using scalar_type = Scalar;
  static constexpr int dim = Dim;
  using result_type = Result<Scalar, Dim>;
  using centres_type = Centres<Scalar, Dim>;
  /// Called after every iteration (and once after seeding, iteration 0); return false to stop.
  using Callback = std::function<bool(const Iteration<Scalar, Dim>&)>;

  explicit KMeans(Options options = Options{}, Seeding seeding = Seeding{}, Assignment assignment = Assignment{},
                  Update update = Update{}, Inertia inertia = Inertia{}, Refine refine = Refine{})
      : options_(options),
        seeding_(std::move(seeding)),
        assignment_(std::move(assignment)),
        update_(std::move(update)),
        inertia_(std::move(inertia)),
        refine_(std::move(refine)) {}

  Options& options() { return options_; }
  const Options& options() const { return options_; }
  Seeding& seeding() { return seeding_; }
  const Seeding& seeding() const { return seeding_; }
  Refine& refine() { return refine_; }
  const Refine& refine() const { return refine_; }

  /// Per-iteration callback (C++ form of "fit yields (centroids, labels) per iteration").
  void set_callback(Callback cb) { callback_ = std::move(cb); }

  /// Fit to the columns of X (D×N). X is read, never copied when it is column-major storage with
  /// contiguous columns (a Matrix, a Map, a block of columns); other expressions are evaluated once.
  template <class Derived>
  result_type fit(const Eigen::MatrixBase<Derived>& X) {
    check_points_type(X, "X");
    const PointsRef<Scalar, Dim> Xr(X.derived());
    const Weights<Scalar> w = Weights<Scalar>::Ones(Xr.cols());
    return fit_impl(Xr, w);
  }

  /// Fit with per-point weights w (length N, finite, ≥ 0, not all zero).
  template <class Derived, class DerivedW>
  result_type fit(const Eigen::MatrixBase<Derived>& X, const Eigen::MatrixBase<DerivedW>& w) {
    check_points_type(X, "X");
    static_assert(std::is_same<typename DerivedW::Scalar, Scalar>::value,
                  "lloyd::KMeans::fit: weights must have the same Scalar type as the points");
    const PointsRef<Scalar, Dim> Xr(X.derived());
    return fit_impl(Xr, detail::to_weights(w));
  }

  bool fitted() const { return centroids_.cols() > 0; }

  /// The centres of the last fit (D×K).
  const centres_type& centroids() const {
    require_fitted("centroids");
    return centroids_;
  }

  /// Label of each column of Y against the fitted centres (nearest centre, ties → lowest index).
  template <class Derived>
  Labels predict(const Eigen::MatrixBase<Derived>& Y) const {
    require_fitted("predict");
    check_points_type(Y, "Y");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    check_query(Yr);
    Labels labels(Yr.cols());
    detail::for_each_chunk(Yr.cols(), [&](Index b, Index e) {
      for (Index i = b; i < e; ++i) labels[i] = detail::nearest(Yr.col(i).data(), centroids_);
    }, detail::kChunk, static_cast<double>(Yr.rows()) * static_cast<double>(centroids_.cols()));
    return labels;
  }

  /// K×N matrix of squared distances from each fitted centre to each column of Y.
  template <class Derived>
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> transform(const Eigen::MatrixBase<Derived>& Y) const {
    require_fitted("transform");
    check_points_type(Y, "Y");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    check_query(Yr);
    const Index k = centroids_.cols(), d = Yr.rows();
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> D(k, Yr.cols());
    detail::for_each_chunk(Yr.cols(), [&](Index b, Index e) {
      for (Index i = b; i < e; ++i)
        for (Index c = 0; c < k; ++c)
          D(c, i) = static_cast<Scalar>(detail::sqdist(Yr.col(i).data(), centroids_.col(c).data(), d));
    }, detail::kChunk, static_cast<double>(d) * static_cast<double>(k));
    return D;
  }

  /// Inertia of Y against the fitted centres: Σ ‖y − nearest centre‖² (double accumulator).
  template <class Derived>
  double inertia(const Eigen::MatrixBase<Derived>& Y) const {
    const Labels l = predict(Y);
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    const Weights<Scalar> ones = Weights<Scalar>::Ones(Yr.cols());
    return inertia_(Yr, WeightsRef<Scalar>(ones), centroids_, l);
  }

  /// scikit-learn's score: the negative inertia of Y (higher is better).
  template <class Derived>
  double score(const Eigen::MatrixBase<Derived>& Y) const {
    return -inertia(Y);
  }

 private:
  template <class Derived>
  static void check_points_type(const Eigen::MatrixBase<Derived>& X, const char* name) {
    static_assert(std::is_same<typename Derived::Scalar, Scalar>::value,
                  "lloyd::KMeans: the points must have the KMeans Scalar type (use .template cast<Scalar>())");
    if (Dim != Eigen::Dynamic && X.rows() != Dim)
      throw error(std::string(name) + " has " + std::to_string(X.rows()) + " rows but KMeans<.., Dim=" +
                  std::to_string(Dim) + "> expects points of dimension " + std::to_string(Dim) +
                  " (points are columns)");
  }

  void require_fitted(const char* what) const {
    if (!fitted()) throw error(std::string(what) + "() called before fit()");
  }

  void check_query(const PointsRef<Scalar, Dim>& Y) const {
    if (Y.rows() != centroids_.rows())
      throw error("Y has dimension " + std::to_string(Y.rows()) + " (rows) but the model was fitted on dimension " +
                  std::to_string(centroids_.rows()));
    if (Y.cols() > 0) detail::validate_points(Y, "Y");
  }

  // Defined below the class, not inline: a program can then compile a configuration's whole fit once
  // (`template class lloyd::KMeans<...>;` in one file, `extern template class lloyd::KMeans<...>;`
  // in the others; README "Build time"); everything a fit runs is reached from here.
  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w);

  result_type run_once(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int run, std::uint64_t seed,
                       double tol_abs) const {
    const int k = options_.k;
    Rng rng(seed);
    result_type res;
    res.centroids = seeding_(X, w, k, rng);
    check_seeding_output(X, res.centroids, k);
    Labels& labels = res.labels;
    labels = Labels::Constant(X.cols(), -1);
    auto state = detail::make_assignment_state(assignment_, X, res.centroids, labels);

    const bool observe = static_cast<bool>(callback_) || options_.record_history;
    auto report = [&](int it, Index changed, double shift) {
      if (!observe) return true;
      const double inertia = inertia_(X, w, res.centroids, labels);
      if (options_.record_history) res.history.push_back({it, res.centroids, labels, inertia, changed, shift});
      if (!callback_) return true;
      return callback_(Iteration<Scalar, Dim>{run, it, res.centroids, labels, inertia, changed, shift});
    };

    bool go_on = report(0, X.cols(), 0.0);
    Shifts shifts(k);
    Labels before;
    detail::UpdateRunner<Update, Scalar, Dim> update(update_, X, w);  // per-run state, if the policy has one
    for (int it = 1; go_on && it <= options_.max_iter; ++it) {
      before = labels;
      const Index moved = update(X, w, labels, res.centroids, shifts);
      const double shift = shifts.sum();
      Index changed;
      if (moved > 0) {  // the update moved points (empty-cluster repair): start the bounds afresh
        state = detail::make_assignment_state(assignment_, X, res.centroids, labels);
        changed = (labels.array() != before.array()).count();
      } else {
        changed = state.step(X, res.centroids, shifts, labels);
      }
      res.n_iter = it;
      go_on = report(it, changed, shift);
      if (changed == 0 || shift <= tol_abs) {
        res.converged = true;
        break;
      }
    }
    res.inertia = inertia_(X, w, res.centroids, labels);
    if (go_on)  // refinement (refine/random_swap.hpp), with this run's rng and the fit's own policies
      res.inertia = refine_(X, w, res.centroids, labels, res.inertia, rng, [&](centres_type& C, Labels& l, int iters) {
        return refine_lloyd(X, w, C, l, iters < 0 ? options_.max_iter : iters, tol_abs, update_, inertia_, assignment_);
      });
    return res;
  }

  static void check_seeding_output(const PointsRef<Scalar, Dim>& X, const centres_type& C, int k) {
    if (C.rows() != X.rows() || C.cols() != k)
      throw error("the seeding policy returned " + std::to_string(C.rows()) + "x" + std::to_string(C.cols()) +
                  " centres; expected " + std::to_string(X.rows()) + "x" + std::to_string(k) + " (D x k)");
    if (!C.allFinite()) throw error("the seeding policy returned non-finite centres");
    detail::validate_points(C, "initial centres");  // same range as X: squared distances stay finite
  }

  Options options_;
  Seeding seeding_;
  Assignment assignment_;
  Update update_;
  Inertia inertia_;
  Refine refine_;
  Callback callback_;
  centres_type centroids_;
};

template <class Scalar, int Dim, class Seeding, class Assignment, class Update, class Inertia, class Refine>
auto KMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>::fit_impl(const PointsRef<Scalar, Dim>& X,
                                                                                 const WeightsRef<Scalar>& w)
    -> result_type {
  detail::validate_options(options_);
  const double max_abs = detail::validate_points(X, "X");
  detail::validate_weights<Scalar>(w, X.cols());
  detail::validate_weighted_range<Scalar>(max_abs, X.rows(), w);
  detail::validate_k<Scalar, Dim>(X, w, options_.k);
  const double tol_abs = absolute_tolerance<Scalar, Dim>(X, options_.tol);
  const int runs = detail::is_deterministic_seeding<Seeding>::value ? 1 : options_.n_init;
  result_type best = best_of<Scalar, Dim>(
      runs, options_.seed, [&](int r, std::uint64_t s) { return run_once(X, w, r, s, tol_abs); });
  centroids_ = best.centroids;
  return best;
}

}  // namespace lloyd
