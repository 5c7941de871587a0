#pragma once
// fit_spherical's definition; spherical_float.cpp and spherical_double.cpp instantiate it once each.
#include <lloyd/assignment/registry.hpp>
#include <lloyd/error.hpp>
#include <lloyd/refine/random_swap.hpp>
#include <lloyd/spherical_kmeans.hpp>

#include "core.hpp"

namespace lloyd_py {

template <class Scalar>
lloyd::Result<Scalar> fit_spherical(const KMeansParams& p, const Table<Scalar>& X, const Scalar* w,
                                    const Table<Scalar>& given) {
  lloyd::Options options = p.options;
  if (p.init == Init::Given) options.n_init = 1;  // deterministic seeding: one run
  const Eigen::Map<const lloyd::Weights<Scalar>> weights(w, X.rows);
  lloyd::Result<Scalar> result;
  const bool found = lloyd::assignment::with_policy(p.algorithm.c_str(), [&](auto tag) {
    using Assignment = typename decltype(tag)::type;
    lloyd::SphericalKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>, Assignment, lloyd::update::SphericalMean,
                           lloyd::inertia::Cosine, lloyd::refine::RandomSwap>
        km(options, make_seeding(p.init, given), {}, {}, {}, lloyd::refine::RandomSwap(p.swaps));
    result = km.fit(X.points(), weights);
  });
  if (!found) throw lloyd::error("unknown algorithm '" + p.algorithm + "'");
  return result;
}

}  // namespace lloyd_py
