// Tests of lloyd/bisecting.hpp (and detail/bisecting_tree.hpp).
#include <catch2/catch.hpp>
#include <cstdio>
#include <lloyd/bisecting.hpp>
#include <lloyd/io/model.hpp>
#include <map>
#include <set>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "support.hpp"

namespace {
using lloyd::BisectingStrategy;
using lloyd::Index;

template <class S>
using Bisecting = lloyd::BisectingKMeans<S>;

/// Σ w‖x − c‖² over the given points, in long double.
template <class S, class Centre>
long double sse(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const std::vector<Index>& pts, const Centre& c) {
  long double s = 0;
  for (Index i : pts) {
    long double d = 0;
    for (Index j = 0; j < X.rows(); ++j) {
      const long double t = static_cast<long double>(X(j, i)) - static_cast<long double>(c[j]);
      d += t * t;
    }
    s += static_cast<long double>(w[i]) * d;
  }
  return s;
}

/// The points of every node, found by walking up from each point's leaf.
template <class Node>
std::vector<std::vector<Index>> node_points(const std::vector<Node>& t, const lloyd::Labels& labels) {
  std::map<int, int> leaf_of_label;
  for (std::size_t n = 0; n < t.size(); ++n)
    if (t[n].left < 0) leaf_of_label[t[n].label] = static_cast<int>(n);
  std::vector<std::vector<Index>> pts(t.size());
  for (Index i = 0; i < labels.size(); ++i)
    for (int n = leaf_of_label.at(labels[i]); n >= 0; n = t[static_cast<std::size_t>(n)].parent)
      pts[static_cast<std::size_t>(n)].push_back(i);
  return pts;
}

/// The tree of a fit is consistent: the split order, parents and children, exactly k leaves numbered
/// from left to right, children partitioning their parent's points, sizes, weights and inertias as
/// recomputed, the split leaf the best by the strategy among the leaves of its time, predict = labels.
template <class S, class B>
void check_tree(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const B& bk,
                const lloyd::Result<S, Eigen::Dynamic>& r, int k, bool check_choice = true) {
  const auto& t = bk.tree();
  REQUIRE(t.size() == static_cast<std::size_t>(2 * k - 1));
  CHECK(t[0].parent == -1);
  CHECK(t[0].depth == 0);
  for (int s = 0; s + 1 < k; ++s) {
    const auto a = static_cast<std::size_t>(2 * s + 1), b = a + 1;
    const int p = t[a].parent;
    REQUIRE(p >= 0);
    REQUIRE(p < static_cast<int>(a));
    CHECK(t[b].parent == p);
    const auto& par = t[static_cast<std::size_t>(p)];
    CHECK(par.split == s);
    CHECK(par.left == static_cast<int>(a));
    CHECK(par.right == static_cast<int>(b));
    CHECK(par.label == -1);
    CHECK(t[a].depth == par.depth + 1);
    if (par.parent >= 0) CHECK(t[static_cast<std::size_t>(par.parent)].split < s);
  }
  // Leaves from left to right are labelled 0, 1, …, k − 1 and are the centres.
  const std::vector<int> order = lloyd::detail::leaves_in_order(t);
  REQUIRE(order.size() == static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) {
    const auto& leaf = t[static_cast<std::size_t>(order[static_cast<std::size_t>(c)])];
    CHECK(leaf.label == c);
    CHECK(leaf.split == -1);
    CHECK(leaf.right == -1);
    CHECK(r.centroids.col(c) == leaf.centre);
  }
  const auto pts = node_points(t, r.labels);
  CHECK(pts[0].size() == static_cast<std::size_t>(X.cols()));
  const long double rel = sizeof(S) == 4 ? 1e-6L : 1e-10L;
  std::vector<long double> score(t.size());
  for (std::size_t n = 0; n < t.size(); ++n) {
    INFO("node " << n);
    CHECK(t[n].size == static_cast<Index>(pts[n].size()));
    long double wsum = 0;
    for (Index i : pts[n]) wsum += static_cast<long double>(w[i]);
    CHECK(test::close(t[n].weight, wsum, 1e-12L));
    const long double in = sse(X, w, pts[n], t[n].centre);
    CHECK(std::fabs(static_cast<long double>(t[n].inertia) - in) <= rel * (in + 1e-30L) + 1e-12L);
    score[n] = bk.options().strategy == BisectingStrategy::BiggestInertia ? in : wsum;
  }
  // The leaf split at step s had the highest score among the leaves of that time.
  for (int s = 0; check_choice && s + 1 < k; ++s) {
    const int p = t[static_cast<std::size_t>(2 * s + 1)].parent;
    for (int n = 0; n < 2 * s + 1; ++n) {
      const auto& nd = t[static_cast<std::size_t>(n)];
      if (nd.split >= 0 && nd.split < s) continue;  // already split
      INFO("split " << s << " chose " << p << " over " << n);
      CHECK(score[static_cast<std::size_t>(p)] >= score[static_cast<std::size_t>(n)] * (1 - 1e-9L));
    }
  }
  CHECK(bk.predict(X) == r.labels);
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels, &w), 1e-9L));
}

