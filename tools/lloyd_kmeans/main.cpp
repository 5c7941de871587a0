// lloyd_kmeans — k-means on a CSV or .npy file from the command line. Run with --help.
//
// Exit status: 0 success, 2 bad input or usage (one line on stderr), 1 anything unexpected.
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/error.hpp>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/input.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/io/svmlight.hpp>
#include <lloyd/version.hpp>
#include <memory>
#include <string>
#include <vector>

#include "algorithms.hpp"
#include "args.hpp"
#include "bisecting_fit.hpp"
#include "input_data.hpp"
#include "isa.hpp"
#include "mini_batch_fit.hpp"
#include "model_io.hpp"
#include "outputs.hpp"
#include "timing.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using lloyd::Index;
using lloyd_cli::Init;

using lloyd_cli::Args;
using lloyd_cli::UsageError;

/// A table from a .npy file (by extension or magic), CSV otherwise; "-" = standard input. Any input
/// (a pipe, a FIFO, /dev/stdin) is opened once and read once (lloyd/io/input.hpp).
template <class Scalar>
lloyd::io::Matrix<Scalar> read_table(const std::string& path) {
  return lloyd::io::read_table<Scalar>(path);
}

/// float for a float32 .npy input (any byte order), double otherwise (unless --precision says).
std::string choose_precision(const Args& a, const lloyd::io::Input& input) {
  if (!a.precision.empty()) return a.precision;
  return input.npy_float_bytes() == 4 ? "float" : "double";
}

std::string json_number(double v, const char* fmt = "%.17g") {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

/// Per-row weights from --weights (all ones without it): N values, each >= 0.
template <class Scalar>
lloyd::Weights<Scalar> read_weights(const Args& a, Index n, const std::string& input_name) {
  lloyd::Weights<Scalar> w = lloyd::Weights<Scalar>::Ones(n);
  if (a.weights.empty()) return w;
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
  return w;
}

/// The seeding from --init (a kind, or a file of centres read into job.given); returns k.
template <class Scalar>
int choose_init(const Args& a, Index d, const std::string& input_name, lloyd_cli::Job<Scalar>& job) {
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
    job.given = c.points;
    return static_cast<int>(c.rows());
  }
  return a.k;
}

/// The library's options and the refinement from the command line, for k clusters of n rows.
template <class Scalar>
void set_options(const Args& a, int k, Index n, const std::string& input_name, lloyd_cli::Job<Scalar>& job) {
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
  job.reproducible_update = a.update == "reproducible";
  job.cosine = a.metric == "cosine";
  if (a.refine == "random-swap") job.swaps = a.swaps >= 0 ? static_cast<int>(a.swaps) : k;
  if (a.refine == "breathing") job.breathing_m = lloyd::refine::Breathing{}.m;
}

/// The output files, opened (as temporaries) before the fit: --labels, --centroids, --history,
/// --save-model; nullptr for those not asked for.
struct Outputs {
  lloyd::io::AtomicFile *labels, *centroids, *history, *model;
};

Outputs open_outputs(const Args& a, lloyd_cli::OutputSet& set) {
  return {set.open(a.labels), set.open(a.centroids), set.open(a.history), set.open(a.save_model)};
}

/// Writes the result into the open outputs (`model_bytes`: the model file's content) and commits
/// them all or none (outputs.hpp).
template <class Scalar>
void write_outputs(const Outputs& o, lloyd_cli::OutputSet& set, const lloyd::Result<Scalar>& r,
                   const std::string& model_bytes = "") {
  if (o.model) std::fwrite(model_bytes.data(), 1, model_bytes.size(), o.model->get());
  if (o.labels) {
    if (lloyd::io::has_extension(o.labels->path(), ".npy")) lloyd::io::write_npy_labels(o.labels->get(), r.labels);
    else lloyd::io::write_csv_labels(o.labels->get(), r.labels);
  }
  if (o.centroids) {
    if (lloyd::io::has_extension(o.centroids->path(), ".npy")) lloyd::io::write_npy(o.centroids->get(), r.centroids);
    else lloyd::io::write_csv(o.centroids->get(), r.centroids);
  }
  if (o.history) {
    std::FILE* f = o.history->get();
    std::fputs("iteration,inertia,n_changed,shift\n", f);
    for (const auto& h : r.history)
      std::fprintf(f, "%d,%.17g,%lld,%.17g\n", h.iteration, h.inertia, static_cast<long long>(h.n_changed), h.shift);
  }
  set.commit();
}

