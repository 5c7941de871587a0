// save_model / load_model: lloyd.save and lloyd.load over lloyd::save / lloyd::load.
#include "model.hpp"

#include "arrays.hpp"

#include <pybind11/numpy.h>

#include <cstdint>
#include <cstring>
#include <lloyd/mini_batch.hpp>
#include <string>

namespace py = pybind11;

namespace lloyd_py {
namespace {

template <class T>
T option(const py::dict& o, const char* name, T fallback) {
  return o.contains(name) ? o[name].cast<T>() : fallback;
}

template <class Scalar>
void save_t(const std::string& path, const std::string& estimator, const py::array& centers, double inertia, int n_iter,
            const py::dict& o) {
  const auto C = py::array_t<Scalar, py::array::c_style | py::array::forcecast>::ensure(centers);
  if (!C || C.ndim() != 2) throw py::value_error("cluster_centers_ must be a 2-D array");
  const Eigen::Map<const lloyd::Points<Scalar>> Cm(C.data(), C.shape(1), C.shape(0));
  if (estimator == "MiniBatchKMeans") {
    lloyd::MiniBatchOptions mo;
    mo.k = static_cast<int>(C.shape(0));
    mo.n_init = option(o, "n_init", mo.n_init);
    mo.max_iter = option(o, "max_iter", mo.max_iter);
    mo.batch_size = option(o, "batch_size", mo.batch_size);
    mo.max_no_improvement = option(o, "max_no_improvement", mo.max_no_improvement);
    mo.tol = option(o, "tol", mo.tol);
    mo.init_size = option<lloyd::Index>(o, "init_size", mo.init_size);
    mo.reassignment_ratio = option(o, "reassignment_ratio", mo.reassignment_ratio);
    mo.seed = option<std::uint64_t>(o, "seed", mo.seed);
    lloyd::MiniBatchKMeans<Scalar> mb(mo);
    lloyd::detail::ModelAccess::restore(mb, lloyd::Centres<Scalar>(Cm), inertia, n_iter);
    lloyd::save(path, mb);
    return;
  }
  lloyd::Options ko;
  ko.k = static_cast<int>(C.shape(0));
  ko.n_init = option(o, "n_init", ko.n_init);
  ko.max_iter = option(o, "max_iter", ko.max_iter);
  ko.tol = option(o, "tol", ko.tol);
  ko.seed = option<std::uint64_t>(o, "seed", ko.seed);
  if (estimator == "SphericalKMeans")
    lloyd::save(path, fitted<lloyd::SphericalKMeans<Scalar>>(Cm, inertia, n_iter, ko));
  else lloyd::save(path, fitted<lloyd::KMeans<Scalar>>(Cm, inertia, n_iter, ko));
}

py::object json_to_python(const lloyd::io::JsonValue& v) {
  using K = lloyd::io::JsonValue;
  switch (v.kind) {
    case K::Bool:
      return py::bool_(v.text == "true");
    case K::Number:
      if (v.text.find_first_of(".eEnN") == std::string::npos) return py::int_(py::str(v.text));
      return py::float_(std::stod(v.text));
    case K::String:
      return py::str(v.text);
    case K::Object: {
      py::dict d;
      for (const auto& m : v.members) d[py::str(m.first)] = json_to_python(m.second);
      return std::move(d);
    }
    case K::Array: {
      py::list l;
      for (const auto& i : v.items) l.append(json_to_python(i));
      return std::move(l);
    }
    default:
      return py::none();
  }
}

template <class Scalar>
py::dict load_t(const std::string& path) {
  const lloyd::io::Model<Scalar> model = lloyd::io::read_model<Scalar>(path);
  const auto& C = model.centroids;  // D×K column-major = K×D row-major
  py::array_t<Scalar> centers({static_cast<py::ssize_t>(C.cols()), static_cast<py::ssize_t>(C.rows())});
  std::memcpy(centers.mutable_data(), C.data(), sizeof(Scalar) * static_cast<std::size_t>(C.size()));
  py::dict d;
  d["estimator"] = model.meta.estimator;
  d["scalar"] = model.meta.scalar;
  d["centers"] = centers;
  d["inertia"] = model.meta.inertia;
  d["n_iter"] = model.meta.n_iter;
  d["options"] = json_to_python(model.meta.options);
  d["policies"] = json_to_python(model.meta.policies);
  d["lloyd_version"] = model.meta.lloyd_version;
  if (model.tree.nodes() > 0) d["tree"] = tree_arrays(model.tree);  // a BisectingKMeans model
  return d;
}

}  // namespace

void bind_model(py::module_& m) {
  m.def(
      "save_model",
      [](const std::string& path, const std::string& estimator, const py::array& centers, double inertia, int n_iter,
         const py::dict& options) {
        if (centers.dtype().is(py::dtype::of<float>()))
          save_t<float>(path, estimator, centers, inertia, n_iter, options);
        else save_t<double>(path, estimator, centers, inertia, n_iter, options);
      },
      py::arg("path"), py::arg("estimator"), py::arg("centers"), py::arg("inertia"), py::arg("n_iter"),
      py::arg("options"), "write a model file (lloyd::save)");
  m.def(
      "load_model",
      [](const std::string& path) {
        const lloyd::io::ModelMeta meta = lloyd::io::read_model_meta(path);
        return meta.scalar == "float32" ? load_t<float>(path) : load_t<double>(path);
      },
      py::arg("path"), "read a model file (lloyd::load): a dict of its centres, inertia, n_iter and metadata");
}

}  // namespace lloyd_py
