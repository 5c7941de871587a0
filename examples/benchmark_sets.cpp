// How often does k-means find every cluster? Fränti's clustering benchmark sets (S1–S4, A1–A3,
// Unbalance, Birch1–2), fitted with several seedings, refinements and numbers of runs, each over
// many seeds, scored by the Centroid Index against the ground truth (docs/QUALITY.md).
//
//   benchmark_sets DATA_DIR [--sets s1,s2,...] [--seeds 20] [--configs rnd:1,kpp:10,...] [--markdown]
//
// DATA_DIR holds NAME.data.gz (whitespace-separated coordinates, one point a line) and
// NAME.labels0.gz (one ground-truth label a line). K = the number of distinct labels; the true
// centres are the means of the labelled points (lloyd::label_means). Every configuration is fitted
// with Options::seed = 0 .. seeds−1 (seeds are the outer loop, so a burst of load on a shared
// machine hits every configuration alike). Per set and configuration it prints: the mean, the share
// of seeds with CI = 0 and the worst Centroid Index (lloyd/centroid_index.hpp; 0 = every cluster
// found), the mean final inertia and its ratio to the ground-truth partition's (Σ‖x − true centre
// of x‖²), and the mean CPU and wall-clock seconds of one fit (all of its runs). Run it with
// OMP_NUM_THREADS=1 so that CPU time is the work done. At the end it compares `default` with
// `kpp:10` (scikit-learn's defaults) when both were run.
//
// Configurations, SEEDING:N_INIT[:REFINE]; every fit uses lloyd's default assignment (assignment::Auto),
// update and inertia policies:
//   rnd:n        seeding::RandomSample (k distinct data points), n runs
//   kpp:n        seeding::KMeansPlusPlus (greedy k-means++), n runs
//   ls:n         seeding::LocalSearchPlusPlus (k-means++ then Z = k local-search steps), n runs;
//                lsZ:n for Z steps, lsZk:n for Z·k steps
//   …:rsT        plus refine::RandomSwap with T trial swaps per run (rsTk: T·k swaps)
//   …:bkmM       plus refine::Breathing with breathing depth M (breathing k-means)
//   default      lloyd::KMeans<double, 2> with only k and the seed set (= kpp:1:bkm5, update::ReproducibleMean)
//
// Exits with 77 (ctest's "skipped") when DATA_DIR does not exist.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <lloyd/centroid_index.hpp>
#include <lloyd/lloyd.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "args.hpp"
#include "sipu.hpp"

namespace {

constexpr int kSkip = 77;
const char* kAllSets = "s1,s2,s3,s4,a1,a2,a3,unbalance,birch1,birch2";
const char* kConfigs = "rnd:1,rnd:10,kpp:1,kpp:10,ls:1,kpp:1:rs1k,default";
const char* kUsage =
    "usage: benchmark_sets DATA_DIR [--sets s1,s2,...] [--seeds 20] [--configs "
    "rnd:1,kpp:10,ls:1,kpp:1:rs2k,default,...] "
    "[--markdown]";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool is_dir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// A non-negative integer, or an error naming the configuration.
int count_in(const std::string& s, const std::string& config) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("configuration '" + config + "': '" + s + "' is not a count");
  return std::stoi(s);
}

struct Config {
  std::string text;
  bool is_default = false;
  std::string seeding;     // rnd, kpp, ls
  int ls_steps = -1;       // -1: k
  int ls_steps_per_k = 0;  // > 0: ls_steps = ls_steps_per_k · k
  int n_init = 1;
  int swaps = 0;        // random-swap trials per run
  int swaps_per_k = 0;  // > 0: swaps = swaps_per_k · k
  int breathing = 0;    // > 0: refine::Breathing with this depth instead of random swap
};

