#pragma once
// lloyd_kmeans' command line: the usage text, Args and parse_args. Kept apart from the fitting code
// (algorithms.hpp) so that the argument fuzzer (tests/fuzz/cli_harness.hpp) compiles only this.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/assignment/registry.hpp>
#include <lloyd/io/file.hpp>
#include <lloyd/version.hpp>
#include <string>
#include <vector>

#include "usage.hpp"

namespace lloyd_cli {

/// The names `--algorithm` accepts, with their --help lines: the library's registry of assignment
/// policies (lloyd/assignment/registry.hpp). algorithms.hpp pairs each with its fit (kAlgorithms,
/// same order); the argument fuzzer and test_cli use this list without compiling any fit.
using AlgorithmName = lloyd::assignment::RegistryEntry;
inline constexpr const auto& kAlgorithmNames = lloyd::assignment::registry;

/// Former --algorithm names, still accepted: the run is the named policy's, bit for bit, and stdout
/// (the summary, the JSON "algorithm" field) shows the current name; a note on stderr tells the
/// change (not with --quiet).
struct AlgorithmAlias {
  const char* alias;
  const char* name;
};
inline constexpr AlgorithmAlias kAlgorithmAliases[] = {{"lloyd", "brute"}};

/// Bad input or usage: reported as one line, exit status 2.
struct UsageError {
  std::string message;
};

/// Prints the usage text; `algorithms` lists the --algorithm choices (each has .name, .description).
template <class Algorithms>
void print_help(const Algorithms& algorithms) {
  std::string algos;
  for (const auto& a : algorithms) {
    char line[256];
    std::snprintf(line, sizeof line, "                        %-10s %s\n", a.name, a.description);
    algos += line;
  }
  for (const AlgorithmAlias& al : kAlgorithmAliases) {
    char line[256];
    std::snprintf(line, sizeof line, "                        (%s: the former name of %s, still accepted)\n", al.alias,
                  al.name);
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
  std::string update = "reproducible";
  std::string update_alias;  // "exact" when --update gave the former name of "reproducible"
  int threads = 0;           // 0: OpenMP default
  std::string precision;     // "", "float" or "double"
  std::string weights, labels, centroids, history;
  std::string save_model, model;  // --save-model, --model
  std::string fit_option;         // the first option given that only a fit uses (refused with --model)
  bool json = false, quiet = false;
  bool zero_based = false;           // --zero-based: svmlight INPUT with 0-based feature indices
  std::string algorithm_alias;       // the former name given to --algorithm, if any (kAlgorithmAliases)
  bool mini_batch = false;           // --mini-batch: MiniBatchKMeans
  std::string bisecting;             // --bisecting: BisectingKMeans with this strategy ("": not asked for)
  std::string metric = "euclidean";  // --metric: euclidean (KMeans) or cosine (SphericalKMeans)
  int batch_size = 1024;             // --batch-size
  std::string given = " ";           // every option set_option saw, each followed by ' ': " --k --seed "

  /// Whether the option `name` (e.g. "--init") was given.
  bool was_given(const std::string& name) const { return given.find(" " + name + " ") != std::string::npos; }
};

/// True when all of `v` is read by std::from_chars into x: decimal digits only (no sign for an
/// unsigned type, no '+', no spaces, no hex), locale-free.
template <class T>
bool parse_whole(const std::string& v, T& x) {
  const char* end = v.data() + v.size();
  const auto r = std::from_chars(v.data(), end, x);
  return !v.empty() && r.ec == std::errc() && r.ptr == end;
}

inline long long parse_integer(const std::string& opt, const std::string& v, long long lo, long long hi) {
  long long x = 0;
  if (!parse_whole(v, x) || x < lo || x > hi)
    throw UsageError{opt + " expects an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got '" +
                     lloyd::io::detail::printable(v) + "'"};
  return x;
}

inline std::uint64_t parse_seed(const std::string& v) {
  std::uint64_t x = 0;
  if (!parse_whole(v, x))
    throw UsageError{"--seed expects an unsigned 64-bit integer, got '" + lloyd::io::detail::printable(v) + "'"};
  return x;
}

/// A finite decimal number >= 0 ("1e-4", "0.5"; not "inf", "nan", "0x10", " 1" or "+1").
inline double parse_tol(const std::string& v) {
  double x = 0;
  if (!parse_whole(v, x) || !(x >= 0) || !std::isfinite(x))
    throw UsageError{"--tol expects a finite number >= 0, got '" + lloyd::io::detail::printable(v) + "'"};
  return x;
}

/// Options that take no value: --help and --version print and exit; true when `arg` was one.
template <class Algorithms>
bool parse_flag(const std::string& arg, Args& a, const Algorithms& algorithms) {
  if (arg == "--help" || arg == "-h") {
    print_help(algorithms);
    std::exit(0);
  }
  if (arg == "--version") {
    std::printf("lloyd_kmeans %d.%d.%d\n", LLOYD_VERSION_MAJOR, LLOYD_VERSION_MINOR, LLOYD_VERSION_PATCH);
    std::exit(0);
  }
  if (arg == "--json") a.json = true;
  else if (arg == "--mini-batch") a.mini_batch = true;
  else if (arg == "--quiet") a.quiet = true;
  else if (arg == "--zero-based") a.zero_based = true;
  else return false;
  return true;
}

/// An argument that is not an option (does not start with "--", or is "--"): the INPUT; true when it was.
inline bool parse_input(const std::string& arg, Args& a) {
  if (arg.size() >= 2 && arg.compare(0, 2, "--") == 0 && arg != "--") return false;
  if (arg.size() > 1 && arg[0] == '-')
    throw UsageError{"unknown option '" + lloyd::io::detail::printable(arg) + "' (see --help)"};
  if (!a.input.empty())
    throw UsageError{"more than one INPUT: '" + lloyd::io::detail::printable(a.input) + "' and '" +
                     lloyd::io::detail::printable(arg) + "'"};
  a.input = arg;
  return true;
}

/// An option with a value, "--name=value" or "--name value" (then argv[i + 1] is consumed).
inline void split_option(int argc, char** argv, int& i, std::string& name, std::string& value) {
  const std::string arg = argv[i];
  name = arg;
  const std::size_t eq = arg.find('=');
  const bool has_value = eq != std::string::npos;
  if (has_value) {
    name = arg.substr(0, eq);
    value = arg.substr(eq + 1);
  }
  static const char* const with_value[] = {"--k",      "--init",       "--n-init",  "--max-iter",   "--tol",
                                           "--seed",   "--algorithm",  "--threads", "--precision",  "--weights",
                                           "--labels", "--centroids",  "--history", "--refine",     "--swaps",
                                           "--update", "--save-model", "--model",   "--batch-size", "--metric"};
  bool known = false;
  for (const char* o : with_value) known = known || name == o;
  if (!known) throw UsageError{"unknown option '" + lloyd::io::detail::printable(name) + "' (see --help)"};
  if (!has_value) {
    if (i + 1 >= argc || std::strncmp(argv[i + 1], "--", 2) == 0) throw UsageError{name + " needs a value"};
    value = argv[++i];
  }
  if (value.empty()) throw UsageError{name + " needs a value, got an empty one"};
}

/// `value` must be one of the two words; the message names the option.
inline const std::string& one_of(const std::string& name, const std::string& value, const char* x, const char* y) {
  if (value != x && value != y)
    throw UsageError{name + " expects '" + x + "' or '" + y + "', got '" + lloyd::io::detail::printable(value) + "'"};
  return value;
}

/// Sets the option `name` (one of split_option's) from its value, checked.
inline void set_option(Args& a, const std::string& name, const std::string& value) {
  const int kMax = 1 << 30;
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
    a.precision = one_of(name, value, "float", "double");
  } else if (name == "--weights") {
    a.weights = value;
  } else if (name == "--labels") {
    a.labels = value;
  } else if (name == "--centroids") {
    a.centroids = value;
  } else if (name == "--history") {
    a.history = value;
  } else if (name == "--refine") {
    if (value != "none" && value != "random-swap" && value != "breathing")
      throw UsageError{name + " expects 'none' or 'random-swap' or 'breathing', got '" +
                       lloyd::io::detail::printable(value) + "'"};
    a.refine = value;
  } else if (name == "--metric") {
    a.metric = one_of(name, value, "euclidean", "cosine");
  } else if (name == "--update") {
    if (value == "exact") {  // the former name of "reproducible"
      a.update_alias = value;
      a.update = "reproducible";
    } else {
      a.update = one_of(name, value, "reproducible", "mean");
    }
  } else if (name == "--swaps") {
    a.swaps = parse_integer(name, value, 0, kMax);
  } else if (name == "--save-model") {
    a.save_model = value;
  } else if (name == "--model") {
    a.model = value;
  } else if (name == "--batch-size") {
    a.batch_size = static_cast<int>(parse_integer(name, value, 1, kMax));
  }
  a.given += name + " ";
  if (a.fit_option.empty() && name != "--labels" && name != "--precision" && name != "--threads" && name != "--model")
    a.fit_option = name;
}

/// --model fits nothing: refuse the options of a fit. --save-model writes a .npz, no other output's file.
inline void check_model_options(const Args& a) {
  if (!a.model.empty() && !a.fit_option.empty())
    throw UsageError{a.fit_option +
                     " has no effect with --model (which fits nothing; it takes --labels, --json, "
                     "--quiet, --precision and --threads)"};
  if (a.save_model.empty()) return;
  if (!lloyd::io::has_extension(a.save_model, ".npz"))
    throw UsageError{"--save-model writes an uncompressed .npz model file; name it M.npz, got '" + a.save_model + "'"};
  for (const std::string* other : {&a.labels, &a.centroids, &a.history, &a.input})
    if (*other == a.save_model) throw UsageError{"--save-model '" + a.save_model + "' would overwrite another file"};
}

/// --mini-batch: refuses the options that have no meaning for it (and --batch-size without it), and
/// gives the options not given the defaults of lloyd::MiniBatchOptions.
inline void check_mini_batch_options(Args& a) {
  auto given = [&](const char* name) { return a.was_given(name); };
  if (!a.mini_batch) {
    if (given("--batch-size")) throw UsageError{"--batch-size needs --mini-batch"};
    return;
  }
  if (!a.model.empty()) throw UsageError{"--mini-batch has no effect with --model (which fits nothing)"};
  for (const char* name : {"--algorithm", "--update", "--refine", "--swaps", "--history"})
    if (given(name))
      throw UsageError{std::string(name) +
                       " has no effect with --mini-batch (which takes --k, --init, --n-init, --max-iter, "
                       "--tol, --seed, --batch-size, --weights and the output options)"};
  if (!given("--init")) a.init = "k-means++";
  if (!given("--n-init")) a.n_init = 3;
  if (!given("--max-iter")) a.max_iter = 100;
  if (!given("--tol")) a.tol = 0;
}

/// --bisecting, --bisecting S or --bisecting=S (S: biggest-inertia or largest-cluster); true when
/// argv[i] was it (argv[i + 1] is consumed when it names a strategy).
inline bool parse_bisecting(int argc, char** argv, int& i, Args& a) {
  const std::string arg = argv[i];
  const bool with_value = arg.compare(0, 12, "--bisecting=") == 0;
  if (arg != "--bisecting" && !with_value) return false;
  if (!a.bisecting.empty()) throw UsageError{"--bisecting is given twice; give each option once"};
  std::string s = with_value ? arg.substr(12) : "biggest-inertia";
  if (!with_value && i + 1 < argc &&
      (std::strcmp(argv[i + 1], "biggest-inertia") == 0 || std::strcmp(argv[i + 1], "largest-cluster") == 0))
    s = argv[++i];
  a.bisecting = one_of("--bisecting", s, "biggest-inertia", "largest-cluster");
  return true;
}

/// --bisecting: refuses what has no meaning for it and gives the options not given its defaults.
inline void check_bisecting_options(Args& a) {
  if (a.bisecting.empty()) return;
  if (!a.model.empty() || a.mini_batch)
    throw UsageError{std::string("--bisecting has no effect with ") + (a.mini_batch ? "--mini-batch" : "--model")};
  for (const char* name : {"--algorithm", "--update", "--refine", "--swaps", "--history"})
    if (a.was_given(name))
      throw UsageError{std::string(name) +
                       " has no effect with --bisecting (which takes --k, --init, --n-init, --max-iter, --tol, "
                       "--seed, --weights, --labels, --centroids and --save-model)"};
  if (a.init != "local-search" && a.init != "k-means++" && a.init != "random")
    throw UsageError{"--bisecting seeds each split itself: --init takes local-search, k-means++ or random"};
  if (!a.was_given("--init")) a.init = "k-means++";
  if (!a.was_given("--n-init")) a.n_init = 1;
  if (!a.was_given("--tol")) a.tol = 0;
}

/// A KMeans fit (not --mini-batch, --bisecting, --model or --metric cosine) given neither --init nor
/// --refine is lloyd::KMeans' default configuration: k-means++ seeding and breathing refinement.
/// Given either, the others default to local-search and none, as KMeans with a seeding chosen
/// (kmeans.hpp). Under breathing, --n-init defaults to one run (KMeans' n_init auto), else to 10.
inline void apply_kmeans_defaults(Args& a) {
  if (a.mini_batch || !a.bisecting.empty() || !a.model.empty() || a.metric == "cosine") return;
  if (!a.was_given("--init") && !a.was_given("--refine")) {
    a.init = "k-means++";
    a.refine = "breathing";
  }
  if (a.refine == "breathing" && !a.was_given("--n-init")) a.n_init = 1;  // KMeans' n_init auto
}

/// --algorithm: a former name becomes the current one (noted in a.algorithm_alias); unknown names throw.
template <class Algorithms>
void resolve_algorithm(Args& a, const Algorithms& algorithms) {
  for (const AlgorithmAlias& al : kAlgorithmAliases)
    if (a.algorithm == al.alias) {
      a.algorithm_alias = a.algorithm;
      a.algorithm = al.name;
    }
  bool known_algorithm = false;
  for (const auto& al : algorithms) known_algorithm = known_algorithm || a.algorithm == al.name;
  if (!known_algorithm) {
    std::string names;
    for (const auto& al : algorithms) names += std::string(names.empty() ? "" : ", ") + al.name;
    throw UsageError{"unknown --algorithm '" + lloyd::io::detail::printable(a.algorithm) + "' (available: " + names +
                     ")"};
  }
}

/// The command line, checked: throws UsageError on anything out of range. `algorithms` lists the
/// --algorithm choices (kAlgorithms in algorithms.hpp; each has .name, .description). --help and
/// --version print and exit.
template <class Algorithms>
Args parse_args(int argc, char** argv, const Algorithms& algorithms) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (parse_bisecting(argc, argv, i, a) || parse_flag(arg, a, algorithms) || parse_input(arg, a)) continue;
    std::string name, value;
    split_option(argc, argv, i, name, value);
    if (a.was_given(name)) throw UsageError{name + " is given twice; give each option once"};
    set_option(a, name, value);
  }
  if (a.input.empty()) throw UsageError{"no INPUT file given (usage: lloyd_kmeans INPUT --k K [options]; see --help)"};
  resolve_algorithm(a, algorithms);
  if (!a.history.empty() && lloyd::io::has_extension(a.history, ".npy"))
    throw UsageError{"--history writes CSV only, got '" + a.history + "'"};
  check_model_options(a);
  check_mini_batch_options(a);
  check_bisecting_options(a);
  apply_kmeans_defaults(a);
  if (a.metric == "cosine")
    for (const char* name : {"--update", "--mini-batch", "--bisecting"})
      if (a.was_given(name) || (std::string(name) == "--mini-batch" && a.mini_batch) ||
          (std::string(name) == "--bisecting" && !a.bisecting.empty()))
        throw UsageError{std::string(name) +
                         " has no effect with --metric cosine (SphericalKMeans has its own update)"};
  return a;
}

}  // namespace lloyd_cli
