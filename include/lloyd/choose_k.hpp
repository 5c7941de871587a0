#pragma once
// Choosing K: the elbow curve, the gap statistic, Pham–Dimov–Nguyen's f(K) and the mean silhouette.
//
//   lloyd::ChooseKOptions o;  o.k_max = 10;  o.seed = 1;
//   lloyd::ChooseK r = lloyd::choose_k(X, o);       // every curve for K = 1..k_max, one fit per K
//   r.inertia, r.gap, r.gap_s, r.f, r.silhouette    // indexed by K − 1
//   r.k_gap, r.k_f, r.k_silhouette                  // the K each criterion picks
//
//   lloyd::choose_k<MyKMeans>(X, o)                 // any KMeans-like model constructible from Options
//
// The criteria (S_K = the lowest inertia found with K clusters, d = dimension, N = points):
//
// * Elbow: S_K against K. No rule picks K; look for the bend.
//
// * Gap statistic (Tibshirani, Walther & Hastie, J. R. Statist. Soc. B 63(2), 2001), reference
//   distribution (a): B reference sets of N points uniform over the bounding box of X, each clustered
//   like X for every K.
//     Gap(K) = (1/B) Σ_b log S*_Kb − log S_K
//     sd_K   = sqrt((1/B) Σ_b (log S*_Kb − mean_b log S*_Kb)²),   s_K = sd_K · sqrt(1 + 1/B)
//     K̂      = the smallest K in 1..k_max−1 with Gap(K) ≥ Gap(K+1) − s_{K+1}; k_max if there is none.
//   The rule stops at the first K that is "good enough", so it can stop at K = 1 on blobs whose
//   first split gains no more than a uniform box's does (e.g. four or five blobs on a regular grid
//   filling the box); look at the whole curve as well.
//
// * f(K) (Pham, Dimov & Nguyen, Proc. IMechE C 219, 2005):
//     α_2 = 1 − 3/(4d),   α_K = α_{K−1} + (1 − α_{K−1})/6  (K > 2)
//     f(1) = 1;   f(K) = S_K / (α_K S_{K−1}) if S_{K−1} ≠ 0, else 1.
//   f(K) < 0.85 suggests K clusters; K̂ = the K ≥ 2 with the smallest f(K) when that is below 0.85,
//   else 1 (no clustering structure).
//
// * Mean silhouette (Rousseeuw 1987), Euclidean distances: for point i of cluster A,
//   a(i) = mean distance to the other points of A, b(i) = the smallest mean distance to the points of
//   another cluster, s(i) = (b − a) / max(a, b); s(i) = 0 when A = {i} (or a = b = 0). Defined for
//   K ≥ 2 (NaN at K = 1); K̂ = the K with the largest mean.
//   Exact (O(N² d)) when N ≤ silhouette_exact_max. Larger sets: a sampled estimate — m =
//   silhouette_sample points drawn uniformly without replacement (Rng(silhouette seed)), s(i)
//   computed exactly for each of them against all N points (O(m N d)); their mean is an unbiased
//   estimate of the mean silhouette, with standard error sd(s)·sqrt((1 − m/N)/m) (sample standard
//   deviation, finite-population correction), reported in Silhouette::std_error.
//
// Reproducibility: the fit of X at K uses Options::seed = run_seed(seed, K); reference set b is drawn
// from Rng(run_seed(seed ^ kGapStream, b)) and its fit at K uses run_seed(that seed, K); the
// silhouette sample at K uses run_seed(seed ^ kSilhouetteStream, K).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <type_traits>
#include <vector>

#include "detail/parallel.hpp"
#include "detail/rng.hpp"
#include "error.hpp"
#include "kmeans.hpp"
#include "options.hpp"
#include "types.hpp"

