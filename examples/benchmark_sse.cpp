// Sum of squared errors on data without clean clusters: breathing k-means, random swap, lloyd's
// defaults and k-means++, each against k-means++ ×10 (the best of 10 greedy k-means++ + Lloyd runs,
// scikit-learn's long-time default), with the CPU time of one fit (docs/QUALITY.md, "SSE").
//
//   benchmark_sse [--sets uniform1k,uniform10k,gauss15,smooth3,s1,...] [--seeds 3]
//                 [--configs kpp:10,kpp:1,kpp:1:bkm5,kpp:1:rs1k,default] [--sipu DIR] [--fmnist X.npy]
//                 [--fmnist-rows N] [--markdown]
//
// Sets (every generated one from a fixed data seed, the same for every configuration and seed):
//   uniform1k, uniform10k  1000 or 10,000 points uniform in the unit square, k = 100
//   gauss15                10,000 points of a 15-D mixture of 25 Gaussians (σ = 0.1 around means
//                          uniform in the unit cube), k = 100
//   smooth3                250,000 points of a smooth 3-D density, ∏ (1 + 0.9 sin(2π x_j)) on the unit
//                          cube, by rejection, k = 64
//   s1 … a3, unbalance, birch1, birch2
//                          Fränti's sets from --sipu DIR (NAME.data.gz, as benchmark_sets), k = number
//                          of true clusters; their rows also give the Centroid Index (CI)
//   fmnist10, fmnist64     --fmnist X.npy (N × 784; bench/prepare_fmnist.py), the first --fmnist-rows
//                          rows (default all), k = 10 or 64
// A set whose data is missing (no --sipu folder, no --fmnist file) is reported as skipped.
//
// Configurations, SEEDING:N_INIT[:REFINE] — SEEDING kpp (greedy k-means++) or ls (local-search
// k-means++); REFINE bkmM (refine::Breathing, depth M) or rsT / rsTk (refine::RandomSwap, T or T·k
// swaps); `default` is lloyd::KMeans<double> with only k and the seed set. All use lloyd's default
// assignment (exact) and update. kpp:10 is always run: it is the reference.
// Columns: mean SSE over the seeds, its improvement over kpp:10 in % (positive = lower SSE), CPU
// seconds per fit and its ratio to kpp:10; the Fränti sets add the mean CI. Run it with
// OMP_NUM_THREADS=1 so that CPU time is the work done.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <lloyd/centroid_index.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/lloyd.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "args.hpp"
#include "sipu.hpp"

namespace {

const char* kSets = "uniform1k,uniform10k,gauss15,smooth3,s1,s2,s3,s4,a1,a2,a3,unbalance,fmnist10,fmnist64";
const char* kConfigs = "kpp:10,kpp:1,kpp:1:bkm5,kpp:1:rs1k,default";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool exists(const std::string& p) {
  struct stat st;
  return !p.empty() && stat(p.c_str(), &st) == 0;
}

struct Config {
  std::string text;
  bool is_default = false, local_search = false;
  int n_init = 1, breathing = 0, swaps = 0, swaps_per_k = 0;
};

int count_in(std::string s, const std::string& config) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("configuration '" + config + "': '" + s + "' is not a count");
  return std::stoi(s);
}

Config parse(const std::string& t) {
  Config c;
  c.text = t;
  if (t == "default") return c.is_default = true, c;
  const std::vector<std::string> part = split(t, ':');
  if (part.size() < 2 || part.size() > 3 || (part[0] != "kpp" && part[0] != "ls"))
    throw std::invalid_argument("configuration '" + t + "': expected kpp|ls:N_INIT[:bkmM|rsT|rsTk] or default");
  c.local_search = part[0] == "ls";
  c.n_init = count_in(part[1], t);
  if (c.n_init < 1) throw std::invalid_argument("configuration '" + t + "': n_init must be at least 1");
  if (part.size() == 3) {
    std::string r = part[2];
    if (r.rfind("bkm", 0) == 0) {
      c.breathing = count_in(r.substr(3), t);
    } else if (r.rfind("rs", 0) == 0) {
      r = r.substr(2);
      const bool per_k = !r.empty() && r.back() == 'k';
      if (per_k) r.pop_back();
      (per_k ? c.swaps_per_k : c.swaps) = count_in(r, t);
    } else {
      throw std::invalid_argument("configuration '" + t + "': refinement must be bkmM, rsT or rsTk");
    }
  }
  return c;
}

