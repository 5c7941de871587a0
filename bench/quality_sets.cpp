// quality_sets — how often each seeding/refinement finds every cluster of Fränti's benchmark sets.
//
//   quality_sets --data DIR [--sets s1,a1,...] [--seeds 20] [--seeds-large 5]
//                [--configs kpp:1,kpp:10,rnd:1,ls:1,kpp:1:rs50,default,...]
//
// DIR holds NAME.data.gz (whitespace-separated coordinates, one point per line) and
// NAME.labels0.gz (one ground-truth label per line). K = number of distinct labels; the true
// centres are the means of the labelled points. For every set and configuration the program fits
// once per seed (seeds 0 .. n-1; --seeds-large for sets of more than 50 000 points) and prints a
// Markdown row: share of seeds with Centroid Index 0, mean and worst CI, mean inertia, mean CPU and
// wall time per fit (run it with OMP_NUM_THREADS=1 so that CPU time is the work done; on a shared
// machine CPU time is the steadier of the two).
//
// Configurations: SEEDING:N_INIT[:rsT] with SEEDING = kpp (greedy k-means++), rnd (random sample),
// ls (local-search k-means++, Z = k), lsZ (Z steps) or lsZk (Z·k steps); rsT adds random-swap refinement with T swaps
// per run (rsTk: T·k swaps). `default` is lloyd::KMeans<double> with default Options (only k and
// seed set). Every fit uses the library's default assignment, update and inertia policies.
//
// Centroid Index (Fränti, Rezaei & Zhao 2014): map every found centre to its nearest true centre
// and count the true centres that receive none; do the same from true to found; CI is the larger
// count (0: every cluster found).
#include <zlib.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <lloyd/lloyd.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_gz(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::string out;
  char buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(got));
  const bool bad = got < 0;
  gzclose(f);
  if (bad) throw std::runtime_error("cannot decompress " + path);
  return out;
}

struct DataSet {
  std::string name;
  Eigen::MatrixXd X;      // D×N
  Eigen::MatrixXd truth;  // D×K
  int k = 0;
};

DataSet load(const std::string& dir, const std::string& name) {
  DataSet ds;
  ds.name = name;
  std::vector<std::vector<double>> rows;
  {
    std::istringstream in(read_gz(dir + "/" + name + ".data.gz"));
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      std::vector<double> r;
      double v;
      while (ls >> v) r.push_back(v);
      if (r.empty()) continue;
      if (!rows.empty() && r.size() != rows[0].size())
        throw std::runtime_error(name + ".data.gz: line " + std::to_string(rows.size() + 1) + " has " +
                                 std::to_string(r.size()) + " values, expected " + std::to_string(rows[0].size()));
      rows.push_back(std::move(r));
    }
  }
  if (rows.empty()) throw std::runtime_error(name + ".data.gz: no points");
  const lloyd::Index n = static_cast<lloyd::Index>(rows.size()), d = static_cast<lloyd::Index>(rows[0].size());
  ds.X.resize(d, n);
  for (lloyd::Index i = 0; i < n; ++i)
    for (lloyd::Index j = 0; j < d; ++j) ds.X(j, i) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];

  std::istringstream in(read_gz(dir + "/" + name + ".labels0.gz"));
  std::map<long, int> ids;
  std::vector<int> label;
  long l;
  while (in >> l) {
    auto it = ids.emplace(l, static_cast<int>(ids.size())).first;
    label.push_back(it->second);
  }
  if (static_cast<lloyd::Index>(label.size()) != n)
    throw std::runtime_error(name + ".labels0.gz: " + std::to_string(label.size()) + " labels for " +
                             std::to_string(n) + " points");
  ds.k = static_cast<int>(ids.size());
  ds.truth = Eigen::MatrixXd::Zero(d, ds.k);
  Eigen::VectorXd count = Eigen::VectorXd::Zero(ds.k);
  for (lloyd::Index i = 0; i < n; ++i) {
    ds.truth.col(label[static_cast<std::size_t>(i)]) += ds.X.col(i);
    count[label[static_cast<std::size_t>(i)]] += 1;
  }
  for (int c = 0; c < ds.k; ++c) ds.truth.col(c) /= count[c];
  return ds;
}

/// Orphans of B: columns of B that are nobody's nearest among the columns of A mapped into B.
int orphans(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  std::vector<bool> hit(static_cast<std::size_t>(B.cols()), false);
  for (lloyd::Index a = 0; a < A.cols(); ++a) {
    lloyd::Index best = 0;
    (B.colwise() - A.col(a)).colwise().squaredNorm().minCoeff(&best);
    hit[static_cast<std::size_t>(best)] = true;
  }
  int o = 0;
  for (bool h : hit) o += !h;
  return o;
}

int centroid_index(const Eigen::MatrixXd& found, const Eigen::MatrixXd& truth) {
  return std::max(orphans(found, truth), orphans(truth, found));
}

struct Config {
  std::string text;
  std::string seeding = "kpp";
  int ls_steps = -1;
  int ls_steps_per_k = 0;  // ls_steps = ls_steps_per_k · k
  int n_init = 1;
  int swaps = 0;       // absolute
  int swaps_per_k = 0; // swaps = swaps_per_k · k
  bool is_default = false;
};

