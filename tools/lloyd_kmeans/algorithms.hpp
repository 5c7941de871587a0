#pragma once
// The names `--algorithm` accepts and the assignment policy each one selects.
//
// To add an algorithm, include its header and add ONE line to kAlgorithms below, e.g.
//     entry<lloyd::assignment::Hamerly>("hamerly", "Hamerly's bounds: one upper, one lower bound per point"),
// Each entry instantiates the fit for float and double, Dim = Eigen::Dynamic, and every --init kind.
// A name that picks its policy at run time (e.g. "auto" from n, d, k) can instead be an entry
// {"auto", "description", &my_fit<float>, &my_fit<double>} whose functions look at job.X and call
// fit<Scalar, ChosenPolicy>(job).
#include <cstring>
#include <lloyd/assignment/auto.hpp>
#include <lloyd/assignment/brute_force.hpp>
#include <lloyd/assignment/elkan.hpp>
#include <lloyd/assignment/gemm.hpp>
#include <lloyd/assignment/hamerly.hpp>
#include <lloyd/assignment/yinyang.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/seeding/given.hpp>
#include <lloyd/refine/random_swap.hpp>
#include <lloyd/seeding/kmeans_plus_plus.hpp>
#include <lloyd/seeding/local_search_plus_plus.hpp>
#include <lloyd/seeding/random_sample.hpp>
#include <lloyd/update/exact_mean.hpp>

#include "timing.hpp"

namespace lloyd_cli {

enum class Init { LocalSearch, KMeansPlusPlus, Random, Given };

/// Everything a fit needs; the data is D×N (one point per column).
template <class Scalar>
struct Job {
  const lloyd::Points<Scalar>* X = nullptr;
  const lloyd::Weights<Scalar>* w = nullptr;  // never null: all ones when no --weights
  lloyd::Options options;
  Init init = Init::LocalSearch;  // the library's default seeding
  Eigen::MatrixXd given;  // D×K centres for Init::Given
  int swaps = 0;          // refine::RandomSwap trials per run (0: no refinement, bit-identical to refine::None)
  bool exact_update = false;  // --update exact: update::ExactMean (incremental fixed-point sums)
};

template <class Scalar, class Seeding, class Assignment, class Update>
lloyd::Result<Scalar> fit_with_update(const Job<Scalar>& job, Seeding seeding) {
  lloyd::KMeans<Scalar, Eigen::Dynamic, TimedSeeding<Seeding>, TimedAssignment<Assignment>, Update,
                lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>
      km(job.options, TimedSeeding<Seeding>{std::move(seeding)}, {}, {}, {}, lloyd::refine::RandomSwap(job.swaps));
  return km.fit(*job.X, *job.w);
}

template <class Scalar, class Seeding, class Assignment>
lloyd::Result<Scalar> fit_with(const Job<Scalar>& job, Seeding seeding) {
  if (job.exact_update) return fit_with_update<Scalar, Seeding, Assignment, lloyd::update::ExactMean>(job, std::move(seeding));
  return fit_with_update<Scalar, Seeding, Assignment, lloyd::update::Mean>(job, std::move(seeding));
}

template <class Scalar, class Assignment>
lloyd::Result<Scalar> fit(const Job<Scalar>& job) {
  switch (job.init) {
    case Init::Random:
      return fit_with<Scalar, lloyd::seeding::RandomSample, Assignment>(job, {});
    case Init::Given:
      return fit_with<Scalar, lloyd::seeding::Given, Assignment>(job, lloyd::seeding::Given(job.given));
    case Init::KMeansPlusPlus:
      return fit_with<Scalar, lloyd::seeding::KMeansPlusPlus, Assignment>(job, {});
    case Init::LocalSearch:
    default:
      return fit_with<Scalar, lloyd::seeding::LocalSearchPlusPlus, Assignment>(job, {});
  }
}

struct Algorithm {
  const char* name;
  const char* description;
  lloyd::Result<float> (*fit_float)(const Job<float>&);
  lloyd::Result<double> (*fit_double)(const Job<double>&);
};

template <class Assignment>
constexpr Algorithm entry(const char* name, const char* description) {
  return {name, description, &fit<float, Assignment>, &fit<double, Assignment>};
}

// clang-format off
inline const Algorithm kAlgorithms[] = {
    entry<lloyd::assignment::Auto>("auto", "the library's default: picks lloyd, elkan or yinyang by k, d, n"),
    entry<lloyd::assignment::BruteForce>("lloyd", "exact brute force: every point against every centre"),
    entry<lloyd::assignment::Gemm>("gemm", "chunked matrix products, near-ties re-checked exactly"),
    entry<lloyd::assignment::Hamerly>("hamerly", "Hamerly's bounds: one upper, one lower bound per point"),
    entry<lloyd::assignment::Elkan>("elkan", "Elkan's bounds: one lower bound per point and centre"),
    entry<lloyd::assignment::Yinyang>("yinyang", "Yinyang: one lower bound per point and group of centres"),
};
// clang-format on

inline const Algorithm* find_algorithm(const char* name) {
  for (const Algorithm& a : kAlgorithms)
    if (std::strcmp(a.name, name) == 0) return &a;
  return nullptr;
}

}  // namespace lloyd_cli
