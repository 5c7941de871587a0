#pragma once
// lloyd::detail::lloyd_loop — the one Lloyd iteration routine. KMeans' runs, the refinement's Lloyd
// callable (refine_lloyd) and the MPI driver all run it; what differs between them is passed in:
//
//   make_state(C, labels)     builds the assignment policy's per-fit State (detail::AssignmentRunner): the first full
//                             assignment (labels become the nearest centres of C), and again after an
//                             update that moved points itself (the empty-cluster repair);
//   update(labels, C, shifts, changed) → moved
//                             the update step (new centres from the labels, Σ shifts). `changed`
//                             holds, on entry, the labels this process's last assignment changed; a
//                             distributed update that learns the count over all processes with its
//                             own reduction (piggybacked: one collective per iteration) writes it
//                             back and the loop is told so by LoopSettings::count_from_update;
//   observe(iteration, changed, shift) → go on?
//                             called after the first assignment (iteration 0) and after every
//                             iteration; false stops the loop (KMeans' callback and history).
//
// One iteration: update, then assignment (State::step, or a fresh State when the update moved
// points). The loop stops when no label changed, when Σ‖Δc‖² ≤ tol_abs, after max_iter iterations,
// or when the observer says so. With count_from_update, "no label changed in iteration i" is known
// only during the update of iteration i + 1: that update is undone, so the result, n_iter included,
// is the one the immediate count gives.
//
// n_iter counts as scikit-learn does. Its iteration assigns and then updates, so it needs one more
// iteration to see that no label changed: a run that stops because iteration i changed no label (and
// moved the centres by more than tol) reports i + 1, capped at max_iter. The centres and labels are
// the same (the update of unchanged labels gives the same centres).
#include <optional>

#include "../types.hpp"
#include "contracts.hpp"
#include "fixed_sum.hpp"

namespace lloyd {
namespace detail {

struct LoopSettings {
  int max_iter = 300;
  double tol_abs = 0;
  /// The update reports the count of changed labels over all processes, one iteration late.
  bool count_from_update = false;
};

/// Where a Lloyd loop ended.
struct LoopEnd {
  int n_iter = 0;                 ///< iterations as scikit-learn counts them (see above)
  bool converged = false;         ///< stopped because no label changed or Σ‖Δc‖² ≤ tol_abs
  bool observer_stopped = false;  ///< the observer returned false
  Index changed = 0;              ///< labels this process's last kept assignment changed
};

/// An observer that never stops the loop.
struct ObserveNothing {
  bool operator()(int, Index, double) const { return true; }
};

/// X: dense points (PointsRef) or sparse ones (SparsePointsRef); the loop only passes them on.
template <class XT, class Scalar, int Dim, class MakeState, class Update, class Observe>
LoopEnd lloyd_loop(const XT& X, Centres<Scalar, Dim>& C, Labels& labels, const LoopSettings& settings,
                   MakeState&& make_state, Update&& update, Observe&& observe) {
  // In an optional so that a rebuild frees the old State before the new one allocates its bounds:
  // never two States' per-point memory at once.
  std::optional<decltype(make_state(C, labels))> state;
  state.emplace(make_state(C, labels));
  LoopEnd end;
  if (!observe(0, X.cols(), 0.0)) {
    end.observer_stopped = true;
    return end;
  }
  Shifts shifts(C.cols());
  Labels before;
  Centres<Scalar, Dim> kept;  // the centres before the update, when that update may have to be undone
  Index changed = 0;
  for (int it = 1; it <= settings.max_iter; ++it) {
    before = labels;
    if (settings.count_from_update) kept = C;
    Index count = changed;
    const Index moved = update(labels, C, shifts, count);
    if (settings.count_from_update && it > 1 && count == 0) {  // iteration it − 1 changed no label anywhere
      C = kept;
      labels = before;
      end.converged = true;
      end.n_iter = it;  // scikit-learn's count: it − 1, plus the iteration that sees no change
      break;
    }
    const double shift = fixed_sum(shifts);
    if (moved > 0) {  // the update moved points (empty-cluster repair): start the assignment afresh
      state.reset();
      state.emplace(make_state(C, labels));
      changed = (labels.array() != before.array()).count();
    } else {
      changed = state->step(X, C, shifts, labels);
    }
    end.n_iter = it;
    end.changed = changed;
    end.observer_stopped = !observe(it, changed, shift);
    if ((!settings.count_from_update && changed == 0) || shift <= settings.tol_abs) {
      end.converged = true;
      if (shift > settings.tol_abs && it < settings.max_iter) end.n_iter = it + 1;  // scikit-learn's count
      break;
    }
    if (end.observer_stopped) break;
  }
  return end;
}

/// The loop in one process: the Assignment policy's State (with the policy's settings), and the
/// Update policy (through its per-run State when it has one, e.g. update::ReproducibleMean's incremental sums).
template <class Assignment, class XT, class Scalar, int Dim, class Update, class Observe>
LoopEnd local_lloyd(const XT& X, const WeightsRef<Scalar>& w, Centres<Scalar, Dim>& C, Labels& labels,
                    const LoopSettings& settings, const Assignment& assignment, const Update& update,
                    Observe&& observe) {
  UpdateRunner<Update, Scalar, Dim> run_update(update, X, w);
  return lloyd_loop(
      X, C, labels, settings,
      [&](const Centres<Scalar, Dim>& c, Labels& l) { return make_assignment_state(assignment, X, c, l); },
      [&](Labels& l, Centres<Scalar, Dim>& c, Shifts& shifts, Index&) { return run_update(X, w, l, c, shifts); },
      observe);
}

}  // namespace detail
}  // namespace lloyd
