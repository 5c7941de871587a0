#pragma once
// update::ExactMean — update::Mean with order-independent fixed-point sums (see detail/exact.hpp):
// the new centres are bit-identical for any thread count, any order of the points and any split of
// the points over MPI processes (distributed/mpi.hpp runs the same code). Same empty-cluster repair
// rule as update::Mean, with the weights compared in fixed point.
//
// Incremental (ExactMean::State, used by KMeans for every run): integer sums do not depend on the
// order of the additions, so the state keeps the K×D fixed-point sums of the previous labels and, at
// the next update, only moves the contributions of the points whose label changed (subtract from the
// old cluster, add to the new one). The sums — hence the centres — are bit-identical to the stateless
// call's, which re-adds every point; but an iteration in which few labels change no longer reads X.
// The fixed-point scales (a pass over X) are computed once per State. Memory: (K·D + K) 16-byte
// integers and one int per point (the previous labels).
//
// Contract: see update/mean.hpp (stateless call) and docs/ARCHITECTURE.md (optional State).
#include <vector>

#include "../detail/exact.hpp"
#include "../types.hpp"

namespace lloyd {
namespace update {

struct ExactMean {
  template <class Scalar, int Dim>
  Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                   Centres<Scalar, Dim>& C, Shifts& shifts) const {
    const detail::LocalComm comm;
    detail::Scales fx;
    detail::Fixed fw;
    detail::sum_scales(X, w, comm, fx, fw);
    return detail::exact_mean_update(X, w, labels, C, shifts, fx, fw, comm);
  }

  /// Per-run state: the same result as operator(), computed incrementally.
  template <class Scalar, int Dim>
  class State {
   public:
    State(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
      detail::sum_scales(X, w, detail::LocalComm{}, fx_, fw_);
    }

    Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                     Centres<Scalar, Dim>& C, Shifts& shifts) {
      const Index n = X.cols(), d = X.rows(), k = C.cols();
      const std::size_t kd = static_cast<std::size_t>(k * d);
      if (prev_.size() != n || static_cast<Index>(sums_.size()) != k * d + k + 1) {
        sums_.assign(kd + static_cast<std::size_t>(k) + 1, detail::i128(0));
        detail::accumulate_fixed(X, w, labels, k, fx_, fw_, sums_);
      } else {
        moved_.clear();
        for (Index i = 0; i < n; ++i)
          if (labels[i] != prev_[i]) moved_.push_back(i);
        const Index changed = static_cast<Index>(moved_.size());
        if (changed > n / 4) {  // cheaper to re-add everything; same integers
          detail::accumulate_fixed(X, w, labels, k, fx_, fw_, sums_);
        } else if (changed > 0) {
          detail::move_fixed(X, w, changed, k, fx_, fw_, [&](Index p) {
            const Index i = moved_[static_cast<std::size_t>(p)];
            return detail::FixedMove{i, prev_[i], labels[i]};
          }, sums_.data());
        }
      }
      const Index moved =
          detail::exact_mean_update(X, w, labels, C, shifts, fx_, fw_, detail::LocalComm{}, 0, nullptr, &sums_);
      prev_ = labels;  // the sums now belong to these labels (after any repair)
      return moved;
    }

   private:
    detail::Scales fx_;
    detail::Fixed fw_;
    std::vector<detail::i128> sums_;
    Labels prev_;
    std::vector<Index> moved_;  // scratch: the points whose label changed
  };
};

}  // namespace update
}  // namespace lloyd