/// Values the fit would refuse as out of range (their squares overflow), named by file, row and column.
template <class Scalar>
void check_range(const Scalar* p, Index n, Index d, const std::string& input_name) {
  const double limit = lloyd::detail::max_abs_value<Scalar>(d);
  for (Index i = 0; i < n * d; ++i)
    if (std::fabs(static_cast<double>(p[i])) > limit) {
      const bool is_float = sizeof(Scalar) == 4;
      throw UsageError{input_name + ": row " + std::to_string(i / d + 1) + ", column " + std::to_string(i % d + 1) +
                       " is " + json_number(static_cast<double>(p[i]), "%.9g") + "; in dimension " + std::to_string(d) +
                       " the " + (is_float ? "float" : "double") + " data must stay within +-" +
                       json_number(limit, "%.3g") + " or squared distances overflow; rescale the data" +
                       (is_float ? " (or use --precision double)" : "")};
    }
}

/// What a summary reports besides the result.
struct Summary {
  std::string input_name;
  Index n = 0, d = 0;
  int k = 0, runs = 0;
  const char* precision = "";
  const char* algorithm = "";
  double seconds_read = 0;
  bool mapped = false;  // INPUT memory-mapped (input_data.hpp) rather than read into memory
};

/// The summary on stdout: one JSON object (--json) or three lines (unless --quiet).
template <class Scalar>
void print_summary(const Args& a, const Summary& s, const lloyd::Result<Scalar>& r) {
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  const auto& clock = lloyd_cli::PhaseClock::get();
  const long iters = clock.iterations();
  const double ms_per_iter = iters > 0 ? 1e3 * clock.seconds_iterating() / static_cast<double>(iters) : 0.0;
  if (a.json) {
    std::printf(
        "{\"n\":%lld,\"d\":%lld,\"k\":%d,\"precision\":\"%s\",\"metric\":\"%s\",\"algorithm\":\"%s\",\"update\":\"%s\","
        "\"threads\":%d,\"isa\":\"%s\","
        "\"n_init\":%d,"
        "\"n_iter\":%d,\"n_iter_total\":%ld,\"converged\":%s,\"inertia\":%s,\"seconds_total\":%s,"
        "\"seconds_seeding\":%s,\"ms_per_iter\":%s,\"seconds_read\":%s,\"input\":\"%s\"}\n",
        static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision, a.metric.c_str(), s.algorithm,
        a.metric == "cosine" ? "spherical" : a.update.c_str(), threads, lloyd_cli::isa_name(), s.runs, r.n_iter, iters,
        r.converged ? "true" : "false", json_number(r.inertia).c_str(),
        json_number(clock.seconds_total(), "%.6g").c_str(), json_number(clock.seconds_seeding(), "%.6g").c_str(),
        json_number(ms_per_iter, "%.6g").c_str(), json_number(s.seconds_read, "%.6g").c_str(),
        s.mapped ? "mapped" : "read");
  } else if (!a.quiet) {
    std::printf("%s: %lld rows x %lld columns, k = %d, %s, algorithm %s, %d thread%s\n", s.input_name.c_str(),
                static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision, s.algorithm, threads,
                threads == 1 ? "" : "s");
    std::printf("inertia %.9g after %d iteration%s (%s), best of %d run%s (run %d)\n", r.inertia, r.n_iter,
                r.n_iter == 1 ? "" : "s", r.converged ? "converged" : "not converged: max-iter reached", s.runs,
                s.runs == 1 ? "" : "s", r.best_run);
    std::printf("time %.3f s (seeding %.3f s, %.3g ms per iteration over %ld iterations)\n", clock.seconds_total(),
                clock.seconds_seeding(), ms_per_iter, iters);
  }
}

