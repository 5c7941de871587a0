#pragma once
// lloyd::SphericalKMeans — spherical (cosine) k-means (Dhillon & Modha 2001): points and centres on
// the unit sphere, each point assigned to the centre of largest cosine, each centre the normalised
// weighted mean of its points, objective Σ w (1 − cos).
//
// It is KMeans on the normalised points: for unit vectors ‖x − c‖² = 2 (1 − cos(x, c)), so the
// nearest centre is the one of largest cosine and every exact assignment policy (Auto, BruteForce,
// Gemm, Hamerly, Elkan, Yinyang) applies unchanged, and k-means++ on the unit vectors is k-means++ on
// the cosine distance. The policies that differ are the defaults:
//
//   Seeding     seeding::KMeansPlusPlus (any seeding policy works; its centres are scaled to unit norm)
//   Update      update::SphericalMean   (ReproducibleMean's sums, then unit norm; a zero mean keeps
//                                        the previous centre)
//   Inertia     inertia::Cosine         (Σ w (1 − cos))
//
// fit copies X with every column scaled to unit norm (detail::unit_columns): one more D×N matrix of
// Scalar while the fit runs (as much memory as X), released when it returns. A zero column throws
// lloyd::error naming the point, whatever its weight. Options::tol is relative to the mean
// per-feature variance of the unit vectors. The fitted centres have unit norm; Result::inertia and
// fit_inertia() are Σ w (1 − cos).
//
// predict, transform, inertia and score take points of any nonzero norm and normalise them the way
// fit does (a copy of Y; zero columns throw), so predict(X) gives the labels of the fit. Centres
// loaded from another estimator's model file that are not of unit norm are used by direction.
//   predict(Y)    label of the largest cosine (ties → lowest index)
//   transform(Y)  K×N cosine distances 1 − cos(y, c), in [0, 2] (scikit-learn's transform gives
//                 Euclidean distances; here ‖ŷ − c‖ = sqrt(2 · transform))
//   inertia(Y)    Σ (1 − cos) to the predicted centres;  score(Y) = −inertia(Y)
//
//   lloyd::Options opt;  opt.k = 10;
//   lloyd::SphericalKMeans<float> skm(opt);
//   auto r = skm.fit(X);                 // r.centroids: unit columns; r.inertia = Σ (1 − cos)
#include <cmath>
#include <string>
#include <utility>

#include "assignment/auto.hpp"
#include "detail/contracts.hpp"
#include "detail/cosine.hpp"
#include "detail/validation.hpp"
#include "error.hpp"
#include "estimator.hpp"
#include "inertia/cosine.hpp"
#include "kmeans.hpp"
#include "options.hpp"
#include "refine/random_swap.hpp"
#include "result.hpp"
#include "seeding/kmeans_plus_plus.hpp"
#include "types.hpp"
#include "update/spherical_mean.hpp"

namespace lloyd {
namespace detail {

/// A seeding policy whose centres are scaled to unit norm (a zero centre throws).
template <class Seeding>
struct UnitSeeding {
  static constexpr bool deterministic = is_deterministic_seeding<Seeding>::value;
  Seeding inner;

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    Centres<Scalar, Dim> C = inner(X, w, k, rng);
    normalise(C);
    return C;
  }

  /// Sparse points, when the inner seeding accepts them.
  template <class Scalar, class S = Seeding,
            class = std::enable_if_t<is_sparse_seeding<S, Scalar, Eigen::Dynamic>::value>>
  Centres<Scalar> operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>& w, int k, Rng& rng) const {
    Centres<Scalar> C = inner(X, w, k, rng);
    normalise(C);
    return C;
  }

  template <class Scalar, int Dim>
  static void normalise(Centres<Scalar, Dim>& C) {
    for (Index c = 0; c < C.cols(); ++c)
      if (!unit_vector(C.col(c).data(), C.rows(), C.col(c).data()))
        throw error("SphericalKMeans: initial centre " + std::to_string(c) +
                    " is the zero vector; the centres need a direction");
  }
};

}  // namespace detail

template <class Scalar, int Dim = Eigen::Dynamic, class Seeding = seeding::KMeansPlusPlus,
          class Assignment = assignment::Auto, class Update = update::SphericalMean, class Inertia = inertia::Cosine,
          class Refine = refine::None>
