#pragma once
// lloyd_kmeans --bisecting: lloyd::BisectingKMeans on INPUT, each split a 2-means fit with the
// library's default assignment and update and the seeding chosen by --init (the same AnySeeding as
// the KMeans fits). args.hpp refuses the options that have no meaning for it.
#include <lloyd/bisecting.hpp>

#include "algorithms.hpp"
#include "args.hpp"

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

/// The bisecting fit of the job's points and weights.
template <class Scalar>
lloyd::Result<Scalar> fit_bisecting(const Job<Scalar>& job, const lloyd::BisectingOptions& options) {
  using Split = lloyd::KMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>>;
  lloyd::BisectingKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>> bk(options, Split(job.options, seeding_for(job)));
  return bk.fit(job.points(), *job.w);
}

}  // namespace lloyd_cli
