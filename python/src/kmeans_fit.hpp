#pragma once
// fit_kmeans' definition; kmeans_float.cpp and kmeans_double.cpp instantiate it once each (the two
// heaviest files of the extension, compiled in parallel).
#include <lloyd/assignment/registry.hpp>
#include <lloyd/error.hpp>
#include <lloyd/refine/breathing.hpp>
#include <lloyd/refine/random_swap.hpp>

#include "core.hpp"

namespace lloyd_py {

/// lloyd.KMeans' `refine` behind one type (KMeans is instantiated once per assignment policy):
/// breathing (the library's default depth) when chosen, else random swap (0 trials: refine::None's
/// result).
struct ChosenRefine {
  int swaps = 0;
  bool breathing = false;
  template <class Scalar, int Dim, class Lloyd>
  double operator()(const lloyd::PointsRef<Scalar, Dim>& X, const lloyd::WeightsRef<Scalar>& w,
                    lloyd::Centres<Scalar, Dim>& C, lloyd::Labels& labels, double inertia, lloyd::Rng& rng,
                    Lloyd&& lloyd) const {
    if (breathing) return lloyd::refine::Breathing{}(X, w, C, labels, inertia, rng, lloyd);
    return lloyd::refine::RandomSwap(swaps)(X, w, C, labels, inertia, rng, lloyd);
  }
};

template <class Scalar>
lloyd::Result<Scalar> fit_kmeans(const KMeansParams& p, const Table<Scalar>& X, const Scalar* w,
                                 const Table<Scalar>& given) {
  lloyd::Options options = p.options;
  if (p.init == Init::Given) options.n_init = 1;  // deterministic seeding: one run, as KMeans<.., Given>
  const Eigen::Map<const lloyd::Weights<Scalar>> weights(w, X.rows);
  lloyd::Result<Scalar> result;
  const bool found = lloyd::assignment::with_policy(p.algorithm.c_str(), [&](auto tag) {
    using Assignment = typename decltype(tag)::type;
    lloyd::KMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>, Assignment, lloyd::update::ReproducibleMean,
                  lloyd::inertia::SquaredEuclidean, ChosenRefine>
        km(options, make_seeding(p.init, given), {}, {}, {}, ChosenRefine{p.swaps, p.breathing});
    result = km.fit(X.points(), weights);
  });
  if (!found) throw lloyd::error("unknown algorithm '" + p.algorithm + "'");
  return result;
}

}  // namespace lloyd_py
