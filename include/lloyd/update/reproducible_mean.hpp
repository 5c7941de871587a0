#pragma once
// update::ReproducibleMean — update::Mean with exact sums (multi-limb fixed point, see
// detail/wide_fixed.hpp and detail/fixed_accumulate.hpp): a centre coordinate is the exact Σ w·x
// (of the double products) divided by the exact Σ w, each rounded once, so it is as accurate as a
// double sum can be whatever the range of the data and weights, and bit-identical for any thread
// count, any order of the points and any split of the points over MPI processes (distributed/mpi.hpp
// runs the same code, detail::reproducible_mean_update below). Same empty-cluster repair as
// update::Mean (detail/empty_cluster_repair.hpp), with the weights compared exactly and the
// candidates taken across processes.
//
// Incremental (ReproducibleMean::State, used by KMeans for every run): integer sums do not depend on the
// order of the additions, so the state keeps the K×D fixed-point sums of the previous labels and, at
// the next update, only moves the contributions of the points whose label changed (subtract from the
// old cluster, add to the new one). The sums — hence the centres — are bit-identical to the stateless
// call's, which re-adds every point; but an iteration in which few labels change no longer reads X.
// The windows of the sums (a pass over X) are computed once per State. Memory: K·(D·L + L_w) 16-byte
// integers (L limbs per coordinate, 1 for most data), and per point an int (the previous label) and
// an index (scratch: the list of the points whose label changed).
//
// Contract: see update/mean.hpp (stateless call) and docs/ARCHITECTURE.md (optional State).
#include <cstddef>
#include <vector>

#include "../detail/empty_cluster_repair.hpp"
#include "../detail/fixed_accumulate.hpp"
#include "../detail/local_comm.hpp"
#include "../detail/wide_fixed.hpp"
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// reproducible_mean_update's reduction: buf (the sums, layout SumWindows, then the piggyback value)
/// becomes the sums over all processes of the points under `labels` — computed from the points
/// unless `have_sums` (buf then holds the local sums already) — in the one reduction of an iteration.
template <class XT, class Scalar, class Comm>
void reduce_fixed_sums(const XT& X, const WeightsRef<Scalar>& w, const Labels& labels, Index k, const SumWindows& s,
                       const Comm& comm, long long* piggyback, bool have_sums, std::vector<i128>& buf) {
  buf.resize(static_cast<std::size_t>(s.size(k)) + 1);
  if (!have_sums) accumulate_fixed(X, w, labels, k, s, buf);
  buf.back() = piggyback ? i128(*piggyback) : i128(0);
  comm.sum(buf.data(), buf.size());  // the one reduction of an iteration
  if (piggyback) *piggyback = static_cast<long long>(buf.back());
}

/// reproducible_mean_update's empty-cluster repair (detail/empty_cluster_repair.hpp) on the reduced sums
/// buf, candidates taken across processes; when points move, buf becomes the sums of the new labels.
/// Returns the number of points moved (the same on every process).
template <class XT, class Scalar, int Dim, class Comm>
Index repair_fixed_sums(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, const Centres<Scalar, Dim>& C,
                        const SumWindows& s, const Comm& comm, long long offset, std::vector<i128>& buf) {
  const Index d = X.rows(), k = C.cols();
  std::vector<WideWeight> W;
  for (Index c = 0; c < k; ++c) W.emplace_back(buf.data() + s.weight_at(k, c), 1, s.w.limbs);
  const Index moved = repair_empty_clusters(k, d, W.data(), labels, [&] {
    return CommCandidates<Scalar, Dim, Comm, XT>(X, w, C, labels, s.w, comm, offset);
  });
  if (moved > 0) {  // exact sums for the new labels
    accumulate_fixed(X, w, labels, k, s, buf);
    buf.back() = 0;
    comm.sum(buf.data(), buf.size());
  }
  return moved;
}

/// The new centres from the reduced sums buf: C(:, c) = S_c / W_c for every cluster of positive
/// weight (others keep their centre), S_c and W_c each rounded once from the exact sums, and
/// shifts(c) = ‖C_new(:, c) − C_old(:, c)‖² of the stored (Scalar) centres, so centres that did not
/// move shift by exactly 0.
template <class Scalar, int Dim>
void centres_from_fixed_sums(const std::vector<i128>& buf, const SumWindows& s, Centres<Scalar, Dim>& C,
                             Shifts& shifts) {
  const Index d = C.rows(), k = C.cols();
  shifts.resize(k);
  for (Index c = 0; c < k; ++c) {
    const Scaled wc = limbs_value(buf.data() + s.weight_at(k, c), 1, s.w);
    if (wc.d > 0) {
      double sh = 0;
      for (Index j = 0; j < d; ++j) {
        const Scaled sc = limbs_value(buf.data() + s.sum_at(c, j), 1, s.x[static_cast<std::size_t>(j)]);
        const Scalar m = static_cast<Scalar>(std::ldexp(sc.d / wc.d, sc.e - wc.e));
        const double t = static_cast<double>(m) - static_cast<double>(C(j, c));
        sh += t * t;
        C(j, c) = m;
      }
      shifts[c] = sh;
    } else {
      shifts[c] = 0;
    }
  }
}

