#pragma once
// lloyd::KMeans — Lloyd's algorithm composed of five policies:
//
//   Seeding     initial centres           seeding::DefaultKMeansPlusPlus (default: KMeansPlusPlus),
//                                         KMeansPlusPlus, LocalSearchPlusPlus, RandomSample, Given
//   Assignment  nearest centre per point  assignment::Auto (default: picks BruteForce, Elkan or
//                                         Yinyang by K, D, N), Gemm, Hamerly — all exact
//   Update      new centres from labels   update::ReproducibleMean (default: weighted means from
//                                         order-independent sums, incremental), Mean — both with
//                                         the empty-cluster repair
//   Inertia     the objective             inertia::SquaredEuclidean
//   Refine      after each run's loop     refine::Breathing (default with the default seeding, m = 5),
//                                         refine::None (default with a seeding chosen), RandomSwap
//
// The default configuration, KMeans<Scalar> (or <Scalar, Dim>), is breathing k-means (Fritzke): one
// greedy k-means++ run (Options::n_init auto resolves to 1 under breathing, to 10 without it),
// then refine::Breathing(5). A configuration that names its seeding gets no refinement, so 10 runs,
// by default (docs/QUALITY.md, "The defaults, and why";
// docs/ARCHITECTURE.md, "Defaults").
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
#include "detail/lloyd_loop.hpp"
#include "detail/rng.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "estimator.hpp"
#include "inertia/squared_euclidean.hpp"
#include "multi_run.hpp"
#include "options.hpp"
#include "refine/breathing.hpp"
#include "refine/random_swap.hpp"
#include "result.hpp"
#include "seeding/kmeans_plus_plus.hpp"
#include "seeding/local_search_plus_plus.hpp"
#include "tolerance.hpp"
#include "types.hpp"
#include "update/mean.hpp"
#include "update/reproducible_mean.hpp"

