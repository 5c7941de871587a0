#pragma once
// lloyd::Estimator — the skeleton every estimator shares (KMeans, MiniBatchKMeans, MpiKMeans):
// fit(X) and fit(X, w) with their type checks, the fitted centres, predict, transform, inertia and
// score. An estimator derives from Estimator<itself, Scalar, Dim, Inertia> (CRTP), names itself in
// `static constexpr const char* kName`, and provides
//
//   result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w);
//
// which validates what is specific to it (its options, k) and fits; the skeleton keeps the result's
// centres for predict/transform/score. Input checks shared by every fit are detail::validate_data.
// The fitted state (centres, inertia, n_iter) is what lloyd::save writes (io/model.hpp).
#include <string>
#include <type_traits>
#include <utility>

#include "assignment/gemm.hpp"
#include "detail/contracts.hpp"
#include "detail/distance.hpp"
#include "detail/parallel.hpp"
#include "detail/sparse_points.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "inertia/squared_euclidean.hpp"
#include "result.hpp"
#include "types.hpp"

namespace lloyd {
namespace detail {
/// Restores a fitted state read from a model file (io/model.hpp); the one way in besides fit.
struct ModelAccess;

/// An estimator whose fit is collective (MPI) declares `static constexpr bool kCollective = true`: its
/// fit_impl checks the input on every rank together, so that a bad shard makes every rank throw.
template <class E, class = void>
struct is_collective : std::false_type {};
template <class E>
struct is_collective<E, void_t<decltype(E::kCollective)>> : std::integral_constant<bool, E::kCollective> {};

/// An estimator whose fit accepts sparse points declares `static constexpr bool kSparseInput = true`
/// and provides `result_type fit_sparse(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w)`.
template <class E, class = void>
struct accepts_sparse : std::false_type {};
template <class E>
struct accepts_sparse<E, void_t<decltype(E::kSparseInput)>> : std::integral_constant<bool, E::kSparseInput> {};
}  // namespace detail

template <class Derived, class Scalar, int Dim, class Inertia = inertia::SquaredEuclidean>
class Estimator {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd: an estimator's Scalar must be float or double");
  static_assert(Dim == Eigen::Dynamic || Dim > 0, "lloyd: an estimator's Dim must be positive or Eigen::Dynamic");

 public:
  using scalar_type = Scalar;
  static constexpr int dim = Dim;
  using result_type = Result<Scalar, Dim>;
  using centres_type = Centres<Scalar, Dim>;

  /// Fit to the columns of X (D×N). X is read, never copied when it is column-major storage with
  /// contiguous columns (a Matrix, a Map, a block of columns); other expressions are evaluated once.
  template <class DerivedX>
  result_type fit(const Eigen::MatrixBase<DerivedX>& X) {
    check_fit_points_type(X);
    const PointsRef<Scalar, Dim> Xr(X.derived());
    const Weights<Scalar> w = Weights<Scalar>::Ones(Xr.cols());
    return keep(self().fit_impl(Xr, w));
  }

  /// Fit with per-point weights w (length N, finite, ≥ 0, not all zero).
  template <class DerivedX, class DerivedW>
  result_type fit(const Eigen::MatrixBase<DerivedX>& X, const Eigen::MatrixBase<DerivedW>& w) {
    check_fit_points_type(X);
    static_assert(std::is_same<typename DerivedW::Scalar, Scalar>::value,
                  "lloyd: fit(X, w): the weights must have the same Scalar type as the points");
    const PointsRef<Scalar, Dim> Xr(X.derived());
    return keep(self().fit_impl(Xr, detail::to_weights(w)));
  }

  bool fitted() const { return centroids_.cols() > 0; }

  /// Inertia of the last fit on its data (a partial_fit: of its batch), or of the loaded model.
  double fit_inertia() const {
    require_fitted("fit_inertia");
    return fit_inertia_;
  }

  /// Iterations of the last fit (a partial_fit: steps so far), or of the loaded model.
  int fit_n_iter() const {
    require_fitted("fit_n_iter");
    return fit_n_iter_;
  }

  /// The centres of the last fit (D×K).
  const centres_type& centroids() const {
    require_fitted("centroids");
    return centroids_;
  }

  /// Label of each column of Y against the fitted centres (nearest centre, ties → lowest index).
  template <class DerivedY>
  Labels predict(const Eigen::MatrixBase<DerivedY>& Y) const {
    check_query_type(Y, "predict");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    check_query(Yr);
    return nearest_labels(Yr, centroids_);
  }