namespace lloyd {

struct ChooseKOptions {
  int k_max = 10;                     ///< curves for K = 1..k_max (k_max ≥ 2, ≤ distinct points)
  int n_init = Options::auto_n_init;  ///< runs per fit (auto: the model's own); the lowest inertia is kept
  int max_iter = 300;                 ///< per run
  double tol = 1e-4;                  ///< as Options::tol
  std::uint64_t seed = 0;             ///< base seed of every fit, reference set and sample
  int references = 10;                ///< B, reference sets for the gap statistic (≥ 1)
  Index silhouette_exact_max = 2000;  ///< exact mean silhouette up to this many points
  Index silhouette_sample = 1000;     ///< points sampled for the estimate above that
};

constexpr std::uint64_t kGapStream = 0x6761702D72656673ULL;         // "gap-refs"
constexpr std::uint64_t kSilhouetteStream = 0x73696C686F756574ULL;  // "silhouet"

// ---------------------------------------------------------------------------------------------
// Pure formulas (tested against hand-computed values).

/// α_K of Pham, Dimov & Nguyen for K ≥ 2 in dimension d ≥ 1.
inline double pham_alpha(int k, Index d) {
  if (k < 2) throw error("pham_alpha: K is " + std::to_string(k) + "; α is defined for K ≥ 2");
  if (d < 1) throw error("pham_alpha: dimension is " + std::to_string(d) + "; it must be at least 1");
  double a = 1.0 - 3.0 / (4.0 * static_cast<double>(d));
  for (int j = 3; j <= k; ++j) a += (1.0 - a) / 6.0;
  return a;
}

/// f(K) for K = 1..S.size(), from S[K−1] = S_K (the inertia with K clusters).
inline std::vector<double> pham_f(const std::vector<double>& S, Index d) {
  std::vector<double> f(S.size());
  for (std::size_t i = 0; i < S.size(); ++i) {
    const int k = static_cast<int>(i) + 1;
    f[i] = (k == 1 || S[i - 1] == 0) ? 1.0 : S[i] / (pham_alpha(k, d) * S[i - 1]);
  }
  return f;
}

/// K̂ from f: the K ≥ 2 with the smallest f(K) if it is below `threshold`, else 1.
inline int pham_choose(const std::vector<double>& f, double threshold = 0.85) {
  int best = 1;
  double bf = threshold;
  for (std::size_t i = 1; i < f.size(); ++i)
    if (f[i] < bf) {
      bf = f[i];
      best = static_cast<int>(i) + 1;
    }
  return best;
}

/// The gap statistic from log S_K of the data and log S*_Kb of the references.
struct GapStatistic {
  std::vector<double> log_w;      ///< log S_K
  std::vector<double> ref_log_w;  ///< (1/B) Σ_b log S*_Kb
  std::vector<double> gap;        ///< Gap(K)
  std::vector<double> sd;         ///< sd_K
  std::vector<double> s;          ///< s_K = sd_K·sqrt(1 + 1/B)
  int k = 1;                      ///< K̂
};

/// K̂: the smallest K with Gap(K) ≥ Gap(K+1) − s_{K+1}; gap.size() if there is none.
inline int gap_choose(const std::vector<double>& gap, const std::vector<double>& s) {
  for (std::size_t i = 0; i + 1 < gap.size(); ++i)
    if (gap[i] >= gap[i + 1] - s[i + 1]) return static_cast<int>(i) + 1;
  return static_cast<int>(gap.size());
}

/// Gap(K), sd_K, s_K and K̂ from log_w[K−1] = log S_K and ref[b][K−1] = log S*_Kb.
inline GapStatistic gap_from_logs(const std::vector<double>& log_w, const std::vector<std::vector<double>>& ref) {
  if (ref.empty()) throw error("gap statistic: no reference sets (B = 0)");
  const std::size_t nk = log_w.size();
  const double B = static_cast<double>(ref.size());
  GapStatistic g;
  g.log_w = log_w;
  g.ref_log_w.assign(nk, 0.0);
  g.gap.assign(nk, 0.0);
  g.sd.assign(nk, 0.0);
  g.s.assign(nk, 0.0);
  for (std::size_t i = 0; i < nk; ++i) {
    double mean = 0;
    for (const auto& r : ref) {
      if (r.size() != nk) throw error("gap statistic: a reference set has a different number of K values");
      mean += r[i];
    }
    mean /= B;
    double var = 0;
    for (const auto& r : ref) var += (r[i] - mean) * (r[i] - mean);
    g.ref_log_w[i] = mean;
    g.gap[i] = mean - log_w[i];
    g.sd[i] = std::sqrt(var / B);
    g.s[i] = g.sd[i] * std::sqrt(1.0 + 1.0 / B);
  }
  g.k = gap_choose(g.gap, g.s);
  return g;
}

// ---------------------------------------------------------------------------------------------
// Silhouette.

struct Silhouette {
  double mean = std::numeric_limits<double>::quiet_NaN();  ///< mean s(i) (exact or estimated)
  double std_error = 0;                                    ///< 0 when exact
  Index sample_size = 0;                                   ///< points whose s(i) was computed
  bool exact = true;
};

namespace detail {

inline int silhouette_clusters(const Labels& labels, Index n) {
  if (labels.size() != n)
    throw error("silhouette: " + std::to_string(labels.size()) + " labels for " + std::to_string(n) + " points");
  int k = 0;
  for (Index i = 0; i < n; ++i) {
    if (labels[i] < 0) throw error("silhouette: label of point " + std::to_string(i) + " is negative");
    k = std::max(k, labels[i] + 1);
  }
  return k;
}

/// s(i) of point i against all points (cluster sizes in `count`).
template <class Derived>
double silhouette_of(const Eigen::MatrixBase<Derived>& X, const Labels& labels, const std::vector<Index>& count,
                     Index i, std::vector<double>& sum) {
  const Index n = X.cols(), d = X.rows();
  std::fill(sum.begin(), sum.end(), 0.0);
  for (Index j = 0; j < n; ++j) {
    if (j == i) continue;
    double s = 0;
    for (Index t = 0; t < d; ++t) {
      const double u = static_cast<double>(X(t, i)) - static_cast<double>(X(t, j));
      s += u * u;
    }
    sum[static_cast<std::size_t>(labels[j])] += std::sqrt(s);
  }
  const auto own = static_cast<std::size_t>(labels[i]);
  if (count[own] <= 1) return 0.0;
  const double a = sum[own] / static_cast<double>(count[own] - 1);
  double b = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < sum.size(); ++c)
    if (c != own && count[c] > 0) b = std::min(b, sum[c] / static_cast<double>(count[c]));
  const double m = std::max(a, b);
  return m > 0 ? (b - a) / m : 0.0;
}

}  // namespace detail

