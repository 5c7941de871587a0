// Benchmark driver for lloyd's assignment policies (a program, not a test).
//
//   bench_lloyd X.npy --init C0.npy [--algorithm NAME] [--max-iter N] [--tol T] [--double] [--n M]
//   bench_lloyd X.npy --kmeans++ K [--seed S]             time k-means++ seeding only
//   bench_lloyd --synthetic N D K ...                    generated data instead of a file (smoke test)
//   bench_lloyd --list                                   the NAMEs, one per line
//
// X.npy: float32 or float64, C order N×D (numpy's default), read as D×N columns without copying.
// Prints one JSON line like bench/sklearn_reference.py: impl, algorithm, k, n_iter,
// ms_per_iter, seconds, inertia, threads. NAME: any policy of lloyd/assignment/registry.hpp (--list).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <lloyd/lloyd.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

// Reads a little-endian float32/float64 C-order N×D .npy file as D×N points. When the file's type is
// S the data is read straight into the matrix (no second copy, so peak memory ≈ the data).
template <class S>
lloyd::Points<S> load_points(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  char magic[8];
  f.read(magic, 8);
  if (!f || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw std::runtime_error(path + ": not a .npy file");
  std::size_t hlen = 0;
  unsigned char b[4] = {0, 0, 0, 0};
  f.read(reinterpret_cast<char*>(b), magic[6] == 1 ? 2 : 4);
  hlen = b[0] | (static_cast<std::size_t>(b[1]) << 8) | (static_cast<std::size_t>(b[2]) << 16) |
         (static_cast<std::size_t>(b[3]) << 24);
  std::string h(hlen, ' ');
  f.read(&h[0], static_cast<std::streamsize>(hlen));
  int bytes = 0;
  if (h.find("'<f4'") != std::string::npos) bytes = 4;
  else if (h.find("'<f8'") != std::string::npos) bytes = 8;
  else throw std::runtime_error(path + ": need little-endian float32 or float64");
  if (h.find("'fortran_order': False") == std::string::npos) throw std::runtime_error(path + ": need C order");
  const auto p = h.find("'shape': (");
  long rows = 0, cols = 0;
  if (p == std::string::npos || std::sscanf(h.c_str() + p + 10, "%ld, %ld", &rows, &cols) != 2)
    throw std::runtime_error(path + ": need a 2-d array");
  lloyd::Points<S> X(cols, rows);
  const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  if (bytes == static_cast<int>(sizeof(S))) {
    f.read(reinterpret_cast<char*>(X.data()), static_cast<std::streamsize>(count * sizeof(S)));
  } else if (bytes == 4) {
    std::vector<float> tmp(count);
    f.read(reinterpret_cast<char*>(tmp.data()), static_cast<std::streamsize>(count * 4));
    for (std::size_t i = 0; i < count; ++i) X.data()[i] = static_cast<S>(tmp[i]);
  } else {
    std::vector<double> tmp(count);
    f.read(reinterpret_cast<char*>(tmp.data()), static_cast<std::streamsize>(count * 8));
    for (std::size_t i = 0; i < count; ++i) X.data()[i] = static_cast<S>(tmp[i]);
  }
  if (!f) throw std::runtime_error(path + ": truncated");
  return X;
}

double cpu_now() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

int threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

struct Args {
  std::string data, init, algorithm = "auto";
  int max_iter = 30, kpp = 0;
  double tol = 0;
  bool dbl = false, profile = false;
  long n = 0;
  std::uint64_t seed = 0;
  long syn_n = 0, syn_d = 0, syn_k = 0;
};

template <class S, class A>
void fit(const lloyd::Points<S>& X, const lloyd::Centres<S>& C0, const Args& a) {
  lloyd::Options opt;
  opt.k = static_cast<int>(C0.cols());
  opt.max_iter = a.max_iter;
  opt.tol = a.tol;
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given, A> km(opt, lloyd::seeding::Given(C0));
  const double t = now(), tc = cpu_now();
  const auto r = km.fit(X);
  const double s = now() - t, sc = cpu_now() - tc;
  std::printf(
      "{\"impl\": \"lloyd\", \"algorithm\": \"%s\", \"k\": %d, \"n\": %ld, \"n_iter\": %d, \"ms_per_iter\": %.3f, "
      "\"seconds\": %.4f, \"cpu_seconds\": %.4f, \"inertia\": %.10g, \"threads\": %d, \"dtype\": \"%s\"}\n",
      a.algorithm.c_str(), opt.k, static_cast<long>(X.cols()), r.n_iter, 1000 * s / std::max(1, r.n_iter), s, sc,
      r.inertia, threads(), sizeof(S) == 4 ? "float32" : "float64");
  if (a.profile) {
    // One update and one assignment step on the final state, timed separately (CPU seconds).
    lloyd::Labels l = r.labels;
    lloyd::Centres<S> C = r.centroids;
    lloyd::Shifts sh;
    const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
    double t0 = cpu_now();
    lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l, C, sh);
    const double tu = cpu_now() - t0;
    t0 = cpu_now();
    auto st = lloyd::detail::make_assignment_state(A{}, lloyd::PointsRef<S>(X), C, l);
    const double tb = cpu_now() - t0;
    t0 = cpu_now();
    st.step(X, C, l);
    const double ts = cpu_now() - t0;
    t0 = cpu_now();
    const double in = lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, l);
    const double ti = cpu_now() - t0;
    std::printf(
        "{\"profile_cpu_ms\": {\"update\": %.1f, \"state_build\": %.1f, \"step_same_centres\": %.1f, "
        "\"inertia\": %.1f}, \"check\": %g}\n",
        1e3 * tu, 1e3 * tb, 1e3 * ts, 1e3 * ti, in);
  }
}

