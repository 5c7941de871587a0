#pragma once
// lloyd_kmeans --mini-batch: lloyd::MiniBatchKMeans on INPUT, with the seeding chosen by --init (the
// same AnySeeding as the KMeans fits) and the options of the command line. args.hpp refuses the
// options that have no meaning for it and gives the others MiniBatchKMeans' defaults.
#include <lloyd/mini_batch.hpp>

#include "algorithms.hpp"
#include "args.hpp"

namespace lloyd_cli {

/// MiniBatchKMeans' options from the command line and the job (k, seed, n_init, max_iter, tol).
template <class Scalar>
lloyd::MiniBatchOptions mini_batch_options(const Args& a, const Job<Scalar>& job) {
  lloyd::MiniBatchOptions o;
  o.k = job.options.k;
  o.n_init = job.init == Init::Given ? 1 : job.options.n_init;  // given centres: one seeding
  o.max_iter = job.options.max_iter;
  o.tol = job.options.tol;
  o.seed = job.options.seed;
  o.batch_size = a.batch_size;
  return o;
}

/// The mini-batch fit of the job's points and weights.
template <class Scalar>
lloyd::Result<Scalar> fit_mini_batch(const Job<Scalar>& job, const lloyd::MiniBatchOptions& options) {
  lloyd::MiniBatchKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>> mb(options, seeding_for(job));
  return mb.fit(job.points(), *job.w);
}

}  // namespace lloyd_cli