Config parse(const std::string& t) {
  Config c;
  c.text = t;
  if (t == "default") {
    c.is_default = true;
    return c;
  }
  const std::vector<std::string> part = split(t, ':');
  if (part.size() < 2 || part.size() > 3)
    throw std::invalid_argument("configuration '" + t + "': expected SEEDING:N_INIT[:REFINE] or default");
  c.seeding = part[0];
  if (c.seeding.rfind("ls", 0) == 0 && c.seeding.size() > 2) {
    std::string z = c.seeding.substr(2);
    const bool per_k = z.back() == 'k';
    if (per_k) z.pop_back();
    (per_k ? c.ls_steps_per_k : c.ls_steps) = count_in(z, t);
    c.seeding = "ls";
  }
  if (c.seeding != "rnd" && c.seeding != "kpp" && c.seeding != "ls")
    throw std::invalid_argument("configuration '" + t + "': seeding must be rnd, kpp, ls, lsZ or lsZk");
  c.n_init = count_in(part[1], t);
  if (c.n_init < 1) throw std::invalid_argument("configuration '" + t + "': n_init must be at least 1");
  if (part.size() == 3) {
    std::string r = part[2];
    if (r.rfind("bkm", 0) == 0) {
      c.breathing = count_in(r.substr(3), t);
      return c;
    }
    if (r.rfind("rs", 0) != 0)
      throw std::invalid_argument("configuration '" + t + "': refinement must be rsT, rsTk or bkmM");
    r = r.substr(2);
    const bool per_k = !r.empty() && r.back() == 'k';
    if (per_k) r.pop_back();
    (per_k ? c.swaps_per_k : c.swaps) = count_in(r, t);
  }
  return c;
}

struct Outcome {
  Eigen::MatrixXd centres;
  double inertia;
};

template <int Dim, class Seeding, class Refine>
Outcome fit_with(const Eigen::MatrixXd& X, const lloyd::Options& opt, const Seeding& seeding, const Refine& refine) {
  lloyd::KMeans<double, Dim, Seeding, lloyd::assignment::Auto, lloyd::update::Mean, lloyd::inertia::SquaredEuclidean,
                Refine>
      km(opt, seeding, {}, {}, {}, refine);
  const auto r = km.fit(X);
  return {r.centroids, r.inertia};
}

/// The configuration's refinement: breathing when asked for, else random swap (0 trials: none).
template <int Dim, class Seeding>
Outcome fit_with(const Eigen::MatrixXd& X, const lloyd::Options& opt, const Seeding& seeding, int swaps,
                 int breathing) {
  if (breathing > 0) return fit_with<Dim>(X, opt, seeding, lloyd::refine::Breathing(breathing));
  return fit_with<Dim>(X, opt, seeding, lloyd::refine::RandomSwap(swaps));
}

template <int Dim>
Outcome fit(const Eigen::MatrixXd& X, const Config& c, int k, std::uint64_t seed) {
  lloyd::Options opt;
  opt.k = k;
  opt.seed = seed;
  if (c.is_default) {  // the library's defaults, nothing else set
    lloyd::KMeans<double, Dim> km(opt);
    const auto r = km.fit(X);
    return {r.centroids, r.inertia};
  }
  opt.n_init = c.n_init;
  const int swaps = c.swaps_per_k > 0 ? c.swaps_per_k * k : c.swaps;
  if (c.seeding == "rnd") return fit_with<Dim>(X, opt, lloyd::seeding::RandomSample{}, swaps, c.breathing);
  if (c.seeding == "kpp") return fit_with<Dim>(X, opt, lloyd::seeding::KMeansPlusPlus{}, swaps, c.breathing);
  lloyd::seeding::LocalSearchPlusPlus ls;
  ls.steps = c.ls_steps_per_k > 0 ? c.ls_steps_per_k * k : c.ls_steps;
  return fit_with<Dim>(X, opt, ls, swaps, c.breathing);
}

struct Row {
  std::string set, config;
  long long n = 0;
  int k = 0, seeds = 0, zero = 0, worst = 0;
  double ci = 0, inertia = 0, rel_inertia = 0, cpu = 0, wall = 0;  // sums, then means
};

