#pragma once
// Centroid Index (Fränti, Rezaei & Zhao, "Centroid index: cluster level similarity measure",
// Pattern Recognition 47(9), 2014): how many clusters a solution got wrong, at the cluster level.
//
//   Map every centre of A to its nearest centre of B; the centres of B that receive no centre are
//   "orphans". CI₁(A→B) = number of orphans of B. CI(A, B) = max(CI₁(A→B), CI₁(B→A)).
//   CI = 0 means the two solutions have the same cluster structure (every true cluster found);
//   CI = 2 means, e.g., two true clusters are missed, their centres spent elsewhere.
//
//   lloyd::Index ci = lloyd::centroid_index(found, truth);    // D×K1 and D×K2 centres
//   Eigen::MatrixXd truth = lloyd::label_means(X, labels);    // ground-truth centres from labels
//
// Centres are columns (D×K); A and B may have different numbers of centres but must have the same
// dimension. Nearest = smallest squared Euclidean distance in double, ties → lowest index.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "error.hpp"
#include "types.hpp"

namespace lloyd {

/// CI₁(A→B): the number of columns of B that are the nearest column of B to no column of A.
template <class DA, class DB>
Index centroid_index_one_way(const Eigen::MatrixBase<DA>& A, const Eigen::MatrixBase<DB>& B) {
  if (A.rows() != B.rows())
    throw error("centroid_index: the centres have dimensions " + std::to_string(A.rows()) + " and " +
                std::to_string(B.rows()) + " (rows); they must be equal");
  if (A.cols() == 0 || B.cols() == 0) throw error("centroid_index: a set of centres is empty (0 columns)");
  const Index d = A.rows();
  std::vector<char> hit(static_cast<std::size_t>(B.cols()), 0);
  for (Index a = 0; a < A.cols(); ++a) {
    Index best = 0;
    double bd = 0;
    for (Index b = 0; b < B.cols(); ++b) {
      double s = 0;
      for (Index j = 0; j < d; ++j) {
        const double t = static_cast<double>(A(j, a)) - static_cast<double>(B(j, b));
        s += t * t;
      }
      if (b == 0 || s < bd) {
        bd = s;
        best = b;
      }
    }
    hit[static_cast<std::size_t>(best)] = 1;
  }
  return static_cast<Index>(std::count(hit.begin(), hit.end(), 0));
}

/// CI(A, B) = max(CI₁(A→B), CI₁(B→A)); symmetric, 0 when every cluster of each is matched.
template <class DA, class DB>
Index centroid_index(const Eigen::MatrixBase<DA>& A, const Eigen::MatrixBase<DB>& B) {
  return std::max(centroid_index_one_way(A, B), centroid_index_one_way(B, A));
}

/// Ground-truth centres: the mean (in double) of the columns of X that carry each distinct label,
/// one column per distinct label in ascending label order. Labels may be any integers (1..K, with
/// gaps, negative); the number of columns of the result is the number of distinct labels.
template <class Derived, class DerivedL>
Eigen::MatrixXd label_means(const Eigen::MatrixBase<Derived>& X, const Eigen::MatrixBase<DerivedL>& labels) {
  if (labels.size() != X.cols())
    throw error("label_means: " + std::to_string(labels.size()) + " labels for " + std::to_string(X.cols()) +
                " points");
  std::map<long long, Index> slot;
  for (Index i = 0; i < labels.size(); ++i) slot.emplace(static_cast<long long>(labels(i)), 0);
  Index next = 0;
  for (auto& kv : slot) kv.second = next++;
  Eigen::MatrixXd M = Eigen::MatrixXd::Zero(X.rows(), next);
  Eigen::VectorXd count = Eigen::VectorXd::Zero(next);
  for (Index i = 0; i < X.cols(); ++i) {
    const Index c = slot[static_cast<long long>(labels(i))];
    M.col(c) += X.col(i).template cast<double>();
    count[c] += 1;
  }
  for (Index c = 0; c < next; ++c) M.col(c) /= count[c];
  return M;
}

}  // namespace lloyd
