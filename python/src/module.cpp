// lloyd._core (built as lloyd._core_<isa>): the pybind11 bindings the pure-Python layer (python/lloyd) calls (KMeans,
// SphericalKMeans as metric "cosine", MiniBatchKMeans, model files). Every function takes
// C-ordered float32 or float64 arrays (the Python layer converts other input once) and maps them
// without a copy; float32 runs in float, float64 in double. The GIL is released while lloyd
// computes. lloyd::error derives from std::invalid_argument, which pybind11 raises as ValueError.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <lloyd/assignment/registry.hpp>
#include <lloyd/inertia/squared_euclidean.hpp>
#include <lloyd/spherical_kmeans.hpp>
#include <lloyd/version.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "arrays.hpp"
#include "bisecting.hpp"
#include "core.hpp"
#include "model.hpp"

namespace py = pybind11;

namespace lloyd_py {
namespace {

template <class Scalar>
py::tuple kmeans_fit_t(const py::object& X_obj, const py::object& w_obj, const py::object& given_obj,
                       const KMeansParams& p, int n_threads, bool cosine) {
  CArray<Scalar> x_keep, w_keep, g_keep;
  const Table<Scalar> X = table<Scalar>(X_obj, x_keep, "X");
  last_input = reinterpret_cast<std::uintptr_t>(X.data);
  std::vector<Scalar> ones;
  const Scalar* w = weights<Scalar>(w_obj, w_keep, X.rows, ones);
  Table<Scalar> given;
  if (!given_obj.is_none()) given = table<Scalar>(given_obj, g_keep, "init");
  lloyd::Result<Scalar> r;
  {
    py::gil_scoped_release release;
    ThreadScope threads(n_threads);
    r = cosine ? fit_spherical<Scalar>(p, X, w, given) : fit_kmeans<Scalar>(p, X, w, given);
  }
  return result_tuple(r);
}

py::tuple kmeans_fit(const py::array& X, const py::object& sample_weight, const std::string& init,
                     const py::object& init_centers, int k, int n_init, int max_iter, double tol, std::uint64_t seed,
                     const std::string& algorithm, int swaps, int n_threads, const std::string& metric,
                     bool breathing) {
  KMeansParams p;
  p.options.k = k;
  p.options.n_init = n_init;
  p.options.max_iter = max_iter;
  p.options.tol = tol;
  p.options.seed = seed;
  p.init = parse_init(init);
  p.algorithm = algorithm;
  p.swaps = swaps;
  p.breathing = breathing;
  if (X.dtype().is(py::dtype::of<float>()))
    return kmeans_fit_t<float>(X, sample_weight, init_centers, p, n_threads, metric == "cosine");
  return kmeans_fit_t<double>(X, sample_weight, init_centers, p, n_threads, metric == "cosine");
}

/// predict, transform or score with the fitted estimator `km` (a KMeans or a SphericalKMeans).
template <class Scalar, class Estimator>
py::object query_with(const std::string& what, const Table<Scalar>& X, const Estimator& km, const py::object& w_obj,
                      int n_threads) {
  if (what == "predict") {
    lloyd::Labels l;
    {
      py::gil_scoped_release release;
      ThreadScope threads(n_threads);
      l = km.predict(X.points());
    }
    return labels_array(l);
  }
  if (what == "transform") {  // N×K: lloyd's K×N column-major result, row-major
    const Index k = km.centroids().cols();
    py::array_t<Scalar> out({static_cast<py::ssize_t>(X.rows), static_cast<py::ssize_t>(k)});
    Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>> D(out.mutable_data(), k, X.rows);
    py::gil_scoped_release release;
    ThreadScope threads(n_threads);
    D = km.transform(X.points());
    return std::move(out);
  }
  CArray<Scalar> w_keep;
  std::vector<Scalar> ones;
  const Scalar* w = weights<Scalar>(w_obj, w_keep, X.rows, ones);
  double inertia = 0;
  {
    py::gil_scoped_release release;
    ThreadScope threads(n_threads);
    if constexpr (std::is_same<Estimator, lloyd::KMeans<Scalar>>::value) {
      const lloyd::Labels l = km.predict(X.points());
      const lloyd::PointsRef<Scalar> Xr(X.points());
      const lloyd::WeightsRef<Scalar> wr(Eigen::Map<const lloyd::Weights<Scalar>>(w, X.rows));
      inertia = lloyd::inertia::SquaredEuclidean{}(Xr, wr, km.centroids(), l);
    } else {
      inertia = km.inertia(X.points());  // unweighted (the Python layer weighs transform's distances)
    }
  }
  return py::float_(inertia);
}

/// predict, transform, score against fitted centres (same Scalar as X); cosine: SphericalKMeans'.
template <class Scalar>
py::object query_t(const std::string& what, const py::object& X_obj, const py::object& C_obj, const py::object& w_obj,
                   int n_threads, bool cosine) {
  CArray<Scalar> x_keep, c_keep;
  const Table<Scalar> X = table<Scalar>(X_obj, x_keep, "X");
  last_input = reinterpret_cast<std::uintptr_t>(X.data);
  const Table<Scalar> C = table<Scalar>(C_obj, c_keep, "cluster_centers_");
  if (cosine) return query_with<Scalar>(what, X, fitted<lloyd::SphericalKMeans<Scalar>>(C.points()), w_obj, n_threads);
  return query_with<Scalar>(what, X, fitted<lloyd::KMeans<Scalar>>(C.points()), w_obj, n_threads);
}

py::object query(const std::string& what, const py::array& X, const py::array& centers, const py::object& sample_weight,
                 int n_threads, const std::string& metric) {
  const bool cosine = metric == "cosine";
  if (X.dtype().is(py::dtype::of<float>())) return query_t<float>(what, X, centers, sample_weight, n_threads, cosine);
  return query_t<double>(what, X, centers, sample_weight, n_threads, cosine);
}

template <class Scalar>
void bind_mini_batch(py::module_& m, const char* name) {
  py::class_<MiniBatch<Scalar>>(m, name)
      .def(py::init([](int k, int n_init, int max_iter, long long max_steps, int batch_size, int max_no_improvement,
                       double tol, long long init_size, double reassignment_ratio, std::uint64_t seed,
                       const std::string& init, const py::object& init_centers) {
        lloyd::MiniBatchOptions o;
        o.k = k;
        o.n_init = n_init;
        o.max_iter = max_iter;
        o.max_steps = max_steps;
        o.batch_size = batch_size;
        o.max_no_improvement = max_no_improvement;
        o.tol = tol;
        o.init_size = static_cast<Index>(init_size);
        o.reassignment_ratio = reassignment_ratio;
        o.seed = seed;
        CArray<Scalar> keep;
        Table<Scalar> given;
        if (!init_centers.is_none()) given = table<Scalar>(init_centers, keep, "init");
        return new MiniBatch<Scalar>(o, parse_init(init), given);  // Given copies the centres
      }))
      .def("fit",
           [](MiniBatch<Scalar>& mb, const py::object& X_obj, const py::object& w_obj, int n_threads, bool partial) {
             CArray<Scalar> x_keep, w_keep;
             const Table<Scalar> X = table<Scalar>(X_obj, x_keep, "X");
             last_input = reinterpret_cast<std::uintptr_t>(X.data);
             std::vector<Scalar> ones;
             const Scalar* w = weights<Scalar>(w_obj, w_keep, X.rows, ones);
             lloyd::Result<Scalar> r;
             {
               py::gil_scoped_release release;
               ThreadScope threads(n_threads);
               r = partial ? mb.partial_fit(X, w) : mb.fit(X, w);
             }
             return result_tuple(r);
           });
}

}  // namespace
}  // namespace lloyd_py

