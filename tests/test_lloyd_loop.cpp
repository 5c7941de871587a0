// Tests of lloyd/detail/lloyd_loop.hpp: the one Lloyd loop and its hooks.
#include <catch2/catch.hpp>
#include <lloyd/detail/lloyd_loop.hpp>
#include <lloyd/lloyd.hpp>

#include "support.hpp"

namespace {
template <class S>
lloyd::Centres<S> first_points(const lloyd::Points<S>& X, int k) {
  return X.leftCols(k);
}

struct Outcome {
  lloyd::detail::LoopEnd end;
  Eigen::MatrixXd C;
  lloyd::Labels labels;
};

// The loop with brute force and update::Mean; `deferred` runs it as the MPI driver does: the update
// reports the count of changed labels one iteration late.
template <class S>
Outcome run(const lloyd::Points<S>& X, int k, int max_iter, double tol_abs, bool deferred) {
  using State = lloyd::assignment::BruteForce::State<S, Eigen::Dynamic>;
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
  lloyd::Centres<S> C = first_points(X, k);
  lloyd::Labels labels = lloyd::Labels::Constant(X.cols(), -1);
  lloyd::detail::LoopSettings settings;
  settings.max_iter = max_iter;
  settings.tol_abs = tol_abs;
  settings.count_from_update = deferred;
  const auto end = lloyd::detail::lloyd_loop(
      Xr, C, labels, settings, [&](const lloyd::Centres<S>& c, lloyd::Labels& l) { return State(Xr, c, l); },
      [&](lloyd::Labels& l, lloyd::Centres<S>& c, lloyd::Shifts& shifts, lloyd::Index&) {
        return lloyd::update::Mean{}(Xr, lloyd::WeightsRef<S>(w), l, c, shifts);
      },
      lloyd::detail::ObserveNothing{});
  return {end, C.template cast<double>(), labels};
}
}  // namespace

TEMPLATE_TEST_CASE("the deferred count stops one update later and undoes it", "[lloyd_loop]", float, double) {
  using S = TestType;
  for (std::uint64_t seed : {4u, 5u, 6u, 7u}) {
    const auto X = test::uniform<S>(2, 300, seed);
    const Outcome now = run<S>(X, 5, 300, 0.0, false);
    REQUIRE(now.end.converged);
    // The count of the previous assignment, reported by the update, as the MPI driver's Allreduce does.
    using State = lloyd::assignment::BruteForce::State<S, Eigen::Dynamic>;
    const lloyd::PointsRef<S> Xr(X);
    const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
    lloyd::Centres<S> C = first_points(X, 5);
    lloyd::Labels labels = lloyd::Labels::Constant(X.cols(), -1);
    lloyd::detail::LoopSettings settings;
    settings.count_from_update = true;
    int updates = 0;
    const auto end = lloyd::detail::lloyd_loop(
        Xr, C, labels, settings, [&](const lloyd::Centres<S>& c, lloyd::Labels& l) { return State(Xr, c, l); },
        [&](lloyd::Labels& l, lloyd::Centres<S>& c, lloyd::Shifts& shifts, lloyd::Index& count) {
          ++updates;  // `count` already holds this process's count: one process is all processes
          (void)count;
          return lloyd::update::Mean{}(Xr, lloyd::WeightsRef<S>(w), l, c, shifts);
        },
        lloyd::detail::ObserveNothing{});
    INFO("seed " << seed);
    CHECK(end.converged);
    CHECK(end.n_iter == now.end.n_iter);
    CHECK(updates == now.end.n_iter);  // one extra update, undone: scikit-learn's count includes it
    CHECK(C.template cast<double>() == now.C);
    CHECK(labels == now.labels);
  }
}