class SphericalKMeans : public Estimator<SphericalKMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>,
                                         Scalar, Dim, Inertia> {
  using Base = Estimator<SphericalKMeans, Scalar, Dim, Inertia>;
  friend Base;

 public:
  static constexpr const char* kName = "SphericalKMeans";
  /// fit, predict, transform, inertia and score accept sparse points (estimator.hpp).
  static constexpr bool kSparseInput = true;
  using typename Base::centres_type;
  using typename Base::result_type;
  /// The KMeans that runs on the normalised points.
  using kmeans_type = KMeans<Scalar, Dim, detail::UnitSeeding<Seeding>, Assignment, Update, Inertia, Refine>;
  using Callback = typename kmeans_type::Callback;

  explicit SphericalKMeans(Options options = Options{}, Seeding seeding = Seeding{},
                           Assignment assignment = Assignment{}, Update update = Update{}, Inertia inertia = Inertia{},
                           Refine refine = Refine{})
      : Base(inertia),
        kmeans_(options, detail::UnitSeeding<Seeding>{std::move(seeding)}, std::move(assignment), std::move(update),
                inertia, std::move(refine)) {}

  Options& options() { return kmeans_.options(); }
  const Options& options() const { return kmeans_.options(); }
  Seeding& seeding() { return kmeans_.seeding().inner; }
  const Seeding& seeding() const { return kmeans_.seeding().inner; }
  Refine& refine() { return kmeans_.refine(); }
  const Refine& refine() const { return kmeans_.refine(); }

  /// Per-iteration callback (centres and labels of the normalised points; inertia Σ w (1 − cos)).
  void set_callback(Callback cb) { kmeans_.set_callback(std::move(cb)); }

  /// Label of each column of Y: the fitted centre of largest cosine (ties → lowest index).
  template <class DerivedY>
  Labels predict(const Eigen::MatrixBase<DerivedY>& Y) const {
    const Points<Scalar, Dim> U = unit_query(Y, "predict");  // checks first (fitted, type, values)
    return Base::nearest_labels(U, unit_centres());
  }

  /// K×N matrix of cosine distances 1 − cos(y, c) from each fitted centre to each column of Y.
  template <class DerivedY>
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> transform(const Eigen::MatrixBase<DerivedY>& Y) const {
    const Points<Scalar, Dim> U = unit_query(Y, "transform");
    const centres_type C = unit_centres();
    const Index k = C.cols(), d = U.rows();
    const Eigen::VectorXd cn = detail::centre_norms(C);
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> D(k, U.cols());
    detail::for_each_chunk(
        U.cols(),
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i)
            for (Index c = 0; c < k; ++c)
              D(c, i) = static_cast<Scalar>(detail::cosine_distance(U.col(i).data(), C.col(c).data(), d, cn[c]));
        },
        detail::kChunk, static_cast<double>(d) * static_cast<double>(k));
    return D;
  }

  /// Σ (1 − cos) of the columns of Y to their predicted centres (double accumulator).
  template <class DerivedY>
  double inertia(const Eigen::MatrixBase<DerivedY>& Y) const {
    const Points<Scalar, Dim> U = unit_query(Y, "inertia");
    const centres_type C = unit_centres();
    const Weights<Scalar> ones = Weights<Scalar>::Ones(U.cols());
    return this->inertia_(PointsRef<Scalar, Dim>(U), WeightsRef<Scalar>(ones), C, Base::nearest_labels(U, C));
  }

  /// scikit-learn's score: −inertia(Y) (higher is better).
  template <class DerivedY>
  double score(const Eigen::MatrixBase<DerivedY>& Y) const {
    return -inertia(Y);
  }

  // Sparse Y (a D×N sparse matrix, points as columns): the same, on a sparse unit copy of Y.
  template <class DerivedY>
  Labels predict(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    const SparsePoints<Scalar> U = unit_sparse_query(Y, "predict");
    return Base::nearest_labels(SparsePointsRef<Scalar>(U), unit_centres());
  }
  template <class DerivedY>
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> transform(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    const SparsePoints<Scalar> U = unit_sparse_query(Y, "transform");
    const SparsePointsRef<Scalar> Ur(U);
    const centres_type C = unit_centres();
    const Eigen::VectorXd cn = detail::centre_norms(C);
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> D(C.cols(), U.cols());
    detail::for_each_chunk(
        U.cols(),
        [&](Index b, Index e) {
          for (Index i = b; i < e; ++i)
            for (Index c = 0; c < C.cols(); ++c)
              D(c, i) =
                  static_cast<Scalar>(detail::cosine_distance(detail::point(Ur, i), C.col(c).data(), U.rows(), cn[c]));
        },
        detail::kChunk, static_cast<double>(C.cols()) * 16.0);
    return D;
  }
  template <class DerivedY>
  double inertia(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    const SparsePoints<Scalar> U = unit_sparse_query(Y, "inertia");
    const SparsePointsRef<Scalar> Ur(U);
    const centres_type C = unit_centres();
    const Weights<Scalar> ones = Weights<Scalar>::Ones(U.cols());
    return this->inertia_(Ur, WeightsRef<Scalar>(ones), C, Base::nearest_labels(Ur, C));
  }
  template <class DerivedY>
  double score(const Eigen::SparseMatrixBase<DerivedY>& Y) const {
    return -inertia(Y);
  }

 private:
  // Out of line, like KMeans::fit_impl (`extern template` can suppress it).
  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w);

  // Sparse X: the KMeans fit of a sparse unit copy (a member template, as KMeans::fit_sparse).
  template <class XT>
  result_type fit_sparse(const XT& X, const WeightsRef<Scalar>& w) {
    detail::validate_options(kmeans_.options());
    detail::validate_points(X, "X");
    const SparsePoints<Scalar> U = detail::unit_columns(X, "X", kName);
    return kmeans_.fit(U, w);
  }

  /// Sparse Y checked (fitted, type, dimension, finite values), as a sparse copy with unit columns.
  template <class DerivedY>
  SparsePoints<Scalar> unit_sparse_query(const Eigen::SparseMatrixBase<DerivedY>& Y, const char* what) const {
    if (!this->fitted()) throw error(std::string(what) + "() called before fit()");
    Base::template check_sparse_type<DerivedY>();
    return Base::with_sparse(Y, [&](const SparsePointsRef<Scalar>& Yr) {
      if (Yr.rows() != this->centroids().rows())
        throw error("Y has dimension " + std::to_string(Yr.rows()) + " (rows) but the model was fitted on dimension " +
                    std::to_string(this->centroids().rows()));
      if (Yr.cols() == 0) return SparsePoints<Scalar>(Yr.rows(), 0);
      detail::validate_points(Yr, "Y");
      return detail::unit_columns(Yr, "Y", kName);
    });
  }

  /// Y checked (fitted, type, dimension, finite values) and its columns scaled to unit norm.
  template <class DerivedY>
  Points<Scalar, Dim> unit_query(const Eigen::MatrixBase<DerivedY>& Y, const char* what) const {
    if (!this->fitted()) throw error(std::string(what) + "() called before fit()");
    Base::check_points_type(Y, "Y");
    const PointsRef<Scalar, Dim> Yr(Y.derived());
    if (Yr.rows() != this->centroids().rows())
      throw error("Y has dimension " + std::to_string(Yr.rows()) + " (rows) but the model was fitted on dimension " +
                  std::to_string(this->centroids().rows()));
    if (Yr.cols() == 0) return Points<Scalar, Dim>(Yr.rows(), 0);
    detail::validate_points(Yr, "Y");
    return detail::unit_columns(Yr, "Y", kName);
  }

  /// The fitted centres; when one is not of unit norm (a model file written by another estimator),
  /// their unit vectors, so that predict still gives the largest cosine.
  centres_type unit_centres() const {
    centres_type C = this->centroids();
    bool unit = true;
    for (Index c = 0; c < C.cols(); ++c)
      unit = unit && std::fabs(detail::sqnorm(C.col(c).data(), C.rows()) - 1) <= 1e-5;
    if (unit) return C;
    for (Index c = 0; c < C.cols(); ++c)
      if (!detail::unit_vector(C.col(c).data(), C.rows(), C.col(c).data()))
        throw error(std::string(kName) + ": centre " + std::to_string(c) + " is the zero vector");
    return C;
  }

  kmeans_type kmeans_;
};

template <class Scalar, int Dim, class Seeding, class Assignment, class Update, class Inertia, class Refine>
auto SphericalKMeans<Scalar, Dim, Seeding, Assignment, Update, Inertia, Refine>::fit_impl(
    const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) -> result_type {
  detail::validate_options(kmeans_.options());
  detail::validate_points(X, "X");  // finite (and not empty) before normalising
  const Points<Scalar, Dim> U = detail::unit_columns(X, "X", kName);
  return kmeans_.fit(U, w);  // validates w and k against the distinct directions
}

}  // namespace lloyd
