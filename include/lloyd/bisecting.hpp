#pragma once
// lloyd::BisectingKMeans — bisecting k-means as scikit-learn's BisectingKMeans: start from one
// cluster holding every point and split a leaf in two, K − 1 times, each split a 2-means fit
// (lloyd::KMeans with the class's policies, best of n_init) of that leaf's points. Policies not
// given are local-search k-means++ seeding and no refinement (detail::bisecting_splitter).
//
//   lloyd::BisectingOptions o;  o.k = 10;         // o.strategy = BisectingStrategy::LargestCluster
//   lloyd::BisectingKMeans<float> bk(o);           // <Scalar, Dim, Policies...> as KMeans' policies
//   auto r = bk.fit(X);                            // r.labels = the leaves of the tree
//   const auto& tree = bk.tree();                  // nodes: parent, children, centre, inertia, …
//   lloyd::Labels y = bk.predict(Y);               // down the tree, nearer child centre at each split
//
// The leaf to split: BiggestInertia (the default, as scikit-learn) takes the leaf with the largest
// Σ w‖x − centre‖², LargestCluster the leaf with the largest total weight (scikit-learn counts points
// whatever their weight; with unit weights the two agree); ties go to the first leaf from left to
// right. A leaf whose points of positive weight are all equal cannot be split and is passed over,
// so a fit has exactly K leaves whenever X has K distinct points of positive weight.
//
// The clusters are the leaves numbered from left to right (depth first, cluster 0 of each 2-means
// on the left), as scikit-learn numbers them; the labels of the fit are the leaves' points (not the
// nearest centres: a point stays in the leaf its splits sent it to), and predict on the training
// points gives them back. transform, inertia and score use the nearest centre, as scikit-learn's.
//
// Split s (0-based, in split order) fits its 2-means with the seed run_seed(seed, s) (its n_init
// runs then use run_seed of that, as KMeans does): reproducible from the seed, independent of the
// thread count. scikit-learn instead draws every split's starts from one random state in
// sequence; its tol (default 1e-4) is passed to each split as an absolute tolerance, here it is
// KMeans' relative one (× the mean per-feature variance of the leaf's points), default 0. The Result's n_iter is the sum of the
// splits' iterations, converged means every split converged, run_inertias holds each split's
// 2-means inertia in split order. Model files (io/model.hpp) store the tree; predict on centres that
// are not the tree's leaves (a KMeans model loaded into a BisectingKMeans) throws.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "detail/bisecting_tree.hpp"
#include "detail/index.hpp"
#include "detail/rng.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "estimator.hpp"
#include "kmeans.hpp"
#include "options.hpp"
#include "result.hpp"
#include "types.hpp"