/// Notes on stderr for former option values (after a successful run: an error stays the only line).
void print_former_names(const Args& a) {
  if (!a.update_alias.empty() && !a.quiet)
    std::fprintf(stderr, "lloyd_kmeans: --update %s is the former name of %s\n", a.update_alias.c_str(),
                 a.update.c_str());
  if (!a.algorithm_alias.empty() && !a.quiet)
    std::fprintf(stderr, "lloyd_kmeans: --algorithm %s is the former name of %s\n", a.algorithm_alias.c_str(),
                 a.algorithm.c_str());
}

/// The fit with the chosen algorithm, timed by the PhaseClock (progress on stderr unless --quiet).
template <class Scalar>
lloyd::Result<Scalar> timed_fit(const Args& a, const lloyd_cli::Algorithm& algo, const lloyd_cli::Job<Scalar>& job,
                                int runs) {
  auto& clock = lloyd_cli::PhaseClock::get();
  clock.begin_fit(!a.quiet && ::isatty(2) != 0, runs, job.w);  // progress on a terminal only
  lloyd::Result<Scalar> r;
  if (job.sparse) r = lloyd_cli::fit_sparse(job);
  else if constexpr (std::is_same<Scalar, float>::value) r = algo.fit_float(job);
  else r = algo.fit_double(job);
  clock.end_fit();
  return r;
}

