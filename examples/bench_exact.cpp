// What the order-independent arithmetic costs on one core: CPU time of one assignment pass
// (assignment::BruteForce), one update::Mean and one update::ReproducibleMean, and one inertia each way,
// on N Gaussian points in D dimensions with K centres. Used for docs/SCALING.md.
//
//   ./bench_exact [N] [D] [K]        (defaults 400000 32 64)
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <lloyd/inertia/reproducible.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/update/reproducible_mean.hpp>

namespace {
double cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
}  // namespace

int main(int argc, char** argv) {
  const lloyd::Index n = argc > 1 ? std::atol(argv[1]) : 400000, d = argc > 2 ? std::atol(argv[2]) : 32,
                     k = argc > 3 ? std::atol(argv[3]) : 64;
  lloyd::Rng rng(1);
  lloyd::Points<float> X(d, n);
  for (lloyd::Index i = 0; i < n; ++i)
    for (lloyd::Index j = 0; j < d; ++j) X(j, i) = static_cast<float>(rng.normal());
  const lloyd::Weights<float> w = lloyd::Weights<float>::Ones(n);
  lloyd::Centres<float> C = X.leftCols(k);
  lloyd::Labels labels(n);
  const lloyd::PointsRef<float> Xr(X);
  const lloyd::WeightsRef<float> wr(w);
  const int reps = 3;
  double t = cpu();
  for (int r = 0; r < reps; ++r) lloyd::assignment::BruteForce::State<float, Eigen::Dynamic> s(Xr, C, labels);
  const double assign = (cpu() - t) / reps;
  lloyd::Shifts sh;
  t = cpu();
  for (int r = 0; r < reps; ++r) {
    lloyd::Centres<float> C2 = C;
    lloyd::update::Mean{}(Xr, wr, labels, C2, sh);
  }
  const double mean = (cpu() - t) / reps;
  t = cpu();
  for (int r = 0; r < reps; ++r) {
    lloyd::Centres<float> C2 = C;
    lloyd::update::ReproducibleMean{}(Xr, wr, labels, C2, sh);
  }
  const double exact = (cpu() - t) / reps;
  t = cpu();
  double i1 = 0, i2 = 0;
  for (int r = 0; r < reps; ++r) i1 += lloyd::inertia::SquaredEuclidean{}(Xr, wr, C, labels);
  const double in1 = (cpu() - t) / reps;
  t = cpu();
  for (int r = 0; r < reps; ++r) i2 += lloyd::inertia::Reproducible{}(Xr, wr, C, labels);
  const double in2 = (cpu() - t) / reps;
  std::printf("N %ld, D %ld, K %ld (float), CPU seconds per call:\n", static_cast<long>(n), static_cast<long>(d),
              static_cast<long>(k));
  std::printf("  assignment (brute force)  %.4f  (%.1f ns per point, %.2f G point-centre-coordinate ops/s)\n", assign,
              1e9 * assign / static_cast<double>(n), static_cast<double>(n * k * d) / assign * 1e-9);
  std::printf("  update::Mean              %.4f\n  update::ReproducibleMean         %.4f  (%.2fx Mean)\n", mean, exact,
              exact / mean);
  std::printf("  inertia (double)          %.4f\n  inertia::Reproducible            %.4f  (relative difference %.1e)\n",
              in1, in2, std::abs(i1 - i2) / i1);
  return 0;
}
