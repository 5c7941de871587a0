#pragma once
// The parts of a mini-batch step (lloyd/mini_batch.hpp) that need no estimator: the step's buffers and
// what carries over between steps, early stopping, the batch's assignment and scikit-learn's random
// reassignment of light centres.
#include <algorithm>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "parallel.hpp"
#include "rng.hpp"

namespace lloyd {
namespace detail {

/// The step's scratch and what carries over between steps (the weight each centre has seen).
struct MiniBatchSteps {
  MiniBatchSteps() = default;
  MiniBatchSteps(Index d, Index k)
      : seen(static_cast<std::size_t>(k), 0.0), sum(d, k), weight(static_cast<std::size_t>(k)) {}
  void resize(Index batch) {
    idx.resize(static_cast<std::size_t>(batch));
    lab.resize(static_cast<std::size_t>(batch));
    d2.resize(static_cast<std::size_t>(batch));
  }
  std::vector<double> seen;    // weight seen so far per centre
  std::vector<Index> idx;      // the batch's points
  std::vector<int> lab;        // their nearest centres
  std::vector<double> d2;      // their squared distances
  Eigen::MatrixXd sum;         // per centre: Σ w x over the batch
  std::vector<double> weight;  // per centre: Σ w over the batch
  Index since_reassign = 0;
};

/// Early stopping on the smoothed batch inertia (exponential average), and on tol.
struct MiniBatchEarlyStop {
  double alpha, tol_abs;
  int max_no_improvement;
  double ewa = 0, ewa_min = 0;
  int no_improvement = 0;

  bool operator()(bool first, double batch_inertia, double shift) {
    if (first) {
      ewa = ewa_min = batch_inertia;
      return false;
    }
    ewa = ewa * (1 - alpha) + batch_inertia * alpha;
    if (tol_abs > 0 && shift <= tol_abs) return true;
    if (ewa < ewa_min) {
      ewa_min = ewa;
      no_improvement = 0;
    } else if (max_no_improvement > 0 && ++no_improvement >= max_no_improvement) {
      return true;
    }
    return false;
  }
};

/// Nearest centre of each batch point. Small batches are assigned serially: a parallel region per
/// step costs more than it saves. Each label is computed alone, so the result is the same.
template <class Scalar, int Dim>
void assign_batch(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, MiniBatchSteps& s) {
  const Index batch = static_cast<Index>(s.idx.size());
  auto assign = [&](Index b, Index e) {
    for (Index j = b; j < e; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      s.lab[ju] = detail::nearest(X.col(s.idx[ju]).data(), C, &s.d2[ju]);
    }
  };
  if (batch * C.cols() * X.rows() >= (Index(1) << 20)) detail::for_each_chunk(batch, assign);
  else assign(0, batch);
}

// scikit-learn's random reassignment: light centres jump to batch points drawn ∝ weight.
template <class Scalar, int Dim>
void reassign_light_centres(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
                            const std::vector<Index>& bidx, Centres<Scalar, Dim>& C, std::vector<double>& seen,
                            double ratio, Rng& rng) {
  const Index k = C.cols(), d = X.rows();
  const double heaviest = *std::max_element(seen.begin(), seen.end());
  std::vector<Index> light;
  for (Index c = 0; c < k; ++c)
    if (seen[static_cast<std::size_t>(c)] < ratio * heaviest) light.push_back(c);
  if (light.empty()) return;
  // At most half a batch of them: the lightest first.
  std::stable_sort(light.begin(), light.end(), [&](Index a, Index b) {
    return seen[static_cast<std::size_t>(a)] < seen[static_cast<std::size_t>(b)];
  });
  const std::size_t cap = std::max<std::size_t>(1, bidx.size() / 2);
  if (light.size() > cap) light.resize(cap);
  double floor_weight = heaviest;
  for (Index c = 0; c < k; ++c)
    if (std::find(light.begin(), light.end(), c) == light.end())
      floor_weight = std::min(floor_weight, seen[static_cast<std::size_t>(c)]);
  std::vector<double> cum(bidx.size());
  double s = 0;
  for (std::size_t j = 0; j < bidx.size(); ++j) cum[j] = (s += static_cast<double>(w[bidx[j]]));
  if (!(s > 0)) return;
  for (Index c : light) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      const double v = rng.uniform() * s;
      const std::size_t j = std::min<std::size_t>(
          static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin()), bidx.size() - 1);
      const Scalar* x = X.col(bidx[j]).data();
      bool dup = false;
      for (Index o = 0; o < k && !dup; ++o) dup = detail::same_point(x, C.col(o).data(), d);
      if (dup) continue;
      C.col(c) = X.col(bidx[j]);
      seen[static_cast<std::size_t>(c)] = floor_weight;
      break;
    }
  }
}

}  // namespace detail
}  // namespace lloyd