/// --mini-batch: MiniBatchKMeans on the job, then the outputs and its summary.
template <class Scalar>
int run_mini_batch(const Args& a, const Summary& s, const lloyd_cli::Job<Scalar>& job, const Outputs& outs,
                   lloyd_cli::OutputSet& set) {
  const lloyd::MiniBatchOptions o = lloyd_cli::mini_batch_options(a, job);
  const auto t0 = std::chrono::steady_clock::now();
  const lloyd::Result<Scalar> r = lloyd_cli::fit_mini_batch(job, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string model_bytes;
  if (outs.model) model_bytes = lloyd_cli::mini_batch_model_bytes(r, o, a.init);
  write_outputs(outs, set, r, model_bytes);
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  const double ms_per_step = r.n_iter > 0 ? 1e3 * seconds / r.n_iter : 0.0;
  if (a.json) {
    std::printf(
        "{\"n\":%lld,\"d\":%lld,\"k\":%d,\"precision\":\"%s\",\"estimator\":\"MiniBatchKMeans\",\"init\":\"%s\","
        "\"batch_size\":%d,\"threads\":%d,\"isa\":\"%s\",\"n_init\":%d,\"n_iter\":%d,\"converged\":%s,\"inertia\":%s,"
        "\"seconds_total\":%s,\"ms_per_step\":%s,\"seconds_read\":%s,\"input\":\"%s\"}\n",
        static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision,
        lloyd_cli::seeding_name(a.init).c_str(), o.batch_size, threads, lloyd_cli::isa_name(), o.n_init, r.n_iter,
        r.converged ? "true" : "false", json_number(r.inertia).c_str(), json_number(seconds, "%.6g").c_str(),
        json_number(ms_per_step, "%.6g").c_str(), json_number(s.seconds_read, "%.6g").c_str(),
        s.mapped ? "mapped" : "read");
  } else if (!a.quiet) {
    std::printf("%s: %lld rows x %lld columns, k = %d, %s, mini-batch of %d rows, %d thread%s\n", s.input_name.c_str(),
                static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision, o.batch_size, threads,
                threads == 1 ? "" : "s");
    std::printf("inertia %.9g after %d step%s (%s)\n", r.inertia, r.n_iter, r.n_iter == 1 ? "" : "s",
                r.converged ? "stopped early: no improvement" : "max-iter epochs reached");
    std::printf("time %.3f s (%.3g ms per step, seeding and final labelling included)\n", seconds, ms_per_step);
  }
  return 0;
}

/// --bisecting: BisectingKMeans on the job, then the outputs and its summary.
template <class Scalar>
int run_bisecting(const Args& a, const Summary& s, const lloyd_cli::Job<Scalar>& job, const Outputs& outs,
                  lloyd_cli::OutputSet& set) {
  const lloyd::BisectingOptions o = lloyd_cli::bisecting_options(a, job);
  const auto t0 = std::chrono::steady_clock::now();
  std::string model_bytes;
  const lloyd::Result<Scalar> r = lloyd_cli::fit_bisecting(job, o, a.init, outs.model ? &model_bytes : nullptr);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_outputs(outs, set, r, model_bytes);
  if (a.json) {
    std::printf(
        "{\"n\":%lld,\"d\":%lld,\"k\":%d,\"precision\":\"%s\",\"estimator\":\"BisectingKMeans\",\"strategy\":\"%s\","
        "\"init\":\"%s\",\"isa\":\"%s\",\"n_init\":%d,\"n_iter\":%d,\"inertia\":%s,\"seconds_total\":%s,\"seconds_"
        "read\":%s,"
        "\"input\":\"%s\"}\n",
        static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision, a.bisecting.c_str(),
        lloyd_cli::seeding_name(a.init).c_str(), lloyd_cli::isa_name(), o.n_init, r.n_iter,
        json_number(r.inertia).c_str(), json_number(seconds, "%.6g").c_str(),
        json_number(s.seconds_read, "%.6g").c_str(), s.mapped ? "mapped" : "read");
  } else if (!a.quiet) {
    std::printf("%s: %lld rows x %lld columns, k = %d, %s, bisecting (%s)\n", s.input_name.c_str(),
                static_cast<long long>(s.n), static_cast<long long>(s.d), s.k, s.precision, a.bisecting.c_str());
    std::printf("inertia %.9g after %d splits (%d Lloyd iterations), %.3f s\n", r.inertia, s.k - 1, r.n_iter, seconds);
  }
  return 0;
}

template <class Scalar>
int run(const Args& a, lloyd::io::Input& input, const char* precision) {
  Summary s;
  s.precision = precision;
  // Reading is timed separately (seconds_read); seconds_total etc. cover the computation only. A
  // regular .npy file of this precision is mapped, not read (input_data.hpp).
  const auto t_read = std::chrono::steady_clock::now();
  const lloyd_cli::InputData<Scalar> data = lloyd_cli::load_input<Scalar>(
      a.input, input, a.mini_batch ? lloyd::io::MapAccess::random : lloyd::io::MapAccess::sequential);
  s.seconds_read = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count();
  s.mapped = data.mapped != nullptr;
  s.input_name = a.input == "-" ? "<stdin>" : lloyd::io::detail::printable(a.input);
  check_range(data.data(), data.rows(), data.cols(), s.input_name);
  s.n = data.rows();
  s.d = data.cols();
  lloyd_cli::Job<Scalar> job;
  job.data = data.data();
  job.d = s.d;
  job.n = s.n;
  const lloyd::Weights<Scalar> w = read_weights<Scalar>(a, s.n, s.input_name);
  job.w = &w;
  s.k = choose_init(a, s.d, s.input_name, job);
  set_options(a, s.k, s.n, s.input_name, job);
  s.runs = job.init == Init::Given ? 1 : a.n_init;
  const lloyd_cli::Algorithm* algo = lloyd_cli::find_algorithm(a.algorithm.c_str());
  s.algorithm = algo->name;
  lloyd_cli::OutputSet set;
  const Outputs outs = open_outputs(a, set);  // now, so that an unwritable output fails before the fit
  if (a.mini_batch) return run_mini_batch(a, s, job, outs, set);
  if (!a.bisecting.empty()) return run_bisecting(a, s, job, outs, set);
  const lloyd::Result<Scalar> r = timed_fit(a, *algo, job, s.runs);
  std::string model_bytes;
  if (outs.model)
    model_bytes = lloyd_cli::model_file_bytes(r, job.options, a.init, algo->name, job.cosine ? "spherical" : a.update,
                                              a.refine, job.cosine);
  write_outputs(outs, set, r, model_bytes);
  print_former_names(a);
  print_summary(a, s, r);
  return 0;
}

/// Whether INPUT is an svmlight / libsvm file (by its extension): then it is read as sparse points.
bool is_svmlight(const std::string& path) {
  return lloyd::io::has_extension(path, ".svm") || lloyd::io::has_extension(path, ".libsvm");
}

/// A sparse INPUT (.svm / .libsvm; labels ignored): KMeans or SphericalKMeans on the sparse points
/// (algorithms.hpp, fit_sparse), with the options of a dense fit except those it does not offer.
template <class Scalar>
int run_sparse(const Args& a, const char* precision) {
  const char* refused = a.mini_batch                                 ? "--mini-batch"
                        : !a.bisecting.empty()                       ? "--bisecting"
                        : a.refine == "random-swap"                  ? "--refine random-swap"
                        : a.refine != "none" && a.metric == "cosine" ? "--refine with --metric cosine"
                        : a.update == "mean"                         ? "--update mean"
                        : a.algorithm != "auto"                      ? "--algorithm (sparse input runs auto)"
                        : a.init == "random"                         ? "--init random"
                                                                     : nullptr;
  if (refused) throw UsageError{std::string("sparse (svmlight) INPUT does not take ") + refused};
  Summary s;
  s.precision = precision;
  const auto t_read = std::chrono::steady_clock::now();
  lloyd::io::SvmlightOptions o;
  o.zero_based = a.zero_based;
  const lloyd::io::SparseTable<Scalar> table = lloyd::io::read_svmlight<Scalar>(a.input, o);
  s.seconds_read = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count();
  s.input_name = lloyd::io::detail::printable(a.input);
  s.n = table.points.cols();
  s.d = table.points.rows();
  lloyd_cli::Job<Scalar> job;
  job.sparse = &table.points;
  job.d = s.d;
  job.n = s.n;
  const lloyd::Weights<Scalar> w = read_weights<Scalar>(a, s.n, s.input_name);
  job.w = &w;
  s.k = choose_init(a, s.d, s.input_name, job);
  set_options(a, s.k, s.n, s.input_name, job);
  s.runs = job.init == Init::Given ? 1 : a.n_init;
  s.algorithm = "auto";
  lloyd_cli::OutputSet set;
  const Outputs outs = open_outputs(a, set);
  const lloyd::Result<Scalar> r = timed_fit(a, *lloyd_cli::find_algorithm("auto"), job, s.runs);
  std::string model_bytes;
  if (outs.model)
    model_bytes = lloyd_cli::model_file_bytes(r, job.options, a.init, "auto", job.cosine ? "spherical" : a.update,
                                              a.refine, job.cosine);
  write_outputs(outs, set, r, model_bytes);
  print_former_names(a);
  print_summary(a, s, r);
  return 0;
}

/// --model: INPUT (read with the model's Scalar) labelled by the model's centres; no fit.
template <class Scalar>
int run_model(const Args& a, lloyd::io::Input& input, const lloyd::io::ModelMeta& meta, const char* precision) {
  const auto t_read = std::chrono::steady_clock::now();
  const lloyd::io::Matrix<Scalar> data = input.read<Scalar>();
  const double seconds_read = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_read).count();
  const std::string input_name = a.input == "-" ? "<stdin>" : lloyd::io::detail::printable(a.input);
  check_range(data.points.data(), data.rows(), data.cols(), input_name);
  if (data.cols() != meta.d)
    throw UsageError{input_name + " has " + std::to_string(data.cols()) + " columns but the model " + a.model +
                     " has dimension " + std::to_string(meta.d)};
  lloyd_cli::OutputSet set;
  const Outputs outs = open_outputs(a, set);
  const lloyd_cli::Assignment m = lloyd_cli::assign_to_model<Scalar>(a.model, data.points, input_name, meta.estimator);
  lloyd::Result<Scalar> r;
  r.labels = m.labels;
  write_outputs(outs, set, r);
  if (a.json) {
    std::printf(
        "{\"n\":%lld,\"d\":%lld,\"k\":%lld,\"precision\":\"%s\",\"isa\":\"%s\",\"inertia\":%s,\"seconds\":%s,"
        "\"seconds_read\":%s}\n",
        static_cast<long long>(data.rows()), static_cast<long long>(data.cols()), static_cast<long long>(m.k),
        precision, lloyd_cli::isa_name(), json_number(m.inertia).c_str(), json_number(m.seconds, "%.6g").c_str(),
        json_number(seconds_read, "%.6g").c_str());
  } else if (!a.quiet) {
    std::printf("%s: %lld rows x %lld columns, model %s (k = %lld, %s)\n", input_name.c_str(),
                static_cast<long long>(data.rows()), static_cast<long long>(data.cols()), a.model.c_str(),
                static_cast<long long>(m.k), precision);
    std::printf("inertia %.9g, assigned in %.3f s\n", m.inertia, m.seconds);
  }
  return 0;
}