void print_header(bool markdown) {
  if (markdown) {
    std::printf(
        "| set | N | K | configuration | seeds | mean CI | CI = 0 | max CI | mean inertia | inertia/GT | CPU s/fit | "
        "wall s/fit |\n");
    std::printf("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  } else {
    std::printf("%-10s %7s %4s  %-12s %5s %7s %6s %6s %12s %10s %10s %10s\n", "set", "N", "K", "config", "seeds",
                "mean CI", "CI=0", "max CI", "mean inertia", "inertia/GT", "CPU s/fit", "wall s/fit");
  }
}

void print(const Row& r, bool markdown) {
  const double share = 100.0 * r.zero / r.seeds;
  if (markdown)
    std::printf("| %s | %lld | %d | %s | %d | %.2f | %.0f%% | %d | %.4e | %.3f | %.3f | %.3f |\n", r.set.c_str(), r.n,
                r.k, r.config.c_str(), r.seeds, r.ci, share, r.worst, r.inertia, r.rel_inertia, r.cpu, r.wall);
  else
    std::printf("%-10s %7lld %4d  %-12s %5d %7.2f %5.0f%% %6d %12.4e %10.3f %10.3f %10.3f\n", r.set.c_str(), r.n, r.k,
                r.config.c_str(), r.seeds, r.ci, share, r.worst, r.inertia, r.rel_inertia, r.cpu, r.wall);
  std::fflush(stdout);
}

/// All configurations on one set, seeds outer. `fit_one` is fit<2> or fit<Eigen::Dynamic>.
template <class FitOne>
std::vector<Row> measure(const sipu::Set& s, const std::vector<Config>& configs, int seeds, FitOne fit_one) {
  const Eigen::MatrixXd truth = lloyd::label_means(s.X, s.labels);
  const int k = static_cast<int>(truth.cols());
  // inertia of the ground-truth partition; label_means orders the centres by label value
  std::set<int> distinct(s.labels.data(), s.labels.data() + s.labels.size());
  const std::vector<int> values(distinct.begin(), distinct.end());
  double truth_inertia = 0;
  for (Eigen::Index i = 0; i < s.X.cols(); ++i) {
    const auto c = std::lower_bound(values.begin(), values.end(), s.labels[i]) - values.begin();
    truth_inertia += (s.X.col(i) - truth.col(c)).squaredNorm();
  }

  std::vector<Row> rows(configs.size());
  for (std::size_t j = 0; j < configs.size(); ++j) {
    rows[j].set = s.name;
    rows[j].config = configs[j].text;
    rows[j].n = static_cast<long long>(s.X.cols());
    rows[j].k = k;
    rows[j].seeds = seeds;
  }
  const auto start = std::chrono::steady_clock::now();
  for (int seed = 0; seed < seeds; ++seed) {
    for (std::size_t j = 0; j < configs.size(); ++j) {
      const std::clock_t c0 = std::clock();
      const auto t0 = std::chrono::steady_clock::now();
      const Outcome o = fit_one(s.X, configs[j], k, static_cast<std::uint64_t>(seed));
      const auto t1 = std::chrono::steady_clock::now();
      const std::clock_t c1 = std::clock();
      const int ci = static_cast<int>(lloyd::centroid_index(o.centres, truth));
      Row& r = rows[j];
      r.zero += ci == 0;
      r.worst = std::max(r.worst, ci);
      r.ci += ci;
      r.inertia += o.inertia;
      r.cpu += static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
      r.wall += std::chrono::duration<double>(t1 - t0).count();
    }
    if (s.X.cols() > 50000)  // progress on the large sets, which take minutes
      std::fprintf(stderr, "%s: seed %d of %d done, %.0f s\n", s.name.c_str(), seed + 1, seeds,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  for (Row& r : rows) {
    r.ci /= seeds;
    r.inertia /= seeds;
    r.rel_inertia = r.inertia / truth_inertia;
    r.cpu /= seeds;
    r.wall /= seeds;
  }
  return rows;
}

/// The issue-9 target for lloyd's defaults: CI = 0 in ≥ 95 % of seeds (mean CI ≤ 1 on Birch1/2),
/// at ≤ 2× the CPU time of k-means++ with n_init = 10.
void compare_defaults(const std::vector<Row>& all, bool markdown) {
  std::vector<const Row*> def, kpp;
  for (const Row& r : all) {
    if (r.config == "default") def.push_back(&r);
    if (r.config == "kpp:10") kpp.push_back(&r);
  }
  if (def.empty() || def.size() != kpp.size()) return;
  std::printf(
      "\nDefaults against k-means++ with n_init = 10 (target: CI = 0 in >= 95%% of seeds, mean CI <= 1 on "
      "birch*, CPU time <= 2x):\n\n");
  if (markdown) {
    std::printf(
        "| set | default: CI = 0 | default: mean CI | kpp:10: CI = 0 | kpp:10: mean CI | CPU default/kpp:10 | quality "
        "target |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---|\n");
  } else {
    std::printf("%-10s %9s %9s %9s %9s %9s  %s\n", "set", "def CI=0", "def CI", "kpp CI=0", "kpp CI", "CPU ratio",
                "quality target");
  }
  double cpu_def = 0, cpu_kpp = 0;
  bool all_met = true;
  for (std::size_t i = 0; i < def.size(); ++i) {
    const Row& d = *def[i];
    const Row& p = *kpp[i];
    const bool birch = d.set.rfind("birch", 0) == 0;
    const bool met = birch ? d.ci <= 1.0 : d.zero * 100 >= 95 * d.seeds;
    all_met = all_met && met;
    cpu_def += d.cpu;
    cpu_kpp += p.cpu;
    const double ratio = p.cpu > 0 ? d.cpu / p.cpu : 0;
    const char* verdict = met ? (birch ? "met (mean CI <= 1)" : "met (>= 95%)") : "NOT met";
    if (markdown)
      std::printf("| %s | %.0f%% | %.2f | %.0f%% | %.2f | %.2f | %s |\n", d.set.c_str(), 100.0 * d.zero / d.seeds, d.ci,
                  100.0 * p.zero / p.seeds, p.ci, ratio, verdict);
    else
      std::printf("%-10s %8.0f%% %9.2f %8.0f%% %9.2f %9.2f  %s\n", d.set.c_str(), 100.0 * d.zero / d.seeds, d.ci,
                  100.0 * p.zero / p.seeds, p.ci, ratio, verdict);
  }
  const double total = cpu_kpp > 0 ? cpu_def / cpu_kpp : 0;
  std::printf("\nTotal CPU time per fit, summed over the sets: default %.3f s, kpp:10 %.3f s, ratio %.2f (%s).\n",
              cpu_def, cpu_kpp, total, total <= 2 ? "within 2x" : "above 2x");
  std::printf("Quality target %s on every set.\n", all_met ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) try {
  Args args(argc, argv, {"--markdown"});
  const std::vector<std::string> sets = split(args.get("--sets", kAllSets), ',');
  const int seeds = static_cast<int>(args.get_int("--seeds", 20));
  const std::string config_list = args.get("--configs", kConfigs);
  const bool markdown = args.flag("--markdown");
  args.finish();
  if (args.positional().size() != 1) throw std::invalid_argument(kUsage);
  if (seeds < 1) throw std::invalid_argument("--seeds must be at least 1");
  std::vector<Config> configs;
  for (const auto& t : split(config_list, ',')) configs.push_back(parse(t));
  if (configs.empty()) throw std::invalid_argument("--configs names no configuration");
  const std::string dir = args.positional()[0];
  if (!is_dir(dir)) {
    std::printf(
        "SKIPPED: the benchmark data folder %s does not exist (it should hold s1.data.gz, "
        "s1.labels0.gz, ...)\n",
        dir.c_str());
    return kSkip;
  }

  std::printf("Centroid Index (CI; 0 = every cluster found) and inertia over %d seeds per configuration;\n", seeds);
  std::printf(
      "inertia/GT = mean inertia / inertia of the ground-truth partition; times are per fit (all its runs).\n\n");
  print_header(markdown);
  std::vector<Row> all;
  for (const auto& name : sets) {
    const sipu::Set s = sipu::load(dir, name);
    const std::vector<Row> rows =
        s.X.rows() == 2 ? measure(s, configs, seeds, fit<2>) : measure(s, configs, seeds, fit<Eigen::Dynamic>);
    for (const Row& r : rows) print(r, markdown);
    all.insert(all.end(), rows.begin(), rows.end());
  }
  compare_defaults(all, markdown);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "benchmark_sets: %s\n", e.what());
  return 1;
}