// One module per instruction set: the build names it (LLOYD_PY_MODULE, e.g. _core_avx2) and says
// which set its flags target (LLOYD_PY_ISA); lloyd/_dispatch.py imports one as lloyd._core.
#ifndef LLOYD_PY_MODULE
#define LLOYD_PY_MODULE _core_baseline
#endif
#ifndef LLOYD_PY_ISA
#define LLOYD_PY_ISA "baseline"
#endif

PYBIND11_MODULE(LLOYD_PY_MODULE, m) {
  using namespace lloyd_py;
  m.doc() = "lloyd's C++ k-means (header-only, Eigen) for the Python package; use the lloyd module";
  m.attr("__version__") = LLOYD_VERSION_STRING;
  m.attr("isa") = LLOYD_PY_ISA;
#ifdef _OPENMP
  m.attr("openmp") = true;
#else
  m.attr("openmp") = false;
#endif
  std::vector<std::string> algorithms;
  for (const auto& e : lloyd::assignment::registry) algorithms.emplace_back(e.name);
  m.attr("algorithms") = algorithms;
  m.def("kmeans_fit", &kmeans_fit, py::arg("X"), py::arg("sample_weight"), py::arg("init"), py::arg("init_centers"),
        py::arg("k"), py::arg("n_init"), py::arg("max_iter"), py::arg("tol"), py::arg("seed"), py::arg("algorithm"),
        py::arg("swaps"), py::arg("n_threads"), py::arg("metric") = "euclidean", py::arg("breathing") = false,
        "KMeans fit (metric cosine: SphericalKMeans); returns (centers K×D, labels int32, inertia, n_iter, converged)");
  m.def("query", &query, py::arg("what"), py::arg("X"), py::arg("centers"), py::arg("sample_weight"),
        py::arg("n_threads"), py::arg("metric") = "euclidean",
        "predict (labels), transform (N×K squared distances; cosine: 1 - cos) or inertia against centers");
  bind_mini_batch<float>(m, "MiniBatchFloat32");
  bind_mini_batch<double>(m, "MiniBatchFloat64");
  bind_model(m);
  bind_bisecting(m);
  m.def(
      "last_input_address", [] { return static_cast<std::uintptr_t>(last_input.load()); },
      "address of the points buffer the last call mapped (for the zero-copy test)");
}
