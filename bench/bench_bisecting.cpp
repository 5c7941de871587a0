// Times one BisectingKMeans fit (float32, default policies) on a .npy file and prints one JSON line:
// the inertia, the fit's seconds (reading the file excluded), the Lloyd iterations of all splits.
// Used by bench/bisecting_vs_sklearn.py.
//
//   bench_bisecting X.npy K [biggest_inertia|largest_cluster] [n_init] [seed] [tol]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <lloyd/bisecting.hpp>
#include <lloyd/io/npy.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s X.npy K [biggest_inertia|largest_cluster] [n_init] [seed] [tol]\n", argv[0]);
    return 2;
  }
  try {
    const lloyd::io::Matrix<float> data = lloyd::io::read_npy<float>(argv[1]);
    lloyd::BisectingOptions o;
    o.k = std::atoi(argv[2]);
    const std::string strategy = argc > 3 ? argv[3] : "biggest_inertia";
    if (strategy == "largest_cluster") o.strategy = lloyd::BisectingStrategy::LargestCluster;
    else if (strategy != "biggest_inertia") throw lloyd::error("unknown strategy '" + strategy + "'");
    if (argc > 4) o.n_init = std::atoi(argv[4]);
    if (argc > 5) o.seed = std::strtoull(argv[5], nullptr, 10);
    if (argc > 6) o.tol = std::strtod(argv[6], nullptr);
    lloyd::BisectingKMeans<float> bk(o);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = bk.fit(data.points);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"inertia\": %.17g, \"seconds\": %.6f, \"n_iter\": %d, \"k\": %d, \"strategy\": \"%s\"}\n", r.inertia,
                s, r.n_iter, static_cast<int>(r.centroids.cols()), strategy.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_bisecting: %s\n", e.what());
    return 1;
  }
}
