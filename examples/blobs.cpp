// The classic first k-means demo: 200 points in three Gaussian blobs, k = 3.
// Prints the centres found, the inertia and the number of iterations.
#include <cstdio>
#include <lloyd/lloyd.hpp>

int main() {
  // 200 points around three centres, spread 0.6, generated from a fixed seed.
  const double truth[3][2] = {{-4.0, 0.0}, {3.0, 3.0}, {2.0, -4.0}};
  lloyd::Rng rng(2026);
  lloyd::Points<double, 2> X(2, 200);
  for (int i = 0; i < 200; ++i) {
    const int c = i % 3;
    X(0, i) = truth[c][0] + 0.6 * rng.normal();
    X(1, i) = truth[c][1] + 0.6 * rng.normal();
  }

  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 42;
  lloyd::KMeans<double, 2> km(opt);  // the defaults: one k-means++ run, then breathing k-means
  const lloyd::Result<double, 2> r = km.fit(X);

  std::printf("lloyd %s: 200 points, k = %d\n", LLOYD_VERSION_STRING, opt.k);
  for (int c = 0; c < opt.k; ++c)
    std::printf("centre %d: (%7.3f, %7.3f)  %3ld points\n", c, r.centroids(0, c), r.centroids(1, c),
                static_cast<long>((r.labels.array() == c).count()));
  std::printf("inertia: %.4f\niterations: %d (converged: %s)\n", r.inertia, r.n_iter, r.converged ? "yes" : "no");
  return 0;
}
