// bisecting_fit, bisecting_predict, bisecting_save: lloyd.BisectingKMeans over lloyd::BisectingKMeans.
#include <pybind11/numpy.h>

#include <cstdint>
#include <cstring>
#include <lloyd/io/model.hpp>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bisecting.hpp"

namespace py = pybind11;

namespace lloyd_py {
namespace {

/// The tree from those arrays, checked against the K×D centres C as a model file's tree is.
template <class Scalar>
lloyd::io::ModelTree<Scalar> tree_of_arrays(const py::object& links_obj, const py::object& stats_obj,
                                            const py::object& centres_obj, const Table<Scalar>& C) {
  const auto links = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(links_obj);
  const auto stats = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(stats_obj);
  CArray<Scalar> keep;
  const Table<Scalar> centres = table<Scalar>(centres_obj, keep, "tree centres");
  if (!links || !stats || links.ndim() != 2 || links.shape(1) != 7 || stats.ndim() != 2 || stats.shape(1) != 2 ||
      links.shape(0) != centres.rows || stats.shape(0) != centres.rows)
    throw py::value_error("the tree arrays must be (n, 7) links, (n, 2) stats and (n, n_features) centres");
  lloyd::io::ModelTree<Scalar> t;
  t.links.assign(links.data(), links.data() + links.size());
  t.stats.assign(stats.data(), stats.data() + stats.size());
  t.centres = centres.points();
  lloyd::io::check_tree(t, lloyd::Points<Scalar>(C.points()), "BisectingKMeans");
  return t;
}

/// A BisectingKMeans holding the centres C and the tree t as if it had fitted them.
template <class Scalar>
lloyd::BisectingKMeans<Scalar> fitted_tree(const Table<Scalar>& C, const lloyd::io::ModelTree<Scalar>& t,
                                           const lloyd::BisectingOptions& o = {}, double inertia = 0, int n_iter = 0) {
  using E = lloyd::BisectingKMeans<Scalar>;
  E bk(o);
  lloyd::detail::ModelAccess::restore(bk, lloyd::Centres<Scalar>(C.points()), inertia, n_iter);
  lloyd::detail::ModelAccess::restore_tree(bk, lloyd::io::nodes_of_tree<typename E::node_type>(t));
  return bk;
}

template <class Scalar>
py::tuple fit_t(const py::object& X_obj, const py::object& w_obj, const BisectingParams& p, int n_threads) {
  CArray<Scalar> x_keep, w_keep;
  const Table<Scalar> X = table<Scalar>(X_obj, x_keep, "X");
  last_input = reinterpret_cast<std::uintptr_t>(X.data);
  std::vector<Scalar> ones;
  const Scalar* w = weights<Scalar>(w_obj, w_keep, X.rows, ones);
  BisectingFit<Scalar> f;
  {
    py::gil_scoped_release release;
    ThreadScope threads(n_threads);
    f = fit_bisecting<Scalar>(p, X, w);
  }
  return py::make_tuple(result_tuple(f.result), tree_arrays(f.tree));
}

template <class Scalar>
py::object predict_t(const py::object& X_obj, const py::object& C_obj, const py::tuple& tree, int n_threads) {
  CArray<Scalar> x_keep, c_keep;
  const Table<Scalar> X = table<Scalar>(X_obj, x_keep, "X");
  last_input = reinterpret_cast<std::uintptr_t>(X.data);
  const Table<Scalar> C = table<Scalar>(C_obj, c_keep, "cluster_centers_");
  const lloyd::BisectingKMeans<Scalar> bk = fitted_tree(C, tree_of_arrays<Scalar>(tree[0], tree[1], tree[2], C));
  lloyd::Labels l;
  {
    py::gil_scoped_release release;
    ThreadScope threads(n_threads);
    l = bk.predict(X.points());
  }
  return labels_array(l);
}

template <class Scalar>
void save_t(const std::string& path, const py::object& C_obj, const py::tuple& tree, double inertia, int n_iter,
            const BisectingParams& p) {
  CArray<Scalar> c_keep;
  const Table<Scalar> C = table<Scalar>(C_obj, c_keep, "cluster_centers_");
  lloyd::save(path, fitted_tree(C, tree_of_arrays<Scalar>(tree[0], tree[1], tree[2], C), p.options, inertia, n_iter));
}

BisectingParams params(int k, int n_init, int max_iter, double tol, std::uint64_t seed, const std::string& strategy,
                       const std::string& init, const std::string& algorithm) {
  BisectingParams p;
  p.options.k = k;
  p.options.n_init = n_init;
  p.options.max_iter = max_iter;
  p.options.tol = tol;
  p.options.seed = seed;
  p.options.strategy = strategy == "largest_cluster" ? lloyd::BisectingStrategy::LargestCluster
                                                     : lloyd::BisectingStrategy::BiggestInertia;
  p.init = parse_init(init);
  p.algorithm = algorithm;
  return p;
}

bool is_float(const py::array& a) { return a.dtype().is(py::dtype::of<float>()); }

}  // namespace

void bind_bisecting(py::module_& m) {
  m.def(
      "bisecting_fit",
      [](const py::array& X, const py::object& sample_weight, int k, int n_init, int max_iter, double tol,
         std::uint64_t seed, const std::string& strategy, const std::string& init, const std::string& algorithm,
         int n_threads) {
        const BisectingParams p = params(k, n_init, max_iter, tol, seed, strategy, init, algorithm);
        return is_float(X) ? fit_t<float>(X, sample_weight, p, n_threads)
                           : fit_t<double>(X, sample_weight, p, n_threads);
      },
      py::arg("X"), py::arg("sample_weight"), py::arg("k"), py::arg("n_init"), py::arg("max_iter"), py::arg("tol"),
      py::arg("seed"), py::arg("strategy"), py::arg("init"), py::arg("algorithm"), py::arg("n_threads"),
      "BisectingKMeans fit: ((centers, labels, inertia, n_iter, converged), (tree links, stats, centres))");
  m.def(
      "bisecting_predict",
      [](const py::array& X, const py::array& centers, const py::tuple& tree, int n_threads) {
        return is_float(X) ? predict_t<float>(X, centers, tree, n_threads)
                           : predict_t<double>(X, centers, tree, n_threads);
      },
      py::arg("X"), py::arg("centers"), py::arg("tree"), py::arg("n_threads"),
      "the leaf of each row of X, down the tree (nearer child centre at each split)");
  m.def(
      "bisecting_save",
      [](const std::string& path, const py::array& centers, const py::tuple& tree, double inertia, int n_iter,
         int n_init, int max_iter, double tol, std::uint64_t seed, const std::string& strategy) {
        const auto k = static_cast<int>(centers.shape(0));
        const BisectingParams p = params(k, n_init, max_iter, tol, seed, strategy, "k-means++", "auto");
        if (is_float(centers)) save_t<float>(path, centers, tree, inertia, n_iter, p);
        else save_t<double>(path, centers, tree, inertia, n_iter, p);
      },
      py::arg("path"), py::arg("centers"), py::arg("tree"), py::arg("inertia"), py::arg("n_iter"), py::arg("n_init"),
      py::arg("max_iter"), py::arg("tol"), py::arg("seed"), py::arg("strategy"),
      "write a BisectingKMeans model file with its tree (lloyd::save)");
}

}  // namespace lloyd_py