/// s(i) for every point (exact, O(N² d)). Labels in [0, K); needs at least two non-empty clusters.
template <class Derived>
Eigen::VectorXd silhouette_values(const Eigen::MatrixBase<Derived>& X, const Labels& labels) {
  const Index n = X.cols();
  const int k = detail::silhouette_clusters(labels, n);
  std::vector<Index> count(static_cast<std::size_t>(k), 0);
  for (Index i = 0; i < n; ++i) ++count[static_cast<std::size_t>(labels[i])];
  if (std::count_if(count.begin(), count.end(), [](Index c) { return c > 0; }) < 2)
    throw error("silhouette: needs at least 2 non-empty clusters");
  Eigen::VectorXd s(n);
  detail::for_each_chunk(
      n,
      [&](Index b, Index e) {
        std::vector<double> sum(static_cast<std::size_t>(k));
        for (Index i = b; i < e; ++i) s[i] = detail::silhouette_of(X, labels, count, i, sum);
      },
      16);
  return s;
}

/// Mean silhouette: exact when N ≤ exact_max, otherwise estimated from `sample` points drawn
/// uniformly without replacement with Rng(seed) (see the top of this header).
template <class Derived>
Silhouette mean_silhouette(const Eigen::MatrixBase<Derived>& X, const Labels& labels, Index exact_max = 2000,
                           Index sample = 1000, std::uint64_t seed = 0) {
  const Index n = X.cols();
  Silhouette r;
  if (n <= exact_max || sample >= n) {
    const Eigen::VectorXd s = silhouette_values(X, labels);
    r.mean = s.mean();
    r.sample_size = n;
    return r;
  }
  if (sample < 2) throw error("silhouette: the sample size must be at least 2");
  const int k = detail::silhouette_clusters(labels, n);
  std::vector<Index> count(static_cast<std::size_t>(k), 0);
  for (Index i = 0; i < n; ++i) ++count[static_cast<std::size_t>(labels[i])];
  if (std::count_if(count.begin(), count.end(), [](Index c) { return c > 0; }) < 2)
    throw error("silhouette: needs at least 2 non-empty clusters");
  // partial Fisher–Yates: the first `sample` entries of a uniformly random permutation
  std::vector<Index> idx(static_cast<std::size_t>(n));
  std::iota(idx.begin(), idx.end(), Index(0));
  Rng rng(seed);
  for (Index t = 0; t < sample; ++t) {
    const Index u = t + static_cast<Index>(rng.below(static_cast<std::uint64_t>(n - t)));
    std::swap(idx[static_cast<std::size_t>(t)], idx[static_cast<std::size_t>(u)]);
  }
  Eigen::VectorXd s(sample);
  detail::for_each_chunk(
      sample,
      [&](Index b, Index e) {
        std::vector<double> sum(static_cast<std::size_t>(k));
        for (Index t = b; t < e; ++t)
          s[t] = detail::silhouette_of(X, labels, count, idx[static_cast<std::size_t>(t)], sum);
      },
      16);
  const double m = static_cast<double>(sample);
  r.mean = s.mean();
  const double var = (s.array() - r.mean).square().sum() / (m - 1);
  r.std_error = std::sqrt(var * (1.0 - m / static_cast<double>(n)) / m);
  r.sample_size = sample;
  r.exact = false;
  return r;
}

