#pragma once
// Sparse points: the D×N compressed column-major matrix the estimators accept besides dense points
// (lloyd::SparsePointsRef), and the point operations the policies read X through. A policy written
// for both kinds takes its points as a template parameter and reaches a point only through
//
//   point(X, i)                 a handle: `const Scalar*` for dense X, SparseCol for sparse X
//   sqnorm(p, d), sqdist(p, c, d), sqdist(p, q, d)
//                               the reference sums of detail/distance.hpp, BIT-IDENTICAL for a sparse
//                               point and the same point stored densely (see below)
//   col_vector(X, i)            the point as an Eigen vector expression (for products with centres)
//
// Why the sums are identical: detail::sum8 adds term j to partial j mod 8 in increasing j; a zero
// coordinate of both operands adds +0.0, which changes no partial (they start at +0 and the terms
// are squares), so adding only the nonzero terms to the same partials in the same order gives the
// same bits. So labels (argmin of sqdist), the inertia and k-means++'s distances are those of the
// dense path on the same data, at O(nonzeros) cost for two sparse points.
#include <Eigen/SparseCore>
#include <algorithm>
#include <type_traits>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"

namespace lloyd {

/// D×N sparse points, one point per column (the CSR arrays of an N×D row-major matrix, e.g.
/// scipy.sparse.csr_matrix, are this matrix's compressed columns).
template <class Scalar>
using SparsePoints = Eigen::SparseMatrix<Scalar, Eigen::ColMajor, Index>;

/// A read-only view of compressed sparse points: a SparsePoints or a Map of one, not copied; any
/// other sparse expression (another index type, uncompressed storage) is evaluated once.
template <class Scalar>
using SparsePointsRef = Eigen::Ref<const SparsePoints<Scalar>, Eigen::StandardCompressedFormat>;

namespace detail {

/// One sparse point: its nonzero values and their (increasing) coordinates.
template <class Scalar>
struct SparseCol {
  const Scalar* v;
  const Index* j;
  Index nnz;
};

template <class T>
struct is_sparse_points : std::false_type {};
template <class Scalar>
struct is_sparse_points<SparsePointsRef<Scalar>> : std::true_type {};

template <class Derived>
inline const typename Derived::Scalar* point(const Eigen::MatrixBase<Derived>& X, Index i) {
  return X.derived().col(i).data();
}
template <class Scalar>
inline SparseCol<Scalar> point(const SparsePointsRef<Scalar>& X, Index i) {
  const Index b = X.outerIndexPtr()[i], e = X.outerIndexPtr()[i + 1];
  return {X.valuePtr() + b, X.innerIndexPtr() + b, e - b};
}

/// Column i of a compressed SparsePoints (a sparse copy of centres, for instance).
template <class Scalar>
inline SparseCol<Scalar> point(const SparsePoints<Scalar>& X, Index i) {
  const Index b = X.outerIndexPtr()[i], e = X.outerIndexPtr()[i + 1];
  return {X.valuePtr() + b, X.innerIndexPtr() + b, e - b};
}

/// Handles (as detail::point) of the columns of centres C, for distances from points of type XT:
/// C's columns for dense points; for sparse points, those of a sparse copy of C (refresh() after C
/// changed), so that a distance costs O(nonzeros) — centres that are data points (seedings) are
/// sparse.
template <class XT, class Scalar, int Dim>
class CentreHandles {
 public:
  explicit CentreHandles(const Centres<Scalar, Dim>& C) : C_(C) {}
  const Scalar* operator()(Index c) const { return C_.col(c).data(); }
  void refresh() {}

 private:
  const Centres<Scalar, Dim>& C_;
};
template <class Scalar, int Dim>
class CentreHandles<SparsePointsRef<Scalar>, Scalar, Dim> {
 public:
  explicit CentreHandles(const Centres<Scalar, Dim>& C) : C_(C) { refresh(); }
  SparseCol<Scalar> operator()(Index c) const { return point(S_, c); }
  void refresh() {
    S_ = C_.sparseView();
    S_.makeCompressed();
  }

