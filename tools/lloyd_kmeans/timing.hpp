#pragma once
// Phase timing and progress for lloyd_kmeans, without touching the core library.
//
// KMeans is composed of policies, so the tool wraps two of them:
//   Timed<Seeding>      notes when each run's seeding starts;
//   Timed<Assignment>   its State notes when the first full assignment of a run is done (the end
//                       of "seeding"), and counts every later step (one per Lloyd iteration;
//                       a State rebuilt after an empty-cluster repair counts as that iteration's
//                       assignment).
// From these marks the PhaseClock splits the fit into
//   seeding    seeding + first assignment of every run (what precedes the callback's iteration 0),
//   iterating  the Lloyd iterations of every run (update + assignment + convergence test, and the
//              run's final inertia), minus the time spent printing progress,
// and the rest of KMeans::fit (validation of X, the tolerance scale) is in seconds_total only.
// Using the library's callback instead would cost a full inertia pass per iteration (the callback
// receives the inertia), which distorts ms_per_iter for fast assignment policies; the progress line
// computes an inertia only when it prints, at most every 0.1 s. Progress is shown on a terminal only,
// as one line updated in place and erased when the fit ends (or fails): stderr then holds nothing but
// an error message, if there is one.
//
// Runs are executed one after another by lloyd::best_of, so a single global clock suffices.
#include <chrono>
#include <cstdio>
#include <lloyd/detail/contracts.hpp>
#include <lloyd/inertia/squared_euclidean.hpp>
#include <lloyd/types.hpp>

namespace lloyd_cli {

using lloyd::Index;

class PhaseClock {
 public:
  using clock = std::chrono::steady_clock;

  static PhaseClock& get() {
    static PhaseClock c;
    return c;
  }

  /// progress: show a progress line on stderr (a terminal).
  void begin_fit(bool progress, int runs, const void* weights) {
    *this = PhaseClock();
    progress_ = progress;
    runs_ = runs;
    weights_ = weights;
    fit_start_ = last_print_ = clock::now();
  }

  void seeding_starts() {
    const auto t = clock::now();
    close_run(t);
    ++run_;
    iteration_ = 0;
    seed_start_ = t;
    awaiting_first_pass_ = true;
  }

  template <class XT, class Scalar, int Dim>
  void state_built(const XT& X, const lloyd::Centres<Scalar, Dim>& C, const lloyd::Labels& labels) {
    if (awaiting_first_pass_) {
      const auto t = clock::now();
      seconds_seeding_ += seconds(seed_start_, t);
      iter_start_ = t;
      awaiting_first_pass_ = false;
      in_run_ = true;
    } else {
      stepped(X, C, labels);
    }
  }

  template <class XT, class Scalar, int Dim>
  void stepped(const XT& X, const lloyd::Centres<Scalar, Dim>& C, const lloyd::Labels& labels) {
    ++iterations_;
    ++iteration_;
    if (!progress_) return;
    const auto t = clock::now();
    if (seconds(fit_start_, t) < 0.5 || seconds(last_print_, t) < 0.1) return;
    const auto* w = static_cast<const lloyd::Weights<Scalar>*>(weights_);
    const double inertia = lloyd::inertia::SquaredEuclidean{}(X, lloyd::WeightsRef<Scalar>(*w), C, labels);
    std::fprintf(stderr, "\rlloyd_kmeans: run %d/%d, iteration %d, inertia %.9g\x1b[K", run_ + 1, runs_, iteration_,
                 inertia);
    std::fflush(stderr);
    printed_ = true;
    last_print_ = clock::now();
    seconds_excluded_ += seconds(t, last_print_);
  }

  void end_fit() {
    const auto t = clock::now();
    close_run(t);
    seconds_total_ = seconds(fit_start_, t);
    erase_progress();
  }

  /// Erases the progress line, if one is shown (at the end of the fit, and before an error message).
  void erase_progress() {
    if (printed_) std::fputs("\r\x1b[K", stderr);
    printed_ = false;
  }

  double seconds_total() const { return seconds_total_; }
  double seconds_seeding() const { return seconds_seeding_; }
  /// Lloyd iterations of all runs, progress printing excluded.
  double seconds_iterating() const { return seconds_iterating_ - seconds_excluded_; }
  /// Lloyd iterations of all runs (Σ n_iter over runs).
  long iterations() const { return iterations_; }

 private:
  static double seconds(clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  }
  void close_run(clock::time_point t) {
    if (in_run_) seconds_iterating_ += seconds(iter_start_, t);
    in_run_ = false;
  }

  bool progress_ = false, printed_ = false, awaiting_first_pass_ = false, in_run_ = false;
  int runs_ = 1, run_ = -1, iteration_ = 0;
  const void* weights_ = nullptr;  // const lloyd::Weights<Scalar>* of the fit in progress
  clock::time_point fit_start_, seed_start_, iter_start_, last_print_;
  double seconds_total_ = 0, seconds_seeding_ = 0, seconds_iterating_ = 0, seconds_excluded_ = 0;
  long iterations_ = 0;
};

/// Seeding policy wrapper: marks the start of each run's seeding.
template <class Inner>
struct TimedSeeding {
  static constexpr bool deterministic = lloyd::detail::is_deterministic_seeding<Inner>::value;
  Inner inner;

  template <class Scalar, int Dim>
  lloyd::Centres<Scalar, Dim> operator()(const lloyd::PointsRef<Scalar, Dim>& X, const lloyd::WeightsRef<Scalar>& w,
                                         int k, lloyd::Rng& rng) const {
    PhaseClock::get().seeding_starts();
    return inner(X, w, k, rng);
  }
  template <class Scalar>
  lloyd::Centres<Scalar> operator()(const lloyd::SparsePointsRef<Scalar>& X, const lloyd::WeightsRef<Scalar>& w, int k,
                                    lloyd::Rng& rng) const {
    PhaseClock::get().seeding_starts();
    return inner(X, w, k, rng);
  }
};

/// Assignment policy wrapper: marks the first full assignment of each run and counts iterations.
/// `inner` is the wrapped policy object, whose settings reach its State.
template <class Inner>
struct TimedAssignment {
  Inner inner;

  template <class Scalar, int Dim>
  class State {
   public:
    template <class XT>
    State(const TimedAssignment& policy, const XT& X, const lloyd::Centres<Scalar, Dim>& C, lloyd::Labels& labels)
        : inner_(lloyd::detail::make_assignment_state(policy.inner, X, C, labels)) {
      PhaseClock::get().state_built(X, C, labels);
    }
    template <class XT>
    Index step(const XT& X, const lloyd::Centres<Scalar, Dim>& C, lloyd::Labels& labels) {
      const Index changed = inner_.step(X, C, labels);
      PhaseClock::get().stepped(X, C, labels);
      return changed;
    }

   private:
    lloyd::detail::AssignmentRunner<Inner, Scalar, Dim> inner_;
  };
};

}  // namespace lloyd_cli
