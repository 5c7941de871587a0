#pragma once
// Refinement policies: what KMeans does with a run's centres after its Lloyd loop has stopped.
//
//   refine::None        nothing (the default of KMeans' 7th template parameter)
//   refine::RandomSwap  random swap (Fränti 2018, "Efficiency of random swap clustering")
//
// Refinement policy contract (see docs/ARCHITECTURE.md, "Refinement"):
//   template <class Scalar, int Dim, class Lloyd>
//   double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
//                     Centres<Scalar, Dim>& C, Labels& labels, double inertia, Rng& rng,
//                     Lloyd&& lloyd) const;
//   - on entry (C, labels, inertia) is a run's converged state: labels are the nearest centres;
//   - `double lloyd(Centres& C, Labels& labels, int max_iter)` runs Lloyd's algorithm from the
//     centres C with the fit's own assignment, update and inertia policies: a full assignment, then
//     up to max_iter update + assignment iterations (stopping early when no label changes or the
//     shift falls below the fit's tolerance; max_iter < 0 means Options::max_iter), and returns the
//     inertia of the (C, labels) it leaves, whose labels always belong to C;
//   - returns the inertia of the (C, labels) it leaves; all randomness comes from `rng` (the run's
//     generator, after seeding), so a seed still fixes the result;
//   - must keep exactly k centres.
// lloyd::refine_lloyd() below is the Lloyd callable KMeans passes; it is usable on its own.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "../detail/contracts.hpp"
#include "../detail/distance.hpp"
#include "../detail/lloyd_loop.hpp"
#include "../detail/rng.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// refine_lloyd's body, for dense or sparse points.
template <class XT, class Scalar, int Dim, class Update, class Inertia, class Assignment>
double points_lloyd(const XT& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C, Labels& labels, int max_iter,
                    double tol_abs, const Update& update, const Inertia& inertia, const Assignment& assignment) {
  if (labels.size() != X.cols()) labels = Labels::Constant(X.cols(), -1);
  LoopSettings settings;
  settings.max_iter = max_iter;
  settings.tol_abs = tol_abs;
  local_lloyd(X, w, C, labels, settings, assignment, update, ObserveNothing{});
  return inertia(X, w, C, labels);
}

}  // namespace detail

/// Lloyd iterations from the centres C with the given policies (the body of the `lloyd` callable a
/// refinement receives): a full assignment, then up to max_iter × (update, assignment), stopping when
/// no label changed or Σ shifts ≤ tol_abs (detail::lloyd_loop). Returns inertia(X, w, C, labels);
/// labels belong to C. `assignment` is the policy object whose settings the assignment State gets
/// (KMeans passes its own).
template <class Assignment, class Scalar, int Dim, class Update, class Inertia>
double refine_lloyd(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C,
                    Labels& labels, int max_iter, double tol_abs, const Update& update, const Inertia& inertia,
                    const Assignment& assignment = Assignment{}) {
  return detail::points_lloyd(X, w, C, labels, max_iter, tol_abs, update, inertia, assignment);
}

/// The same for sparse points (KMeans' sparse fit, with a refinement that accepts them).
template <class Assignment, class Scalar, class Update, class Inertia>
double refine_lloyd(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, Centres<Scalar>& C, Labels& labels,
                    int max_iter, double tol_abs, const Update& update, const Inertia& inertia,
                    const Assignment& assignment = Assignment{}) {
  return detail::points_lloyd(X, w, C, labels, max_iter, tol_abs, update, inertia, assignment);
}

namespace refine {

/// No refinement: the run's result is its Lloyd loop's result.
struct None {
  template <class Scalar, int Dim, class Lloyd>
  double operator()(const PointsRef<Scalar, Dim>&, const WeightsRef<Scalar>&, Centres<Scalar, Dim>&, Labels&,
                    double inertia, Rng&, Lloyd&&) const {
    return inertia;
  }
};

/// Random swap: `swaps` times, move a random centre onto a random data point (drawn ∝ weight, not
/// equal to any current centre), run `iterations` Lloyd iterations, and keep the change only if the
/// inertia fell. When at least one swap was kept, Lloyd then runs to convergence (Options::max_iter,
/// tol). Cost: about swaps × (iterations + 1) assignment passes, with the fit's assignment policy.
/// swaps = 0 does nothing (so a program can pick the number at run time).
struct RandomSwap {
  /// Number of swap trials per run (≥ 0).
  int swaps = 0;
  /// Lloyd iterations after each swap (Fränti: 2 suffice), ≥ 1.
  int iterations = 2;

  RandomSwap() = default;
  explicit RandomSwap(int swaps_, int iterations_ = 2) : swaps(swaps_), iterations(iterations_) {}

  template <class Scalar, int Dim, class Lloyd>
  double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C,
                    Labels& labels, double inertia, Rng& rng, Lloyd&& lloyd) const {
    if (swaps < 0) throw error("refine::RandomSwap: parameter 'swaps' must be >= 0, got " + std::to_string(swaps));
    if (iterations < 1)
      throw error("refine::RandomSwap: parameter 'iterations' must be >= 1, got " + std::to_string(iterations));
    if (swaps == 0) return inertia;
    const Index n = X.cols(), d = X.rows(), k = C.cols();
    std::vector<double> cum(static_cast<std::size_t>(n));
    double total = 0;
    for (Index i = 0; i < n; ++i) cum[static_cast<std::size_t>(i)] = (total += static_cast<double>(w[i]));

    Centres<Scalar, Dim> trial;
    Labels trial_labels;
    bool kept = false;
    for (int s = 0; s < swaps; ++s) {
      const Index j = static_cast<Index>(rng.below(static_cast<std::uint64_t>(k)));
      const double v = rng.uniform() * total;
      const Index p = std::min<Index>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin(), n - 1);
      bool is_centre = !(w[p] > 0);
      for (Index c = 0; c < k && !is_centre; ++c) is_centre = detail::same_point(X.col(p).data(), C.col(c).data(), d);
      if (is_centre) continue;  // the trial is spent: moving a centre onto another centre is no swap
      trial = C;
      trial.col(j) = X.col(p);
      trial_labels = labels;
      const double e = lloyd(trial, trial_labels, iterations);
      if (e < inertia) {
        C.swap(trial);
        labels.swap(trial_labels);
        inertia = e;
        kept = true;
      }
    }
    if (kept) {
      trial = C;
      trial_labels = labels;
      const double e = lloyd(trial, trial_labels, -1);
      if (e <= inertia) {  // Lloyd never raises the inertia; the check guards against rounding only
        C.swap(trial);
        labels.swap(trial_labels);
        inertia = e;
      }
    }
    return inertia;
  }
};

}  // namespace refine
}  // namespace lloyd
