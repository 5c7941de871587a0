#pragma once
// Empty-cluster repair, shared by update::Mean and the order-independent update (update::ReproducibleMean,
// distributed::MpiKMeans). Models: mlpack's EmptyClusterPolicy, FAISS's split_clusters.
//
// Rule: each cluster whose points have zero total weight, in cluster order, takes the next candidate —
// the points of positive weight, farthest from their own current centre first (ties → lowest global
// point index) — provided that taking it does not empty the point's cluster (the cluster's weight
// minus the point's stays > 0) and that it is not identical to a point already taken by an earlier
// repair. A candidate that fails is not offered again. So a fit keeps exactly k non-empty clusters
// while X has ≥ k distinct points of positive weight.
//
// The rule (repair_empty_clusters) is written once; what differs is where the candidates come from
// and in which type the weights are counted, a parameter:
//   - LocalCandidates: the points of one process, weights in double (update::Mean);
//   - CommCandidates: the farthest remaining candidate over all processes of a communicator
//     (local_comm.hpp), weights as exact multi-limb fixed point (the order-independent update). With one
//     process it offers the same points in the same order as LocalCandidates.
// A candidate source provides `using Scalar`, `using Weight` and `bool next(RepairCandidate<Scalar,
// Weight>&)` (false when no candidate is left); every process calls next() equally often.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "parallel.hpp"
#include "sparse_points.hpp"
#include "wide_fixed.hpp"

namespace lloyd {
namespace detail {

/// One candidate: its cluster, its weight as the sums count it, its coordinates (valid until the
/// next call of next()) and its local index (−1 when it lives on another process).
template <class Scalar, class Weight>
struct RepairCandidate {
  int from = 0;
  Weight weight = 0;
  const Scalar* x = nullptr;
  Index local = -1;
};

/// The local points of positive weight, farthest from their own centre first (ties → lowest index);
/// dist[i] receives point i's squared distance to its centre (−1 when w_i ≤ 0). X: dense or sparse.
template <class XT, class Scalar, int Dim>
std::vector<Index> farthest_first(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                                  const Labels& labels, std::vector<double>& dist) {
  const Index n = X.cols(), d = X.rows();
  dist.assign(static_cast<std::size_t>(n), -1.0);
  std::vector<Index> order;
  order.reserve(static_cast<std::size_t>(n));
  for_each_chunk(
      n,
      [&](Index b, Index e) {
        if constexpr (is_sparse_points<XT>::value) {  // centre by centre: one O(D) fill each (sparse_points.hpp)
          SparseCentreDistance<Scalar> dc(d);
          for (Index c = 0; c < C.cols(); ++c)
            for (Index i = b; i < e; ++i)
              if (w[i] > 0 && labels[i] == c) dist[static_cast<std::size_t>(i)] = dc(point(X, i), C.col(c).data());
        } else {
          for (Index i = b; i < e; ++i)
            if (w[i] > 0) dist[static_cast<std::size_t>(i)] = sqdist(point(X, i), C.col(labels[i]).data(), d);
        }
      },
      kChunk, static_cast<double>(d));
  for (Index i = 0; i < n; ++i)
    if (w[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return dist[static_cast<std::size_t>(a)] > dist[static_cast<std::size_t>(b)];
  });
  return order;
}

/// A candidate's coordinates: a pointer into dense X; sparse X's point written into `buf` (length D).
template <class Scalar, int Dim>
const Scalar* candidate_coordinates(const PointsRef<Scalar, Dim>& X, Index i, std::vector<Scalar>&) {
  return X.col(i).data();
}
template <class Scalar>
const Scalar* candidate_coordinates(const SparsePointsRef<Scalar>& X, Index i, std::vector<Scalar>& buf) {
  buf.resize(static_cast<std::size_t>(X.rows()));
  scatter(point(X, i), Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>(buf.data(), X.rows()));
  return buf.data();
}

/// The candidates of one process, weights in double. XT: the points' type (PointsRef or SparsePointsRef).
template <class ScalarT, int Dim, class XT = PointsRef<ScalarT, Dim>>
class LocalCandidates {
 public:
  using Scalar = ScalarT;
  using Weight = double;

  LocalCandidates(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C, const Labels& labels)
      : X_(X), w_(w), labels_(labels), order_(farthest_first(X, w, C, labels, dist_)) {}

  bool next(RepairCandidate<Scalar, Weight>& c) {
    if (pos_ >= order_.size()) return false;
    const Index i = order_[pos_++];
    c.from = labels_[i];
    c.weight = static_cast<double>(w_[i]);
    c.x = candidate_coordinates(X_, i, x_);
    c.local = i;
    return true;
  }

 private:
  const XT& X_;
  std::vector<Scalar> x_;  // a sparse candidate's coordinates
  const WeightsRef<Scalar>& w_;
  const Labels& labels_;
  std::vector<double> dist_;
  std::vector<Index> order_;
  std::size_t pos_ = 0;
};

/// The candidates of all processes of `comm`, weights exact in the window `ww`. Each call of
/// next() gathers every process's farthest remaining offer (distance, global index), picks the
/// farthest (ties → lowest global index), and its owner broadcasts the point's cluster, weight and
/// coordinates. `offset` is the global index of the first local point.
template <class ScalarT, int Dim, class Comm, class XT = PointsRef<ScalarT, Dim>>
class CommCandidates {
 public:
  using Scalar = ScalarT;
  using Weight = WideWeight;