 private:
  const Centres<Scalar, Dim>& C_;
  SparsePoints<Scalar> S_;
};

/// The points as the policies read them: a PointsRef<Scalar, Dim> for any dense argument (a Matrix,
/// a Map, a Ref; the data is not copied), the SparsePointsRef itself for sparse points. The policies'
/// States take any points type and pass this on, so a dense caller's Matrix reaches them as before.
template <class Scalar, int Dim, class XT>
inline decltype(auto) as_points(const XT& X) {
  if constexpr (is_sparse_points<XT>::value) return (X);
  else return PointsRef<Scalar, Dim>(X);
}

/// The point as a vector expression: a Map of the column (dense), the sparse column (sparse).
template <class Derived>
inline auto col_vector(const Eigen::MatrixBase<Derived>& X, Index i) {
  using Vector = Eigen::Matrix<typename Derived::Scalar, Eigen::Dynamic, 1>;
  return Eigen::Map<const Vector>(X.derived().col(i).data(), X.rows());
}
template <class Scalar>
inline auto col_vector(const SparsePointsRef<Scalar>& X, Index i) {
  return X.col(i);
}

/// ‖x‖², the bits of sqnorm of the dense point.
template <class Scalar>
inline double sqnorm(const SparseCol<Scalar>& x, Index) {
  double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (Index t = 0; t < x.nnz; ++t) {
    const double a = static_cast<double>(x.v[t]);
    p[x.j[t] & 7] += a * a;
  }
  return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
}

/// ‖x − c‖² for a dense c, the bits of the dense sqdist: every coordinate is visited (O(D)); the
/// runs of zeros of x between its nonzeros are summed 8 coordinates at a time (vectorised), each
/// term still going to partial j mod 8 in increasing j.
template <class Scalar>
inline double sqdist(const SparseCol<Scalar>& x, const Scalar* c, Index d) {
  double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  Index j = 0;
  for (Index t = 0; t <= x.nnz; ++t) {
    const Index stop = t < x.nnz ? x.j[t] : d;  // coordinates j..stop−1 are zeros of x
    for (; j < stop && (j & 7) != 0; ++j) {
      const double s = 0.0 - static_cast<double>(c[j]);
      p[j & 7] += s * s;
    }
    for (; j + 8 <= stop; j += 8)
      for (int l = 0; l < 8; ++l) {
        const double s = 0.0 - static_cast<double>(c[j + l]);
        p[l] += s * s;
      }
    for (; j < stop; ++j) {
      const double s = 0.0 - static_cast<double>(c[j]);
      p[j & 7] += s * s;
    }
    if (t < x.nnz) {
      const double s = static_cast<double>(x.v[t]) - static_cast<double>(c[j]);
      p[j & 7] += s * s;
      ++j;
    }
  }
  return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
}

/// ‖x − y‖² of two sparse points, the bits of the dense sqdist, in O(nonzeros of x and y).
template <class Scalar>
inline double sqdist(const SparseCol<Scalar>& x, const SparseCol<Scalar>& y, Index) {
  double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  Index a = 0, b = 0;
  while (a < x.nnz || b < y.nnz) {
    const Index ja = a < x.nnz ? x.j[a] : Index(-1), jb = b < y.nnz ? y.j[b] : Index(-1);
    Index j;
    double s;
    if (jb < 0 || (ja >= 0 && ja < jb)) {
      j = ja;
      s = static_cast<double>(x.v[a++]);
    } else if (ja < 0 || jb < ja) {
      j = jb;
      s = 0.0 - static_cast<double>(y.v[b++]);
    } else {
      j = ja;
      s = static_cast<double>(x.v[a++]) - static_cast<double>(y.v[b++]);
    }
    p[j & 7] += s * s;
  }
  return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
}

/// Many ‖x − c‖² against dense centres at O(D) vectorised work each: `buf` (length D, per thread)
/// holds −c in double; the point's coordinates are written in, the squares summed like
/// detail::sqdist (the same bits), and −c restored.
template <class Scalar>
class SparseCentreDistance {
 public:
  explicit SparseCentreDistance(Index d) : buf_(static_cast<std::size_t>(d)), d_(d) {}