TEMPLATE_TEST_CASE("the observer sees iteration 0 and every iteration, and can stop the loop", "[lloyd_loop]", float,
                   double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 500, 9);
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
  for (int stop_at : {0, 1, 2}) {
    lloyd::Centres<S> C = first_points(X, 6);
    lloyd::Labels labels = lloyd::Labels::Constant(X.cols(), -1);
    std::vector<int> seen;
    lloyd::detail::LoopSettings settings;
    const auto end =
        lloyd::detail::local_lloyd(Xr, lloyd::WeightsRef<S>(w), C, labels, settings, lloyd::assignment::BruteForce{},
                                   lloyd::update::Mean{}, [&](int it, lloyd::Index changed, double shift) {
                                     seen.push_back(it);
                                     CHECK(changed >= 0);
                                     CHECK(shift >= 0);
                                     return it < stop_at;
                                   });
    INFO("stop at " << stop_at);
    CHECK(end.observer_stopped);
    CHECK(end.n_iter == stop_at);
    CHECK(seen.size() == static_cast<std::size_t>(stop_at + 1));
    CHECK(test::labels_are_nearest(X, C, labels));  // the assignment ends every iteration
  }
}

TEMPLATE_TEST_CASE("max_iter ends the loop unconverged; tolerance ends it converged", "[lloyd_loop]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(4, 2000, 10);
  const Outcome one = run<S>(X, 20, 1, 0.0, false);
  CHECK(one.end.n_iter == 1);
  CHECK_FALSE(one.end.converged);
  CHECK_FALSE(one.end.observer_stopped);
  const Outcome loose = run<S>(X, 20, 300, 1e300, false);
  CHECK(loose.end.n_iter == 1);
  CHECK(loose.end.converged);
}

namespace {
// scikit-learn's _kmeans_single_lloyd, written out: each iteration assigns the points to the current
// centres and then updates them; it stops when the labels equal the previous iteration's (strict
// convergence) or, failing that, when Σ shifts ≤ tol; n_iter is the number of iterations run.
template <class S>
Outcome sklearn_lloyd(const lloyd::Points<S>& X, int k, int max_iter, double tol_abs) {
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
  lloyd::Centres<S> C = first_points(X, k);
  lloyd::Labels labels = lloyd::Labels::Constant(X.cols(), -1), old = labels;
  lloyd::Shifts shifts;
  const auto assign = [&] {
    for (lloyd::Index p = 0; p < X.cols(); ++p)
      (X.col(p).replicate(1, k) - C).colwise().squaredNorm().minCoeff(&labels[p]);
  };
  Outcome out;
  bool strict = false;
  for (int i = 0; i < max_iter && !strict; ++i) {
    assign();
    lloyd::update::Mean{}(Xr, lloyd::WeightsRef<S>(w), labels, C, shifts);
    out.end.n_iter = i + 1;
    strict = labels == old;
    if (!strict && shifts.sum() <= tol_abs) break;
    old = labels;
  }
  if (!strict) assign();  // the labels of the returned centres
  out.C = C.template cast<double>();
  out.labels = labels;
  return out;
}
}  // namespace

TEMPLATE_TEST_CASE("n_iter counts as scikit-learn does, capped at max_iter", "[lloyd_loop]", float, double) {
  using S = TestType;
  for (std::uint64_t seed : {11u, 12u, 13u}) {
    const auto X = test::uniform<S>(2, 400, seed);
    const Outcome free = run<S>(X, 6, 300, 0.0, false);
    REQUIRE(free.end.converged);
    // every cap up to past the natural end, tolerance 0 and a tolerance that stops the run early
    for (int max_iter = 1; max_iter <= free.end.n_iter + 1; ++max_iter)
      for (double tol : {0.0, 1e-4}) {
        const Outcome ref = sklearn_lloyd<S>(X, 6, max_iter, tol);
        for (bool deferred : {false, true}) {
          const Outcome got = run<S>(X, 6, max_iter, tol, deferred);
          INFO("seed " << seed << " max_iter " << max_iter << " tol " << tol << " deferred " << deferred);
          CHECK(got.end.n_iter == ref.end.n_iter);
          CHECK(got.C == ref.C);
          CHECK(got.labels == ref.labels);
        }
      }
  }
}
