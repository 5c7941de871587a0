#pragma once
// Compile-time checks that a policy fits its contract, so a user-written policy that does not gets
// one readable static_assert message from KMeans instead of pages of template errors.
#include <type_traits>
#include <utility>

#include "../types.hpp"
#include "rng.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

template <class...>
using void_t = void;

template <class S, class Scalar, int Dim, class = void>
struct is_seeding : std::false_type {};
template <class S, class Scalar, int Dim>
struct is_seeding<
    S, Scalar, Dim,
    void_t<decltype(std::declval<const S&>()(std::declval<const PointsRef<Scalar, Dim>&>(),
                                             std::declval<const WeightsRef<Scalar>&>(), int{}, std::declval<Rng&>()))>>
    : std::is_convertible<decltype(std::declval<const S&>()(std::declval<const PointsRef<Scalar, Dim>&>(),
                                                            std::declval<const WeightsRef<Scalar>&>(), int{},
                                                            std::declval<Rng&>())),
                          Centres<Scalar, Dim>> {};

template <class A, class Scalar, int Dim, class = void>
struct has_state : std::false_type {};
template <class A, class Scalar, int Dim>
struct has_state<A, Scalar, Dim, void_t<typename A::template State<Scalar, Dim>>> : std::true_type {};

/// The assignment State's two accepted constructors: from (policy, X, C, labels), which carries the
/// policy's settings into the run, or from (X, C, labels) for a policy without settings.
template <class A, class Scalar, int Dim, class = void>
struct has_policy_state_ctor : std::false_type {};
template <class A, class Scalar, int Dim>
struct has_policy_state_ctor<A, Scalar, Dim,
                             void_t<decltype(typename A::template State<Scalar, Dim>(
                                 std::declval<const A&>(), std::declval<const PointsRef<Scalar, Dim>&>(),
                                 std::declval<const Centres<Scalar, Dim>&>(), std::declval<Labels&>()))>>
    : std::true_type {};
template <class A, class Scalar, int Dim, class = void>
struct has_plain_state_ctor : std::false_type {};
template <class A, class Scalar, int Dim>
struct has_plain_state_ctor<A, Scalar, Dim,
                            void_t<decltype(typename A::template State<Scalar, Dim>(
                                std::declval<const PointsRef<Scalar, Dim>&>(),
                                std::declval<const Centres<Scalar, Dim>&>(), std::declval<Labels&>()))>>
    : std::true_type {};

/// The assignment State's step: `step(X, C, labels)`, or the older form with the update's shifts,
/// `step(X, C, shifts, labels)`, still accepted for policies written to it.
template <class A, class Scalar, int Dim, class = void>
struct has_step : std::false_type {};
template <class A, class Scalar, int Dim>
struct has_step<A, Scalar, Dim,
                void_t<decltype(std::declval<typename A::template State<Scalar, Dim>&>().step(
                    std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const Centres<Scalar, Dim>&>(),
                    std::declval<Labels&>()))>> : std::true_type {};
template <class A, class Scalar, int Dim, class = void>
struct has_shifts_step : std::false_type {};
template <class A, class Scalar, int Dim>
struct has_shifts_step<A, Scalar, Dim,
                       void_t<decltype(std::declval<typename A::template State<Scalar, Dim>&>().step(
                           std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const Centres<Scalar, Dim>&>(),
                           std::declval<const Shifts&>(), std::declval<Labels&>()))>> : std::true_type {};

template <class A, class Scalar, int Dim>
struct is_assignment
    : std::integral_constant<bool, (has_policy_state_ctor<A, Scalar, Dim>::value ||
                                    has_plain_state_ctor<A, Scalar, Dim>::value) &&
                                       (has_step<A, Scalar, Dim>::value || has_shifts_step<A, Scalar, Dim>::value)> {};

/// One run's assignment State, built and stepped through whichever constructor and step the policy
/// provides (see has_policy_state_ctor, has_step). Movable; `state()` is the policy's State.
template <class A, class Scalar, int Dim>
class AssignmentRunner {
 public:
  using State = typename A::template State<Scalar, Dim>;

  template <class XT>
  AssignmentRunner(const A& policy, const XT& X, const Centres<Scalar, Dim>& C, Labels& labels)
      : s_(make(has_policy_state_ctor<A, Scalar, Dim>{}, policy, X, C, labels)) {}

  /// Relabels after the centres moved; returns how many labels changed. `shifts` (the update's
  /// squared per-centre shifts) reaches only a State written to the older step form.
  template <class XT>
  Index step(const XT& X, const Centres<Scalar, Dim>& C, const Shifts& shifts, Labels& labels) {
    return step(has_step<A, Scalar, Dim>{}, X, C, shifts, labels);
  }