  double operator()(const SparseCol<Scalar>& x, const Scalar* c) {
    double* t = buf_.data();
    if (c != last_) {
      for (Index j = 0; j < d_; ++j) t[j] = 0.0 - static_cast<double>(c[j]);
      last_ = c;
    }
    for (Index q = 0; q < x.nnz; ++q) t[x.j[q]] = static_cast<double>(x.v[q]) - static_cast<double>(c[x.j[q]]);
    const double s = sum8(d_, [t](Index j) { return t[j] * t[j]; });
    for (Index q = 0; q < x.nnz; ++q) t[x.j[q]] = 0.0 - static_cast<double>(c[x.j[q]]);
    return s;
  }

 private:
  std::vector<double> buf_;
  Index d_;
  const Scalar* last_ = nullptr;
};

/// Products of sparse points with dense centres read the centres by coordinate: Ct = Cᵀ (K×D,
/// column-major), so that a nonzero x_j meets the K values of coordinate j contiguously (C's row j
/// is K values D apart: a cache miss each). Empty for dense points, whose products use C.
template <class XT, class Scalar, int Dim>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> centres_by_coordinate(const Centres<Scalar, Dim>& C) {
  if constexpr (is_sparse_points<XT>::value) return C.transpose();
  else return Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>();
}

/// out[q] = x · (centre of row r0 + q of Ct), q < m, summed in Scalar over x's nonzeros in order
/// (within the error bound of detail/exact_nearest.hpp: at most D terms, any order).
template <class Scalar>
inline void dot_rows(const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& Ct, Index r0, Index m,
                     const SparseCol<Scalar>& x, Scalar* out) {
  std::fill(out, out + m, Scalar(0));
  for (Index t = 0; t < x.nnz; ++t) {
    const Scalar v = x.v[t];
    const Scalar* c = Ct.data() + x.j[t] * Ct.rows() + r0;
    for (Index q = 0; q < m; ++q) out[q] += v * c[q];
  }
}

/// ‖x‖² in double for points b..e−1 of sparse X (written to out[0..e−b)).
template <class Scalar>
void point_norms(const SparsePointsRef<Scalar>& X, Index b, Index e, double* out) {
  for (Index i = b; i < e; ++i) out[i - b] = sqnorm(point(X, i), X.rows());
}

/// Calls f(j, x_j) for the coordinates of point i that may be nonzero: all of them (dense), the
/// stored ones in increasing j (sparse).
template <class Derived, class F>
inline void for_each_coordinate(const Eigen::MatrixBase<Derived>& X, Index i, F&& f) {
  const auto* x = point(X, i);
  for (Index j = 0; j < X.rows(); ++j) f(j, x[j]);
}
template <class Scalar, class F>
inline void for_each_coordinate(const SparsePointsRef<Scalar>& X, Index i, F&& f) {
  const SparseCol<Scalar> x = point(X, i);
  for (Index t = 0; t < x.nnz; ++t) f(x.j[t], x.v[t]);
}

/// Bitwise equality of a sparse point with a dense one (-0 == +0).
template <class Scalar>
inline bool same_point(const SparseCol<Scalar>& x, const Scalar* c, Index d) {
  Index t = 0;
  for (Index j = 0; j < d; ++j) {
    Scalar a(0);
    if (t < x.nnz && x.j[t] == j) a = x.v[t++];
    if (!(a == c[j])) return false;
  }
  return true;
}

/// Writes the sparse point into a dense column (zeros elsewhere).
template <class Scalar, class Out>
inline void scatter(const SparseCol<Scalar>& x, Out&& out) {
  out.setZero();
  for (Index t = 0; t < x.nnz; ++t) out[x.j[t]] = x.v[t];
}

}  // namespace detail
}  // namespace lloyd