namespace lloyd {
namespace detail {

/// KMeans' default Refine: breathing with the default seeding, none with a seeding chosen.
template <class Seeding>
using default_refine_t = typename std::conditional<std::is_same<Seeding, seeding::DefaultKMeansPlusPlus>::value,
                                                   refine::Breathing, refine::None>::type;

/// The runs of Options::n_init auto: 1 under refine::Breathing (breathing k-means is one run, its
/// breaths doing the global search that repeated runs would), kAutoRuns (10) otherwise.
template <class Refine>
constexpr int auto_n_init() {
  return std::is_same<Refine, refine::Breathing>::value ? 1 : kAutoRuns;
}

}  // namespace detail

template <class Scalar, int Dim = Eigen::Dynamic, class Seeding = seeding::DefaultKMeansPlusPlus,
          class Assignment = assignment::Auto, class Update = update::ReproducibleMean,
          class Inertia = inertia::SquaredEuclidean, class Refine = detail::default_refine_t<Seeding>>
class KMeans
    : public Estimator<KMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>, Scalar, Dim, Inertia> {
  using Base = Estimator<KMeans, Scalar, Dim, Inertia>;
  friend Base;
  static_assert(
      detail::is_seeding<Seeding, Scalar, Dim>::value,
      "lloyd::KMeans: the Seeding policy must provide `Centres<Scalar, Dim> operator()(const PointsRef<Scalar, "
      "Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const` (see seeding/random_sample.hpp)");
  static_assert(detail::has_state<Assignment, Scalar, Dim>::value,
                "lloyd::KMeans: the Assignment policy must have a nested `template <class Scalar, int Dim> class "
                "State` (see assignment/brute_force.hpp)");
  static_assert(detail::is_assignment<Assignment, Scalar, Dim>::value,
                "lloyd::KMeans: Assignment::State<Scalar, Dim> must be constructible from (const Assignment&, X, C, "
                "Labels&) or (X, C, Labels&) and have `Index step(X, C, Labels&)` (or the older `step(X, C, const "
                "Shifts&, Labels&)`) (see assignment/brute_force.hpp)");
  static_assert(
      detail::is_update<Update, Scalar, Dim>::value,
      "lloyd::KMeans: the Update policy must provide `Index operator()(const PointsRef<Scalar, Dim>& X, const "
      "WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C, Shifts& shifts) const` (see "
      "update/mean.hpp)");
  static_assert(detail::is_inertia<Inertia, Scalar, Dim>::value,
                "lloyd::KMeans: the Inertia policy must provide `double operator()(const PointsRef<Scalar, Dim>& X, "
                "const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C, const Labels& labels) const` (see "
                "inertia/squared_euclidean.hpp)");

  static_assert(
      detail::is_refine<Refine, Scalar, Dim>::value,
      "lloyd::KMeans: the Refine policy must provide `double operator()(const PointsRef<Scalar, Dim>& X, const "
      "WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C, Labels& labels, double inertia, Rng& rng, Lloyd&& "
      "lloyd) const` (see refine/random_swap.hpp)");

 public:
  static constexpr const char* kName = "KMeans";
  /// fit, predict, transform, inertia and score accept sparse points (estimator.hpp).
  static constexpr bool kSparseInput = true;
  using typename Base::centres_type;
  using typename Base::result_type;
  /// Called after every iteration (and once after seeding, iteration 0); return false to stop.
  using Callback = std::function<bool(const Iteration<Scalar, Dim>&)>;

  explicit KMeans(Options options = Options{}, Seeding seeding = Seeding{}, Assignment assignment = Assignment{},
                  Update update = Update{}, Inertia inertia = Inertia{}, Refine refine = Refine{})
      : Base(std::move(inertia)),
        options_(options),
        seeding_(std::move(seeding)),
        assignment_(std::move(assignment)),
        update_(std::move(update)),
        refine_(std::move(refine)) {}

  Options& options() { return options_; }
  const Options& options() const { return options_; }
  Seeding& seeding() { return seeding_; }
  const Seeding& seeding() const { return seeding_; }
  Refine& refine() { return refine_; }
  const Refine& refine() const { return refine_; }

  /// Per-iteration callback (C++ form of "fit yields (centroids, labels) per iteration").
  void set_callback(Callback cb) { callback_ = std::move(cb); }

 private:
  using Base::inertia_;

  // Defined below the class, not inline: a program can then compile a configuration's whole fit once
  // (`template class lloyd::KMeans<...>;` in one file, `extern template class lloyd::KMeans<...>;`
  // in the others; docs/USAGE.md "Build time"); everything a fit runs is reached from here.
  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w);

  // The fit of sparse points (Estimator::fit of a sparse matrix; detail/sparse_points.hpp): the same
  // runs through the same loop, with every policy reading the points through the sparse view. A
  // member template, so that compiling a configuration (`template class KMeans<...>`) does not
  // require its policies to accept sparse points; this function checks that they do.
  template <class XT>
  result_type fit_sparse(const XT& X, const WeightsRef<Scalar>& w) {
    static_assert(Dim == Eigen::Dynamic, "lloyd::KMeans: sparse points need Dim = Eigen::Dynamic");
    static_assert(detail::is_sparse_seeding<Seeding, Scalar, Dim>::value,
                  "lloyd::KMeans: this Seeding policy does not accept sparse points (SparsePointsRef); use "
                  "seeding::KMeansPlusPlus (the default), seeding::LocalSearchPlusPlus or seeding::Given");
    static_assert(detail::is_sparse_assignment<Assignment, Scalar, Dim>::value,
                  "lloyd::KMeans: this Assignment policy does not accept sparse points (SparsePointsRef); the "
                  "library's policies all do (assignment::Auto, BruteForce, Gemm, Hamerly, Elkan, Yinyang)");
    static_assert(detail::is_sparse_update<Update, Scalar, Dim>::value,
                  "lloyd::KMeans: this Update policy does not accept sparse points (SparsePointsRef); use "
                  "update::ReproducibleMean (the default) or update::SphericalMean");
    static_assert(detail::is_sparse_inertia<Inertia, Scalar, Dim>::value,
                  "lloyd::KMeans: this Inertia policy does not accept sparse points (SparsePointsRef); use "
                  "inertia::SquaredEuclidean (the default) or inertia::Cosine");
    static_assert(std::is_same<Refine, refine::None>::value || detail::is_sparse_refine<Refine, Scalar>::value,
                  "lloyd::KMeans: this Refine policy does not accept sparse points (SparsePointsRef); use "
                  "refine::Breathing (the default) or refine::None");
    detail::validate_options(options_);
    detail::validate_data(X, w, options_.k);
    const double tol_abs = absolute_tolerance(X, options_.tol);
    return best_of<Scalar, Dim>(runs(), options_.seed,
                                [&](int r, std::uint64_t s) { return run_once(X, w, r, s, tol_abs); });
  }