Eigen::MatrixXd square_grid(int k, double spacing) {
  Eigen::MatrixXd t(2, k);
  for (int c = 0; c < k; ++c) t.col(c) << spacing * (c % 4) + c * c, spacing * (c / 4) + 3.0 * c;
  return t;
}

/// Points of each group (label → set of group ids) for well separated groups.
std::map<int, std::set<int>> groups_per_label(const lloyd::Labels& labels, const std::vector<int>& group) {
  std::map<int, std::set<int>> m;
  for (Index i = 0; i < labels.size(); ++i) m[labels[i]].insert(group[static_cast<std::size_t>(i)]);
  return m;
}
}  // namespace

TEMPLATE_TEST_CASE("bisecting k-means builds a consistent tree with either strategy", "[bisecting]", float, double) {
  using S = TestType;
  const auto X = test::blobs<S>(square_grid(12, 6.0), 3000, 1.0, 3);
  lloyd::Weights<S> w(X.cols());
  for (Index i = 0; i < X.cols(); ++i) w[i] = static_cast<S>(0.5 + static_cast<double>(i % 7) * 0.25);
  for (BisectingStrategy st : {BisectingStrategy::BiggestInertia, BisectingStrategy::LargestCluster})
    for (int k : {1, 2, 5, 12}) {
      INFO("strategy " << static_cast<int>(st) << " k " << k);
      lloyd::BisectingOptions o;
      o.k = k;
      o.strategy = st;
      o.seed = 5;
      Bisecting<S> bk(o);
      const auto r = bk.fit(X, w);
      check_tree(X, w, bk, r, k);
      CHECK(test::clusters_used(r.labels, k) == k);
      CHECK(r.run_inertias.size() == static_cast<std::size_t>(k - 1));
      CHECK(bk.fit_inertia() == r.inertia);
      // Fresh points: predict descends the tree (the reference walks it in long double).
      const lloyd::Points<S> Y = test::uniform<S>(2, 200, 9) * S(20);
      const lloyd::Labels py = bk.predict(Y);
      const auto& t = bk.tree();
      const lloyd::Weights<S> wy = lloyd::Weights<S>::Ones(Y.cols());
      for (Index i = 0; i < Y.cols(); ++i) {
        std::size_t n = 0;
        while (t[n].left >= 0) {
          const auto& l = t[static_cast<std::size_t>(t[n].left)];
          const auto& rr = t[static_cast<std::size_t>(t[n].right)];
          n = static_cast<std::size_t>(sse(Y, wy, {i}, l.centre) <= sse(Y, wy, {i}, rr.centre) ? t[n].left
                                                                                               : t[n].right);
        }
        CHECK(py[i] == t[n].label);
      }
    }
}

