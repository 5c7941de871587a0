#pragma once
// lloyd_kmeans and model files (docs/MODEL_FORMAT.md):
//
//   --save-model MODEL   model_file_bytes (mini_batch_model_bytes with --mini-batch): the fit's centres, inertia, n_iter, options and policy
//                        names as a model file (written with the other outputs, atomically)
//   --model MODEL        assign_to_model: fit nothing; label INPUT by the model's centres
//                        (lloyd::load into a KMeans, then predict) and report their inertia
#include <chrono>
#include <initializer_list>
#include <lloyd/bisecting.hpp>
#include <lloyd/inertia/squared_euclidean.hpp>
#include <lloyd/io/model.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/mini_batch.hpp>
#include <string>
#include <utility>

namespace lloyd_cli {

/// The metadata of a fit made by lloyd_kmeans: the estimator's name, its options as JSON, and its
/// policies by role, named as on the command line.
template <class Scalar>
lloyd::io::ModelMeta cli_model_meta(const lloyd::Result<Scalar>& r, const char* estimator, lloyd::io::JsonValue options,
                                    std::initializer_list<std::pair<const char*, std::string>> policies) {
  lloyd::io::ModelMeta m;
  m.estimator = estimator;
  m.estimator_type = "lloyd_kmeans";
  m.inertia = r.inertia;
  m.n_iter = r.n_iter;
  m.options = std::move(options);
  m.policies.kind = lloyd::io::JsonValue::Object;
  for (const auto& p : policies) {
    lloyd::io::JsonValue v;
    v.kind = lloyd::io::JsonValue::String;
    v.text = p.second;
    m.policies.members.emplace_back(p.first, v);
  }
  return m;
}

/// --init as a seeding name: "given" for a file of centres.
inline std::string seeding_name(const std::string& init) {
  const bool given = init != "local-search" && init != "k-means++" && init != "random";
  return given ? std::string("given") : init;
}

/// The model file of a fit made by lloyd_kmeans: a KMeans (or, with --metric cosine, a
/// SphericalKMeans) with `options`, its policies named as on the command line (--init, --algorithm,
/// --update, --refine).
template <class Scalar>
std::string model_file_bytes(const lloyd::Result<Scalar>& r, const lloyd::Options& options, const std::string& init,
                             const std::string& algorithm, const std::string& update, const std::string& refine,
                             bool cosine = false) {
  lloyd::Options o = options;
  o.record_history = false;  // the model does not hold the history
  const lloyd::io::ModelMeta m = cli_model_meta(
      r, cosine ? "SphericalKMeans" : "KMeans", lloyd::io::options_json(o),
      {{"seeding", seeding_name(init)}, {"assignment", algorithm}, {"update", update}, {"refine", refine}});
  return lloyd::io::model_bytes(m, r.centroids);
}

/// The model file of a --mini-batch fit: a MiniBatchKMeans with `options`, seeded by --init.
template <class Scalar>
std::string mini_batch_model_bytes(const lloyd::Result<Scalar>& r, const lloyd::MiniBatchOptions& options,
                                   const std::string& init) {
  const lloyd::io::ModelMeta m =
      cli_model_meta(r, "MiniBatchKMeans", lloyd::io::options_json(options), {{"seeding", seeding_name(init)}});
  return lloyd::io::model_bytes(m, r.centroids);
}

/// INPUT assigned to a model's centres.
struct Assignment {
  lloyd::Labels labels;
  lloyd::Index k = 0;
  double inertia = 0;
  double seconds = 0;
};

/// X labelled by the model file loaded into an Estimator: its predict and its inertia.
template <class Estimator, class Scalar>
Assignment assign_with(const std::string& model, const lloyd::Points<Scalar>& X, const std::string& input_name) {
  Estimator km;
  lloyd::load(model, km);
  const lloyd::Index d = km.centroids().rows();
  if (X.rows() != d)
    throw lloyd::error(input_name + " has " + std::to_string(X.rows()) + " columns but the model " + model +
                       " has dimension " + std::to_string(d));
  const auto t0 = std::chrono::steady_clock::now();
  Assignment a;
  a.labels = km.predict(X);
  if constexpr (lloyd::detail::has_tree<Estimator>::value) {  // labels follow the tree, not the nearest centre
    using Inertia = typename lloyd::detail::kmeans_inertia<lloyd::KMeans<Scalar>>::type;  // the fit's
    const lloyd::Weights<Scalar> ones = lloyd::Weights<Scalar>::Ones(X.cols());
    a.inertia = Inertia{}(lloyd::PointsRef<Scalar>(X), lloyd::WeightsRef<Scalar>(ones), km.centroids(), a.labels);
  } else {
    a.inertia = km.inertia(X);
  }
  a.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  a.k = km.centroids().cols();
  return a;
}

/// Labels of the columns of X (D×N) by the centres of the model file `model` (Scalar must be the
/// model's; a D that differs from the model's is a lloyd::error naming both). A SphericalKMeans
/// model labels by the largest cosine and reports Σ (1 − cos); a BisectingKMeans model descends its
/// tree, as its predict, and reports the inertia of those labels.
template <class Scalar>
Assignment assign_to_model(const std::string& model, const lloyd::Points<Scalar>& X, const std::string& input_name,
                           const std::string& estimator) {
  if (estimator == "SphericalKMeans") return assign_with<lloyd::SphericalKMeans<Scalar>>(model, X, input_name);
  if (estimator == "BisectingKMeans") return assign_with<lloyd::BisectingKMeans<Scalar>>(model, X, input_name);
  return assign_with<lloyd::KMeans<Scalar>>(model, X, input_name);
}

}  // namespace lloyd_cli
