#pragma once
// assignment::BruteForce — every point against every centre, exact. The reference all faster
// assignment policies are tested against: the label of a point is the centre with the smallest
// squared distance computed in double (detail::sqdist), ties going to the lowest centre index.
//
// Assignment policy contract (see docs/ARCHITECTURE.md):
//   struct Policy {
//     static constexpr const char* name;         // one word: the --algorithm name, bench's name
//     static constexpr const char* description;  // one line for --help
//     template <class Scalar, int Dim> class State {
//      public:
//       // First full pass: writes the label of every point (labels has size N). The policy object
//       // carries its settings (e.g. Yinyang's number of groups) into the run; a policy without
//       // settings may take (X, C, labels) only.
//       State(const Policy& policy, const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C,
//             Labels& labels);
//       // After the centres moved: relabel, return how many labels changed. Bounds-based policies
//       // keep per-point state between calls and measure the centres' moves themselves (they keep
//       // the previous centres), so the update policy owes them nothing.
//       Index step(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels);
//     };
//   };
//   A State is built once per run (and again after an empty-cluster repair moved labels) through
//   detail::make_assignment_state (detail/contracts.hpp), which also accepts the older step form
//   `step(X, C, const Shifts& shifts, Labels& labels)` (shifts: the update's squared per-centre
//   shifts). The built-in States keep that form too, for direct callers. name and description are
//   needed only to be listed in assignment/registry.hpp. Results must not depend on the number of
//   OpenMP threads.
#include <memory>

#include "../detail/distance.hpp"
#include "../detail/low_dim_nearest.hpp"
#include "../detail/parallel.hpp"
#include "../detail/sparse_points.hpp"
#include "../types.hpp"
#include "gemm.hpp"

namespace lloyd {
namespace assignment {

struct BruteForce {
  static constexpr const char* name = "brute";
  static constexpr const char* description = "exact brute force: every point against every centre";

  template <class Scalar, int Dim>
  class State {
   public:
    /// X: dense (PointsRef) or sparse (SparsePointsRef) points. On sparse points every distance
    /// would cost O(D), so brute force computes them as Gemm does — sparse–dense products, near-ties
    /// re-checked with the reference — which gives the same labels.
    template <class XT>
    State(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      if constexpr (detail::is_sparse_points<XT>::value) {
        products_ = std::make_shared<typename Gemm::template State<Scalar, Dim>>(X, C, labels);
      } else {
        labels.resize(X.cols());
        assign(X, C, labels);
      }
    }

    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      if constexpr (detail::is_sparse_points<XT>::value) return products_->step(X, C, labels);
      else return assign(X, C, labels);
    }
    /// The step with the update's shifts (ignored), for callers of the older contract form.
    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return step(X, C, labels);
    }

   private:
    static Index assign(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      if (detail::LowDimNearest<Scalar>::applies(X.rows())) return assign_low_dim(X, C, labels);
      return detail::chunked_count(
          X.cols(),
          [&](Index b, Index e) {
            Index changed = 0;
            for (Index i = b; i < e; ++i) {
              const int l = detail::nearest(X.col(i).data(), C);
              changed += (l != labels[i]);
              labels[i] = l;
            }
            return changed;
          },
          detail::kChunk, static_cast<double>(X.rows()) * static_cast<double>(C.cols()));
    }

    /// D ≤ 8: the same distances, bit for bit, by a kernel vectorised over the centres.
    static Index assign_low_dim(const PointsRef<Scalar, Dim>& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      const detail::LowDimNearest<Scalar> nearest(C);
      return detail::chunked_count(
          X.cols(),
          [&](Index b, Index e) {
            int l[detail::kChunk];
            nearest.nearest(X.col(b).data(), X.colStride(), e - b, l);  // not outerStride: D = 1 is row-major
            Index changed = 0;
            for (Index i = b; i < e; ++i) {
              changed += (l[i - b] != labels[i]);
              labels[i] = l[i - b];
            }
            return changed;
          },
          detail::kChunk, static_cast<double>(X.rows()) * static_cast<double>(C.cols()));
    }

    std::shared_ptr<typename Gemm::template State<Scalar, Dim>> products_;  // sparse points only
  };
};

}  // namespace assignment
}  // namespace lloyd