// ---------------------------------------------------------------------------------------------
// The curves on data.

/// Every curve for K = 1..k_max, and the K each criterion picks.
struct ChooseK {
  std::vector<int> k;                  ///< 1..k_max
  std::vector<double> inertia;         ///< S_K, the elbow curve
  GapStatistic gap;                    ///< Gap(K), s_K, K̂ (empty when references = 0 in choose_k)
  std::vector<double> f;               ///< Pham et al.'s f(K)
  std::vector<Silhouette> silhouette;  ///< mean silhouette; NaN at K = 1
  std::vector<Labels> labels;          ///< labels of the best fit at each K
  int k_gap = 0, k_f = 0, k_silhouette = 0;
};

namespace detail {

template <class Model, class Derived>
using choose_model_t =
    typename std::conditional<std::is_void<Model>::value, KMeans<typename Derived::Scalar, Derived::RowsAtCompileTime>,
                              Model>::type;

inline void validate_choose_k(const ChooseKOptions& o, Index n) {
  if (o.k_max < 2) throw error("choose_k: k_max is " + std::to_string(o.k_max) + "; it must be at least 2");
  if (o.k_max > n)
    throw error("choose_k: k_max is " + std::to_string(o.k_max) + " but X has only " + std::to_string(n) + " points");
  if (o.references < 0) throw error("choose_k: references (B) is negative");
}

/// S_K for K = 1..k_max (and the labels), each fit with seed run_seed(seed, K).
template <class Model, class Derived>
std::vector<double> inertia_curve(const Eigen::MatrixBase<Derived>& X, const ChooseKOptions& o, std::uint64_t seed,
                                  std::vector<Labels>* labels) {
  std::vector<double> S;
  for (int k = 1; k <= o.k_max; ++k) {
    Options opt;
    opt.k = k;
    opt.n_init = o.n_init;
    opt.max_iter = o.max_iter;
    opt.tol = o.tol;
    opt.seed = run_seed(seed, static_cast<std::uint64_t>(k));
    Model km(opt);
    auto r = km.fit(X);
    S.push_back(r.inertia);
    if (labels) labels->push_back(std::move(r.labels));
  }
  return S;
}

inline std::vector<double> logs(const std::vector<double>& v) {
  std::vector<double> l(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) l[i] = std::log(v[i]);
  return l;
}

/// B reference sets uniform over the bounding box of X, and log S*_Kb for each.
template <class Model, class Derived>
std::vector<std::vector<double>> reference_logs(const Eigen::MatrixBase<Derived>& X, const ChooseKOptions& o) {
  using Scalar = typename Derived::Scalar;
  constexpr int Dim = Derived::RowsAtCompileTime;
  const Index n = X.cols(), d = X.rows();
  Eigen::VectorXd lo(d), hi(d);
  for (Index j = 0; j < d; ++j) {
    lo[j] = static_cast<double>(X.row(j).minCoeff());
    hi[j] = static_cast<double>(X.row(j).maxCoeff());
  }
  std::vector<std::vector<double>> ref;
  for (int b = 0; b < o.references; ++b) {
    const std::uint64_t sb = run_seed(o.seed ^ kGapStream, static_cast<std::uint64_t>(b));
    Rng rng(sb);
    Points<Scalar, Dim> R(d, n);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < d; ++j) R(j, i) = static_cast<Scalar>(lo[j] + (hi[j] - lo[j]) * rng.uniform());
    ref.push_back(logs(inertia_curve<Model>(R, o, sb, nullptr)));
  }
  return ref;
}

}  // namespace detail

