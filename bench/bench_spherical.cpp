// Spherical k-means driver for the comparison with bench/spherical_reference.py (a program, not a test).
//
//   bench_spherical X.npy C0.npy [--labels OUT.npy] [--max-iter N] [--double] [--brute]
//
// X.npy: N×D float32 or float64 (any nonzero rows); C0.npy: K×D starting centres (scaled to unit norm
// by the fit). Fits lloyd::SphericalKMeans from C0 (seeding::Given, tol 0: until no label changes),
// prints one JSON line (impl, k, n_iter, converged, seconds, inertia = Σ (1 − cos), threads) and
// writes the labels as int32 .npy when --labels is given. --brute uses assignment::BruteForce instead
// of the default assignment::Auto (the same labels, bit for bit).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/io/npy.hpp>
#include <lloyd/lloyd.hpp>
#include <string>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

struct Args {
  std::string x, c0, labels;
  int max_iter = 300;
  bool dbl = false, brute = false;
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

template <class S, class Assignment>
int run(const Args& a) {
  const lloyd::Points<S> X = lloyd::io::read_npy<S>(a.x).points;        // D×N
  const Eigen::MatrixXd C0 = lloyd::io::read_npy<double>(a.c0).points;  // D×K
  lloyd::Options o;
  o.k = static_cast<int>(C0.cols());
  o.max_iter = a.max_iter;
  o.tol = 0;
  lloyd::SphericalKMeans<S, Eigen::Dynamic, lloyd::seeding::Given, Assignment> skm(o, lloyd::seeding::Given(C0));
  const double t0 = now();
  const auto r = skm.fit(X);
  const double secs = now() - t0;
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  std::printf(
      "{\"impl\": \"lloyd\", \"scalar\": \"%s\", \"assignment\": \"%s\", \"k\": %d, \"n_iter\": %d, \"converged\": %s, "
      "\"seconds\": %.4f, \"inertia\": %.12g, \"threads\": %d}\n",
      sizeof(S) == 4 ? "float32" : "float64", Assignment::name, o.k, r.n_iter, r.converged ? "true" : "false", secs,
      r.inertia, threads);
  if (!a.labels.empty()) lloyd::io::write_npy_labels(a.labels, r.labels);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--labels" && i + 1 < argc) a.labels = argv[++i];
    else if (s == "--max-iter" && i + 1 < argc) a.max_iter = std::atoi(argv[++i]);
    else if (s == "--double") a.dbl = true;
    else if (s == "--brute") a.brute = true;
    else if (a.x.empty()) a.x = s;
    else if (a.c0.empty()) a.c0 = s;
    else {
      std::fprintf(stderr, "bench_spherical: unexpected argument %s\n", s.c_str());
      return 2;
    }
  }
  if (a.c0.empty()) {
    std::fprintf(stderr,
                 "usage: bench_spherical X.npy C0.npy [--labels OUT.npy] [--max-iter N] [--double] [--brute]\n");
    return 2;
  }
  try {
    using lloyd::assignment::Auto;
    using lloyd::assignment::BruteForce;
    if (a.dbl) return a.brute ? run<double, BruteForce>(a) : run<double, Auto>(a);
    return a.brute ? run<float, BruteForce>(a) : run<float, Auto>(a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_spherical: %s\n", e.what());
    return 1;
  }
}