namespace lloyd {

enum class BisectingStrategy {
  BiggestInertia,  ///< split the leaf with the largest Σ w‖x − centre‖² (scikit-learn's default)
  LargestCluster   ///< split the leaf with the largest total weight
};

struct BisectingOptions {
  /// Number of clusters (leaves). Must be in [1, number of distinct points].
  int k = 8;
  /// Seeded runs of each 2-means split; the one with the lowest inertia is kept (scikit-learn: 1).
  int n_init = 1;
  /// Maximum Lloyd iterations of each split.
  int max_iter = 300;
  /// Relative tolerance of each split, as Options::tol (× the mean per-feature variance of the split
  /// leaf's points). 0 (the default): each 2-means runs until no label changes or max_iter, because
  /// a split stopped early leaves points in the wrong subtree for good (docs/BENCHMARKS.md).
  double tol = 0;
  /// Base seed: split s uses run_seed(seed, s).
  std::uint64_t seed = 0;
  BisectingStrategy strategy = BisectingStrategy::BiggestInertia;
};

namespace detail {
struct ModelAccess;
/// The Inertia policy of a KMeans configuration.
template <class K>
struct kmeans_inertia;
template <class S, int D, class Seeding, class Assignment, class Update, class Inertia, class Refine>
struct kmeans_inertia<KMeans<S, D, Seeding, Assignment, Update, Inertia, Refine>> {
  using type = Inertia;
};

/// The 2-means of BisectingKMeans<Scalar, Dim, Policies...>: KMeans with the policies given and,
/// for those not given, local-search k-means++ seeding and no refinement — not KMeans' own defaults
/// (breathing k-means): a split is a 2-means, where one good start suffices and breathing's extra
/// Lloyd runs would cost more than they gain.
template <class Scalar, int Dim, class Seeding = seeding::LocalSearchPlusPlus, class Assignment = assignment::Auto,
          class Update = update::ReproducibleMean, class Inertia = inertia::SquaredEuclidean,
          class Refine = refine::None>
struct bisecting_splitter {
  using type = KMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>;
};
}  // namespace detail

template <class Scalar, int Dim = Eigen::Dynamic, class... Policies>
class BisectingKMeans
    : public Estimator<
          BisectingKMeans<Scalar, Dim, Policies...>, Scalar, Dim,
          typename detail::kmeans_inertia<typename detail::bisecting_splitter<Scalar, Dim, Policies...>::type>::type> {
  using Base = Estimator<
      BisectingKMeans, Scalar, Dim,
      typename detail::kmeans_inertia<typename detail::bisecting_splitter<Scalar, Dim, Policies...>::type>::type>;
  friend Base;
  friend struct detail::ModelAccess;  // io/model.hpp restores the tree of a model file

 public:
  static constexpr const char* kName = "BisectingKMeans";
  using typename Base::centres_type;
  using typename Base::result_type;
  /// The 2-means of each split: KMeans with the class's policies (detail::bisecting_splitter).
  using Splitter = typename detail::bisecting_splitter<Scalar, Dim, Policies...>::type;
  using node_type = BisectingNode<Scalar, Dim>;

  /// `splitter` carries the policies' settings (e.g. a seeding's parameters); its options are set
  /// from `options` at each split.
  explicit BisectingKMeans(BisectingOptions options = BisectingOptions{}, Splitter splitter = Splitter{})
      : options_(options), splitter_(std::move(splitter)) {}

  BisectingOptions& options() { return options_; }
  const BisectingOptions& options() const { return options_; }
  Splitter& splitter() { return splitter_; }
  const Splitter& splitter() const { return splitter_; }

  /// The hierarchy of the last fit, in creation order: node 0 is the root, split s made nodes
  /// 2s+1 and 2s+2 (see BisectingNode). Empty before a fit.
  const std::vector<node_type>& tree() const { return nodes_; }

  /// Leaf label of each column of Y: from the root, go to the child whose centre is nearer (ties →
  /// left) until a leaf, as scikit-learn's BisectingKMeans.predict.
  template <class DerivedY>
  Labels predict(const Eigen::MatrixBase<DerivedY>& Y) const {
    this->check_query_type(Y, "predict");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    this->check_query(Yr);
    if (!tree_matches_centres())
      throw error(
          "BisectingKMeans::predict: the centres are not the leaves of a fitted tree (a model file without a tree was "
          "loaded); fit the model, or use transform() for the nearest centres");
    return detail::descend(Yr, nodes_, max_depth_);
  }

 private:
  using Base::inertia_;

  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
    validate();
    detail::validate_data(X, w, options_.k);
    result_type res;
    res.seed = options_.seed;
    res.converged = true;
    std::vector<std::vector<Index>> members = start_tree(X, w);
    std::vector<char> unsplittable(1, 0);
    for (int s = 0; s < options_.k - 1;) {
      const int leaf = choose_leaf(unsplittable);
      if (!split(X, w, leaf, s, members, res)) {
        detail::at(unsplittable, leaf) = 1;
        continue;
      }
      unsplittable.resize(nodes_.size(), 0);
      ++s;
    }
    finish(X, w, members, res);
    return res;
  }

  void validate() const {
    Options o;
    o.k = options_.k;
    o.n_init = options_.n_init;
    o.max_iter = options_.max_iter;
    o.tol = options_.tol;
    detail::validate_options(o);
    if (options_.n_init < 1)  // no auto here: BisectingOptions::n_init is a number of runs
      throw error("parameter 'n_init' is " + std::to_string(options_.n_init) + "; it must be at least 1");
    if (options_.strategy != BisectingStrategy::BiggestInertia &&
        options_.strategy != BisectingStrategy::LargestCluster)
      throw error("parameter 'strategy' is " + std::to_string(static_cast<int>(options_.strategy)) +
                  "; it must be BiggestInertia or LargestCluster");
  }

  /// The root (every point, weighted mean, its inertia); returns the root's members.
  std::vector<std::vector<Index>> start_tree(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
    node_type root;
    root.centre = detail::weighted_mean(X, w);
    root.inertia = detail::cluster_sse(X, w, nullptr, -1, root.centre);
    root.weight = detail::total_weight(w);
    root.size = X.cols();
    nodes_.clear();
    nodes_.push_back(std::move(root));
    max_depth_ = 0;
    std::vector<std::vector<Index>> members(1);
    members.front().resize(detail::to_size(X.cols()));
    std::iota(members.front().begin(), members.front().end(), Index(0));
    return members;
  }