/// The elbow curve: S_K for K = 1..k_max.
template <class Model = void, class Derived>
std::vector<double> elbow(const Eigen::MatrixBase<Derived>& X, const ChooseKOptions& o = ChooseKOptions{}) {
  detail::validate_choose_k(o, X.cols());
  return detail::inertia_curve<detail::choose_model_t<Model, Derived>>(X, o, o.seed, nullptr);
}

/// The gap statistic for K = 1..k_max with o.references uniform reference sets.
template <class Model = void, class Derived>
GapStatistic gap_statistic(const Eigen::MatrixBase<Derived>& X, const ChooseKOptions& o = ChooseKOptions{}) {
  detail::validate_choose_k(o, X.cols());
  if (o.references < 1) throw error("gap_statistic: references (B) must be at least 1");
  using M = detail::choose_model_t<Model, Derived>;
  return gap_from_logs(detail::logs(detail::inertia_curve<M>(X, o, o.seed, nullptr)), detail::reference_logs<M>(X, o));
}

/// Every criterion from one fit of X per K (and B × k_max fits of the references).
template <class Model = void, class Derived>
ChooseK choose_k(const Eigen::MatrixBase<Derived>& X, const ChooseKOptions& o = ChooseKOptions{}) {
  detail::validate_choose_k(o, X.cols());
  using M = detail::choose_model_t<Model, Derived>;
  ChooseK r;
  for (int k = 1; k <= o.k_max; ++k) r.k.push_back(k);
  r.inertia = detail::inertia_curve<M>(X, o, o.seed, &r.labels);
  if (o.references > 0) {
    r.gap = gap_from_logs(detail::logs(r.inertia), detail::reference_logs<M>(X, o));
    r.k_gap = r.gap.k;
  }
  r.f = pham_f(r.inertia, X.rows());
  r.k_f = pham_choose(r.f);
  r.silhouette.resize(static_cast<std::size_t>(o.k_max));
  double best = -std::numeric_limits<double>::infinity();
  for (int k = 2; k <= o.k_max; ++k) {
    auto& s = r.silhouette[static_cast<std::size_t>(k - 1)];
    s = mean_silhouette(X, r.labels[static_cast<std::size_t>(k - 1)], o.silhouette_exact_max, o.silhouette_sample,
                        run_seed(o.seed ^ kSilhouetteStream, static_cast<std::uint64_t>(k)));
    if (s.mean > best) {
      best = s.mean;
      r.k_silhouette = k;
    }
  }
  return r;
}

}  // namespace lloyd
