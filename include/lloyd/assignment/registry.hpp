#pragma once
// The registry of assignment policies: every policy lloyd ships, under its one name. The
// command-line tool (`--algorithm NAME`, its --help and its tests), the benchmark driver and its
// smoke test, and the fingerprint's exactness check all read this list, so a policy listed here
// is available and checked everywhere.
//
// Adding an assignment policy takes one header, one test file and one line here:
//   1. include/lloyd/assignment/<name>.hpp: a struct with `name`, `description` and a nested
//      `template <class Scalar, int Dim> class State` (the contract is in brute_force.hpp);
//   2. tests/test_assignment_<name>.cpp (picked up by tests/CMakeLists.txt): e.g.
//      test::check_exact_against_brute_force<lloyd::assignment::<Name>, TestType>(8);
//   3. its #include below and its type in `Policies` (order = the order of --help).
#include <array>
#include <cstring>
#include <tuple>
#include <utility>

#include "auto.hpp"
#include "brute_force.hpp"
#include "elkan.hpp"
#include "gemm.hpp"
#include "hamerly.hpp"
#include "yinyang.hpp"

namespace lloyd {
namespace assignment {

/// Every registered assignment policy (the type list the tables below are generated from).
using Policies = std::tuple<Auto, BruteForce, Gemm, Hamerly, Elkan, Yinyang>;

/// A policy's name (one word, what `--algorithm` takes) and its one-line description.
struct RegistryEntry {
  const char* name;
  const char* description;
};

/// Stands for the policy type P where a value is needed (for_each_policy, with_policy).
template <class P>
struct PolicyTag {
  using type = P;
};

template <class List>
struct Registry;
template <class... P>
struct Registry<std::tuple<P...>> {
  static constexpr std::array<RegistryEntry, sizeof...(P)> entries{{{P::name, P::description}...}};

  /// Calls f(PolicyTag<P>{}) for every policy, in order.
  template <class F>
  static void for_each(F&& f) {
    (f(PolicyTag<P>{}), ...);
  }

  /// Calls f(PolicyTag<P>{}) for the policy named `name`; false when there is none.
  template <class F>
  static bool with(const char* name, F&& f) {
    bool found = false;
    ((!found && std::strcmp(name, P::name) == 0 ? (f(PolicyTag<P>{}), found = true) : false), ...);
    return found;
  }
};

/// {name, description} of every registered policy, in the order of Policies.
inline constexpr const auto& registry = Registry<Policies>::entries;

template <class F>
void for_each_policy(F&& f) {
  Registry<Policies>::for_each(std::forward<F>(f));
}

/// Calls f(PolicyTag<P>{}) with the registered policy P named `name`; returns false if none is.
template <class F>
bool with_policy(const char* name, F&& f) {
  return Registry<Policies>::with(name, std::forward<F>(f));
}

}  // namespace assignment
}  // namespace lloyd