TEMPLATE_TEST_CASE("the two strategies split the cluster a brute-force reference chooses", "[bisecting]", float,
                   double) {
  using S = TestType;
  // A: 400 points in two tight sub-blobs 2 apart (SSE ≈ 400); B: 100 points in two sub-blobs 200
  // apart (SSE ≈ 10^6), 1000 away from A. The first split separates A from B; then BiggestInertia
  // splits B, LargestCluster splits A — unless B's points weigh 5 each (500 > 400).
  lloyd::Points<S> X(2, 500);
  std::vector<int> group(500);
  lloyd::Rng rng(17);
  const double at[4][2] = {{0, 0}, {0, 2}, {1000, 0}, {1000, 200}};
  for (Index i = 0; i < 500; ++i) {
    const int g = i < 400 ? static_cast<int>(i % 2) : 2 + static_cast<int>(i % 2);
    group[static_cast<std::size_t>(i)] = g;
    for (int j = 0; j < 2; ++j) X(j, i) = static_cast<S>(at[g][j] + 0.05 * rng.normal());
  }
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(500);
  lloyd::Weights<S> heavy_b = ones;
  heavy_b.tail(100).setConstant(S(5));
  auto leaf_sets = [&](BisectingStrategy st, const lloyd::Weights<S>& w) {
    lloyd::BisectingOptions o;
    o.k = 3;
    o.strategy = st;
    Bisecting<S> bk(o);
    const auto r = bk.fit(X, w);
    check_tree(X, w, bk, r, 3);
    std::set<std::set<int>> sets;
    for (const auto& kv : groups_per_label(r.labels, group)) sets.insert(kv.second);
    return sets;
  };
  const std::set<std::set<int>> a_whole{{0, 1}, {2}, {3}}, b_whole{{0}, {1}, {2, 3}};
  CHECK(leaf_sets(BisectingStrategy::BiggestInertia, ones) == a_whole);
  CHECK(leaf_sets(BisectingStrategy::LargestCluster, ones) == b_whole);
  CHECK(leaf_sets(BisectingStrategy::LargestCluster, heavy_b) == a_whole);
  CHECK(leaf_sets(BisectingStrategy::BiggestInertia, heavy_b) == a_whole);
}

TEMPLATE_TEST_CASE("bisecting k-means: integer weights act like repeated points", "[bisecting]", float, double) {
  using S = TestType;
  const Eigen::MatrixXd centres = (Eigen::MatrixXd(2, 5) << 0, 40, 0, 40, 100, 0, 0, 45, 45, 100).finished();
  const auto X = test::blobs<S>(centres, 250, 1.0, 23);
  lloyd::Weights<S> w(X.cols());
  Index total = 0;
  for (Index i = 0; i < X.cols(); ++i) total += static_cast<Index>(w[i] = static_cast<S>(1 + i % 3));
  lloyd::Points<S> Xrep(2, total);
  std::vector<Index> origin;
  for (Index i = 0; i < X.cols(); ++i)
    for (int r = 0; r < 1 + i % 3; ++r) {
      Xrep.col(static_cast<Index>(origin.size())) = X.col(i);
      origin.push_back(i);
    }
  for (BisectingStrategy st : {BisectingStrategy::BiggestInertia, BisectingStrategy::LargestCluster}) {
    lloyd::BisectingOptions o;
    o.k = 5;
    o.strategy = st;
    const auto weighted = Bisecting<S>(o).fit(X, w);
    const auto repeated = Bisecting<S>(o).fit(Xrep);
    // The same clusters (the labels may be numbered differently): map them through the points.
    std::map<int, int> to_rep;
    for (Index j = 0; j < Xrep.cols(); ++j) {
      const int a = weighted.labels[origin[static_cast<std::size_t>(j)]], b = repeated.labels[j];
      CHECK(to_rep.emplace(a, b).first->second == b);
    }
    REQUIRE(to_rep.size() == 5);
    for (const auto& ab : to_rep)
      CHECK((weighted.centroids.col(ab.first) - repeated.centroids.col(ab.second)).norm() <
            (sizeof(S) == 4 ? 1e-4 : 1e-10));
    CHECK(test::close(weighted.inertia, repeated.inertia, sizeof(S) == 4 ? 1e-5L : 1e-10L));
  }
}

TEMPLATE_TEST_CASE("bisecting k-means is reproducible from the seed and the same for any thread count", "[bisecting]",
                   float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(16, 20000, 31);
  lloyd::BisectingOptions o;
  o.k = 9;
  o.n_init = 2;
  o.seed = 77;
  auto fit = [&](int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    Bisecting<S> bk(o);
    auto r = bk.fit(X);
    return std::make_pair(r, bk.tree());
  };
  const auto one = fit(1), two = fit(2), again = fit(2);
  for (const auto* other : {&two, &again}) {
    CHECK(one.first.centroids == other->first.centroids);
    CHECK(one.first.labels == other->first.labels);
    CHECK(one.first.inertia == other->first.inertia);
    CHECK(one.first.n_iter == other->first.n_iter);
    REQUIRE(one.second.size() == other->second.size());
    for (std::size_t n = 0; n < one.second.size(); ++n) {
      CHECK(one.second[n].inertia == other->second[n].inertia);
      CHECK(one.second[n].parent == other->second[n].parent);
    }
  }
  o.seed = 78;
  CHECK(Bisecting<S>(o).fit(X).centroids != one.first.centroids);
  // Another seeding policy through the template parameters.
  lloyd::BisectingKMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample> rs(o);
  const auto r = rs.fit(X);
  check_tree<S>(X, lloyd::Weights<S>::Ones(X.cols()), rs, r, 9);
}