/// The order-independent mean update with update::Mean's empty-cluster repair, over the processes of
/// `comm` (detail/local_comm.hpp). `offset` is the global index of the first local point. If
/// `piggyback` is given, its local value is summed over processes in the same reduction.
/// Returns the number of points moved by the repair (the same on every process).
/// `sums`, when given (one process only), holds on entry the sums (layout SumWindows) of the points
/// under `labels`, so they are not recomputed; on exit, those of the
/// returned labels (update::ReproducibleMean::State keeps them up to date incrementally). Otherwise the
/// update works in a buffer of its own, filled from the points. X: dense or sparse points (a sparse
/// point adds its stored coordinates only: the same integers).
template <class XT, class Scalar, int Dim, class Comm>
Index reproducible_mean_update(const XT& X, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C,
                               Shifts& shifts, const SumWindows& s, const Comm& comm, long long offset = 0,
                               long long* piggyback = nullptr, std::vector<i128>* sums = nullptr) {
  std::vector<i128> own;
  std::vector<i128>& buf = sums ? *sums : own;
  reduce_fixed_sums(X, w, labels, C.cols(), s, comm, piggyback, sums != nullptr, buf);
  const Index moved = repair_fixed_sums(X, w, labels, C, s, comm, offset, buf);
  centres_from_fixed_sums(buf, s, C, shifts);
  return moved;
}

}  // namespace detail

namespace update {

struct ReproducibleMean {
  /// X: dense (PointsRef) or sparse (SparsePointsRef) points.
  template <class XT, class Scalar, int Dim>
  Index operator()(const XT& Xin, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C,
                   Shifts& shifts) const {
    const auto& X = detail::as_points<Scalar, Dim>(Xin);
    const detail::LocalComm comm;
    const detail::SumWindows s = detail::sum_windows(X, w, comm);
    return detail::reproducible_mean_update(X, w, labels, C, shifts, s, comm);
  }

  /// Per-run state: the same result as operator(), computed incrementally.
  template <class Scalar, int Dim>
  class State {
   public:
    template <class XT>
    State(const XT& X, const WeightsRef<Scalar>& w)
        : s_(detail::sum_windows(detail::as_points<Scalar, Dim>(X), w, detail::LocalComm{})) {}

    template <class XT>
    Index operator()(const XT& Xin, const WeightsRef<Scalar>& w, Labels& labels, Centres<Scalar, Dim>& C,
                     Shifts& shifts) {
      const auto& X = detail::as_points<Scalar, Dim>(Xin);
      const Index n = X.cols(), k = C.cols();
      const std::size_t len = static_cast<std::size_t>(s_.size(k)) + 1;
      if (prev_.size() != n || sums_.size() != len) {
        prev_.resize(0);  // copied in full below
        changed_ = 0;
        sums_.assign(len, detail::i128(0));
        detail::accumulate_fixed(X, w, labels, k, s_, sums_);
      } else {
        const Index changed = changed_ = list_changes(labels);
        if (changed > n / 4) {  // cheaper to re-add everything; same integers
          detail::accumulate_fixed(X, w, labels, k, s_, sums_);
        } else if (changed > 0) {
          detail::move_fixed(
              X, w, changed, k, s_,
              [&](Index p) {
                const Index i = moved_[static_cast<std::size_t>(p)];
                return detail::FixedMove{i, prev_[i], labels[i]};
              },
              sums_.data());
        }
      }
      const Index moved =
          detail::reproducible_mean_update(X, w, labels, C, shifts, s_, detail::LocalComm{}, 0, nullptr, &sums_);
      // The sums now belong to these labels (after any repair): without a repair, only the labels
      // in moved_ differ from prev_.
      if (moved > 0 || prev_.size() != n) {
        prev_ = labels;
      } else {
        for (Index p = 0; p < changed_; ++p) {
          const Index i = moved_[static_cast<std::size_t>(p)];
          prev_[i] = labels[i];
        }
      }
      return moved;
    }

   private:
    /// The first entries of moved_ become the points whose label differs from prev_ (branch-free:
    /// labels change at random places, which a branch per point would mispredict); returns their count.
    Index list_changes(const Labels& labels) {
      const Index n = labels.size();
      moved_.resize(static_cast<std::size_t>(n));
      const int* now = labels.data();
      const int* before = prev_.data();
      Index* out = moved_.data();
      Index m = 0;
      for (Index i = 0; i < n; ++i) {
        out[m] = i;
        m += (now[i] != before[i]);
      }
      return m;
    }

    detail::SumWindows s_;
    std::vector<detail::i128> sums_;
    Labels prev_;
    std::vector<Index> moved_;  // scratch: the points whose label changed (the first changed_)
    Index changed_ = 0;
  };
};

/// The former name (1.0), kept for one minor version: "exact" now means only "brute force's labels".
using ExactMean [[deprecated("use update::ReproducibleMean")]] = ReproducibleMean;

}  // namespace update
}  // namespace lloyd
