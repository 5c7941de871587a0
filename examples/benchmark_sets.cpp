// Quality of lloyd's k-means on the clustering benchmark sets of Fränti et al. (S1–S4, A1–A3,
// Unbalance, Birch1–2): the Centroid Index against the ground truth, and the inertia, for random
// and k-means++ seeding with n_init = 1 and 10, over many seeds.
//
//   benchmark_sets DATA_DIR [--sets s1,s2,...] [--seeds 20] [--markdown]
//
// DATA_DIR holds NAME.data.gz (whitespace-separated coordinates, one point a line) and
// NAME.labels0.gz (one ground-truth label a line). Ground-truth centres are the means of the
// labelled points and K is the number of distinct labels. For each set and configuration the fit is
// repeated with Options::seed = 0..seeds−1 (default options otherwise: max_iter 300, tol 1e-4) and
// the report gives the mean Centroid Index (lloyd/centroid_index.hpp; 0 = every cluster found), the
// share of seeds with CI = 0, the mean inertia, the mean inertia relative to the ground-truth
// partition's (Σ‖x − true centre of x‖²), and the mean time of one fit.
//
// Exits with 77 (ctest's "skipped") when DATA_DIR does not exist.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool is_dir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

struct Row {
  std::string set, seeding;
  long long n;
  int k, n_init, seeds;
  double mean_ci, share_ci0, mean_inertia, rel_inertia, seconds;
};

template <class Seeding>
Row measure(const sipu::Set& s, const Eigen::MatrixXd& truth, double truth_inertia, const char* seeding, int n_init,
            int seeds) {
  Row row{s.name, seeding, static_cast<long long>(s.X.cols()), static_cast<int>(truth.cols()), n_init, seeds, 0, 0, 0, 0, 0};
  for (int seed = 0; seed < seeds; ++seed) {
    lloyd::Options opt;
    opt.k = row.k;
    opt.n_init = n_init;
    opt.seed = static_cast<std::uint64_t>(seed);
    lloyd::KMeans<double, Eigen::Dynamic, Seeding> km(opt);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = km.fit(s.X);
    row.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto ci = lloyd::centroid_index(r.centroids, truth);
    row.mean_ci += static_cast<double>(ci);
    row.share_ci0 += ci == 0;
    row.mean_inertia += r.inertia;
  }
  row.mean_ci /= seeds;
  row.share_ci0 /= seeds;
  row.mean_inertia /= seeds;
  row.rel_inertia = row.mean_inertia / truth_inertia;
  row.seconds /= seeds;
  return row;
}

void print(const Row& r, bool markdown) {
  if (markdown)
    std::printf("| %s | %lld | %d | %s | %d | %.2f | %.0f%% | %.4g | %.3f | %.3f |\n", r.set.c_str(), r.n, r.k,
                r.seeding.c_str(), r.n_init, r.mean_ci, 100 * r.share_ci0, r.mean_inertia, r.rel_inertia, r.seconds);
  else
    std::printf("%-10s %7lld %4d  %-10s %6d %7.2f %6.0f%% %12.4g %9.3f %9.3f\n", r.set.c_str(), r.n, r.k,
                r.seeding.c_str(), r.n_init, r.mean_ci, 100 * r.share_ci0, r.mean_inertia, r.rel_inertia, r.seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) try {
  Args args(argc, argv, {"--markdown"});
  const std::vector<std::string> sets = split(args.get("--sets", kAllSets));
  const int seeds = static_cast<int>(args.get_int("--seeds", 20));
  const bool markdown = args.flag("--markdown");
  args.finish();
  if (args.positional().size() != 1)
    throw std::invalid_argument("usage: benchmark_sets DATA_DIR [--sets s1,s2,...] [--seeds 20] [--markdown]");
  if (seeds < 1) throw std::invalid_argument("--seeds must be at least 1");
  const std::string dir = args.positional()[0];
  if (!is_dir(dir)) {
    std::printf("SKIPPED: the benchmark data folder %s does not exist (it should hold s1.data.gz, "
                "s1.labels0.gz, ...)\n", dir.c_str());
    return kSkip;
  }

  std::printf("Centroid Index (CI) and inertia over %d seeds; CI = 0 means every cluster found.\n", seeds);
  std::printf("inertia/GT = mean inertia / inertia of the ground-truth partition; time = mean seconds per fit.\n\n");
  if (markdown) {
    std::printf("| set | N | K | seeding | n_init | mean CI | CI = 0 | mean inertia | inertia/GT | time (s) |\n");
    std::printf("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
  } else {
    std::printf("%-10s %7s %4s  %-10s %6s %7s %7s %12s %9s %9s\n", "set", "N", "K", "seeding", "n_init", "mean CI",
                "CI=0", "mean inertia", "inert/GT", "time (s)");
  }
  for (const auto& name : sets) {
    const sipu::Set s = sipu::load(dir, name);
    const Eigen::MatrixXd truth = lloyd::label_means(s.X, s.labels);
    // inertia of the ground-truth partition (labels → their means); label_means orders by label value
    std::set<int> distinct(s.labels.data(), s.labels.data() + s.labels.size());
    std::vector<int> values(distinct.begin(), distinct.end());
    double truth_inertia = 0;
    for (Eigen::Index i = 0; i < s.X.cols(); ++i) {
      const auto c = std::lower_bound(values.begin(), values.end(), s.labels[i]) - values.begin();
      truth_inertia += (s.X.col(i) - truth.col(c)).squaredNorm();
    }
    for (int n_init : {1, 10}) {
      print(measure<lloyd::seeding::RandomSample>(s, truth, truth_inertia, "random", n_init, seeds), markdown);
      print(measure<lloyd::seeding::KMeansPlusPlus>(s, truth, truth_inertia, "k-means++", n_init, seeds), markdown);
    }
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "benchmark_sets: %s\n", e.what());
  return 1;
}
