// lloyd_kmeans — k-means on a CSV or .npy file from the command line. Run with --help.
//
// Exit status: 0 success, 2 bad input or usage (one line on stderr), 1 anything unexpected.
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/error.hpp>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/version.hpp>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "algorithms.hpp"
#include "timing.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using lloyd::Index;
using lloyd_cli::Init;

/// Bad input or usage: reported as one line, exit status 2.
struct UsageError {
  std::string message;
};

const char* const kUsage =
    "usage: lloyd_kmeans INPUT --k K [options]\n"
    "\n"
    "k-means (Lloyd's algorithm, best of --n-init seeded runs) on the rows of INPUT.\n"
    "\n"
    "INPUT                 a .npy file (little-endian float32/float64, C order, N x D) or a CSV file\n"
    "                      (optional header line; comma or whitespace separated; '#' comments);\n"
    "                      '-' reads CSV from standard input\n"
    "\n"
    "options:\n"
    "  --k K               number of clusters (required unless --init gives centres)\n"
    "  --init INIT         local-search (default: greedy k-means++ then k local-search swaps,\n"
    "                      the library's default seeding), k-means++ (greedy k-means++ alone),\n"
    "                      random (k distinct rows), or a file of K x D starting centres\n"
    "                      (CENTRES.npy or CENTRES.csv; then one run)\n"
    "  --refine R          none (default) or random-swap: after each run, --swaps times move a\n"
    "                      random centre onto a random row, 2 Lloyd iterations, keep if better\n"
    "  --swaps T           random-swap trials per run (default: k when --refine random-swap)\n"
    "  --n-init N          seeded runs, the lowest inertia wins (default 10)\n"
    "  --max-iter M        maximum iterations per run (default 300)\n"
    "  --tol T             stop when the squared centre shift <= T x mean feature variance (default 1e-4)\n"
    "  --seed S            base seed, an unsigned 64-bit integer (default 0)\n"
    "  --algorithm NAME    assignment algorithm, all exact (same labels; default auto):\n"
    "%s"
    "  --update U          mean (default: update::Mean, double sums) or exact (update::ExactMean:\n"
    "                      order-independent fixed-point sums, updated only for the rows whose\n"
    "                      label changed; faster when few labels change)\n"
    "  --threads T         OpenMP threads (results do not depend on it; ignored without OpenMP)\n"
    "  --precision P       float or double: precision of the computation (default: float for a\n"
    "                      float32 .npy, double otherwise)\n"
    "  --weights W         per-row weights, N values (W.npy or W.csv); finite, >= 0, not all zero\n"
    "  --labels OUT        write the label (0..K-1) of each row: OUT.csv one per line, OUT.npy int32\n"
    "  --centroids OUT     write the K x D centres: OUT.csv (%%.9g float / %%.17g double, reads back\n"
    "                      bit-identically) or OUT.npy\n"
    "  --history OUT.csv   per iteration of the winning run: iteration,inertia,n_changed,shift\n"
    "                      (costs an inertia pass per iteration, included in the timings)\n"
    "  --json              print one JSON object on stdout: n, d, k, precision, algorithm, update, threads,\n"
    "                      n_init, n_iter, n_iter_total, converged, inertia, seconds_total,\n"
    "                      seconds_seeding, ms_per_iter (Lloyd iterations only: time / n_iter_total),\n"
    "                      seconds_read (reading INPUT, not part of seconds_total)\n"
    "  --quiet             no progress line on stderr and no summary on stdout\n"
    "  --help              this text\n"
    "  --version           the lloyd version\n"
    "\n"
    "Output files are written under a temporary name and renamed when complete. Exit status: 0 on\n"
    "success, 2 on bad input or usage (one line on stderr), 1 on an unexpected failure.\n";

void print_help() {
  std::string algos;
  for (const auto& a : lloyd_cli::kAlgorithms) {
    char line[256];
    std::snprintf(line, sizeof line, "                        %-10s %s\n", a.name, a.description);
    algos += line;
  }
  std::printf(kUsage, algos.c_str());
}

struct Args {
  std::string input;
  int k = 0;
  bool k_given = false;
  std::string init = "local-search";
  std::string refine = "none";
  long long swaps = -1;  // -1: k
  int n_init = 10;
  int max_iter = 300;
  double tol = 1e-4;
  std::uint64_t seed = 0;
  std::string algorithm = "auto";
  std::string update = "mean";
  int threads = 0;  // 0: OpenMP default
  std::string precision;  // "", "float" or "double"
  std::string weights, labels, centroids, history;
  bool json = false, quiet = false;
};

