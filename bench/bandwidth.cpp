// Memory bandwidth of a streaming read on 1 and 2 threads: what bounds the thread speed-up of a
// memory-bound fit (bench/run_benchmarks.sh prints it next to lloyd's own 1 -> 2 thread figures).
// Reads a 60000 x 784 float matrix (Fashion-MNIST's size, 188 MB) as one dot product per column,
// OpenMP static schedule, best of 10 passes per thread count. Prints one JSON line.
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cstdio>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace {
double best_pass_seconds(const Eigen::MatrixXf& X, const Eigen::VectorXf& c, int threads, float& sink) {
  double best = 1e300;
  for (int rep = 0; rep < 10; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    float acc = 0;
    const long n = static_cast<long>(X.cols());
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) reduction(+ : acc) schedule(static)
#else
    (void)threads;
#endif
    for (long i = 0; i < n; ++i) acc += X.col(i).dot(c);
    sink += acc;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}
}  // namespace

int main() {
  const Eigen::Index n = 60000, d = 784;
  const Eigen::MatrixXf X = Eigen::MatrixXf::Random(d, n);
  const Eigen::VectorXf c = Eigen::VectorXf::Random(d);
  const double bytes = static_cast<double>(n) * static_cast<double>(d) * sizeof(float);
  float sink = 0;
  const double t1 = best_pass_seconds(X, c, 1, sink);
  const double t2 = best_pass_seconds(X, c, 2, sink);
  std::printf("{\"bytes\": %.0f, \"gbs_1_thread\": %.2f, \"gbs_2_threads\": %.2f, \"speedup\": %.3f, \"sink\": %g}\n",
              bytes, bytes / t1 / 1e9, bytes / t2 / 1e9, t1 / t2, static_cast<double>(sink));
}
