#pragma once
// lloyd::io — the hierarchy of a BisectingKMeans in its model file (docs/MODEL_FORMAT.md): three
// optional .npy members beside the centres, one row per node in creation order
//
//   tree_links.npy    (n, 7) '<i8': parent, left, right, label, split, depth, size
//   tree_stats.npy    (n, 2) '<f8': inertia, weight
//   tree_centres.npy  (n, D) '<f4' or '<f8': the node's centre
//
// with n = 2K − 1 nodes. parse_tree checks that the rows form the tree BisectingKMeans makes (split
// s turns a leaf into the parent of nodes 2s+1 and 2s+2; the leaves, numbered from left to right,
// are the model's centres bit for bit), so a loaded tree can be descended without further checks.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace io {

/// A bisecting hierarchy as stored: links[7i..7i+6] and stats[2i..2i+1] describe node i, column i
/// of centres is its centre. Empty (no nodes) for a model of any other estimator.
template <class Scalar>
struct ModelTree {
  static constexpr int kLinks = 7;  ///< parent, left, right, label, split, depth, size
  std::vector<std::int64_t> links;
  std::vector<double> stats;  ///< inertia, weight
  Points<Scalar> centres;     ///< D×n
  Index nodes() const { return centres.cols(); }
};

namespace detail {

/// One node's structural fields, checked against the rest of the tree.
inline void check_tree_node(const std::vector<std::int64_t>& L, std::int64_t n, std::int64_t k,
                            const std::string& src) {
  auto at = [&](std::int64_t i, int f) { return L[static_cast<std::size_t>(7 * i + f)]; };
  const std::int64_t parent = at(n, 0), left = at(n, 1), right = at(n, 2), label = at(n, 3), split = at(n, 4);
  const std::string where = src + ": tree node " + std::to_string(n);
  const bool root = n == 0;
  if (root ? parent != -1 : (parent < 0 || parent >= n || at(parent, 4) != (n - 1) / 2))
    throw error(where + " has parent " + std::to_string(parent) + ", not the node split to make it");
  if (at(n, 5) != (root ? 0 : at(parent, 5) + 1)) throw error(where + " has the wrong depth");
  if (at(n, 6) < 0) throw error(where + " has a negative size");
  if (left < 0) {
    if (right != -1 || split != -1 || label < 0 || label >= k)
      throw error(where + " is a leaf but its right child, split or label is out of place");
    return;
  }
  if (split < 0 || split >= k - 1 || left != 2 * split + 1 || right != 2 * split + 2 || left <= n || label != -1 ||
      at(left, 0) != n || at(right, 0) != n)
    throw error(where + ": its split and children disagree (split s makes nodes 2s+1 and 2s+2 of a leaf made before)");
}

/// The leaves from left to right must carry the labels 0, 1, …, K − 1.
inline void check_tree_leaf_order(const std::vector<std::int64_t>& L, std::int64_t k, const std::string& src) {
  std::vector<std::int64_t> stack{0};
  std::int64_t next = 0;
  while (!stack.empty()) {
    const std::int64_t n = stack.back();
    stack.pop_back();
    const std::int64_t left = L[static_cast<std::size_t>(7 * n + 1)];
    if (left >= 0) {
      stack.push_back(L[static_cast<std::size_t>(7 * n + 2)]);
      stack.push_back(left);
    } else if (L[static_cast<std::size_t>(7 * n + 3)] != next++) {
      throw error(src + ": tree leaf " + std::to_string(n) + " is not numbered from left to right");
    }
  }
  if (next != k)
    throw error(src + ": the tree has " + std::to_string(next) + " leaves; the model has k = " + std::to_string(k));
}

}  // namespace detail

/// Checks a stored tree against the model's D×K centres C (see the top of this header).
template <class Scalar>
void check_tree(const ModelTree<Scalar>& t, const Points<Scalar>& C, const std::string& src) {
  const Index n = t.nodes(), k = C.cols();
  if (n != 2 * k - 1 || t.centres.rows() != C.rows())
    throw error(src + ": the tree has " + std::to_string(n) + " nodes of dimension " +
                std::to_string(t.centres.rows()) + "; a model of " + std::to_string(k) + " centres of dimension " +
                std::to_string(C.rows()) + " needs " + std::to_string(2 * k - 1));
  for (Index i = 0; i < n; ++i) {
    detail::check_tree_node(t.links, i, k, src);
    const double inertia = t.stats[static_cast<std::size_t>(2 * i)];
    const double weight = t.stats[static_cast<std::size_t>(2 * i + 1)];
    if (!(inertia >= 0) || !(weight >= 0) || inertia - inertia != 0 || weight - weight != 0)
      throw error(src + ": tree node " + std::to_string(i) + " has a negative or non-finite inertia or weight");
    if (!t.centres.col(i).allFinite())
      throw error(src + ": tree node " + std::to_string(i) + " has a non-finite centre");
    const std::int64_t label = t.links[static_cast<std::size_t>(7 * i + 3)];
    if (label >= 0 && !(t.centres.col(i) == C.col(static_cast<Index>(label))))
      throw error(src + ": tree leaf " + std::to_string(i) + " is not centre " + std::to_string(label) +
                  " of the model");
  }
  detail::check_tree_leaf_order(t.links, k, src);
}

/// The stored form of a fitted tree (nodes as lloyd::BisectingNode).
template <class Scalar, class Node>
ModelTree<Scalar> tree_of_nodes(const std::vector<Node>& nodes) {
  ModelTree<Scalar> t;
  const Index n = static_cast<Index>(nodes.size());
  t.centres.resize(n ? nodes.front().centre.rows() : 0, n);
  for (Index i = 0; i < n; ++i) {
    const Node& nd = nodes[static_cast<std::size_t>(i)];
    for (std::int64_t v :
         {std::int64_t{nd.parent}, std::int64_t{nd.left}, std::int64_t{nd.right}, std::int64_t{nd.label},
          std::int64_t{nd.split}, std::int64_t{nd.depth}, static_cast<std::int64_t>(nd.size)})
      t.links.push_back(v);
    t.stats.push_back(nd.inertia);
    t.stats.push_back(nd.weight);
    t.centres.col(i) = nd.centre;
  }
  return t;
}

/// The nodes of a stored tree that check_tree accepted.
template <class Node, class Scalar>
std::vector<Node> nodes_of_tree(const ModelTree<Scalar>& t) {
  std::vector<Node> nodes(static_cast<std::size_t>(t.nodes()));
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Node& nd = nodes[i];
    const std::int64_t* l = t.links.data() + 7 * i;
    nd.parent = static_cast<int>(l[0]);
    nd.left = static_cast<int>(l[1]);
    nd.right = static_cast<int>(l[2]);
    nd.label = static_cast<int>(l[3]);
    nd.split = static_cast<int>(l[4]);
    nd.depth = static_cast<int>(l[5]);
    nd.size = static_cast<Index>(l[6]);
    nd.inertia = t.stats[2 * i];
    nd.weight = t.stats[2 * i + 1];
    nd.centre = t.centres.col(static_cast<Index>(i));
  }
  return nodes;
}

}  // namespace io
}  // namespace lloyd