long long parse_integer(const std::string& opt, const std::string& v, long long lo, long long hi) {
  errno = 0;
  char* end = nullptr;
  const long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno == ERANGE || x < lo || x > hi)
    throw UsageError{opt + " expects an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got '" +
                     v + "'"};
  return x;
}

std::uint64_t parse_seed(const std::string& v) {
  errno = 0;
  char* end = nullptr;
  const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || v[0] == '-' || v[0] == '+' || v[0] == ' ' || *end != '\0' || errno == ERANGE)
    throw UsageError{"--seed expects an unsigned 64-bit integer, got '" + v + "'"};
  return static_cast<std::uint64_t>(x);
}

double parse_tol(const std::string& v) {
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(x >= 0) || x == HUGE_VAL)
    throw UsageError{"--tol expects a finite number >= 0, got '" + v + "'"};
  return x;
}

Args parse_args(int argc, char** argv) {
  Args a;
  const int kMax = 1 << 30;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_help();
      std::exit(0);
    }
    if (arg == "--version") {
      std::printf("lloyd_kmeans %d.%d.%d\n", LLOYD_VERSION_MAJOR, LLOYD_VERSION_MINOR, LLOYD_VERSION_PATCH);
      std::exit(0);
    }
    if (arg == "--json") {
      a.json = true;
      continue;
    }
    if (arg == "--quiet") {
      a.quiet = true;
      continue;
    }
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0 || arg == "--") {
      if (arg.size() > 1 && arg[0] == '-') throw UsageError{"unknown option '" + arg + "' (see --help)"};
      if (!a.input.empty()) throw UsageError{"more than one INPUT: '" + a.input + "' and '" + arg + "'"};
      a.input = arg;
      continue;
    }
    std::string name = arg, value;
    const std::size_t eq = arg.find('=');
    bool has_value = false;
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    static const char* const with_value[] = {"--k",       "--init",    "--n-init",  "--max-iter", "--tol",
                                             "--seed",    "--algorithm", "--threads", "--precision", "--weights",
                                             "--labels",  "--centroids", "--history", "--refine", "--swaps", "--update"};
    bool known = false;
    for (const char* o : with_value) known = known || name == o;
    if (!known) throw UsageError{"unknown option '" + name + "' (see --help)"};
    if (!has_value) {
      if (i + 1 >= argc || std::strncmp(argv[i + 1], "--", 2) == 0) throw UsageError{name + " needs a value"};
      value = argv[++i];
    }
    if (name == "--k") {
      a.k = static_cast<int>(parse_integer(name, value, 1, kMax));
      a.k_given = true;
    } else if (name == "--init") {
      a.init = value;
    } else if (name == "--n-init") {
      a.n_init = static_cast<int>(parse_integer(name, value, 1, kMax));
    } else if (name == "--max-iter") {
      a.max_iter = static_cast<int>(parse_integer(name, value, 1, kMax));
    } else if (name == "--tol") {
      a.tol = parse_tol(value);
    } else if (name == "--seed") {
      a.seed = parse_seed(value);
    } else if (name == "--algorithm") {
      a.algorithm = value;
    } else if (name == "--threads") {
      a.threads = static_cast<int>(parse_integer(name, value, 1, 4096));
    } else if (name == "--precision") {
      if (value != "float" && value != "double")
        throw UsageError{"--precision expects 'float' or 'double', got '" + value + "'"};
      a.precision = value;
    } else if (name == "--weights") {
      a.weights = value;
    } else if (name == "--labels") {
      a.labels = value;
    } else if (name == "--centroids") {
      a.centroids = value;
    } else if (name == "--history") {
      a.history = value;
    } else if (name == "--refine") {
      if (value != "none" && value != "random-swap")
        throw UsageError{"--refine expects 'none' or 'random-swap', got '" + value + "'"};
      a.refine = value;
    } else if (name == "--update") {
      if (value != "mean" && value != "exact")
        throw UsageError{"--update expects 'mean' or 'exact', got '" + value + "'"};
      a.update = value;
    } else if (name == "--swaps") {
      a.swaps = parse_integer(name, value, 0, kMax);
    }
  }
  if (a.input.empty()) throw UsageError{"no INPUT file given (usage: lloyd_kmeans INPUT --k K [options]; see --help)"};
  if (!lloyd_cli::find_algorithm(a.algorithm.c_str())) {
    std::string names;
    for (const auto& al : lloyd_cli::kAlgorithms) names += std::string(names.empty() ? "" : ", ") + al.name;
    throw UsageError{"unknown --algorithm '" + a.algorithm + "' (available: " + names + ")"};
  }
  if (!a.history.empty() && lloyd::io::has_extension(a.history, ".npy"))
    throw UsageError{"--history writes CSV only, got '" + a.history + "'"};
  return a;
}