TEMPLATE_TEST_CASE("bisecting k-means passes over clusters of equal points and keeps k leaves", "[bisecting]", float,
                   double) {
  using S = TestType;
  // 6 distinct points: one repeated 200 times, five once; the largest cluster cannot be split.
  lloyd::Points<S> X(2, 205);
  X.leftCols(200).setConstant(S(1));
  for (Index i = 0; i < 5; ++i) X.col(200 + i) << S(10 * i + 3), S(-2 * i);
  for (BisectingStrategy st : {BisectingStrategy::BiggestInertia, BisectingStrategy::LargestCluster}) {
    lloyd::BisectingOptions o;
    o.k = 6;
    o.strategy = st;
    Bisecting<S> bk(o);
    const auto r = bk.fit(X);
    check_tree<S>(X, lloyd::Weights<S>::Ones(205), bk, r, 6, false);
    CHECK(test::clusters_used(r.labels, 6) == 6);
    CHECK(r.inertia <= 1e-12);
  }
}

TEMPLATE_TEST_CASE("bisecting k-means: transform, score, and the model file", "[bisecting]", float, double) {
  using S = TestType;
  const auto X = test::blobs<S>(square_grid(6, 8.0), 600, 1.0, 41);
  lloyd::BisectingOptions o;
  o.k = 6;
  Bisecting<S> bk(o);
  const auto r = bk.fit(X);
  const auto D = bk.transform(X);
  REQUIRE(D.rows() == 6);
  REQUIRE(D.cols() == X.cols());
  long double nearest = 0;
  for (Index i = 0; i < X.cols(); ++i) nearest += D.col(i).minCoeff();
  // score uses the nearest centre (as scikit-learn's), at most the tree's inertia.
  CHECK(test::close(-bk.score(X), nearest, sizeof(S) == 4 ? 1e-5L : 1e-10L));
  CHECK(-bk.score(X) <= r.inertia * (1 + 1e-12));
  // A model file keeps the tree: the loaded estimator predicts by it, bit for bit.
  const std::string path = "test_bisecting_model.npz";
  lloyd::save(path, bk);
  Bisecting<S> loaded;
  lloyd::load(path, loaded);
  CHECK(loaded.transform(X) == D);
  CHECK(loaded.predict(X) == bk.predict(X));
  CHECK(loaded.predict(X) == r.labels);
  CHECK(loaded.options().strategy == o.strategy);
  REQUIRE(loaded.tree().size() == bk.tree().size());
  for (std::size_t i = 0; i < bk.tree().size(); ++i) {
    const auto &a = loaded.tree()[i], &b = bk.tree()[i];
    CHECK((a.parent == b.parent && a.left == b.left && a.right == b.right && a.label == b.label && a.split == b.split &&
           a.depth == b.depth && a.size == b.size && a.inertia == b.inertia && a.weight == b.weight &&
           a.centre == b.centre));
  }
  // A KMeans model (centres without a tree) loads, transforms, and refuses to predict.
  lloyd::Options ko;
  ko.k = 6;
  lloyd::KMeans<S> km(ko);
  km.fit(X);
  lloyd::save(path, km);
  lloyd::load(path, loaded);
  std::remove(path.c_str());
  CHECK(loaded.transform(X) == km.transform(X));
  CHECK_THROWS_WITH(loaded.predict(X), Catch::Contains("without a tree"));
}

