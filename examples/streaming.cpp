// Clustering data that arrives in batches: MiniBatchKMeans::partial_fit (include/lloyd/mini_batch.hpp),
// scikit-learn's semantics — the first batch seeds the centres, each later batch moves them with
// per-centre learning rates that keep decreasing. The centres are printed after each batch.
//
//   streaming                 batches of 200 points from a generator (3 Gaussian blobs in 2-D)
//   streaming X.npy [K]       batches of 1000 rows of a float32 .npy file, memory-mapped
//                             (lloyd::io::map_npy): only the pages of each batch are read
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <lloyd/io/map_npy.hpp>
#include <lloyd/lloyd.hpp>
#include <string>

namespace {

/// A source of batches that never ends: points around three centres, from a fixed seed.
class BlobStream {
 public:
  static constexpr double kTruth[3][2] = {{-4.0, 0.0}, {3.0, 3.0}, {2.0, -4.0}};

  lloyd::Points<float> next(int m) {
    lloyd::Points<float> B(2, m);
    for (int i = 0; i < m; ++i, ++count_) {
      const auto& c = kTruth[count_ % 3];
      B(0, i) = static_cast<float>(c[0] + 0.7 * rng_.normal());
      B(1, i) = static_cast<float>(c[1] + 0.7 * rng_.normal());
    }
    return B;
  }

 private:
  lloyd::Rng rng_{7};
  long count_ = 0;
};

void print_centres(int batch, const lloyd::Result<float>& r) {
  std::printf("batch %2d (inertia per point %7.3f):", batch, r.inertia / static_cast<double>(r.labels.size()));
  for (Eigen::Index c = 0; c < r.centroids.cols(); ++c) {
    std::printf(" (");
    for (Eigen::Index j = 0; j < r.centroids.rows() && j < 3; ++j)
      std::printf("%s%6.2f", j ? ", " : "", static_cast<double>(r.centroids(j, c)));
    std::printf("%s)", r.centroids.rows() > 3 ? ", ..." : "");
  }
  std::printf("\n");
}

/// The rows of a .npy file in batches of 1000, mapped rather than read into memory.
int stream_file(const std::string& path, int k) {
  const auto X = lloyd::io::map_npy<float>(path);  // zero copy: X.points() is D×N on the file's pages
  lloyd::MiniBatchOptions opt;
  opt.k = k;
  lloyd::MiniBatchKMeans<float> mb(opt);
  const Eigen::Index n = X.points().cols(), batch = 1000;
  for (Eigen::Index b = 0; b < n; b += batch) {
    const lloyd::Result<float> r = mb.partial_fit(X.points().middleCols(b, std::min(batch, n - b)));
    if ((b / batch) % 100 == 0 || b + batch >= n) print_centres(static_cast<int>(b / batch + 1), r);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) return stream_file(argv[1], argc > 2 ? std::atoi(argv[2]) : 8);

  lloyd::MiniBatchOptions opt;
  opt.k = 3;
  opt.seed = 1;
  lloyd::MiniBatchKMeans<float> mb(opt);
  BlobStream stream;
  for (int batch = 1; batch <= 10; ++batch) {
    // The first batch must hold at least k distinct points; later ones may have any size >= 1.
    const lloyd::Result<float> r = mb.partial_fit(stream.next(200));
    print_centres(batch, r);
  }

  // Every true centre should now have a fitted centre close to it.
  double worst = 0;
  for (const auto& t : BlobStream::kTruth) {
    double best = INFINITY;
    for (Eigen::Index c = 0; c < mb.centroids().cols(); ++c)
      best = std::min(best, std::hypot(mb.centroids()(0, c) - t[0], mb.centroids()(1, c) - t[1]));
    worst = std::max(worst, best);
  }
  std::printf("after %d steps: farthest true centre is %.3f from its fitted centre\n", mb.fit_n_iter(), worst);
  return worst < 0.5 ? 0 : 1;
}
