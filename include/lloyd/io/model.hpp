#pragma once
// lloyd::save and lloyd::load — a fitted estimator (KMeans, MiniBatchKMeans, MpiKMeans: anything
// built on lloyd::Estimator) to a model file and back. The file is an uncompressed .npz that
// numpy.load reads alone; its format is in docs/MODEL_FORMAT.md and io/model_file.hpp.
//
//   lloyd::save("model.npz", km);                          // after km.fit(X)
//   auto km2 = lloyd::load<lloyd::KMeans<float>>("model.npz");
//   lloyd::Labels y = km2.predict(Y);                      // = km.predict(Y), bit for bit
//
// save writes the centres bit for bit, the last fit's inertia and n_iter (fit_inertia(),
// fit_n_iter()), the estimator's name, type, options and policy type names, the Scalar, Dim, D, K and
// the lloyd version, atomically. load(path) returns a default-constructed estimator, load(path, est)
// fills `est` (whose policies may carry parameters): it restores the centres, inertia and n_iter,
// and the options (all of them when the file comes from the same estimator, only k otherwise), so
// predict, transform, score and a refit behave as after the original fit. A model whose Scalar
// differs, whose D differs from a fixed Dim, a newer format version, a truncated or corrupted file
// or non-finite centres throw lloyd::error naming the file. A loaded MiniBatchKMeans does not
// carry its per-centre counts: partial_fit on it starts a new stream (seeds from the batch). A
// BisectingKMeans keeps its tree (io/model_tree.hpp), so predict descends it as after the fit.
// MpiKMeans (not movable) loads with load(path, est); its centres are the same on every rank, so
// one rank saves.
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../error.hpp"
#include "../estimator.hpp"
#include "../types.hpp"
#include "model_file.hpp"

namespace lloyd {
namespace detail {

/// Restores a fitted state into an estimator (a friend of lloyd::Estimator).
struct ModelAccess {
  template <class E, class C>
  static void restore(E& e, const C& centres, double inertia, int n_iter) {
    e.centroids_ = centres;
    e.fit_inertia_ = inertia;
    e.fit_n_iter_ = n_iter;
  }
  /// A BisectingKMeans' hierarchy (empty: none, predict then refuses).
  template <class E, class Nodes>
  static void restore_tree(E& e, Nodes nodes) {
    e.max_depth_ = 0;
    for (const auto& n : nodes) e.max_depth_ = n.depth > e.max_depth_ ? n.depth : e.max_depth_;
    e.nodes_ = std::move(nodes);
  }
};

/// Estimators with a hierarchy (BisectingKMeans: tree() and node_type) store it in their model file.
template <class E, class = void>
struct has_tree : std::false_type {};
template <class E>
struct has_tree<E, decltype(void(std::declval<const E&>().tree()), void(sizeof(typename E::node_type)))>
    : std::true_type {};

}  // namespace detail

namespace io {
namespace detail {

/// The fields of lloyd::BisectingOptions (has strategy) ...
template <class O, class F>
auto visit_options(O& o, F&& f, int) -> decltype(o.strategy, void()) {
  f("k", o.k), f("n_init", o.n_init), f("max_iter", o.max_iter), f("tol", o.tol), f("seed", o.seed);
  f("strategy", o.strategy);
}

/// ... of lloyd::Options (has record_history) ...
template <class O, class F>
auto visit_options(O& o, F&& f, int) -> decltype(o.record_history, void()) {
  f("k", o.k), f("n_init", o.n_init), f("max_iter", o.max_iter), f("tol", o.tol), f("seed", o.seed);
  f("record_history", o.record_history);
}

/// ... and of lloyd::MiniBatchOptions (has batch_size). Options of other types are not saved.
template <class O, class F>
auto visit_options(O& o, F&& f, int) -> decltype(o.batch_size, void()) {
  f("k", o.k), f("n_init", o.n_init), f("max_iter", o.max_iter), f("max_steps", o.max_steps);
  f("batch_size", o.batch_size), f("max_no_improvement", o.max_no_improvement), f("tol", o.tol);
  f("init_size", o.init_size), f("reassignment_ratio", o.reassignment_ratio), f("seed", o.seed);
}

template <class O, class F>
void visit_options(O&, F&&, long) {}

template <class E, class F>
auto visit_estimator_options(E& e, F&& f, int) -> decltype(e.options(), void()) {
  visit_options(e.options(), f, 0);
}
template <class E, class F>
void visit_estimator_options(E&, F&&, long) {}

template <class T>
JsonValue json_number(const T& v) {
  JsonValue j;
  if constexpr (std::is_same<T, bool>::value) {
    j.kind = JsonValue::Bool;
    j.text = v ? "true" : "false";
  } else if constexpr (std::is_enum<T>::value) {
    j.kind = JsonValue::Number;
    j.text = std::to_string(static_cast<long long>(v));
  } else if constexpr (std::is_floating_point<T>::value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(v));
    j.kind = JsonValue::Number;
    j.text = buf;
  } else {
    j.kind = JsonValue::Number;
    j.text = std::to_string(v);
  }
  return j;
}

/// Sets `field` from the JSON value (checking its type and range).
template <class T>
void set_option(T& field, const JsonValue& v, const std::string& what) {
  if constexpr (std::is_same<T, bool>::value) {
    if (v.kind != JsonValue::Bool) throw error(what + " must be true or false");
    field = static_cast<T>(v.text == "true");
  } else if constexpr (std::is_enum<T>::value) {
    field = static_cast<T>(json_integer(v, 0, 1 << 30, what));  // the estimator's fit checks the value
  } else if constexpr (std::is_floating_point<T>::value) {
    field = static_cast<T>(json_double(v, what));
  } else if constexpr (std::is_unsigned<T>::value) {
    field = static_cast<T>(json_u64(v, what));
  } else {
    const long long lo = static_cast<long long>(std::numeric_limits<T>::min());
    const long long hi = static_cast<long long>(std::numeric_limits<T>::max());
    field = static_cast<T>(json_integer(v, lo, hi, what));
  }
}

/// The compiler's name for T (GCC, Clang: from __PRETTY_FUNCTION__), or "" where unknown.
template <class T>
std::string type_name() {
#if defined(__clang__) || defined(__GNUC__)
  const std::string f = __PRETTY_FUNCTION__;
  const std::size_t b = f.find("T = ");
  if (b == std::string::npos) return "";
  std::size_t e = f.find(';', b);
  if (e == std::string::npos) e = f.rfind(']');
  return e == std::string::npos || e < b + 4 ? "" : f.substr(b + 4, e - b - 4);
#else
  return "";
#endif
}

/// The policy types of an estimator: its template arguments after Scalar and Dim.
template <class E>
struct policy_types {
  using type = std::tuple<>;
};
template <template <class, int, class...> class T, class S, int D, class... P>
struct policy_types<T<S, D, P...>> {
  using type = std::tuple<P...>;
};

template <class... P>
JsonValue policy_names(std::tuple<P...>*) {
  // KMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>; MpiKMeans and
  // MiniBatchKMeans take a prefix of the same list.
  static const char* const roles[] = {"seeding", "assignment", "update", "inertia", "refine"};
  const std::string names[] = {std::string(), type_name<P>()...};
  JsonValue j;
  j.kind = JsonValue::Object;
  for (std::size_t i = 1; i < sizeof...(P) + 1; ++i) {
    JsonValue n;
    n.kind = JsonValue::String;
    n.text = names[i];
    j.members.emplace_back(i <= 5 ? roles[i - 1] : "policy" + std::to_string(i), n);
  }
  return j;
}

}  // namespace detail

/// lloyd::Options or lloyd::MiniBatchOptions as the JSON object a model file holds.
template <class O>
JsonValue options_json(const O& options) {
  JsonValue j;
  j.kind = JsonValue::Object;
  detail::visit_options(
      options, [&](const char* name, const auto& field) { j.members.emplace_back(name, detail::json_number(field)); },
      0);
  return j;
}

/// The metadata lloyd::save writes for a fitted estimator.
template <class E>
ModelMeta model_meta(const E& est) {
  ModelMeta m;
  m.estimator = E::kName;
  m.estimator_type = detail::type_name<E>();
  m.dim = E::dim;
  m.inertia = est.fit_inertia();
  m.n_iter = est.fit_n_iter();
  m.options.kind = JsonValue::Object;
  // Read only; through a non-const reference because an estimator may lack a const options().
  detail::visit_estimator_options(
      const_cast<E&>(est),
      [&](const char* name, const auto& field) { m.options.members.emplace_back(name, detail::json_number(field)); },
      0);
  m.policies = detail::policy_names(static_cast<typename detail::policy_types<E>::type*>(nullptr));
  return m;
}

}  // namespace io

