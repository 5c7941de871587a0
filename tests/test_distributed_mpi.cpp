// Tests of lloyd/distributed/mpi.hpp, run by ctest under `mpirun -np 1, 2, 3`.
//
// Every rank builds the same data set, fits its shard with MpiKMeans, and compares with the
// one-process fit of the whole data set by KMeans<…, update::ReproducibleMean, inertia::Reproducible>: centres,
// inertia, n_iter, converged and this rank's labels must be IDENTICAL (bitwise), not merely close.
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <lloyd/distributed/mpi.hpp>
#include <lloyd/inertia/reproducible.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/seeding/given.hpp>
#include <lloyd/seeding/reproducible_kmeans_parallel.hpp>
#include <lloyd/seeding/reproducible_kmeans_plus_plus.hpp>
#include <lloyd/update/reproducible_mean.hpp>
#include <string>

namespace {

int failures = 0, checks = 0;
int g_rank = 0, g_size = 1;

void check(bool ok, const std::string& what) {
  ++checks;
  if (!ok) {
    ++failures;
    std::printf("rank %d: FAILED: %s\n", g_rank, what.c_str());
  }
}

template <class S>
lloyd::Points<S> blobs(lloyd::Index d, lloyd::Index n, int k, double spread, std::uint64_t seed) {
  lloyd::Rng rng(seed);
  Eigen::MatrixXd centres(d, k);
  for (lloyd::Index c = 0; c < k; ++c)
    for (lloyd::Index j = 0; j < d; ++j) centres(j, c) = 20 * rng.uniform();
  lloyd::Points<S> X(d, n);
  for (lloyd::Index i = 0; i < n; ++i)
    for (lloyd::Index j = 0; j < d; ++j) X(j, i) = static_cast<S>(centres(j, i % k) + spread * rng.normal());
  return X;
}

// Shard of rank r: contiguous columns. "uneven" gives rank 0 nothing (when there are ≥ 2 ranks) and
// the others unequal parts.
std::pair<lloyd::Index, lloyd::Index> shard(lloyd::Index n, int r, int p, bool uneven) {
  if (!uneven || p == 1) return {n * r / p, n * (r + 1) / p};
  if (r == 0) return {0, 0};
  auto at = [&](int q) { return n * q * q / ((p - 1) * (p - 1)); };
  return {at(r - 1), at(r)};
}

template <class S, class Seeding>
void compare(const std::string& name, const lloyd::Points<S>& X, const lloyd::Weights<S>& w, lloyd::Options o,
             Seeding seeding, bool uneven) {
  using Ref = lloyd::KMeans<S, Eigen::Dynamic, Seeding, lloyd::assignment::BruteForce, lloyd::update::ReproducibleMean,
                            lloyd::inertia::Reproducible>;
  const auto ref = Ref(o, seeding).fit(X, w);
  const auto [b, e] = shard(X.cols(), g_rank, g_size, uneven);
  const lloyd::Points<S> mine = X.middleCols(b, e - b);
  const lloyd::Weights<S> mw = w.segment(b, e - b);
  lloyd::distributed::MpiKMeans<S, Eigen::Dynamic, Seeding> km(o, seeding);
  const auto r = km.fit(mine, mw);
  const std::string tag = name + (sizeof(S) == 4 ? " (float)" : " (double)");
  check(r.centroids == ref.centroids, tag + ": centres identical");
  check(r.inertia == ref.inertia,
        tag + ": inertia identical (" + std::to_string(r.inertia) + " vs " + std::to_string(ref.inertia) + ")");
  check(r.n_iter == ref.n_iter,
        tag + ": n_iter identical (" + std::to_string(r.n_iter) + " vs " + std::to_string(ref.n_iter) + ")");
  check(r.converged == ref.converged, tag + ": converged identical");
  check(r.best_run == ref.best_run, tag + ": best run identical");
  check(r.labels.size() == e - b && r.labels == ref.labels.segment(b, e - b), tag + ": this rank's labels identical");
  // The reference itself is a sensible fit: k non-empty clusters, more than one iteration.
  std::vector<int> used(static_cast<std::size_t>(o.k), 0);
  for (lloyd::Index i = 0; i < ref.labels.size(); ++i) used[static_cast<std::size_t>(ref.labels[i])] = 1;
  int n_used = 0;
  for (int u : used) n_used += u;
  check(n_used == o.k, tag + ": the reference uses all k clusters");
  check(ref.n_iter > 1, tag + ": the reference iterates");
  if (g_rank == 0)
    std::printf("%-46s n_iter %3d  inertia %.17g  converged %d\n", tag.c_str(), ref.n_iter, ref.inertia,
                ref.converged ? 1 : 0);
}

template <class S>
void run_all() {
  // 1. Blobs, unit weights, default tolerance, 2 runs of reproducible k-means++.
  {
    const auto X = blobs<S>(3, 1001, 7, 2.0, 1);
    lloyd::Options o;
    o.k = 7;
    o.n_init = 2;
    o.seed = 42;
    compare<S>("blobs, k-means++, tol 1e-4", X, lloyd::Weights<S>::Ones(1001), o,
               lloyd::seeding::ReproducibleKMeansPlusPlus{}, false);
  }
  // 2. Overlapping blobs with weights (some zero), tol 0 (runs until no label changes), uneven shards.
  {
    const auto X = blobs<S>(5, 1500, 9, 6.0, 2);
    lloyd::Rng rng(3);
    lloyd::Weights<S> w(1500);
    for (lloyd::Index i = 0; i < 1500; ++i) w[i] = i % 7 == 0 ? S(0) : static_cast<S>(2 * rng.uniform());
    lloyd::Options o;
    o.k = 9;
    o.n_init = 1;
    o.tol = 0;
    o.seed = 5;
    compare<S>("weighted, tol 0, uneven shards", X, w, o, lloyd::seeding::ReproducibleKMeansPlusPlus{}, true);
    o.max_iter = 3;  // stopped by max_iter
    compare<S>("weighted, max_iter 3", X, w, o, lloyd::seeding::ReproducibleKMeansPlusPlus{}, false);
  }
  // k-means‖ seeding (exact variant): the same candidates and centres on any number of ranks.
  {
    const auto X = blobs<S>(4, 2000, 12, 2.5, 6);
    lloyd::Options o;
    o.k = 12;
    o.n_init = 2;
    o.seed = 8;
    lloyd::seeding::ReproducibleKMeansParallel kp;
    compare<S>("k-means||, uneven shards", X, lloyd::Weights<S>::Ones(2000), o, kp, true);
    kp.rounds = 1;  // too few candidates: the fallback draws the rest
    kp.oversampling = 3;
    compare<S>("k-means|| with fallback", X, lloyd::Weights<S>::Ones(2000), o, kp, false);
  }
  // 3. Wide ranges (the exact multi-limb sums): a point at 1e17 among blobs and weights spanning 1e18
  //    (several limbs), then weights of the smallest subnormal (the products underflow: term by term).
  {
    auto X = blobs<S>(3, 900, 4, 3.0, 9);
    X.col(450).setConstant(S(1e17));
    lloyd::Rng rng(4);
    lloyd::Weights<S> w(900);
    for (lloyd::Index i = 0; i < 900; ++i) w[i] = static_cast<S>(std::pow(10.0, -18 * rng.uniform()));
    lloyd::Options o;
    o.k = 5;
    o.tol = 0;
    o.seed = 11;
    compare<S>("wide ranges, weights spanning 1e18", X, w, o, lloyd::seeding::ReproducibleKMeansPlusPlus{}, true);
    compare<S>("wide ranges, k-means||", X, w, o, lloyd::seeding::ReproducibleKMeansParallel{}, false);
    w.setConstant(std::numeric_limits<S>::denorm_min());
    compare<S>("wide ranges, subnormal weights", X, w, o, lloyd::seeding::ReproducibleKMeansPlusPlus{}, false);
  }
  // 4. Given centres far from the data: empty clusters repaired at the first update.
  {
    const auto X = blobs<S>(2, 600, 4, 3.0, 4);
    Eigen::MatrixXd C0(2, 6);
    C0 << 10, 10.5, 500, 600, 700, 800,  //
        10, 10.5, 500, 600, 700, 800;
    lloyd::Options o;
    o.k = 6;
    o.tol = 0;
    compare<S>("given far centres, empty-cluster repair", X, lloyd::Weights<S>::Ones(600), o, lloyd::seeding::Given(C0),
               true);
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  try {
    run_all<double>();
    run_all<float>();
    // Bad input on one rank: every rank throws instead of hanging.
    {
      lloyd::Points<double> X = blobs<double>(2, 30, 3, 1.0, 9);
      if (g_rank == g_size - 1) X(1, 4) = std::numeric_limits<double>::quiet_NaN();
      lloyd::Options o;
      o.k = 3;
      lloyd::distributed::MpiKMeans<double> km(o);
      bool threw = false;
      try {
        km.fit(X);
      } catch (const lloyd::error& e) {
        threw = true;
        if (g_rank == g_size - 1)
          check(std::string(e.what()).find("point 4") != std::string::npos, "error names the point");
      }
      check(threw, "a NaN on the last rank throws on every rank");
    }
  } catch (const std::exception& e) {
    std::printf("rank %d: exception: %s\n", g_rank, e.what());
    ++failures;
  }
  int total = 0;
  MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (g_rank == 0) std::printf("%d ranks: %d checks per rank, %d failures\n", g_size, checks, total);
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
