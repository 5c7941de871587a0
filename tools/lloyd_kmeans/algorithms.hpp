#pragma once
// The assignment policy each `--algorithm` name selects: one entry per policy of the library's
// registry (lloyd/assignment/registry.hpp), under the policy's own name. A policy added to the
// registry is an --algorithm here with nothing to change in the tool.
// Each entry instantiates the fit for float and double, Dim = Eigen::Dynamic, and every --init kind.
#include <array>
#include <cstring>
#include <functional>
#include <lloyd/assignment/registry.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/refine/breathing.hpp>
#include <lloyd/refine/random_swap.hpp>
#include <lloyd/seeding/given.hpp>
#include <lloyd/seeding/kmeans_plus_plus.hpp>
#include <lloyd/seeding/local_search_plus_plus.hpp>
#include <lloyd/seeding/random_sample.hpp>
#include <lloyd/spherical_kmeans.hpp>
#include <lloyd/update/reproducible_mean.hpp>

#include "args.hpp"
#include "timing.hpp"

namespace lloyd_cli {

enum class Init { LocalSearch, KMeansPlusPlus, Random, Given };

/// Everything a fit needs; the data is D×N (one point per column).
template <class Scalar>
struct Job {
  const Scalar* data = nullptr;  // the D×N points, column-major: a table read into memory or a mapped file
  lloyd::Index d = 0, n = 0;
  const lloyd::SparsePoints<Scalar>* sparse = nullptr;  // sparse INPUT (.svm / .libsvm): the points, else null
  const lloyd::Weights<Scalar>* w = nullptr;            // never null: all ones when no --weights
  lloyd::Options options;
  Init init = Init::LocalSearch;  // the library's default seeding
  Eigen::MatrixXd given;          // D×K centres for Init::Given
  int swaps = 0;                  // refine::RandomSwap trials per run (0: no refinement, bit-identical to refine::None)
  int breathing_m = 0;            // refine::Breathing depth (0: no refinement)
  bool reproducible_update = false;  // --update reproducible: update::ReproducibleMean (fixed-point sums)
  bool cosine = false;               // --metric cosine: SphericalKMeans

