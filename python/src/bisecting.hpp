#pragma once
// The Python package's BisectingKMeans (lloyd.BisectingKMeans): the fit, compiled once per Scalar
// (bisecting_float.cpp, bisecting_double.cpp), and the bindings (bisecting.cpp) that fit, predict
// down the tree and save a model file with its tree. The tree travels to Python and back in the
// model file's form (lloyd::io::ModelTree: links, stats and centres of every node).
#include <pybind11/pybind11.h>

#include <lloyd/bisecting.hpp>
#include <lloyd/io/model_tree.hpp>
#include <string>

#include "core.hpp"

namespace lloyd_py {

/// The settings of a BisectingKMeans fit, as lloyd.BisectingKMeans passes them.
struct BisectingParams {
  lloyd::BisectingOptions options;
  Init init = Init::KMeansPlusPlus;  // of each split's 2-means
  std::string algorithm = "auto";    // a name of lloyd/assignment/registry.hpp
};

/// A fit's result and its hierarchy.
template <class Scalar>
struct BisectingFit {
  lloyd::Result<Scalar> result;
  lloyd::io::ModelTree<Scalar> tree;
};

/// lloyd::BisectingKMeans<Scalar, Dynamic, AnySeeding, assignment policy> on X with weights w, as
/// lloyd_kmeans --bisecting runs it (its splitter: KMeans with that seeding and assignment).
template <class Scalar>
BisectingFit<Scalar> fit_bisecting(const BisectingParams& p, const Table<Scalar>& X, const Scalar* w);
extern template BisectingFit<float> fit_bisecting(const BisectingParams&, const Table<float>&, const float*);
extern template BisectingFit<double> fit_bisecting(const BisectingParams&, const Table<double>&, const double*);

/// Adds bisecting_fit, bisecting_predict and bisecting_save to the module (bisecting.cpp).
void bind_bisecting(pybind11::module_& m);

}  // namespace lloyd_py
