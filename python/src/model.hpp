#pragma once
// Fitted centres as a lloyd estimator (for predict, transform, score, save), and the model-file
// bindings: lloyd.save / lloyd.load write and read the C++ library's model files (io/model.hpp,
// docs/MODEL_FORMAT.md), which lloyd_kmeans --save-model / --model share.
#include <pybind11/pybind11.h>

#include <lloyd/io/model.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/spherical_kmeans.hpp>

namespace lloyd_py {

/// An estimator E (lloyd::KMeans<Scalar>, SphericalKMeans<Scalar>) holding the centres C (D×K) as
/// if it had fitted them.
template <class E, class Scalar = typename E::scalar_type>
E fitted(const Eigen::Map<const lloyd::Points<Scalar>>& C, double inertia = 0, int n_iter = 0,
         const lloyd::Options& options = lloyd::Options{}) {
  E km(options);
  lloyd::detail::ModelAccess::restore(km, lloyd::Centres<Scalar>(C), inertia, n_iter);
  return km;
}

/// Adds save_model and load_model to the module (model.cpp).
void bind_model(pybind11::module_& m);

}  // namespace lloyd_py