  /// The same, for a State with the step(X, C, labels) form (every built-in policy).
  template <class XT>
  Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
    return s_.step(X, C, labels);
  }

  State& state() { return s_; }
  const State& state() const { return s_; }

 private:
  template <class XT>
  static State make(std::true_type, const A& policy, const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
    return State(policy, X, C, labels);
  }
  template <class XT>
  static State make(std::false_type, const A&, const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
    return State(X, C, labels);
  }
  template <class XT>
  Index step(std::true_type, const XT& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
    return s_.step(X, C, labels);
  }
  template <class XT>
  Index step(std::false_type, const XT& X, const Centres<Scalar, Dim>& C, const Shifts& shifts, Labels& labels) {
    return s_.step(X, C, shifts, labels);
  }

  State s_;
};

/// The assignment State of one run, from the policy object (so its settings, e.g. Yinyang's number
/// of groups, reach the State) when the State takes it, else from (X, C, labels). X: dense
/// points or, for a policy that accepts them (is_sparse_assignment), sparse points.
template <class A, class Scalar, int Dim, class XT>
AssignmentRunner<A, Scalar, Dim> make_assignment_state(const A& policy, const XT& X, const Centres<Scalar, Dim>& C,
                                                       Labels& labels) {
  return AssignmentRunner<A, Scalar, Dim>(policy, X, C, labels);
}

template <class U, class Scalar, int Dim, class = void>
struct is_update : std::false_type {};
template <class U, class Scalar, int Dim>
struct is_update<U, Scalar, Dim,
                 void_t<decltype(std::declval<const U&>()(
                     std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
                     std::declval<Labels&>(), std::declval<Centres<Scalar, Dim>&>(), std::declval<Shifts&>()))>>
    : std::true_type {};

/// Optional: an Update policy may have a nested `template <class Scalar, int Dim> class State`,
/// built once per run from (X, w) and called like the policy (non-const). KMeans then uses it for
/// the run's iterations (e.g. update::ReproducibleMean moves only the points whose label changed). It must
/// return exactly what the stateless call would.
template <class U, class Scalar, int Dim, class = void>
struct has_update_state : std::false_type {};
template <class U, class Scalar, int Dim>
struct has_update_state<
    U, Scalar, Dim,
    void_t<decltype(typename U::template State<Scalar, Dim>(std::declval<const PointsRef<Scalar, Dim>&>(),
                                                            std::declval<const WeightsRef<Scalar>&>())),
           decltype(std::declval<typename U::template State<Scalar, Dim>&>()(
               std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
               std::declval<Labels&>(), std::declval<Centres<Scalar, Dim>&>(), std::declval<Shifts&>()))>>
    : std::true_type {};

/// One run's update: through the policy's per-run State when it has one, else the stateless call.
template <class U, class Scalar, int Dim, bool = has_update_state<U, Scalar, Dim>::value>
class UpdateRunner {
 public:
  template <class XT>
  UpdateRunner(const U& u, const XT&, const WeightsRef<Scalar>&) : u_(u) {}
  template <class XT>
  Index operator()(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C, Shifts& shifts) {
    return u_(X, w, labels, C, shifts);
  }

 private:
  const U& u_;
};
template <class U, class Scalar, int Dim>
class UpdateRunner<U, Scalar, Dim, true> {
 public:
  template <class XT>
  UpdateRunner(const U&, const XT& X, const WeightsRef<Scalar>& w) : s_(X, w) {}
  template <class XT>
  Index operator()(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C, Shifts& shifts) {
    return s_(X, w, labels, C, shifts);
  }

 private:
  typename U::template State<Scalar, Dim> s_;
};

template <class I, class Scalar, int Dim, class = void>
struct is_inertia : std::false_type {};
template <class I, class Scalar, int Dim>
struct is_inertia<I, Scalar, Dim,
                  void_t<decltype(std::declval<const I&>()(
                      std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
                      std::declval<const Centres<Scalar, Dim>&>(), std::declval<const Labels&>()))>>
    : std::is_convertible<decltype(std::declval<const I&>()(
                              std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
                              std::declval<const Centres<Scalar, Dim>&>(), std::declval<const Labels&>())),
                          double> {};

/// The `lloyd` callable a refinement receives (refine/random_swap.hpp): only its signature matters here.
template <class Scalar, int Dim>
struct LloydCallable {
  double operator()(Centres<Scalar, Dim>& C, Labels& labels, int max_iter) const;
};

