// Prints the exact bits of several fits' results. Built with and without OpenMP; the test
// compare_fingerprints.cmake requires identical output for every thread count. Also checks, without
// printing, that every policy of the assignment registry (lloyd/assignment/registry.hpp) fits the same
// bits as BruteForce (all are exact); exit status 1 and a line on stderr when one does not.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <lloyd/lloyd.hpp>

namespace {
template <class S>
void print(const lloyd::Result<S>& r) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ULL;
  };
  mix(r.centroids.data(), sizeof(S) * static_cast<std::size_t>(r.centroids.size()));
  mix(r.labels.data(), sizeof(int) * static_cast<std::size_t>(r.labels.size()));
  std::uint64_t bits;
  std::memcpy(&bits, &r.inertia, 8);
  std::printf("%016" PRIx64 " %016" PRIx64 " %d\n", h, bits, r.n_iter);
}

int failures = 0;

template <class S>
bool same_bits(const lloyd::Result<S>& a, const lloyd::Result<S>& b) {
  return a.centroids == b.centroids && a.labels == b.labels &&
         std::memcmp(&a.inertia, &b.inertia, sizeof a.inertia) == 0 && a.n_iter == b.n_iter;
}

/// Every registered assignment policy against BruteForce, from the same k-means++ seeding.
template <class S>
void check_registry(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const lloyd::Options& opt) {
  using KPP = lloyd::seeding::KMeansPlusPlus;
  const auto ref = lloyd::KMeans<S, Eigen::Dynamic, KPP, lloyd::assignment::BruteForce>(opt).fit(X, w);
  lloyd::assignment::for_each_policy([&](auto tag) {
    using P = typename decltype(tag)::type;
    if (!same_bits(lloyd::KMeans<S, Eigen::Dynamic, KPP, P>(opt).fit(X, w), ref)) {
      std::fprintf(stderr, "fingerprint: assignment '%s' (%s, k = %d) differs from brute force\n", P::name,
                   sizeof(S) == 4 ? "float" : "double", opt.k);
      ++failures;
    }
  });
}

template <class S>
void run() {
  lloyd::Rng rng(99);
  lloyd::Points<S> X(6, 5000);
  for (lloyd::Index i = 0; i < X.size(); ++i) X.data()[i] = static_cast<S>(rng.normal() + static_cast<double>(i % 7));
  lloyd::Weights<S> w(5000);
  for (lloyd::Index i = 0; i < 5000; ++i) w[i] = static_cast<S>(0.5 + rng.uniform());
  lloyd::Options opt;
  opt.n_init = 3;
  for (int k : {3, 25}) {
    opt.k = k;
    print(lloyd::KMeans<S>(opt).fit(X));
    print(lloyd::KMeans<S>(opt).fit(X, w));
    print(lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X));
    print(lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::LocalSearchPlusPlus>(opt).fit(X, w));
    print(lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::BruteForce,
                        lloyd::update::Mean, lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>(
              opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(10))
              .fit(X, w));
    // The fast assignment policies: exact, so the same bits as BruteForce, for any thread count.
    using KPP = lloyd::seeding::KMeansPlusPlus;
    print(lloyd::KMeans<S, Eigen::Dynamic, KPP, lloyd::assignment::Gemm>(opt).fit(X, w));
    print(lloyd::KMeans<S, Eigen::Dynamic, KPP, lloyd::assignment::Hamerly>(opt).fit(X));
    print(lloyd::KMeans<S, Eigen::Dynamic, KPP, lloyd::assignment::Elkan>(opt).fit(X));
    print(lloyd::KMeans<S, Eigen::Dynamic, KPP, lloyd::assignment::Yinyang>(opt).fit(X, w));
    check_registry(X, w, opt);
  }
  // Larger data: several chunks per thread in every parallel loop (assignment, update, seeding), and
  // enough work (N·D = 288000 ≥ detail::kMinParallelWork) that even the update runs on threads.
  lloyd::Points<S> Y(48, 6000);
  for (lloyd::Index i = 0; i < Y.size(); ++i) Y.data()[i] = static_cast<S>(rng.normal() + static_cast<double>(i % 11));
  opt.k = 40;
  opt.n_init = 1;
  print(lloyd::KMeans<S>(opt).fit(Y));
  print(lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Yinyang>(opt).fit(Y));
  print(lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Hamerly,
                      lloyd::update::ReproducibleMean>(opt)
            .fit(Y));
}
}  // namespace

int main() {
  run<float>();
  run<double>();
  return failures > 0 ? 1 : 0;
}
