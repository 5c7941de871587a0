#pragma once
// Pictures of a 2-D board for the examples: Voronoi cells, points coloured by cluster, centres.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "svg.hpp"
#include "voronoi.hpp"

namespace draw {

/// The board rectangle [x0, x1] × [y0, y1] in data units.
struct Board {
  double x0 = -1, y0 = -1, x1 = 1, y1 = 1;
};

/// The smallest rectangle holding [-1, 1]² and every point, with a 3 % margin around the points.
template <class Derived>
Board board_of(const Eigen::MatrixBase<Derived>& X) {
  Board b;
  if (X.cols() == 0) return b;
  const double px = 0.03 * (X.row(0).maxCoeff() - X.row(0).minCoeff()),
               py = 0.03 * (X.row(1).maxCoeff() - X.row(1).minCoeff());
  b.x0 = std::min(-1.0, X.row(0).minCoeff() - px);
  b.x1 = std::max(1.0, X.row(0).maxCoeff() + px);
  b.y0 = std::min(-1.0, X.row(1).minCoeff() - py);
  b.y1 = std::max(1.0, X.row(1).maxCoeff() + py);
  return b;
}

/// Viewport for a board drawn in the pixel box (px, py) of width pw, height scaled to keep the aspect.
inline svg::Viewport viewport(const Board& b, double px, double py, double pw) {
  const double ph = pw * (b.y1 - b.y0) / (b.x1 - b.x0);
  return svg::Viewport{b.x0, b.x1, b.y0, b.y1, px, py, pw, ph};
}

/// Light fill colour of a cluster's Voronoi cell.
inline std::string cell_fill(int c) { return svg::palette(c); }

/// Voronoi cells of the centres C (2×K) clipped to the board, as translucent polygons.
template <class Derived>
svg::Element cells(const svg::Viewport& vp, const Board& b, const Eigen::MatrixBase<Derived>& C) {
  svg::Element g = svg::group();
  g.attr("stroke", "#555555").attr("stroke-width", 1).attr("stroke-linejoin", "round");
  const auto polys = voronoi::cells(C, b.x0, b.y0, b.x1, b.y1);
  for (std::size_t i = 0; i < polys.size(); ++i) {
    std::vector<svg::Point> px;
    for (const auto& p : polys[i]) px.push_back(vp(p));
    if (px.size() >= 3) g.add(svg::polygon(px).attr("fill", cell_fill(static_cast<int>(i))).attr("fill-opacity", 0.16));
  }
  return g;
}

/// One circle per point (column of X), filled with its cluster's colour.
template <class Derived>
svg::Element points(const svg::Viewport& vp, const Eigen::MatrixBase<Derived>& X, const Eigen::VectorXi& labels,
                    double r = 3) {
  svg::Element g = svg::group();
  g.attr("stroke", "#ffffff").attr("stroke-width", 0.6);
  for (Eigen::Index i = 0; i < X.cols(); ++i)
    g.add(svg::circle(vp.X(X(0, i)), vp.Y(X(1, i)), r).attr("fill", svg::palette(labels[i])));
  return g;
}

/// A centre: a larger disc in its cluster's colour with a thick black ring.
inline svg::Element centre(double px, double py, int c) {
  return svg::circle(px, py, 7).attr("fill", svg::palette(c)).attr("stroke", "#000000").attr("stroke-width", 2.5);
}

template <class Derived>
svg::Element centres(const svg::Viewport& vp, const Eigen::MatrixBase<Derived>& C) {
  svg::Element g = svg::group();
  for (Eigen::Index c = 0; c < C.cols(); ++c) g.add(centre(vp.X(C(0, c)), vp.Y(C(1, c)), static_cast<int>(c)));
  return g;
}

/// The board's outline.
inline svg::Element frame(const svg::Viewport& vp) {
  return svg::rect(vp.px, vp.py, vp.pw, vp.ph).attr("fill", "none").attr("stroke", "#333333").attr("stroke-width", 1.5);
}

/// Cells, points and centres of one clustering of a 2-D board.
template <class DX, class DC>
svg::Element picture(const svg::Viewport& vp, const Board& b, const Eigen::MatrixBase<DX>& X,
                     const Eigen::VectorXi& labels, const Eigen::MatrixBase<DC>& C, double point_r = 3) {
  svg::Element g = svg::group();
  g.add(cells(vp, b, C));
  g.add(points(vp, X, labels, point_r));
  g.add(centres(vp, C));
  g.add(frame(vp));
  return g;
}

}  // namespace draw
