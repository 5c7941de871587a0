#pragma once
// fit_bisecting's definition; bisecting_float.cpp and bisecting_double.cpp instantiate it once each.
#include <lloyd/assignment/registry.hpp>
#include <lloyd/error.hpp>

#include "bisecting.hpp"

namespace lloyd_py {

template <class Scalar>
BisectingFit<Scalar> fit_bisecting(const BisectingParams& p, const Table<Scalar>& X, const Scalar* w) {
  const Eigen::Map<const lloyd::Weights<Scalar>> weights(w, X.rows);
  BisectingFit<Scalar> out;
  const bool found = lloyd::assignment::with_policy(p.algorithm.c_str(), [&](auto tag) {
    using Assignment = typename decltype(tag)::type;
    using Split = lloyd::KMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>, Assignment>;
    lloyd::BisectingKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>, Assignment> bk(
        p.options, Split(lloyd::Options{}, make_seeding<Scalar>(p.init, Table<Scalar>{})));
    out.result = bk.fit(X.points(), weights);
    out.tree = lloyd::io::tree_of_nodes<Scalar>(bk.tree());
  });
  if (!found) throw lloyd::error("unknown algorithm '" + p.algorithm + "'");
  return out;
}

}  // namespace lloyd_py