  /// K×N matrix of squared distances from each fitted centre to each column of Y.
  template <class DerivedY>
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> transform(const Eigen::MatrixBase<DerivedY>& Y) const {
    check_query_type(Y, "transform");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    check_query(Yr);
    const Index k = centroids_.cols(), d = Yr.rows();
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> D(k, Yr.cols());
    detail::for_each_chunk(
        Yr.cols(),
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i)
            for (Index c = 0; c < k; ++c)
              D(c, i) = static_cast<Scalar>(detail::sqdist(Yr.col(i).data(), centroids_.col(c).data(), d));
        },
        detail::kChunk, static_cast<double>(d) * static_cast<double>(k));
    return D;
  }

  /// Inertia of Y against the fitted centres: Σ ‖y − nearest centre‖² (double accumulator).
  template <class DerivedY>
  double inertia(const Eigen::MatrixBase<DerivedY>& Y) const {
    const Labels l = predict(Y);
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    const Weights<Scalar> ones = Weights<Scalar>::Ones(Yr.cols());
    return inertia_(Yr, WeightsRef<Scalar>(ones), centroids_, l);
  }

  /// scikit-learn's score: the negative inertia of Y (higher is better).
  template <class DerivedY>
  double score(const Eigen::MatrixBase<DerivedY>& Y) const {
    return -inertia(Y);
  }

  // ---- sparse points: a D×N sparse matrix, points as columns (detail/sparse_points.hpp). A
  // compressed column-major SparseMatrix<Scalar, ColMajor, Index> (or a Map of one) is read in place;
  // any other sparse expression is converted once. Centres stay dense. ---------------------------

  /// Fit to the columns of sparse X (D×N). The same fit as on the same points stored densely.
  template <class DerivedX>
  result_type fit(const Eigen::SparseMatrixBase<DerivedX>& X) {
    check_sparse_type<DerivedX>();
    return with_sparse(X, [&](const SparsePointsRef<Scalar>& Xr) {
      const Weights<Scalar> w = Weights<Scalar>::Ones(Xr.cols());
      return keep(self().fit_sparse(Xr, WeightsRef<Scalar>(w)));
    });
  }

  /// Fit sparse X with per-point weights w (length N, finite, ≥ 0, not all zero).
  template <class DerivedX, class DerivedW>
  result_type fit(const Eigen::SparseMatrixBase<DerivedX>& X, const Eigen::MatrixBase<DerivedW>& w) {
    check_sparse_type<DerivedX>();
    static_assert(std::is_same<typename DerivedW::Scalar, Scalar>::value,
                  "lloyd: fit(X, w): the weights must have the same Scalar type as the points");
    const Weights<Scalar> wv = detail::to_weights(w);
    return with_sparse(
        X, [&](const SparsePointsRef<Scalar>& Xr) { return keep(self().fit_sparse(Xr, WeightsRef<Scalar>(wv))); });
  }

  /// Labels of the columns of sparse Y (exact: the nearest centre by detail::sqdist, ties → lowest
  /// index, found through sparse–dense products as assignment::Gemm does).
  template <class DerivedY>
  Labels predict(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    require_fitted("predict");
    check_sparse_type<DerivedY>();
    return with_sparse(Y, [&](const SparsePointsRef<Scalar>& Yr) {
      check_sparse_query(Yr);
      return nearest_labels(Yr, centroids_);
    });
  }

  /// K×N squared distances from each fitted centre to each column of sparse Y (detail::sqdist's values).
  template <class DerivedY>
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> transform(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    require_fitted("transform");
    check_sparse_type<DerivedY>();
    return with_sparse(Y, [&](const SparsePointsRef<Scalar>& Yr) { return sparse_distances(Yr); });
  }

  /// Inertia of sparse Y against the fitted centres.
  template <class DerivedY>
  double inertia(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    require_fitted("inertia");
    check_sparse_type<DerivedY>();
    return with_sparse(Y, [&](const SparsePointsRef<Scalar>& Yr) {
      check_sparse_query(Yr);
      const Labels l = nearest_labels(Yr, centroids_);
      const Weights<Scalar> ones = Weights<Scalar>::Ones(Yr.cols());
      return inertia_(Yr, WeightsRef<Scalar>(ones), centroids_, l);
    });
  }

  template <class DerivedY>
  double score(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    return -inertia(Y);
  }

 protected:
  /// f(view of X): X itself when it is compressed column-major storage with Index indices, else a
  /// converted copy.
  template <class DerivedX, class F>
  static decltype(auto) with_sparse(const Eigen::SparseMatrixBase<DerivedX>& X, F&& f) {
    if constexpr (std::is_same<typename DerivedX::StorageIndex, Index>::value && !DerivedX::IsRowMajor &&
                  (std::is_same<DerivedX, SparsePoints<Scalar>>::value ||
                   std::is_same<DerivedX, Eigen::Map<SparsePoints<Scalar>>>::value ||
                   std::is_same<DerivedX, Eigen::Map<const SparsePoints<Scalar>>>::value)) {
      if (X.derived().isCompressed()) return f(SparsePointsRef<Scalar>(X.derived()));
    }
    SparsePoints<Scalar> copy = X.derived();
    copy.makeCompressed();
    return f(SparsePointsRef<Scalar>(copy));
  }

  /// transform's K×N squared distances for sparse Y.
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> sparse_distances(const SparsePointsRef<Scalar>& Yr) const {
    check_sparse_query(Yr);
    const Index k = centroids_.cols(), d = Yr.rows();
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> D(k, Yr.cols());
    detail::for_each_chunk(
        Yr.cols(),
        [&](Index b, Index e) {
          detail::SparseCentreDistance<Scalar> dist(d);
          for (Index c = 0; c < k; ++c)
            for (Index i = b; i < e; ++i)
              D(c, i) = static_cast<Scalar>(dist(detail::point(Yr, i), centroids_.col(c).data()));
        },
        detail::kChunk, static_cast<double>(d) * static_cast<double>(k));
    return D;
  }

 protected:
  explicit Estimator(Inertia inertia = Inertia{}) : inertia_(std::move(inertia)) {}

  /// The nearest centre of C for each column of X (ties → lowest index); no checks.
  static Labels nearest_labels(const PointsRef<Scalar, Dim>& X, const centres_type& C) {
    Labels labels(X.cols());
    detail::for_each_chunk(
        X.cols(),
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i) labels[i] = detail::nearest(X.col(i).data(), C);
        },
        detail::kChunk, static_cast<double>(X.rows()) * static_cast<double>(C.cols()));
    return labels;
  }

  /// Points must have the estimator's Scalar (compile time) and, for a fixed Dim, Dim rows.
  template <class DerivedX>
  static void check_points_type(const Eigen::MatrixBase<DerivedX>& X, const char* name) {
    static_assert(std::is_same<typename DerivedX::Scalar, Scalar>::value,
                  "lloyd: the points must have the estimator's Scalar type (use .template cast<Scalar>())");
    if (Dim != Eigen::Dynamic && X.rows() != Dim)
      throw error(std::string(name) + " has " + std::to_string(X.rows()) + " rows but " + Derived::kName +
                  "<.., Dim=" + std::to_string(Dim) + "> expects points of dimension " + std::to_string(Dim) +
                  " (points are columns)");
  }

  /// Keeps a result's centres for predict/transform/score, its inertia and n_iter (what fit does
  /// after fit_impl).
  result_type keep(result_type r) {
    centroids_ = r.centroids;
    fit_inertia_ = r.inertia;
    fit_n_iter_ = r.n_iter;
    return r;
  }

  /// A query (predict, transform): the model is fitted, Y has the Scalar and, for a fixed Dim, Dim rows.
  template <class DerivedY>
  void check_query_type(const Eigen::MatrixBase<DerivedY>& Y, const char* what) const {
    require_fitted(what);
    check_points_type(Y, "Y");
  }

  /// The nearest centre of C for each column of sparse X (exact, as assignment::Gemm); no checks.
  static Labels nearest_labels(const SparsePointsRef<Scalar>& X, const centres_type& C) {
    Labels labels;
    typename assignment::Gemm::template State<Scalar, Dim> s(X, C, labels);
    return labels;
  }

  /// Sparse points: the estimator accepts them, they have its Scalar and a dynamic Dim.
  template <class DerivedX>
  static void check_sparse_type() {
    static_assert(detail::accepts_sparse<Derived>::value,
                  "lloyd: this estimator does not accept sparse points (KMeans and SphericalKMeans do)");
    static_assert(std::is_same<typename DerivedX::Scalar, Scalar>::value,
                  "lloyd: the points must have the estimator's Scalar type (use .template cast<Scalar>())");
    static_assert(Dim == Eigen::Dynamic, "lloyd: sparse points need an estimator with Dim = Eigen::Dynamic");
  }

  /// Sparse Y has the fitted dimension and finite values in range.
  void check_sparse_query(const SparsePointsRef<Scalar>& Y) const {
    if (Y.rows() != centroids_.rows())
      throw error("Y has dimension " + std::to_string(Y.rows()) + " (rows) but the model was fitted on dimension " +
                  std::to_string(centroids_.rows()));
    if (Y.cols() > 0) detail::validate_points(Y, "Y");
  }

  /// Y has the fitted dimension and finite values in range.
  void check_query(const PointsRef<Scalar, Dim>& Y) const {
    if (Y.rows() != centroids_.rows())
      throw error("Y has dimension " + std::to_string(Y.rows()) + " (rows) but the model was fitted on dimension " +
                  std::to_string(centroids_.rows()));
    if (Y.cols() > 0) detail::validate_points(Y, "Y");
  }

  Inertia inertia_;

 private:
  friend struct detail::ModelAccess;

  Derived& self() { return static_cast<Derived&>(*this); }

  void require_fitted(const char* what) const {
    if (!fitted()) throw error(std::string(what) + "() called before fit()");
  }

  template <class DerivedX>
  static void check_fit_points_type(const Eigen::MatrixBase<DerivedX>& X) {
    static_assert(std::is_same<typename DerivedX::Scalar, Scalar>::value,
                  "lloyd: the points must have the estimator's Scalar type (use .template cast<Scalar>())");
    if (!detail::is_collective<Derived>::value) check_points_type(X, "X");
  }

  centres_type centroids_;
  double fit_inertia_ = 0;
  int fit_n_iter_ = 0;
};

}  // namespace lloyd
