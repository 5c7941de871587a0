#pragma once
// Arrays between Python and lloyd, shared by the bindings (module.cpp, bisecting.cpp): C-ordered
// float32/float64 arrays mapped as Tables without a copy, and results copied out as numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <lloyd/io/model_tree.hpp>
#include <string>
#include <vector>

#include "core.hpp"

namespace lloyd_py {

namespace py = pybind11;

/// The address of the last points array a fit mapped (tests check that it is the caller's buffer).
inline std::atomic<std::uintptr_t> last_input{0};

template <class Scalar>
using CArray = py::array_t<Scalar, py::array::c_style | py::array::forcecast>;

/// A 2-D array as a Table (no copy: `keep` holds the array, the same object when it already is C-ordered
/// Scalar).
template <class Scalar>
Table<Scalar> table(const py::handle& obj, CArray<Scalar>& keep, const char* name) {
  keep = CArray<Scalar>::ensure(obj);
  if (!keep) throw py::error_already_set();
  if (keep.ndim() != 2) throw py::value_error(std::string(name) + " must be a 2-D array");
  return {keep.data(), static_cast<Index>(keep.shape(0)), static_cast<Index>(keep.shape(1))};
}

template <class Scalar>
py::array_t<Scalar> centres_array(const lloyd::Centres<Scalar>& C) {
  py::array_t<Scalar> out({static_cast<py::ssize_t>(C.cols()), static_cast<py::ssize_t>(C.rows())});
  std::memcpy(out.mutable_data(), C.data(), sizeof(Scalar) * static_cast<std::size_t>(C.size()));
  return out;
}

inline py::array_t<std::int32_t> labels_array(const lloyd::Labels& l) {
  py::array_t<std::int32_t> out(static_cast<py::ssize_t>(l.size()));
  std::int32_t* p = out.mutable_data();
  for (Index i = 0; i < l.size(); ++i) p[i] = static_cast<std::int32_t>(l[i]);
  return out;
}

template <class Scalar>
py::tuple result_tuple(const lloyd::Result<Scalar>& r) {
  return py::make_tuple(centres_array(r.centroids), labels_array(r.labels), r.inertia, r.n_iter, r.converged);
}

/// sample_weight: None → ones; else a vector of N values (the Python layer checked it).
template <class Scalar>
const Scalar* weights(const py::object& w, CArray<Scalar>& keep, Index n, std::vector<Scalar>& ones) {
  if (w.is_none()) {
    ones.assign(static_cast<std::size_t>(n), Scalar(1));
    return ones.data();
  }
  keep = CArray<Scalar>::ensure(w);
  if (!keep || keep.ndim() != 1 || static_cast<Index>(keep.shape(0)) != n)
    throw py::value_error("sample_weight must be a vector of n_samples values");
  return keep.data();
}

/// A BisectingKMeans tree (a model file's form) as three arrays: links (n, 7) int64 (parent, left, right, label, split, depth, size),
/// stats (n, 2) float64 (inertia, weight), centres (n, D) Scalar.
template <class Scalar>
py::tuple tree_arrays(const lloyd::io::ModelTree<Scalar>& t) {
  const auto n = static_cast<py::ssize_t>(t.nodes());
  py::array_t<std::int64_t> links({n, py::ssize_t{7}});
  py::array_t<double> stats({n, py::ssize_t{2}});
  std::memcpy(links.mutable_data(), t.links.data(), sizeof(std::int64_t) * t.links.size());
  std::memcpy(stats.mutable_data(), t.stats.data(), sizeof(double) * t.stats.size());
  return py::make_tuple(links, stats, centres_array<Scalar>(t.centres));
}

}  // namespace lloyd_py