/// --model: the model is read and checked first (its Scalar is the precision), then INPUT.
int run_with_model(const Args& a) {
  const lloyd::io::ModelMeta meta = lloyd::io::read_model_meta(a.model);
  const std::string precision = meta.scalar == "float32" ? "float" : "double";
  if (!a.precision.empty() && a.precision != precision)
    throw UsageError{"--precision " + a.precision + " but the model " + a.model + " holds " + meta.scalar +
                     " centres (its precision is " + precision + ")"};
  lloyd::io::Input input(a.input);
  return precision == "float" ? run_model<float>(a, input, meta, "float") : run_model<double>(a, input, meta, "double");
}

/// The one line on stderr of a failed run (a progress line on the terminal is erased first).
int fail(int status, const char* message) {
  lloyd_cli::PhaseClock::get().erase_progress();
  std::fprintf(stderr, "lloyd_kmeans: %s\n", message);
  return status;
}

/// --init's value when it names a file of centres, "" when it names a seeding.
std::string init_file(const Args& a) {
  return a.init == "local-search" || a.init == "k-means++" || a.init == "random" ? "" : a.init;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = lloyd_cli::parse_args(argc, argv, lloyd_cli::kAlgorithms);
    lloyd_cli::check_paths(
        {{"INPUT", a.input}, {"--weights", a.weights}, {"--init", init_file(a)}, {"--model", a.model}},
        {{"--labels", a.labels},
         {"--centroids", a.centroids},
         {"--history", a.history},
         {"--save-model", a.save_model}});
#ifdef _OPENMP
    if (a.threads > 0) omp_set_num_threads(a.threads);
#endif
    if (!a.model.empty()) return run_with_model(a);
    if (is_svmlight(a.input))
      return a.precision == "float" ? run_sparse<float>(a, "float") : run_sparse<double>(a, "double");
    lloyd::io::Input input(a.input);  // opened and sniffed once, read once by run
    const std::string precision = choose_precision(a, input);
    return precision == "float" ? run<float>(a, input, "float") : run<double>(a, input, "double");
  } catch (const UsageError& e) {
    return fail(2, e.message.c_str());
  } catch (const lloyd::error& e) {
    const char* msg = e.what();
    if (std::strncmp(msg, "lloyd: ", 7) == 0) msg += 7;
    return fail(2, msg);
  } catch (const std::bad_alloc&) {
    return fail(1, "out of memory");
  } catch (const std::exception& e) {
    return fail(1, (std::string("unexpected error: ") + e.what()).c_str());
  }
}