/// The refinement a configuration names, chosen at run time (one KMeans instantiation for all).
struct Refinement {
  int breathing = 0, swaps = 0;
  template <class Scalar, int Dim, class Lloyd>
  double operator()(const lloyd::PointsRef<Scalar, Dim>& X, const lloyd::WeightsRef<Scalar>& w,
                    lloyd::Centres<Scalar, Dim>& C, lloyd::Labels& labels, double inertia, lloyd::Rng& rng,
                    Lloyd&& lloyd) const {
    if (breathing > 0) return lloyd::refine::Breathing(breathing)(X, w, C, labels, inertia, rng, lloyd);
    return lloyd::refine::RandomSwap(swaps)(X, w, C, labels, inertia, rng, lloyd);
  }
};

struct Seeding {
  bool local_search = false;
  lloyd::Centres<double> operator()(const lloyd::PointsRef<double>& X, const lloyd::WeightsRef<double>& w, int k,
                                    lloyd::Rng& rng) const {
    if (local_search) return lloyd::seeding::LocalSearchPlusPlus{}(X, w, k, rng);
    return lloyd::seeding::KMeansPlusPlus{}(X, w, k, rng);
  }
};

struct Outcome {
  Eigen::MatrixXd centres;
  double inertia = 0, cpu = 0;
};

Outcome fit(const Eigen::MatrixXd& X, const Config& c, int k, std::uint64_t seed) {
  lloyd::Options opt;
  opt.k = k;
  opt.seed = seed;
  const std::clock_t c0 = std::clock();
  Outcome o;
  if (c.is_default) {
    const auto r = lloyd::KMeans<double>(opt).fit(X);
    o.centres = r.centroids;
    o.inertia = r.inertia;
  } else {
    opt.n_init = c.n_init;
    const Refinement refine{c.breathing, c.swaps_per_k > 0 ? c.swaps_per_k * k : c.swaps};
    lloyd::KMeans<double, Eigen::Dynamic, Seeding, lloyd::assignment::Auto, lloyd::update::ReproducibleMean,
                  lloyd::inertia::SquaredEuclidean, Refinement>
        km(opt, Seeding{c.local_search}, {}, {}, {}, refine);
    const auto r = km.fit(X);
    o.centres = r.centroids;
    o.inertia = r.inertia;
  }
  o.cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  return o;
}

/// A set to fit: its points (D×N), k, and the true centres when it has ground truth.
struct Data {
  std::string name;
  Eigen::MatrixXd X, truth;
  int k = 0;
  std::string skipped;  // why the set is not measured (its data is missing)
};

Eigen::MatrixXd uniform(Eigen::Index d, Eigen::Index n, std::uint64_t seed) {
  lloyd::Rng rng(seed);
  Eigen::MatrixXd X(d, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < d; ++j) X(j, i) = rng.uniform();
  return X;
}

Eigen::MatrixXd gaussian_mixture(Eigen::Index d, Eigen::Index n, int components, std::uint64_t seed) {
  const Eigen::MatrixXd means = uniform(d, components, seed);
  lloyd::Rng rng(seed + 1);
  Eigen::MatrixXd X(d, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index c = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(components)));
    for (Eigen::Index j = 0; j < d; ++j) X(j, i) = means(j, c) + 0.1 * rng.normal();
  }
  return X;
}

Eigen::MatrixXd smooth_density(Eigen::Index d, Eigen::Index n, std::uint64_t seed) {
  lloyd::Rng rng(seed);
  Eigen::MatrixXd X(d, n);
  const double pi = 3.141592653589793, top = std::pow(1.9, static_cast<double>(d));
  for (Eigen::Index i = 0; i < n;) {
    double density = 1;
    for (Eigen::Index j = 0; j < d; ++j) density *= 1 + 0.9 * std::sin(2 * pi * (X(j, i) = rng.uniform()));
    if (rng.uniform() * top < density) ++i;
  }
  return X;
}

Data load(const std::string& name, const std::string& sipu_dir, const std::string& fmnist, long long fmnist_rows) {
  Data s;
  s.name = name;
  if (name == "uniform1k" || name == "uniform10k") {
    s.X = uniform(2, name == "uniform1k" ? 1000 : 10000, 1);
    s.k = 100;
  } else if (name == "gauss15") {
    s.X = gaussian_mixture(15, 10000, 25, 2);
    s.k = 100;
  } else if (name == "smooth3") {
    s.X = smooth_density(3, 250000, 3);
    s.k = 64;
  } else if (name == "fmnist10" || name == "fmnist64") {
    if (!exists(fmnist)) return s.skipped = "no --fmnist file", s;
    s.X = lloyd::io::read_npy<double>(fmnist).points;
    if (fmnist_rows > 0 && fmnist_rows < s.X.cols()) s.X.conservativeResize(Eigen::NoChange, fmnist_rows);
    s.k = name == "fmnist10" ? 10 : 64;
  } else {
    if (!exists(sipu_dir + "/" + name + ".data.gz")) return s.skipped = "no " + name + ".data.gz in --sipu", s;
    const sipu::Set f = sipu::load(sipu_dir, name);
    s.X = f.X;
    s.truth = lloyd::label_means(f.X, f.labels);
    s.k = static_cast<int>(s.truth.cols());
  }
  return s;
}

