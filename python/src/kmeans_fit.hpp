#pragma once
// fit_kmeans' definition; kmeans_float.cpp and kmeans_double.cpp instantiate it once each (the two
// heaviest files of the extension, compiled in parallel).
#include <lloyd/assignment/registry.hpp>
#include <lloyd/error.hpp>
#include <lloyd/refine/random_swap.hpp>

#include "core.hpp"

namespace lloyd_py {

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
                  lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>
        km(options, make_seeding(p.init, given), {}, {}, {}, lloyd::refine::RandomSwap(p.swaps));
    result = km.fit(X.points(), weights);
  });
  if (!found) throw lloyd::error("unknown algorithm '" + p.algorithm + "'");
  return result;
}

}  // namespace lloyd_py