  /// The number of runs: one for a deterministic seeding, else Options::n_init with auto resolved
  /// (1 under breathing, as in the default configuration, 10 otherwise; detail::auto_n_init).
  int runs() const {
    if (detail::is_deterministic_seeding<Seeding>::value) return 1;
    return detail::resolved_n_init(options_, detail::auto_n_init<Refine>());
  }

  template <class XT>
  result_type run_once(const XT& X, const WeightsRef<Scalar>& w, int run, std::uint64_t seed, double tol_abs) const {
    Rng rng(seed);
    result_type res;
    res.centroids = seeding_(X, w, options_.k, rng);
    check_seeding_output(X, res.centroids, options_.k);
    res.labels = Labels::Constant(X.cols(), -1);
    detail::LoopSettings settings;
    settings.max_iter = options_.max_iter;
    settings.tol_abs = tol_abs;
    const detail::LoopEnd end =
        detail::local_lloyd(X, w, res.centroids, res.labels, settings, assignment_, update_, observer(X, w, run, res));
    res.n_iter = end.n_iter;
    res.converged = end.converged;
    res.inertia = inertia_(X, w, res.centroids, res.labels);
    constexpr bool refines = !detail::is_sparse_points<XT>::value || !std::is_same<Refine, refine::None>::value;
    if constexpr (refines) {
      if (!end.observer_stopped)  // refinement (refine/random_swap.hpp), with this run's rng and the fit's policies
        res.inertia =
            refine_(X, w, res.centroids, res.labels, res.inertia, rng, [&](centres_type& C, Labels& l, int iters) {
              return refine_lloyd(X, w, C, l, iters < 0 ? options_.max_iter : iters, tol_abs, update_, inertia_,
                                  assignment_);
            });
    }
    return res;
  }

  /// What the loop reports after each iteration: the callback and Options::record_history.
  template <class XT>
  auto observer(const XT& X, const WeightsRef<Scalar>& w, int run, result_type& res) const {
    const bool observe = static_cast<bool>(callback_) || options_.record_history;
    return [&, observe, run](int it, Index changed, double shift) {
      if (!observe) return true;
      const double inertia = inertia_(X, w, res.centroids, res.labels);
      if (options_.record_history) res.history.push_back({it, res.centroids, res.labels, inertia, changed, shift});
      if (!callback_) return true;
      return callback_(Iteration<Scalar, Dim>{run, it, res.centroids, res.labels, inertia, changed, shift});
    };
  }

  template <class XT>
  static void check_seeding_output(const XT& X, const centres_type& C, int k) {
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
  Refine refine_;
  Callback callback_;
};

template <class Scalar, int Dim, class Seeding, class Assignment, class Update, class Inertia, class Refine>
auto KMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>::fit_impl(const PointsRef<Scalar, Dim>& X,
                                                                                 const WeightsRef<Scalar>& w)
    -> result_type {
  detail::validate_options(options_);
  detail::validate_data(X, w, options_.k);
  const double tol_abs = absolute_tolerance<Scalar, Dim>(X, options_.tol);
  return best_of<Scalar, Dim>(runs(), options_.seed,
                              [&](int r, std::uint64_t s) { return run_once(X, w, r, s, tol_abs); });
}

}  // namespace lloyd
