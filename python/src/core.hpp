#pragma once
// The C++ side of the Python package (lloyd._core): the fits, compiled once per Scalar in their own
// files (kmeans_fit.cpp, mini_batch.cpp) so that the build runs them in parallel, and the helpers
// the bindings (module.cpp) share. Points arrive as C-ordered N×D arrays, which are the D×N
// column-major matrices lloyd takes: they are mapped, never copied.
#include <cstdint>
#include <functional>
#include <lloyd/kmeans.hpp>
#include <lloyd/mini_batch.hpp>
#include <lloyd/seeding/given.hpp>
#include <lloyd/seeding/kmeans_plus_plus.hpp>
#include <lloyd/seeding/local_search_plus_plus.hpp>
#include <lloyd/seeding/random_sample.hpp>
#include <memory>
#include <string>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace lloyd_py {

using lloyd::Index;

enum class Init { LocalSearch, KMeansPlusPlus, Random, Given };

/// Init from the names the Python layer passes ("given": the centres come as an array).
Init parse_init(const std::string& name);

/// N×D row-major points (or K×D centres) viewed as the D×N column-major matrix lloyd takes.
template <class Scalar>
struct Table {
  const Scalar* data = nullptr;
  Index rows = 0, cols = 0;  // N and D of the C-ordered array
  Eigen::Map<const lloyd::Points<Scalar>> points() const { return {data, cols, rows}; }
};

/// The seeding chosen at run time behind one type (as lloyd_kmeans does, tools/lloyd_kmeans/
/// algorithms.hpp): KMeans is called exactly as with the chosen policy, so the results are the
/// library's and the command-line tool's bit for bit.
template <class Scalar>
struct AnySeeding {
  std::function<lloyd::Centres<Scalar>(const lloyd::PointsRef<Scalar>&, const lloyd::WeightsRef<Scalar>&, int,
                                       lloyd::Rng&)>
      f;
  lloyd::Centres<Scalar> operator()(const lloyd::PointsRef<Scalar>& X, const lloyd::WeightsRef<Scalar>& w, int k,
                                    lloyd::Rng& rng) const {
    return f(X, w, k, rng);
  }
};

template <class Scalar>
AnySeeding<Scalar> make_seeding(Init init, const Table<Scalar>& given) {
  switch (init) {
    case Init::Random:
      return {lloyd::seeding::RandomSample{}};
    case Init::Given:
      return {lloyd::seeding::Given(given.points())};
    case Init::KMeansPlusPlus:
      return {lloyd::seeding::KMeansPlusPlus{}};
    case Init::LocalSearch:
    default:
      return {lloyd::seeding::LocalSearchPlusPlus{}};
  }
}

/// The settings of a KMeans fit, as lloyd.KMeans passes them.
struct KMeansParams {
  lloyd::Options options;
  Init init = Init::LocalSearch;
  std::string algorithm = "auto";  // a name of lloyd/assignment/registry.hpp
  int swaps = 0;                   // refine::RandomSwap trials per run (0: no refinement)
  bool breathing = false;          // refine::Breathing with its default depth (not with swaps)
};

/// A KMeans fit of X with weights w (length N) and, for Init::Given, the K×D centres `given`.
template <class Scalar>
lloyd::Result<Scalar> fit_kmeans(const KMeansParams& p, const Table<Scalar>& X, const Scalar* w,
                                 const Table<Scalar>& given);
extern template lloyd::Result<float> fit_kmeans(const KMeansParams&, const Table<float>&, const float*,
                                                const Table<float>&);
extern template lloyd::Result<double> fit_kmeans(const KMeansParams&, const Table<double>&, const double*,
                                                 const Table<double>&);

/// A SphericalKMeans fit (cosine k-means: unit centres, inertia Σ w (1 − cos)), as lloyd_kmeans
/// --metric cosine runs it.
template <class Scalar>
lloyd::Result<Scalar> fit_spherical(const KMeansParams& p, const Table<Scalar>& X, const Scalar* w,
                                    const Table<Scalar>& given);
extern template lloyd::Result<float> fit_spherical(const KMeansParams&, const Table<float>&, const float*,
                                                   const Table<float>&);
extern template lloyd::Result<double> fit_spherical(const KMeansParams&, const Table<double>&, const double*,
                                                    const Table<double>&);

/// A MiniBatchKMeans whose stream (per-centre weights, generator) lives between partial_fit calls.
template <class Scalar>
class MiniBatch {
 public:
  MiniBatch(const lloyd::MiniBatchOptions& options, Init init, const Table<Scalar>& given);
  ~MiniBatch();
  lloyd::Result<Scalar> fit(const Table<Scalar>& X, const Scalar* w);
  lloyd::Result<Scalar> partial_fit(const Table<Scalar>& X, const Scalar* w);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
extern template class MiniBatch<float>;
extern template class MiniBatch<double>;

/// Sets OpenMP's thread count for the calling thread during a call (as lloyd_kmeans --threads
/// does), and puts the previous one back; n <= 0 leaves it alone. Results never depend on it.
class ThreadScope {
 public:
  explicit ThreadScope(int n) {
#ifdef _OPENMP
    if (n > 0) {
      previous_ = omp_get_max_threads();
      omp_set_num_threads(n);
    }
#else
    (void)n;
#endif
  }
  ~ThreadScope() {
#ifdef _OPENMP
    if (previous_ > 0) omp_set_num_threads(previous_);
#endif
  }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int previous_ = 0;
};

}  // namespace lloyd_py