  CommCandidates(const XT& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C, const Labels& labels,
                 const Window& ww, const Comm& comm, long long offset)
      : X_(X),
        w_(w),
        labels_(labels),
        ww_(ww),
        comm_(comm),
        offset_(offset),
        order_(farthest_first(X, w, C, labels, dist_)),
        offers_(static_cast<std::size_t>(comm.size())),
        msg_(sizeof(long long) * 2 + sizeof(Scalar) * static_cast<std::size_t>(X.rows())),
        x_(static_cast<std::size_t>(X.rows())) {}

  bool next(RepairCandidate<Scalar, Weight>& c) {
    if (exhausted_) return false;
    const int owner = farthest_offer();
    if (owner < 0) {
      exhausted_ = true;
      return false;
    }
    const bool mine = owner == comm_.rank();
    long long from_and_w[2] = {0, 0};  // the cluster, the weight's double bits
    if (mine) {
      const Index i = order_[pos_];
      const double wi = static_cast<double>(w_[i]);
      from_and_w[0] = labels_[i];
      std::memcpy(&from_and_w[1], &wi, sizeof wi);
      std::memcpy(msg_.data(), from_and_w, sizeof from_and_w);
      std::memcpy(msg_.data() + sizeof from_and_w, candidate_coordinates(X_, i, xs_), sizeof(Scalar) * x_.size());
    }
    comm_.bcast(msg_.data(), msg_.size(), owner);
    std::memcpy(from_and_w, msg_.data(), sizeof from_and_w);
    std::memcpy(x_.data(), msg_.data() + sizeof from_and_w, sizeof(Scalar) * x_.size());
    c.from = static_cast<int>(from_and_w[0]);
    double wi = 0;
    std::memcpy(&wi, &from_and_w[1], sizeof wi);
    c.weight = WideWeight(wi, ww_);
    c.x = x_.data();
    c.local = mine ? order_[pos_++] : -1;
    return true;
  }

 private:
  struct Offer {
    double dist;
    long long gidx;
    long long has;
  };

  /// The rank whose next candidate is the farthest (ties → lowest global index), −1 when none is left.
  int farthest_offer() {
    Offer mine{0.0, 0, 0};
    if (pos_ < order_.size()) mine = Offer{dist_[static_cast<std::size_t>(order_[pos_])], offset_ + order_[pos_], 1};
    comm_.allgather(&mine, offers_.data(), sizeof(Offer));
    int owner = -1;
    for (int r = 0; r < comm_.size(); ++r) {
      const Offer& o = offers_[static_cast<std::size_t>(r)];
      if (!o.has) continue;
      const Offer& b = offers_[static_cast<std::size_t>(owner < 0 ? r : owner)];
      if (owner < 0 || o.dist > b.dist || (o.dist == b.dist && o.gidx < b.gidx)) owner = r;
    }
    return owner;
  }

  const XT& X_;
  const WeightsRef<Scalar>& w_;
  const Labels& labels_;
  Window ww_;
  const Comm& comm_;
  long long offset_;
  std::vector<double> dist_;
  std::vector<Index> order_;
  std::vector<Offer> offers_;
  std::vector<unsigned char> msg_;
  std::vector<Scalar> x_;
  std::vector<Scalar> xs_;  // a sparse local candidate's coordinates
  std::size_t pos_ = 0;
  bool exhausted_ = false;
};

/// Applies the repair rule to the cluster weights W (K entries, updated in place) and the labels;
/// `make_candidates()` returns the candidate source and is called only when a cluster is empty.
/// Returns the number of points moved (the same on every process). The caller recomputes the sums
/// of the moved points' clusters.
template <class Weight, class MakeCandidates>
Index repair_empty_clusters(Index k, Index d, Weight* W, Labels& labels, MakeCandidates&& make_candidates) {
  std::vector<Index> empty;
  for (Index c = 0; c < k; ++c)
    if (!(W[c] > 0)) empty.push_back(c);
  if (empty.empty()) return 0;
  auto candidates = make_candidates();
  using Scalar = typename decltype(candidates)::Scalar;
  RepairCandidate<Scalar, Weight> c;
  std::vector<std::vector<Scalar>> taken;
  Index moved = 0;
  for (Index e : empty) {
    while (candidates.next(c)) {
      if (!(W[c.from] - c.weight > 0)) continue;  // would empty its own cluster
      bool dup = false;
      for (const auto& t : taken) dup = dup || same_point(t.data(), c.x, d);
      if (dup) continue;
      W[c.from] -= c.weight;
      W[e] = c.weight;
      if (c.local >= 0) labels[c.local] = static_cast<int>(e);
      taken.emplace_back(c.x, c.x + d);
      ++moved;
      break;
    }
  }
  return moved;
}

}  // namespace detail
}  // namespace lloyd
