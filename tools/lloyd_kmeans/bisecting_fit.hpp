#pragma once
// lloyd_kmeans --bisecting: lloyd::BisectingKMeans on INPUT, each split a 2-means fit with the
// library's default assignment and update and the seeding chosen by --init (the same AnySeeding as
// the KMeans fits). args.hpp refuses the options that have no meaning for it.
#include <lloyd/bisecting.hpp>
#include <lloyd/io/model.hpp>
#include <string>

#include "algorithms.hpp"
#include "args.hpp"
#include "model_io.hpp"

namespace lloyd_cli {

/// BisectingKMeans' options from the command line and the job (k, seed, n_init, max_iter, tol).
template <class Scalar>
lloyd::BisectingOptions bisecting_options(const Args& a, const Job<Scalar>& job) {
  lloyd::BisectingOptions o;
  o.k = job.options.k;
  o.n_init = job.init == Init::Given ? 1 : job.options.n_init;
  o.max_iter = job.options.max_iter;
  o.tol = job.options.tol;
  o.seed = job.options.seed;
  o.strategy = a.bisecting == "largest-cluster" ? lloyd::BisectingStrategy::LargestCluster
                                                : lloyd::BisectingStrategy::BiggestInertia;
  return o;
}

/// The bisecting fit of the job's points and weights; with `model_bytes`, also its model file (the
/// centres and the tree) seeded by `init`.
template <class Scalar>
lloyd::Result<Scalar> fit_bisecting(const Job<Scalar>& job, const lloyd::BisectingOptions& options,
                                    const std::string& init, std::string* model_bytes) {
  using Bisecting = lloyd::BisectingKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>>;
  using Split = typename Bisecting::Splitter;  // no refinement: the library's splitter
  Bisecting bk(options, Split(job.options, seeding_for(job)));
  lloyd::Result<Scalar> r = bk.fit(job.points(), *job.w);
  if (model_bytes) {
    const lloyd::io::ModelMeta m =
        cli_model_meta(r, "BisectingKMeans", lloyd::io::options_json(options), {{"seeding", seeding_name(init)}});
    const lloyd::io::ModelTree<Scalar> tree = lloyd::io::tree_of_nodes<Scalar>(bk.tree());
    *model_bytes = lloyd::io::model_bytes(m, r.centroids, &tree);
  }
  return r;
}

}  // namespace lloyd_cli