bool starts_with_npy_magic(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;  // the reader reports why
  char magic[6] = {};
  const std::size_t got = std::fread(magic, 1, 6, f);
  std::fclose(f);
  return got == 6 && std::memcmp(magic, "\x93NUMPY", 6) == 0;
}

bool is_npy(const std::string& path) {
  return path != "-" && (lloyd::io::has_extension(path, ".npy") || starts_with_npy_magic(path));
}

/// A table from a .npy file (by extension or magic), CSV otherwise, "-" = CSV on stdin.
template <class Scalar>
lloyd::io::Matrix<Scalar> read_table(const std::string& path) {
  return is_npy(path) ? lloyd::io::read_npy<Scalar>(path) : lloyd::io::read_csv<Scalar>(path);
}

/// float for a float32 .npy input, double otherwise (unless --precision says).
std::string choose_precision(const Args& a) {
  if (!a.precision.empty()) return a.precision;
  if (!is_npy(a.input)) return "double";
  std::FILE* f = std::fopen(a.input.c_str(), "rb");
  if (!f) return "double";
  char head[4096];
  const std::size_t got = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  try {
    const lloyd::io::NpyHeader h = lloyd::io::parse_npy_header(head, got, a.input);
    return h.descr == "<f4" ? "float" : "double";
  } catch (const lloyd::error&) {
    return "double";  // the reader will report the problem
  }
}