  /// The points as fit takes them, without a copy.
  Eigen::Map<const lloyd::Points<Scalar>> points() const { return {data, d, n}; }
};

/// The seeding policy chosen on the command line, behind one type: KMeans is instantiated once per
/// (Scalar, assignment, update) instead of once per seeding as well, which keeps this tool's compile
/// time down. KMeans calls it exactly as it would call the chosen policy (same X, w, k, and the run's
/// rng), so the results are the library's bit for bit. Given centres are deterministic: main() runs
/// them once (n_init = 1), as KMeans does for seeding::Given.
template <class Scalar>
struct AnySeeding {
  std::function<lloyd::Centres<Scalar>(const lloyd::PointsRef<Scalar>&, const lloyd::WeightsRef<Scalar>&, int,
                                       lloyd::Rng&)>
      f;
  /// The same seeding on sparse points (every --init but random).
  std::function<lloyd::Centres<Scalar>(const lloyd::SparsePointsRef<Scalar>&, const lloyd::WeightsRef<Scalar>&, int,
                                       lloyd::Rng&)>
      sparse;
  lloyd::Centres<Scalar> operator()(const lloyd::PointsRef<Scalar>& X, const lloyd::WeightsRef<Scalar>& w, int k,
                                    lloyd::Rng& rng) const {
    return f(X, w, k, rng);
  }
  lloyd::Centres<Scalar> operator()(const lloyd::SparsePointsRef<Scalar>& X, const lloyd::WeightsRef<Scalar>& w, int k,
                                    lloyd::Rng& rng) const {
    return sparse(X, w, k, rng);
  }
};

/// The --refine policy behind one type (KMeans is instantiated once, as for AnySeeding): random swap
/// when swaps > 0, breathing when breathing_m > 0, otherwise nothing (refine::None's result).
struct AnyRefine {
  int swaps = 0;
  int breathing_m = 0;
  template <class Scalar, int Dim, class Lloyd>
  double operator()(const lloyd::PointsRef<Scalar, Dim>& X, const lloyd::WeightsRef<Scalar>& w,
                    lloyd::Centres<Scalar, Dim>& C, lloyd::Labels& labels, double inertia, lloyd::Rng& rng,
                    Lloyd&& lloyd) const {
    if (breathing_m > 0) return lloyd::refine::Breathing(breathing_m)(X, w, C, labels, inertia, rng, lloyd);
    return lloyd::refine::RandomSwap(swaps)(X, w, C, labels, inertia, rng, lloyd);
  }
};

template <class Scalar>
AnySeeding<Scalar> seeding_for(const Job<Scalar>& job) {
  switch (job.init) {
    case Init::Random:
      return {lloyd::seeding::RandomSample{}, nullptr};
    case Init::Given:
      return {lloyd::seeding::Given(job.given), lloyd::seeding::Given(job.given)};
    case Init::KMeansPlusPlus:
      return {lloyd::seeding::KMeansPlusPlus{}, lloyd::seeding::KMeansPlusPlus{}};
    case Init::LocalSearch:
    default:
      return {lloyd::seeding::LocalSearchPlusPlus{}, lloyd::seeding::LocalSearchPlusPlus{}};
  }
}

template <class Scalar, class Assignment, class Update>
lloyd::Result<Scalar> fit_with_update(const Job<Scalar>& job) {
  using Seeding = TimedSeeding<AnySeeding<Scalar>>;
  lloyd::Options options = job.options;
  if (job.init == Init::Given) options.n_init = 1;  // deterministic seeding: one run, as KMeans<.., Given>
  lloyd::KMeans<Scalar, Eigen::Dynamic, Seeding, TimedAssignment<Assignment>, Update, lloyd::inertia::SquaredEuclidean,
                AnyRefine>
      km(options, Seeding{seeding_for(job)}, {}, {}, {}, AnyRefine{job.swaps, job.breathing_m});
  return km.fit(job.points(), *job.w);
}

/// --metric cosine: SphericalKMeans with the same wrapped policies (its update is SphericalMean).
template <class Scalar, class Assignment>
lloyd::Result<Scalar> fit_cosine(const Job<Scalar>& job) {
  using Seeding = TimedSeeding<AnySeeding<Scalar>>;
  lloyd::Options options = job.options;
  if (job.init == Init::Given) options.n_init = 1;
  lloyd::SphericalKMeans<Scalar, Eigen::Dynamic, Seeding, TimedAssignment<Assignment>, lloyd::update::SphericalMean,
                         lloyd::inertia::Cosine, AnyRefine>
      km(options, Seeding{seeding_for(job)}, {}, {}, {}, AnyRefine{job.swaps, job.breathing_m});
  return km.fit(job.points(), *job.w);
}

template <class Scalar, class Assignment>
lloyd::Result<Scalar> fit(const Job<Scalar>& job) {
  if (job.cosine) return fit_cosine<Scalar, Assignment>(job);
  if (job.reproducible_update) return fit_with_update<Scalar, Assignment, lloyd::update::ReproducibleMean>(job);
  return fit_with_update<Scalar, Assignment, lloyd::update::Mean>(job);
}

/// Sparse INPUT (.svm / .libsvm): KMeans (update::ReproducibleMean, --refine breathing or none) or, with --metric cosine,
/// SphericalKMeans on the sparse points, with assignment::Auto (one configuration per precision and
/// metric keeps the tool's compile time down; every exact policy gives the same labels).
template <class Scalar>
lloyd::Result<Scalar> fit_sparse(const Job<Scalar>& job) {
  using Seeding = TimedSeeding<AnySeeding<Scalar>>;
  using Assignment = TimedAssignment<lloyd::assignment::Auto>;
  lloyd::Options options = job.options;
  if (job.init == Init::Given) options.n_init = 1;
  if (job.cosine) {
    lloyd::SphericalKMeans<Scalar, Eigen::Dynamic, Seeding, Assignment> km(options, Seeding{seeding_for(job)});
    return km.fit(*job.sparse, *job.w);
  }
  lloyd::KMeans<Scalar, Eigen::Dynamic, Seeding, Assignment, lloyd::update::ReproducibleMean,
                lloyd::inertia::SquaredEuclidean, lloyd::refine::Breathing>
      km(options, Seeding{seeding_for(job)}, {}, {}, {}, lloyd::refine::Breathing(job.breathing_m));  // 0: none
  return km.fit(*job.sparse, *job.w);
}

struct Algorithm {
  const char* name;
  const char* description;
  lloyd::Result<float> (*fit_float)(const Job<float>&);
  lloyd::Result<double> (*fit_double)(const Job<double>&);
};

template <class List>
struct AlgorithmTable;
template <class... Assignment>
struct AlgorithmTable<std::tuple<Assignment...>> {
  static constexpr std::array<Algorithm, sizeof...(Assignment)> value{
      {{Assignment::name, Assignment::description, &fit<float, Assignment>, &fit<double, Assignment>}...}};
};

/// Every registered assignment policy, in the registry's order.
inline constexpr const auto& kAlgorithms = AlgorithmTable<lloyd::assignment::Policies>::value;

inline const Algorithm* find_algorithm(const char* name) {
  for (const Algorithm& a : kAlgorithms)
    if (std::strcmp(a.name, name) == 0) return &a;
  return nullptr;
}

}  // namespace lloyd_cli