Config parse(const std::string& t) {
  Config c;
  c.text = t;
  if (t == "default") {
    c.is_default = true;
    return c;
  }
  std::vector<std::string> part;
  std::stringstream ss(t);
  std::string p;
  while (std::getline(ss, p, ':')) part.push_back(p);
  if (part.size() < 2 || part.size() > 3) throw std::runtime_error("bad configuration '" + t + "'");
  c.seeding = part[0];
  if (c.seeding.rfind("ls", 0) == 0 && c.seeding.size() > 2) {
    const std::string z = c.seeding.substr(2);
    if (z.back() == 'k')
      c.ls_steps_per_k = std::stoi(z.substr(0, z.size() - 1));
    else
      c.ls_steps = std::stoi(z);
    c.seeding = "ls";
  }
  if (c.seeding != "kpp" && c.seeding != "rnd" && c.seeding != "ls") throw std::runtime_error("bad seeding in '" + t + "'");
  c.n_init = std::stoi(part[1]);
  if (part.size() == 3) {
    const std::string r = part[2];
    if (r.rfind("rs", 0) != 0) throw std::runtime_error("bad refinement in '" + t + "'");
    if (r.back() == 'k')
      c.swaps_per_k = std::stoi(r.substr(2, r.size() - 3));
    else
      c.swaps = std::stoi(r.substr(2));
  }
  return c;
}

struct Outcome {
  Eigen::MatrixXd centres;
  double inertia;
};

template <class Seeding>
Outcome fit_with(const DataSet& ds, const lloyd::Options& opt, Seeding seeding, int swaps) {
  using KM = lloyd::KMeans<double, 2, Seeding, lloyd::assignment::BruteForce, lloyd::update::Mean,
                           lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>;
  KM km(opt, seeding, {}, {}, {}, lloyd::refine::RandomSwap(swaps));
  const auto r = km.fit(ds.X);
  return {r.centroids, r.inertia};
}

Outcome fit(const DataSet& ds, const Config& c, std::uint64_t seed) {
  lloyd::Options opt;
  opt.k = ds.k;
  opt.seed = seed;
  if (c.is_default) {
    lloyd::KMeans<double, 2> km(opt);
    const auto r = km.fit(ds.X);
    return {r.centroids, r.inertia};
  }
  opt.n_init = c.n_init;
  const int swaps = c.swaps_per_k > 0 ? c.swaps_per_k * ds.k : c.swaps;
  if (c.seeding == "kpp") return fit_with(ds, opt, lloyd::seeding::KMeansPlusPlus{}, swaps);
  if (c.seeding == "rnd") return fit_with(ds, opt, lloyd::seeding::RandomSample{}, swaps);
  lloyd::seeding::LocalSearchPlusPlus ls;
  ls.steps = c.ls_steps_per_k > 0 ? c.ls_steps_per_k * ds.k : c.ls_steps;
  return fit_with(ds, opt, ls, swaps);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string p;
  while (std::getline(ss, p, ',')) out.push_back(p);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, sets = "s1,s2,s3,s4,a1,a2,a3,unbalance,birch1,birch2";
  std::string configs = "kpp:1,kpp:10,rnd:1,rnd:10,ls:1,ls:3,kpp:1:rs2k,kpp:1:rs5k,default";
  int seeds = 20, seeds_large = 5;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto value = [&]() -> std::string {
      if (a + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++a];
    };
    if (arg == "--data") dir = value();
    else if (arg == "--sets") sets = value();
    else if (arg == "--configs") configs = value();
    else if (arg == "--seeds") seeds = std::stoi(value());
    else if (arg == "--seeds-large") seeds_large = std::stoi(value());
    else {
      std::cerr << "usage: quality_sets --data DIR [--sets a,b] [--configs c,d] [--seeds N] [--seeds-large N]\n";
      return 2;
    }
  }
  if (dir.empty()) {
    std::cerr << "quality_sets: --data DIR is required\n";
    return 2;
  }
  try {
    std::vector<Config> cs;
    for (const auto& t : split(configs)) cs.push_back(parse(t));
    std::printf("| set | K | N | configuration | seeds | CI=0 | mean CI | max CI | mean inertia | CPU s/fit | wall s/fit |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& name : split(sets)) {
      const DataSet ds = load(dir, name);
      if (ds.X.rows() != 2) throw std::runtime_error(name + ": this program handles 2-D sets only");
      const int ns = ds.X.cols() > 50000 ? seeds_large : seeds;
      struct Tally {
        int zero = 0, worst = 0;
        double ci = 0, inertia = 0, cpu = 0, wall = 0;
      };
      std::vector<Tally> tally(cs.size());
      // Seeds outer, configurations inner: a burst of load on a shared machine hits every
      // configuration alike.
      for (int s = 0; s < ns; ++s)
        for (std::size_t j = 0; j < cs.size(); ++j) {
          const std::clock_t c0 = std::clock();
          const auto t0 = std::chrono::steady_clock::now();
          const Outcome o = fit(ds, cs[j], static_cast<std::uint64_t>(s));
          const auto t1 = std::chrono::steady_clock::now();
          const std::clock_t c1 = std::clock();
          const int ci = centroid_index(o.centres, ds.truth);
          Tally& t = tally[j];
          t.zero += ci == 0;
          t.worst = std::max(t.worst, ci);
          t.ci += ci;
          t.inertia += o.inertia;
          t.cpu += static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
          t.wall += std::chrono::duration<double>(t1 - t0).count();
        }
      for (std::size_t j = 0; j < cs.size(); ++j) {
        const Tally& t = tally[j];
        std::printf("| %s | %d | %ld | %s | %d | %.0f %% | %.2f | %d | %.5g | %.3f | %.3f |\n", name.c_str(), ds.k,
                    static_cast<long>(ds.X.cols()), cs[j].text.c_str(), ns, 100.0 * t.zero / ns, t.ci / ns, t.worst,
                    t.inertia / ns, t.cpu / ns, t.wall / ns);
      }
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::cerr << "quality_sets: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