template <class S>
void run(const lloyd::Points<S>& X, const Args& a, const lloyd::Centres<S>& C0) {
  if (a.kpp > 0) {
    lloyd::Rng rng(a.seed);
    const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
    const double t = now();
    const auto C = lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), a.kpp, rng);
    const double s = now() - t;
    lloyd::Labels l;
    lloyd::assignment::Gemm::State<S, Eigen::Dynamic> st(X, C, l);
    const double inertia = lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, l);
    std::printf(
        "{\"impl\": \"lloyd\", \"algorithm\": \"k-means++\", \"k\": %d, \"seconds\": %.4f, \"inertia\": %.10g, "
        "\"threads\": %d}\n",
        a.kpp, s, inertia, threads());
    return;
  }
  const bool known = lloyd::assignment::with_policy(a.algorithm.c_str(),
                                                    [&](auto tag) { fit<S, typename decltype(tag)::type>(X, C0, a); });
  if (!known) throw std::runtime_error("unknown --algorithm " + a.algorithm);
}

}  // namespace

int main(int argc, char** argv) try {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(s + " needs a value");
      return argv[++i];
    };
    if (s == "--init") a.init = next();
    else if (s == "--algorithm") a.algorithm = next();
    else if (s == "--max-iter") a.max_iter = std::stoi(next());
    else if (s == "--tol") a.tol = std::stod(next());
    else if (s == "--double") a.dbl = true;
    else if (s == "--profile") a.profile = true;
    else if (s == "--n") a.n = std::stol(next());
    else if (s == "--kmeans++") a.kpp = std::stoi(next());
    else if (s == "--seed") a.seed = std::stoull(next());
    else if (s == "--list") {
      for (const auto& e : lloyd::assignment::registry) std::printf("%s\n", e.name);
      return 0;
    } else if (s == "--synthetic") {
      a.syn_n = std::stol(next());
      a.syn_d = std::stol(next());
      a.syn_k = std::stol(next());
    } else a.data = s;
  }
  auto go = [&](auto tag) {
    using S = decltype(tag);
    lloyd::Points<S> X;
    lloyd::Centres<S> C0;
    if (a.syn_n > 0) {
      lloyd::Rng rng(a.seed + 1);
      const lloyd::Centres<S> M =
          lloyd::Centres<S>::NullaryExpr(a.syn_d, a.syn_k, [&]() { return static_cast<S>(4 * rng.uniform()); });
      X.resize(a.syn_d, a.syn_n);
      for (long i = 0; i < a.syn_n; ++i)
        for (long j = 0; j < a.syn_d; ++j) X(j, i) = M(j, i % a.syn_k) + static_cast<S>(rng.normal());
      C0 = X.leftCols(a.syn_k);
    } else {
      X = load_points<S>(a.data);
      if (a.n > 0 && a.n < X.cols()) X.conservativeResize(Eigen::NoChange, a.n);
      if (a.kpp == 0) C0 = load_points<S>(a.init);
    }
    run<S>(X, a, C0);
  };
  if (a.dbl) go(double{});
  else go(float{});
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_lloyd: %s\n", e.what());
  return 1;
}