struct Row {
  std::string config;
  double sse = 0, cpu = 0, ci = 0;  // sums, then means
};

/// Every configuration on one set, seeds outer (a burst of load hits all configurations alike).
std::vector<Row> measure(const Data& s, const std::vector<Config>& configs, int seeds) {
  std::vector<Row> rows(configs.size());
  for (std::size_t j = 0; j < configs.size(); ++j) rows[j].config = configs[j].text;
  for (int seed = 0; seed < seeds; ++seed)
    for (std::size_t j = 0; j < configs.size(); ++j) {
      const Outcome o = fit(s.X, configs[j], s.k, static_cast<std::uint64_t>(seed));
      if (s.X.cols() >= 50000)  // progress on the large sets, which take minutes
        std::fprintf(stderr, "%s, seed %d, %s: %.2f CPU s\n", s.name.c_str(), seed, configs[j].text.c_str(), o.cpu);
      rows[j].sse += o.inertia / seeds;
      rows[j].cpu += o.cpu / seeds;
      if (s.truth.size() > 0) rows[j].ci += static_cast<double>(lloyd::centroid_index(o.centres, s.truth)) / seeds;
    }
  return rows;
}

void print(const Data& s, const std::vector<Row>& rows, bool markdown) {
  const Row& ref = rows.front();  // kpp:10
  for (const Row& r : rows) {
    const double gain = 100 * (ref.sse - r.sse) / ref.sse;
    const double ratio = ref.cpu > 0 ? r.cpu / ref.cpu : 0;
    char ci[32] = "";
    if (s.truth.size() > 0) std::snprintf(ci, sizeof ci, "%.2f", r.ci);
    if (markdown)
      std::printf("| %s | %lld | %lld | %d | %s | %.6g | %+.2f %% | %.3f | %.2f | %s |\n", s.name.c_str(),
                  static_cast<long long>(s.X.cols()), static_cast<long long>(s.X.rows()), s.k, r.config.c_str(), r.sse,
                  gain, r.cpu, ratio, ci);
    else
      std::printf("%-10s %7lld %4lld %4d  %-12s %13.6g %+8.2f %% %9.3f %7.2f %6s\n", s.name.c_str(),
                  static_cast<long long>(s.X.cols()), static_cast<long long>(s.X.rows()), s.k, r.config.c_str(), r.sse,
                  gain, r.cpu, ratio, ci);
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) try {
  Args args(argc, argv, {"--markdown"});
  const std::vector<std::string> sets = split(args.get("--sets", kSets), ',');
  const int seeds = static_cast<int>(args.get_int("--seeds", 3));
  const std::string config_list = args.get("--configs", kConfigs);
  const std::string sipu_dir = args.get("--sipu", "");
  const std::string fmnist = args.get("--fmnist", "");
  const long long fmnist_rows = args.get_int("--fmnist-rows", 0);
  const bool markdown = args.flag("--markdown");
  args.finish();
  if (!args.positional().empty() || seeds < 1) throw std::invalid_argument("see the usage at the top of the source");
  std::vector<Config> configs{parse("kpp:10")};
  for (const auto& t : split(config_list, ','))
    if (t != "kpp:10") configs.push_back(parse(t));

  std::printf("SSE (mean of %d seeds) against kpp:10 (positive: lower SSE); CPU seconds per fit.\n\n", seeds);
  if (markdown)
    std::printf(
        "| set | N | D | k | configuration | mean SSE | vs kpp:10 | CPU s | CPU / kpp:10 | mean CI |\n"
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
  else
    std::printf("%-10s %7s %4s %4s  %-12s %13s %10s %9s %7s %6s\n", "set", "N", "D", "k", "config", "mean SSE",
                "vs kpp:10", "CPU s", "ratio", "CI");
  for (const auto& name : sets) {
    const Data s = load(name, sipu_dir, fmnist, fmnist_rows);
    if (!s.skipped.empty()) {
      std::printf(markdown ? "| %s | skipped: %s |\n" : "%-10s skipped: %s\n", name.c_str(), s.skipped.c_str());
      continue;
    }
    print(s, measure(s, configs, seeds), markdown);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "benchmark_sse: %s\n", e.what());
  return 1;
}