template <class R, class Scalar, int Dim, class = void>
struct is_refine : std::false_type {};
template <class R, class Scalar, int Dim>
struct is_refine<R, Scalar, Dim,
                 void_t<decltype(std::declval<const R&>()(
                     std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
                     std::declval<Centres<Scalar, Dim>&>(), std::declval<Labels&>(), double{}, std::declval<Rng&>(),
                     std::declval<LloydCallable<Scalar, Dim>>()))>>
    : std::is_convertible<decltype(std::declval<const R&>()(
                              std::declval<const PointsRef<Scalar, Dim>&>(), std::declval<const WeightsRef<Scalar>&>(),
                              std::declval<Centres<Scalar, Dim>&>(), std::declval<Labels&>(), double{},
                              std::declval<Rng&>(), std::declval<LloydCallable<Scalar, Dim>>())),
                          double> {};

/// Seeding policies that ignore the rng declare `static constexpr bool deterministic = true;`.
template <class S, class = void>
struct is_deterministic_seeding : std::false_type {};
template <class S>
struct is_deterministic_seeding<S, void_t<decltype(S::deterministic)>>
    : std::integral_constant<bool, S::deterministic> {};

// ---- sparse points (detail/sparse_points.hpp) ------------------------------------------------
// Which policies accept SparsePointsRef<Scalar> where the contract says PointsRef: KMeans' sparse
// fit requires all of them and names the one that does not in its static_assert.

template <class S, class Scalar, int Dim, class = void>
struct is_sparse_seeding : std::false_type {};
template <class S, class Scalar, int Dim>
struct is_sparse_seeding<
    S, Scalar, Dim,
    void_t<decltype(std::declval<const S&>()(std::declval<const SparsePointsRef<Scalar>&>(),
                                             std::declval<const WeightsRef<Scalar>&>(), int{}, std::declval<Rng&>()))>>
    : std::is_convertible<decltype(std::declval<const S&>()(std::declval<const SparsePointsRef<Scalar>&>(),
                                                            std::declval<const WeightsRef<Scalar>&>(), int{},
                                                            std::declval<Rng&>())),
                          Centres<Scalar, Dim>> {};

template <class A, class Scalar, int Dim, class = void>
struct is_sparse_assignment : std::false_type {};
template <class A, class Scalar, int Dim>
struct is_sparse_assignment<
    A, Scalar, Dim,
    void_t<decltype(make_assignment_state(std::declval<const A&>(), std::declval<const SparsePointsRef<Scalar>&>(),
                                          std::declval<const Centres<Scalar, Dim>&>(), std::declval<Labels&>()))>>
    : std::integral_constant<
          bool, std::is_constructible<typename A::template State<Scalar, Dim>, const A&, const SparsePointsRef<Scalar>&,
                                      const Centres<Scalar, Dim>&, Labels&>::value ||
                    std::is_constructible<typename A::template State<Scalar, Dim>, const SparsePointsRef<Scalar>&,
                                          const Centres<Scalar, Dim>&, Labels&>::value> {};

template <class U, class Scalar, int Dim, class = void>
struct is_sparse_update : std::false_type {};
template <class U, class Scalar, int Dim>
struct is_sparse_update<U, Scalar, Dim,
                        void_t<decltype(std::declval<const U&>()(
                            std::declval<const SparsePointsRef<Scalar>&>(), std::declval<const WeightsRef<Scalar>&>(),
                            std::declval<Labels&>(), std::declval<Centres<Scalar, Dim>&>(), std::declval<Shifts&>()))>>
    : std::integral_constant<
          bool, !has_update_state<U, Scalar, Dim>::value ||
                    std::is_constructible<typename U::template State<Scalar, Dim>, const SparsePointsRef<Scalar>&,
                                          const WeightsRef<Scalar>&>::value> {};

template <class I, class Scalar, int Dim, class = void>
struct is_sparse_inertia : std::false_type {};
template <class I, class Scalar, int Dim>
struct is_sparse_inertia<I, Scalar, Dim,
                         void_t<decltype(std::declval<const I&>()(
                             std::declval<const SparsePointsRef<Scalar>&>(), std::declval<const WeightsRef<Scalar>&>(),
                             std::declval<const Centres<Scalar, Dim>&>(), std::declval<const Labels&>()))>>
    : std::true_type {};

template <class R, class Scalar, class = void>
struct is_sparse_refine : std::false_type {};
template <class R, class Scalar>
struct is_sparse_refine<R, Scalar,
                        void_t<decltype(std::declval<const R&>()(
                            std::declval<const SparsePointsRef<Scalar>&>(), std::declval<const WeightsRef<Scalar>&>(),
                            std::declval<Centres<Scalar>&>(), std::declval<Labels&>(), double{}, std::declval<Rng&>(),
                            std::declval<LloydCallable<Scalar, Eigen::Dynamic>>()))>> : std::true_type {};

}  // namespace detail
}  // namespace lloyd
