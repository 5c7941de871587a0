// k-means‖ against greedy k-means++: seeding time, inertia of the seeding, and time and inertia of
// the Lloyd fit started from it, averaged over a few seeds.
//
//   ./bench_seeding DATA.npy [--k 256] [--seeds 3]      (e.g. Fashion-MNIST as a 60000×784 .npy)
//   ./bench_seeding --generate 20000x16 [--k 64]          (Gaussian blobs, when no file is at hand)
#include <chrono>
#include <cstdio>
#include <lloyd/io/npy.hpp>
#include <lloyd/lloyd.hpp>
#include <lloyd/seeding/kmeans_parallel.hpp>
#include <string>

#include "args.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

template <class Seeding>
void run(const char* name, const Seeding& seeding, const lloyd::Points<float>& X, int k, int seeds) {
  const lloyd::Weights<float> w = lloyd::Weights<float>::Ones(X.cols());
  double t_seed = 0, in_seed = 0, t_fit = 0, in_fit = 0, iters = 0;
  for (int s = 0; s < seeds; ++s) {
    lloyd::Rng rng(static_cast<std::uint64_t>(s));
    auto t0 = std::chrono::steady_clock::now();
    const lloyd::Centres<float> C = seeding(lloyd::PointsRef<float>(X), lloyd::WeightsRef<float>(w), k, rng);
    t_seed += seconds_since(t0);
    lloyd::Options o;
    o.k = k;
    lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::Given> km(o, lloyd::seeding::Given(C));
    t0 = std::chrono::steady_clock::now();
    const auto r = km.fit(X);
    t_fit += seconds_since(t0);
    lloyd::Labels l(X.cols());
    for (lloyd::Index i = 0; i < X.cols(); ++i) l[i] = lloyd::detail::nearest(X.col(i).data(), C);
    in_seed += lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<float>(X), lloyd::WeightsRef<float>(w), C, l);
    in_fit += r.inertia;
    iters += r.n_iter;
  }
  std::printf("%-22s seeding %8.3f s  inertia %.6g | Lloyd %8.3f s  %5.1f iterations  final inertia %.6g\n", name,
              t_seed / seeds, in_seed / seeds, t_fit / seeds, iters / seeds, in_fit / seeds);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Args args(argc, argv);
    const int k = static_cast<int>(args.get_int("--k", 256));
    const int seeds = static_cast<int>(args.get_int("--seeds", 3));
    const std::string gen = args.get("--generate", "");
    args.finish();
    lloyd::Points<float> X;
    if (!gen.empty()) {
      const auto x = gen.find('x');
      const lloyd::Index n = std::stoll(gen.substr(0, x)), d = std::stoll(gen.substr(x + 1));
      lloyd::Rng rng(7);
      Eigen::MatrixXd C(d, k);
      for (lloyd::Index c = 0; c < k; ++c)
        for (lloyd::Index j = 0; j < d; ++j) C(j, c) = 3 * rng.normal();
      X.resize(d, n);
      for (lloyd::Index i = 0; i < n; ++i) {
        const auto c = static_cast<lloyd::Index>(rng.below(static_cast<std::uint64_t>(k)));
        for (lloyd::Index j = 0; j < d; ++j) X(j, i) = static_cast<float>(C(j, c) + rng.normal());
      }
    } else if (args.positional().size() == 1) {
      X = lloyd::io::read_npy<float>(args.positional()[0]).points;
    } else {
      throw std::invalid_argument("usage: bench_seeding DATA.npy [--k K] [--seeds S] | --generate NxD");
    }
    std::printf("%ld points x %ld dims, k = %d, mean of %d seeds\n", static_cast<long>(X.cols()),
                static_cast<long>(X.rows()), k, seeds);
    run("greedy k-means++", lloyd::seeding::KMeansPlusPlus{}, X, k, seeds);
    run("k-means|| (l=2k, 5 r.)", lloyd::seeding::KMeansParallel{}, X, k, seeds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_seeding: %s\n", e.what());
    return 1;
  }
  return 0;
}
