#pragma once
// Vocabulary types shared by every lloyd header.
//
// Points are the COLUMNS of a column-major D×N matrix (the Eigen and mlpack convention: each point
// is contiguous in memory). A row-major N×D buffer — a CSV table or a C-ordered numpy array — is the
// same memory, so `lloyd::map_rows` views it as D×N without copying.
#include <Eigen/Core>
#include <cstdint>
#include <type_traits>

namespace lloyd {

using Index = Eigen::Index;

/// D×N points (or D×K centres), column-major, one point per column.
template <class Scalar, int Dim = Eigen::Dynamic>
using Points = Eigen::Matrix<Scalar, Dim, Eigen::Dynamic>;

/// D×K centres, one centre per column.
template <class Scalar, int Dim = Eigen::Dynamic>
using Centres = Eigen::Matrix<Scalar, Dim, Eigen::Dynamic>;

/// A read-only view of points: any column-major D×N storage with contiguous columns, no copy.
template <class Scalar, int Dim = Eigen::Dynamic>
using PointsRef = Eigen::Ref<const Points<Scalar, Dim>>;

/// Per-point weights (length N). Every policy receives them materialised (all ones when the user
/// gave none).
template <class Scalar>
using Weights = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

template <class Scalar>
using WeightsRef = Eigen::Ref<const Weights<Scalar>>;

/// Cluster index of each point, in [0, k).
using Labels = Eigen::Matrix<int, Eigen::Dynamic, 1>;

/// Per-centre squared Euclidean shift ‖c_new − c_old‖² of the last update (length K).
using Shifts = Eigen::Matrix<double, Eigen::Dynamic, 1>;

/// Zero-copy view of a row-major N×D buffer (CSV rows, numpy C order) as D×N points.
/// The buffer must outlive the view. For a compile-time Dim, `d` must equal Dim.
template <class Scalar, int Dim = Eigen::Dynamic>
Eigen::Map<const Points<Scalar, Dim>> map_rows(const Scalar* data, Index n, Index d = Dim) {
  static_assert(std::is_floating_point<Scalar>::value, "lloyd::map_rows: Scalar must be float or double");
  return Eigen::Map<const Points<Scalar, Dim>>(data, d, n);
}

/// Mutable version of map_rows.
template <class Scalar, int Dim = Eigen::Dynamic>
Eigen::Map<Points<Scalar, Dim>> map_rows(Scalar* data, Index n, Index d = Dim) {
  static_assert(std::is_floating_point<Scalar>::value, "lloyd::map_rows: Scalar must be float or double");
  return Eigen::Map<Points<Scalar, Dim>>(data, d, n);
}

}  // namespace lloyd
