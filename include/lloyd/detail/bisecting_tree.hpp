#pragma once
// The hierarchy of lloyd::BisectingKMeans (bisecting.hpp): its nodes, and the passes over the points
// a split needs — gather a cluster's points, weigh them, sum their squared errors, descend the tree.
// Every sum is in double over fixed chunks of points added in chunk order, so nothing depends on the
// thread count.
#include <cstddef>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "index.hpp"
#include "parallel.hpp"

namespace lloyd {

/// One cluster of a bisecting fit: the root holds every point, each split makes two children.
/// Nodes are stored in creation order: the root is node 0, split s makes nodes 2s+1 (left: the
/// 2-means cluster 0) and 2s+2 (right: cluster 1).
template <class Scalar, int Dim = Eigen::Dynamic>
struct BisectingNode {
  int parent = -1;  ///< the node it was split from; -1 for the root
  int left = -1;    ///< its children, -1 for a leaf
  int right = -1;
  int label = -1;                        ///< a leaf's cluster (column of centroids(), label of its points); -1 inside
  int split = -1;                        ///< an inner node: when it was split (0 = first split); -1 for a leaf
  int depth = 0;                         ///< 0 for the root
  Eigen::Matrix<Scalar, Dim, 1> centre;  ///< the 2-means centre it came from (root: the weighted mean)
  double inertia = 0;                    ///< Σ w‖x − centre‖² over its points
  double weight = 0;                     ///< Σ w over its points
  Index size = 0;                        ///< how many points
};

namespace detail {

/// The columns `idx` of X (in the order given) and their weights.
template <class Scalar, int Dim>
void gather_points(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const std::vector<Index>& idx,
                   Points<Scalar, Dim>& S, Weights<Scalar>& ws) {
  const Index m = static_cast<Index>(idx.size());
  S.resize(X.rows(), m);
  ws.resize(m);
  for_each_chunk(
      m,
      [&](Index b, Index e) {
        for (Index i = b; i < e; ++i) {
          S.col(i) = X.col(at(idx, i));
          ws[i] = w[at(idx, i)];
        }
      },
      kChunk, static_cast<double>(X.rows()));
}

/// Σ w over the points, in double.
template <class Scalar>
double total_weight(const WeightsRef<Scalar>& w) {
  return chunked_sum(w.size(), [&](Index b, Index e) {
    double s = 0;
    for (Index i = b; i < e; ++i) s += static_cast<double>(w[i]);
    return s;
  });
}

/// The weighted mean of the points (double sums in point order), in Scalar.
template <class Scalar, int Dim>
Eigen::Matrix<Scalar, Dim, 1> weighted_mean(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(X.rows());
  double total = 0;
  for (Index i = 0; i < X.cols(); ++i) {
    const double wi = static_cast<double>(w[i]);
    if (wi == 0) continue;
    sum += wi * X.col(i).template cast<double>();
    total += wi;
  }
  return (sum / total).template cast<Scalar>();
}

/// Σ w‖x − c‖² of the points labelled `label` (every point when label < 0) about the centre c.
template <class Scalar, int Dim, class Centre>
double cluster_sse(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Labels* labels, int label,
                   const Centre& c) {
  const Index d = X.rows();
  return chunked_sum(
      X.cols(),
      [&](Index b, Index e) {
        double s = 0;
        for (Index i = b; i < e; ++i)
          if (label < 0 || (*labels)[i] == label) s += static_cast<double>(w[i]) * sqdist(X.col(i).data(), c.data(), d);
        return s;
      },
      kChunk, static_cast<double>(d));
}

/// The leaves below `node` from left to right (depth first, left child first): the order of the
/// clusters' labels, as scikit-learn numbers them.
template <class Node>
std::vector<int> leaves_in_order(const std::vector<Node>& nodes, int node = 0) {
  std::vector<int> out, stack{node};
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    const Node& nd = nodes[static_cast<std::size_t>(n)];
    if (nd.left < 0) {
      out.push_back(n);
      continue;
    }
    stack.push_back(nd.right);
    stack.push_back(nd.left);
  }
  return out;
}

/// The leaf label of each column of Y found by descending from the root to the nearer child
/// centre at each split (ties → the left child, the 2-means' cluster 0), as scikit-learn's predict.
template <class Scalar, int Dim, class Node>
Labels descend(const PointsRef<Scalar, Dim>& Y, const std::vector<Node>& nodes, int max_depth) {
  Labels labels(Y.cols());
  const Index d = Y.rows();
  for_each_chunk(
      Y.cols(),
      [&](Index b, Index e) {
        for (Index i = b; i < e; ++i) {
          const Scalar* y = Y.col(i).data();
          const Node* n = &nodes.front();
          while (n->left >= 0) {
            const Node& l = nodes[static_cast<std::size_t>(n->left)];
            const Node& r = nodes[static_cast<std::size_t>(n->right)];
            n = sqdist(y, l.centre.data(), d) <= sqdist(y, r.centre.data(), d) ? &l : &r;
          }
          labels[i] = n->label;
        }
      },
      kChunk, 2.0 * static_cast<double>(d) * static_cast<double>(max_depth > 0 ? max_depth : 1));
  return labels;
}

}  // namespace detail
}  // namespace lloyd
