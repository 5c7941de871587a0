#pragma once
// assignment::Gemm — exact nearest centre through chunked matrix products.
//
// For each chunk of `chunk` points, G = Cᵀ·X_chunk (K×chunk, Eigen's matrix product in Scalar) gives
// a(c) = ‖c‖² − 2x·c; the argmin is fused per chunk, so no N×K matrix is ever allocated. The labels
// are EXACTLY those of assignment::BruteForce (argmin of detail::sqdist in double, ties → lowest
// index): a rigorous bound on the rounding of a(c) (detail/exact_nearest.hpp) selects every centre
// that could be the reference minimum, and when there are several, detail::sqdist decides.
// Points are chunked with fixed boundaries; labels are exact, so the result does not depend on the
// thread count (nor on the chunk size).
//
// Fastest for moderate to large K·D; for tiny D (≤ 4) BruteForce is as fast. State memory: 1 double
// per point (‖x‖²) plus K×chunk per thread.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include <vector>

#include "../detail/exact_nearest.hpp"
#include "../detail/parallel.hpp"
#include "../types.hpp"

namespace lloyd {
namespace assignment {

struct Gemm {
  static constexpr const char* name = "gemm";
  static constexpr const char* description = "chunked matrix products, near-ties re-checked exactly";
  /// Points per matrix product (tuned on Fashion-MNIST, see docs/BENCHMARKS.md).
  static constexpr Index kDefaultChunk = 256;

  template <class Scalar, int Dim>
  class State {
   public:
    /// X: dense (PointsRef) or sparse (SparsePointsRef, detail/sparse_points.hpp) points.
    template <class XT>
    State(const XT& Xin, const Centres<Scalar, Dim>& C, Labels& labels)
        : em_(Xin.rows()), xn2_(static_cast<std::size_t>(Xin.cols())) {
      const auto& X = detail::as_points<Scalar, Dim>(Xin);
      detail::for_each_chunk(
          X.cols(), [&](Index b, Index e) { detail::point_norms(X, b, e, xn2_.data() + b); }, detail::kChunk,
          static_cast<double>(X.rows()));
      labels.resize(X.cols());
      labels.setConstant(-1);
      assign(X, C, labels);
    }

    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      return assign(detail::as_points<Scalar, Dim>(X), C, labels);
    }
    /// The step with the update's shifts (ignored), for callers of the older contract form.
    template <class XT>
    Index step(const XT& X, const Centres<Scalar, Dim>& C, const Shifts&, Labels& labels) {
      return assign(detail::as_points<Scalar, Dim>(X), C, labels);
    }

    /// Number of sqdist re-checks in the last pass (near ties); for statistics and tests.
    Index rechecks() const { return rechecks_; }

   private:
    template <class XT>
    Index assign(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
      cn_.compute(C, em_);
      const Index k = C.cols();
      const auto Ct = detail::centres_by_coordinate<XT>(C);  // sparse points only
      Index rechecks = 0;
      const Index changed = detail::chunked_count(
          X.cols(),
          [&](Index b, Index e) {
            Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> G(k, e - b);
            if constexpr (detail::is_sparse_points<XT>::value) {
              for (Index i = b; i < e; ++i) detail::dot_rows(Ct, 0, k, detail::point(X, i), G.col(i - b).data());
            } else {
              G.noalias() = C.transpose() * X.middleCols(b, e - b);
            }
            std::vector<int> cand(static_cast<std::size_t>(k));
            Index ch = 0, rc = 0;
            for (Index i = b; i < e; ++i) {
              const Index j = i - b;
              Scalar* a = G.col(j).data();
              for (Index c = 0; c < k; ++c) a[c] = cn_.sq[c] - Scalar(2) * a[c];
              const detail::Resolved r = detail::resolve_label(
                  a, k, detail::point(X, i), xn2_[static_cast<std::size_t>(i)], C, cn_, em_, cand.data());
              ch += (r.label != labels[i]);
              labels[i] = r.label;
              rc += r.rechecks > 0;
            }
#ifdef _OPENMP
#pragma omp atomic
#endif
            rechecks += rc;
            return ch;
          },
          kDefaultChunk, static_cast<double>(X.rows()) * static_cast<double>(k));
      rechecks_ = rechecks;
      return changed;
    }

    detail::ErrorModel<Scalar> em_;
    std::vector<double> xn2_;
    detail::CentreNorms<Scalar> cn_;
    Index rechecks_ = 0;
  };
};

}  // namespace assignment
}  // namespace lloyd
