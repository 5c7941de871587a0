// bench_io — how fast lloyd::io reads data. Prints numbers; it checks nothing.
//
//   bench_io FILE.npy [REPEATS]
//
// 1. read_npy<float> of FILE (the best of REPEATS reads, page cache warm);
// 2. writes the same table as CSV (%.9g) to FILE.bench.csv, then times read_csv<float> and
//    read_csv<double> of it (best of REPEATS) and reports MB/s of CSV text; removes the CSV.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/npy.hpp>
#include <string>

namespace {

template <class F>
double best_seconds(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s < best) best = s;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_io FILE.npy [REPEATS]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  try {
    lloyd::io::Matrix<float> m;
    const double t_npy = best_seconds(repeats, [&] { m = lloyd::io::read_npy<float>(path); });
    const double mb_npy = static_cast<double>(m.points.size()) * 4 / 1e6;
    std::printf("read_npy<float>   %lld x %lld: %.3f s (%.0f MB/s)\n", static_cast<long long>(m.rows()),
                static_cast<long long>(m.cols()), t_npy, mb_npy / t_npy);

    const std::string csv = path + ".bench.csv";
    lloyd::io::write_csv(csv, m.points);
    const double mb_csv = static_cast<double>(lloyd::io::read_file(csv).size()) / 1e6;
    lloyd::io::Matrix<float> f;
    lloyd::io::Matrix<double> d;
    const double t_f = best_seconds(repeats, [&] { f = lloyd::io::read_csv<float>(csv); });
    const double t_d = best_seconds(repeats, [&] { d = lloyd::io::read_csv<double>(csv); });
    std::remove(csv.c_str());
    std::printf("read_csv<float>   %.1f MB of CSV: %.3f s (%.0f MB/s)\n", mb_csv, t_f, mb_csv / t_f);
    std::printf("read_csv<double>  %.1f MB of CSV: %.3f s (%.0f MB/s)\n", mb_csv, t_d, mb_csv / t_d);
    if (f.points != m.points) {
      std::fprintf(stderr, "bench_io: the CSV did not read back identically\n");
      return 1;
    }
  } catch (const lloyd::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
