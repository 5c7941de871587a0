// Large input: fit N = 2,000,000 points of dimension D = 64 (float, 512 MB) with K = 100 and check
// that the peak resident memory stays within 1.1 × the data + O(N + K·D): no copy of X, no N×K
// distance matrix. The data is a row-major N×D buffer viewed with lloyd::map_rows (no copy).
//
//   large_fit [N] [D] [K] [max_iter] [n_init]        defaults: 2000000 64 100 5 1
//
// Prints the measured numbers and exits with 1 when the peak exceeds the budget
//   baseline RSS + 1.1 × N·D·4 bytes + (128 + 4·G) bytes × N + 1024 bytes × K·D
// The 128 bytes per point cover labels, weights and the k-means++ seeding's per-point distances
// (about (3 + 2 + 2 + trials) × 8 bytes with trials = 2 + ⌊ln K⌋); 4·G bytes are the lower bounds of
// the assignment assignment::Auto picks (G groups: 0 for brute force, K for Elkan, the capped Yinyang
// default otherwise, whose cap keeps 4·G ≤ max(64 bytes, half a point)). So for any shape the peak
// stays under 1.6 × the data + 192 bytes × N + 1 KiB × K·D.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <lloyd/lloyd.hpp>
#include <string>
#include <vector>

namespace {

// A field of /proc/self/status ("VmHWM", "VmRSS") in bytes, or -1.
long long status_bytes(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, field.size() + 1, field + ":") == 0) return std::atoll(line.c_str() + field.size() + 1) * 1024;
  return -1;
}

double mib(long long b) { return static_cast<double>(b) / (1024.0 * 1024.0); }

}  // namespace

int main(int argc, char** argv) {
  const lloyd::Index n = argc > 1 ? std::atoll(argv[1]) : 2000000;
  const lloyd::Index d = argc > 2 ? std::atoll(argv[2]) : 64;
  const int k = argc > 3 ? std::atoi(argv[3]) : 100;
  const int max_iter = argc > 4 ? std::atoi(argv[4]) : 5;
  const int n_init = argc > 5 ? std::atoi(argv[5]) : 1;
  if (n < 1 || d < 1 || k < 1 || k > n || max_iter < 1 || n_init < 1) {
    std::fprintf(stderr, "usage: large_fit [N >= K] [D >= 1] [K >= 1] [max_iter >= 1] [n_init >= 1]\n");
    return 2;
  }
  const long long baseline = status_bytes("VmRSS");
  if (baseline < 0) {
    std::fprintf(stderr, "large_fit: /proc/self/status has no VmRSS (not Linux?)\n");
    return 2;
  }

  // K overlapping blobs (so that Lloyd iterates): centre coordinates uniform in [-1, 1], points =
  // centre + uniform noise in [-1, 1].
  const auto t0 = std::chrono::steady_clock::now();
  lloyd::Rng rng(42);
  std::vector<float> centres(static_cast<std::size_t>(k * d));
  for (float& c : centres) c = static_cast<float>(2 * rng.uniform() - 1);
  std::vector<float> data(static_cast<std::size_t>(n * d));
  for (lloyd::Index i = 0; i < n; ++i) {
    const std::size_t c = static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(k)));
    for (lloyd::Index j = 0; j < d; ++j) {
      const std::uint64_t bits = rng.next();
      const double noise = static_cast<double>(bits >> 11) * 0x1.0p-52 - 1.0;
      data[static_cast<std::size_t>(i * d + j)] =
          centres[c * static_cast<std::size_t>(d) + static_cast<std::size_t>(j)] + static_cast<float>(noise);
    }
  }
  const long long data_bytes = static_cast<long long>(data.size() * sizeof(float));
  const long long after_data = status_bytes("VmHWM");

  lloyd::Options opt;
  opt.k = k;
  opt.n_init = n_init;
  opt.max_iter = max_iter;
  lloyd::KMeans<float> km(opt);
  const auto t1 = std::chrono::steady_clock::now();
  const lloyd::Result<float> r = km.fit(lloyd::map_rows<float>(data.data(), n, d));
  const auto t2 = std::chrono::steady_clock::now();
  const long long peak = status_bytes("VmHWM");

  using Auto = lloyd::assignment::Auto;
  const Auto::Choice choice = Auto::choice(k, d, n);
  const long long groups = choice == Auto::Choice::BruteForce ? 0
                           : choice == Auto::Choice::Elkan    ? k
                                                              : lloyd::assignment::Bounds{}.groups_for(k, d, 4);
  const long long budget = baseline + data_bytes + data_bytes / 10 + (128LL + 4 * groups) * n + 1024LL * k * d;
  const bool ok = peak <= budget && r.labels.size() == n && std::isfinite(r.inertia);
  std::printf("large_fit: N=%lld D=%lld K=%d max_iter=%d n_init=%d n_iter=%d inertia=%.6g, assignment %s (G=%lld)\n",
              static_cast<long long>(n), static_cast<long long>(d), k, max_iter, n_init, r.n_iter, r.inertia,
              Auto::choice_name(choice), groups);
  std::printf("  data (N*D*4)          %9.1f MiB\n", mib(data_bytes));
  std::printf("  RSS before data       %9.1f MiB\n", mib(baseline));
  std::printf("  peak RSS after data   %9.1f MiB\n", mib(after_data));
  std::printf("  peak RSS after fit    %9.1f MiB  (VmHWM; fit added %.1f MiB = %.1f bytes/point)\n", mib(peak),
              mib(peak - after_data), static_cast<double>(peak - after_data) / static_cast<double>(n));
  std::printf("  budget                %9.1f MiB  (baseline + 1.1 x data + (128 + 4 G) B x N + 1 KiB x K*D)\n",
              mib(budget));
  std::printf("  peak / data           %9.3f\n", static_cast<double>(peak) / static_cast<double>(data_bytes));
  std::printf("  time: data %.1f s, fit %.1f s\n", std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t2 - t1).count());
  std::printf("%s\n", ok ? "PASS" : "FAIL: peak RSS above budget (or bad result)");
  return ok ? 0 : 1;
}