/// Writes a fitted estimator to `path` (an uncompressed .npz; docs/MODEL_FORMAT.md), atomically.
template <class E>
void save(const std::string& path, const E& est) {
  if (!est.fitted()) throw error(path + ": cannot save a model: the " + std::string(E::kName) + " is not fitted");
  if constexpr (detail::has_tree<E>::value) {
    const auto tree = io::tree_of_nodes<typename E::scalar_type>(est.tree());
    io::write_model(path, io::model_meta(est), est.centroids(), tree.nodes() ? &tree : nullptr);
  } else {
    io::write_model(path, io::model_meta(est), est.centroids());
  }
}

/// Reads the model file `path` into `est` (see the top of this header); returns `est`.
template <class E>
E& load(const std::string& path, E& est) {
  using Scalar = typename E::scalar_type;
  io::Model<Scalar> model = io::read_model<Scalar>(path);
  const io::ModelMeta& m = model.meta;
  if (E::dim != Eigen::Dynamic && m.d != E::dim)
    throw error(path + ": the model has dimension " + std::to_string(m.d) + " but " + E::kName +
                "<.., Dim=" + std::to_string(E::dim) + "> expects dimension " + std::to_string(E::dim));
  if (m.n_iter > std::numeric_limits<int>::max()) throw error(path + ": n_iter is too large");
  const bool same = m.estimator == E::kName;
  io::detail::visit_estimator_options(
      est,
      [&](const char* name, auto& field) {
        if (!same && std::string(name) != "k") return;
        const io::JsonValue* v = m.options.find(name);
        if (v) io::detail::set_option(field, *v, path + ": option '" + name + "'");
      },
      0);
  detail::ModelAccess::restore(est, model.centroids, m.inertia, static_cast<int>(m.n_iter));
  if constexpr (detail::has_tree<E>::value)
    detail::ModelAccess::restore_tree(est, io::nodes_of_tree<typename E::node_type>(model.tree));
  return est;
}

/// Reads the model file `path` into a default-constructed estimator E, e.g.
/// `auto km = lloyd::load<lloyd::KMeans<float>>("model.npz");`.
template <class E>
E load(const std::string& path) {
  E est;
  load(path, est);
  return est;
}

}  // namespace lloyd