std::string json_number(double v, const char* fmt = "%.17g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

template <class Scalar>
int run(const Args& a, const char* precision) {
  lloyd_cli::Job<Scalar> job;
  // Reading is timed separately (seconds_read); seconds_total etc. cover the computation only.
  const auto t_read = std::chrono::steady_clock::now();
  const lloyd::io::Matrix<Scalar> data = read_table<Scalar>(a.input);
  const double seconds_read = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count();
  const std::string input_name = a.input == "-" ? "<stdin>" : a.input;
  const Index n = data.rows(), d = data.cols();
  job.X = &data.points;

  lloyd::Weights<Scalar> w = lloyd::Weights<Scalar>::Ones(n);
  if (!a.weights.empty()) {
    const lloyd::io::Matrix<Scalar> wm = read_table<Scalar>(a.weights);
    if (wm.points.size() != n || (wm.rows() != 1 && wm.cols() != 1))
      throw UsageError{a.weights + ": --weights needs " + std::to_string(n) + " values (one per row of " + input_name +
                       "), got a " + std::to_string(wm.rows()) + " x " + std::to_string(wm.cols()) + " table"};
    for (Index i = 0; i < n; ++i) {
      w[i] = wm.points.data()[i];
      if (!(w[i] >= 0))
        throw UsageError{a.weights + ": weight " + std::to_string(i) + " (row " + std::to_string(i + 1) +
                         ") is negative; weights must be >= 0"};
    }
  }
  job.w = &w;

  int k = a.k;
  if (a.init == "local-search") {
    job.init = Init::LocalSearch;
  } else if (a.init == "k-means++") {
    job.init = Init::KMeansPlusPlus;
  } else if (a.init == "random") {
    job.init = Init::Random;
  } else {
    job.init = Init::Given;
    const lloyd::io::Matrix<double> c = read_table<double>(a.init);  // double: exact for either precision
    if (c.cols() != d)
      throw UsageError{a.init + ": --init centres have " + std::to_string(c.cols()) + " columns but " + input_name +
                       " has " + std::to_string(d)};
    if (a.k_given && c.rows() != a.k)
      throw UsageError{a.init + ": --init has " + std::to_string(c.rows()) + " centres (rows) but --k is " +
                       std::to_string(a.k)};
    k = static_cast<int>(c.rows());
    job.given = c.points;
  }
  if (k < 1) throw UsageError{"--k is required (the number of clusters)"};
  if (k > n)
    throw UsageError{"--k is " + std::to_string(k) + " but " + input_name + " has only " + std::to_string(n) +
                     (n == 1 ? " row" : " rows")};
  job.options.k = k;
  job.options.n_init = a.n_init;
  job.options.max_iter = a.max_iter;
  job.options.tol = a.tol;
  job.options.seed = a.seed;
  job.options.record_history = !a.history.empty();
  if (a.swaps >= 0 && a.refine != "random-swap") throw UsageError{"--swaps needs --refine random-swap"};
  job.exact_update = a.update == "exact";
  if (a.refine == "random-swap") job.swaps = a.swaps >= 0 ? static_cast<int>(a.swaps) : k;
  const int runs = job.init == Init::Given ? 1 : a.n_init;

  const lloyd_cli::Algorithm* algo = lloyd_cli::find_algorithm(a.algorithm.c_str());
  auto& clock = lloyd_cli::PhaseClock::get();
  clock.begin_fit(!a.quiet, ::isatty(2) != 0, runs, &w);
  lloyd::Result<Scalar> r;
  if constexpr (std::is_same<Scalar, float>::value)
    r = algo->fit_float(job);
  else
    r = algo->fit_double(job);
  clock.end_fit();

  // Outputs: all written under temporary names first, renamed only when all are complete.
  std::vector<std::unique_ptr<lloyd::io::AtomicFile>> outs;
  if (!a.labels.empty()) {
    outs.emplace_back(new lloyd::io::AtomicFile(a.labels));
    if (lloyd::io::has_extension(a.labels, ".npy"))
      lloyd::io::write_npy_labels(outs.back()->get(), r.labels);
    else
      lloyd::io::write_csv_labels(outs.back()->get(), r.labels);
  }
  if (!a.centroids.empty()) {
    outs.emplace_back(new lloyd::io::AtomicFile(a.centroids));
    if (lloyd::io::has_extension(a.centroids, ".npy"))
      lloyd::io::write_npy(outs.back()->get(), r.centroids);
    else
      lloyd::io::write_csv(outs.back()->get(), r.centroids);
  }
  if (!a.history.empty()) {
    outs.emplace_back(new lloyd::io::AtomicFile(a.history));
    std::FILE* f = outs.back()->get();
    std::fputs("iteration,inertia,n_changed,shift\n", f);
    for (const auto& h : r.history)
      std::fprintf(f, "%d,%.17g,%lld,%.17g\n", h.iteration, h.inertia, static_cast<long long>(h.n_changed), h.shift);
  }
  for (auto& o : outs) o->close();
  for (auto& o : outs) o->commit();

  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  const long iters = clock.iterations();
  const double ms_per_iter = iters > 0 ? 1e3 * clock.seconds_iterating() / static_cast<double>(iters) : 0.0;
  if (a.json) {
    std::printf(
        "{\"n\":%lld,\"d\":%lld,\"k\":%d,\"precision\":\"%s\",\"algorithm\":\"%s\",\"update\":\"%s\",\"threads\":%d,\"n_init\":%d,"
        "\"n_iter\":%d,\"n_iter_total\":%ld,\"converged\":%s,\"inertia\":%s,\"seconds_total\":%s,"
        "\"seconds_seeding\":%s,\"ms_per_iter\":%s,\"seconds_read\":%s}\n",
        static_cast<long long>(n), static_cast<long long>(d), k, precision, algo->name, a.update.c_str(), threads, runs,
        r.n_iter, iters,
        r.converged ? "true" : "false", json_number(r.inertia).c_str(), json_number(clock.seconds_total(), "%.6g").c_str(),
        json_number(clock.seconds_seeding(), "%.6g").c_str(), json_number(ms_per_iter, "%.6g").c_str(),
        json_number(seconds_read, "%.6g").c_str());
  } else if (!a.quiet) {
    std::printf("%s: %lld rows x %lld columns, k = %d, %s, algorithm %s, %d thread%s\n", input_name.c_str(),
                static_cast<long long>(n), static_cast<long long>(d), k, precision, algo->name, threads,
                threads == 1 ? "" : "s");
    std::printf("inertia %.9g after %d iteration%s (%s), best of %d run%s (run %d)\n", r.inertia, r.n_iter,
                r.n_iter == 1 ? "" : "s", r.converged ? "converged" : "not converged: max-iter reached", runs,
                runs == 1 ? "" : "s", r.best_run);
    std::printf("time %.3f s (seeding %.3f s, %.3g ms per iteration over %ld iterations)\n", clock.seconds_total(),
                clock.seconds_seeding(), ms_per_iter, iters);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse_args(argc, argv);
#ifdef _OPENMP
    if (a.threads > 0) omp_set_num_threads(a.threads);
#endif
    const std::string precision = choose_precision(a);
    return precision == "float" ? run<float>(a, "float") : run<double>(a, "double");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "lloyd_kmeans: %s\n", e.message.c_str());
    return 2;
  } catch (const lloyd::error& e) {
    const char* msg = e.what();
    if (std::strncmp(msg, "lloyd: ", 7) == 0) msg += 7;
    std::fprintf(stderr, "lloyd_kmeans: %s\n", msg);
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "lloyd_kmeans: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lloyd_kmeans: unexpected error: %s\n", e.what());
    return 1;
  }
}