TEMPLATE_TEST_CASE("bisecting k-means rejects bad input like KMeans", "[bisecting]", float, double) {
  using S = TestType;
  auto X = test::uniform<S>(3, 50, 2);
  auto with = [](auto change) {
    lloyd::BisectingOptions o;
    o.k = 3;
    change(o);
    return Bisecting<S>(o);
  };
  CHECK_THROWS_WITH(with([](auto& o) { o.k = 0; }).fit(X), Catch::Contains("'k'"));
  CHECK_THROWS_WITH(with([](auto& o) { o.k = 51; }).fit(X), Catch::Contains("only 50 points"));
  CHECK_THROWS_WITH(with([](auto& o) { o.n_init = 0; }).fit(X), Catch::Contains("n_init"));
  CHECK_THROWS_WITH(with([](auto& o) { o.max_iter = 0; }).fit(X), Catch::Contains("max_iter"));
  CHECK_THROWS_WITH(with([](auto& o) { o.tol = -1; }).fit(X), Catch::Contains("tol"));
  CHECK_THROWS_WITH(with([](auto& o) { o.strategy = static_cast<BisectingStrategy>(7); }).fit(X),
                    Catch::Contains("strategy"));
  lloyd::Points<S> few(3, 10);
  few.setZero();
  few.col(3).setOnes();
  CHECK_THROWS_WITH(with([](auto&) {}).fit(few), Catch::Contains("distinct"));
  auto bad = X;
  bad(1, 7) = std::numeric_limits<S>::quiet_NaN();
  CHECK_THROWS_WITH(with([](auto&) {}).fit(bad), Catch::Contains("finite"));
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(50);
  CHECK_THROWS_WITH(with([](auto&) {}).fit(X, lloyd::Weights<S>::Ones(49)), Catch::Contains("length"));
  w[4] = -1;
  CHECK_THROWS_WITH(with([](auto&) {}).fit(X, w), Catch::Contains("weight"));
  CHECK_THROWS_WITH(with([](auto&) {}).fit(X, lloyd::Weights<S>::Zero(50)), Catch::Contains("all zero"));
  Bisecting<S> unfitted;
  CHECK_THROWS_WITH(unfitted.predict(X), Catch::Contains("before fit"));
  CHECK(unfitted.tree().empty());
  auto fitted = with([](auto&) {});
  fitted.fit(X);
  CHECK_THROWS_WITH(fitted.predict(lloyd::Points<S>::Zero(4, 2)), Catch::Contains("dimension"));
  lloyd::BisectingKMeans<S, 2> fixed;
  CHECK_THROWS_WITH(fixed.fit(X), Catch::Contains("Dim=2"));
}

TEMPLATE_TEST_CASE("bisecting k-means gives scikit-learn's clusters on its documentation example", "[bisecting]", float,
                   double) {
  using S = TestType;
  // sklearn.cluster.BisectingKMeans' example: labels [2 2 2 0 0 0 1 1 1], centres (10, 2), (10, 8),
  // (1, 2); predict([[0, 0], [12, 3]]) = [2, 0]. The numbering depends on each 2-means' cluster
  // order, so compare the clusters as sets of points.
  lloyd::Points<S> X(2, 9);
  X << 1, 1, 1, 10, 10, 10, 10, 10, 10, 2, 4, 0, 2, 4, 0, 6, 8, 10;
  for (BisectingStrategy st : {BisectingStrategy::BiggestInertia, BisectingStrategy::LargestCluster}) {
    lloyd::BisectingOptions o;
    o.k = 3;
    o.strategy = st;
    Bisecting<S> bk(o);
    const auto r = bk.fit(X);
    check_tree(X, lloyd::Weights<S>(lloyd::Weights<S>::Ones(9)), bk, r, 3);
    const std::vector<int> sklearn{2, 2, 2, 0, 0, 0, 1, 1, 1};
    std::set<std::set<int>> ours, theirs;
    for (const auto& kv : groups_per_label(r.labels, sklearn)) ours.insert(kv.second);
    for (int c = 0; c < 3; ++c) theirs.insert({c});
    CHECK(ours == theirs);
    lloyd::Points<S> C(2, 3);
    C << 10, 10, 1, 2, 8, 2;
    for (int c = 0; c < 3; ++c) CHECK(r.centroids.col(r.labels[c == 2 ? 0 : c == 0 ? 3 : 6]) == C.col(c));
    lloyd::Points<S> Y(2, 2);
    Y << 0, 12, 0, 3;
    const lloyd::Labels y = bk.predict(Y);
    CHECK(y[0] == r.labels[0]);
    CHECK(y[1] == r.labels[3]);
  }
}
