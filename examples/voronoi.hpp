#pragma once
// Voronoi cells of 2-D centres inside a rectangle, computed exactly by half-plane clipping
// (tested in examples/test_examples.cpp).
//
// The cell of centre i is the set of points closer to c_i than to every other centre: the
// intersection of the half-planes { x : ‖x − c_i‖² ≤ ‖x − c_j‖² } = { x : 2(c_j − c_i)·x ≤ ‖c_j‖² − ‖c_i‖² }.
// Starting from the rectangle, each half-plane is applied with one Sutherland–Hodgman pass
// (a convex polygon clipped by a line stays convex), so cell i is exact up to rounding.
#include <Eigen/Core>
#include <array>
#include <cmath>
#include <vector>

namespace voronoi {

using Point = std::array<double, 2>;
using Polygon = std::vector<Point>;  ///< vertices in order (counter-clockwise for the rectangle)

/// Keeps the part of `poly` where a·x + b·y ≤ c (Sutherland–Hodgman against one line).
inline Polygon clip(const Polygon& poly, double a, double b, double c) {
  Polygon out;
  const std::size_t n = poly.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Point& p = poly[i];
    const Point& q = poly[(i + 1) % n];
    const double fp = a * p[0] + b * p[1] - c, fq = a * q[0] + b * q[1] - c;
    if (fp <= 0) out.push_back(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {  // the edge crosses the line: add the crossing
      const double t = fp / (fp - fq);
      out.push_back({p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
    }
  }
  return out;
}

/// The rectangle [x0, x1] × [y0, y1], counter-clockwise.
inline Polygon rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

/// Voronoi cell of each column of C (2×K) within the rectangle; coincident centres share a cell.
template <class Derived>
std::vector<Polygon> cells(const Eigen::MatrixBase<Derived>& C, double x0, double y0, double x1, double y1) {
  std::vector<Polygon> out;
  const Eigen::Index k = C.cols();
  for (Eigen::Index i = 0; i < k; ++i) {
    Polygon cell = rectangle(x0, y0, x1, y1);
    const double xi = static_cast<double>(C(0, i)), yi = static_cast<double>(C(1, i));
    for (Eigen::Index j = 0; j < k && !cell.empty(); ++j) {
      const double xj = static_cast<double>(C(0, j)), yj = static_cast<double>(C(1, j));
      if (j == i || (xi == xj && yi == yj)) continue;
      cell = clip(cell, 2 * (xj - xi), 2 * (yj - yi), (xj * xj + yj * yj) - (xi * xi + yi * yi));
    }
    out.push_back(std::move(cell));
  }
  return out;
}

/// Signed area (shoelace): positive for counter-clockwise vertices.
inline double area(const Polygon& p) {
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const Point& a = p[i];
    const Point& b = p[(i + 1) % p.size()];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

}  // namespace voronoi