  /// The leaf with the highest score (first from left to right among equals), skipping leaves that
  /// cannot be split.
  int choose_leaf(const std::vector<char>& unsplittable) const {
    int best = -1;
    double best_score = 0;
    for (int n : detail::leaves_in_order(nodes_)) {
      if (detail::at(unsplittable, n)) continue;
      const node_type& nd = detail::at(nodes_, n);
      const double score = options_.strategy == BisectingStrategy::BiggestInertia ? nd.inertia : nd.weight;
      if (best < 0 || score > best_score) {
        best = n;
        best_score = score;
      }
    }
    // Unreachable after validate_k: fewer than k leaves hold ≥ k distinct points, so one holds two.
    if (best < 0) throw error("BisectingKMeans: no cluster can be split (internal error)");
    return best;
  }

  /// Splits leaf `node` by a 2-means of its points (split number s); false when its points of
  /// positive weight are all equal.
  bool split(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int node, int s,
             std::vector<std::vector<Index>>& members, result_type& res) {
    Points<Scalar, Dim> S;
    Weights<Scalar> ws;
    if (node != 0) detail::gather_points(X, w, detail::at(members, node), S, ws);
    const PointsRef<Scalar, Dim> Xs = node != 0 ? PointsRef<Scalar, Dim>(S) : X;
    const WeightsRef<Scalar> wsr = node != 0 ? WeightsRef<Scalar>(ws) : w;
    if (detail::count_distinct<Scalar, Dim>(Xs, wsr, 2) < 2) return false;
    Options& o = splitter_.options();
    o.k = 2;
    o.n_init = options_.n_init;
    o.max_iter = options_.max_iter;
    o.tol = options_.tol;
    o.seed = run_seed(options_.seed, static_cast<std::uint64_t>(s));
    o.record_history = false;
    const result_type r = splitter_.fit(Xs, wsr);
    res.n_iter += r.n_iter;
    res.converged = res.converged && r.converged;
    res.run_inertias.push_back(r.inertia);
    add_children(Xs, wsr, node, s, r, members);
    return true;
  }

  /// The two children of `node` from its 2-means result r (cluster 0 left, 1 right).
  void add_children(const PointsRef<Scalar, Dim>& Xs, const WeightsRef<Scalar>& ws, int node, int s,
                    const result_type& r, std::vector<std::vector<Index>>& members) {
    const int first = static_cast<int>(nodes_.size());
    const int depth = detail::at(nodes_, node).depth + 1;
    members.resize(nodes_.size() + 2);
    std::vector<Index>& mine = detail::at(members, node);
    for (int c = 0; c < 2; ++c) {
      node_type child;
      child.parent = node;
      child.depth = depth;
      child.centre = r.centroids.col(c);
      child.inertia = detail::cluster_sse(Xs, ws, &r.labels, c, child.centre);
      std::vector<Index>& theirs = detail::at(members, first + c);
      for (Index j = 0; j < Xs.cols(); ++j) {
        if (r.labels[j] != c) continue;
        theirs.push_back(detail::at(mine, j));
        child.weight += static_cast<double>(ws[j]);
      }
      child.size = static_cast<Index>(theirs.size());
      nodes_.push_back(std::move(child));
    }
    node_type& parent = detail::at(nodes_, node);
    parent.left = first;
    parent.right = first + 1;
    parent.split = s;
    std::vector<Index>().swap(mine);
    max_depth_ = std::max(max_depth_, depth);
  }

  /// Numbers the leaves from left to right; the fit's centres, labels and inertia.
  void finish(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
              const std::vector<std::vector<Index>>& members, result_type& res) {
    const std::vector<int> leaves = detail::leaves_in_order(nodes_);
    res.centroids.resize(X.rows(), static_cast<Index>(leaves.size()));
    res.labels.resize(X.cols());
    for (std::size_t c = 0; c < leaves.size(); ++c) {
      node_type& leaf = detail::at(nodes_, leaves[c]);
      leaf.label = static_cast<int>(c);
      res.centroids.col(static_cast<Index>(c)) = leaf.centre;
      for (Index i : detail::at(members, leaves[c])) res.labels[i] = leaf.label;
    }
    res.inertia = inertia_(X, w, res.centroids, res.labels);
  }

  /// True when the leaves' centres are centroids() bit for bit (false after a model file load).
  bool tree_matches_centres() const {
    const centres_type& C = this->centroids();
    Index leaves = 0;
    for (const node_type& n : nodes_) {
      if (n.left >= 0) continue;
      ++leaves;
      if (n.label < 0 || n.label >= C.cols() || n.centre.rows() != C.rows() || !(C.col(n.label) == n.centre))
        return false;
    }
    return !nodes_.empty() && leaves == C.cols();
  }

  BisectingOptions options_;
  Splitter splitter_;
  std::vector<node_type> nodes_;
  int max_depth_ = 0;
};

}  // namespace lloyd
