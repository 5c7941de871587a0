#pragma once
// Line charts with axes, ticks and labels, drawn with svg.hpp (tested in examples/test_examples.cpp).
//
//   plot::Chart c;  c.title = "Elbow";  c.xlabel = "K";  c.ylabel = "inertia";
//   c.series.push_back(plot::series(xs, ys, "#4e79a7", "legend", errs));  // last three optional
//   c.hlines.push_back({0.85, "0.85"});              // dashed reference line
//   c.mark_x = 3;  c.mark_label = "K = 3";           // vertical marker
//   doc.add(plot::render(c, x, y, width, height));   // a <g> in the pixel box
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "svg.hpp"

namespace plot {

/// A "nice" tick step (1, 2 or 5 × 10^e) giving about `target` intervals over `range` > 0.
inline double nice_step(double range, int target = 5) {
  const double raw = range / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/// The range [lo, hi] widened to multiples of the nice step, and the ticks in it.
struct Axis {
  double lo, hi, step;
  std::vector<double> ticks;
};

inline Axis nice_axis(double lo, double hi, int target = 5) {
  if (!(lo <= hi)) std::swap(lo, hi);
  if (hi - lo < 1e-300) {  // a single value: give it some room
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  Axis a;
  a.step = nice_step(hi - lo, target);
  a.lo = std::floor(lo / a.step + 1e-9) * a.step;
  a.hi = std::ceil(hi / a.step - 1e-9) * a.step;
  const long n = std::lround((a.hi - a.lo) / a.step);
  for (long i = 0; i <= n; ++i) {
    double t = a.lo + static_cast<double>(i) * a.step;
    if (std::fabs(t) < a.step * 1e-9) t = 0;
    a.ticks.push_back(t);
  }
  return a;
}

/// Tick label: as many decimals as the step needs; %g with enough digits for very large or small.
inline std::string tick_label(double v, double step) {
  const double big = std::max(std::fabs(v), step);
  if (big >= 1e5 || step < 1e-4) {
    const int digits = std::max(1, static_cast<int>(std::floor(std::log10(big)) - std::floor(std::log10(step))) + 1);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
  }
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  return svg::num(v, decimals);
}

struct Series {
  std::vector<double> x, y;
  std::vector<double> err;  ///< optional ± error bar per point
  std::string colour = "#4e79a7";
  std::string label;  ///< legend entry (legend drawn when any series has one)
};

/// A series without error bars (or with them, `err`).
inline Series series(std::vector<double> x, std::vector<double> y, std::string colour = "#4e79a7",
                     std::string label = "", std::vector<double> err = {}) {
  Series s;
  s.x = std::move(x);
  s.y = std::move(y);
  s.err = std::move(err);
  s.colour = std::move(colour);
  s.label = std::move(label);
  return s;
}

struct Chart {
  std::string title, xlabel, ylabel;
  std::vector<Series> series;
  std::vector<std::pair<double, std::string>> hlines;        ///< dashed horizontal reference lines
  double mark_x = std::numeric_limits<double>::quiet_NaN();  ///< vertical marker (e.g. the chosen K)
  std::string mark_label;
  bool integer_x = true;  ///< x ticks at integers (step ≥ 1)
};

/// The chart as a <g> filling the pixel box (x, y, w, h). NaN points are left out.
inline svg::Element render(const Chart& c, double x, double y, double w, double h) {
  const double left = 62, right = 14, top = 30, bottom = 44;
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin, ymin = xmin, ymax = -xmin;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      xmin = std::min(xmin, s.x[i]), xmax = std::max(xmax, s.x[i]);  // the x axis spans every x
      if (!std::isfinite(s.y[i])) continue;
      const double e = i < s.err.size() && std::isfinite(s.err[i]) ? s.err[i] : 0;
      ymin = std::min(ymin, s.y[i] - e), ymax = std::max(ymax, s.y[i] + e);
    }
  if (!std::isfinite(ymin)) ymin = 0, ymax = 1;
  for (const auto& hl : c.hlines) ymin = std::min(ymin, hl.first), ymax = std::max(ymax, hl.first);
  if (!std::isfinite(xmin)) xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  Axis ax = nice_axis(xmin, xmax, std::min(10, std::max(2, static_cast<int>(xmax - xmin))));
  if (c.integer_x && ax.step < 1) ax = nice_axis(xmin, xmax, std::max(1, static_cast<int>(std::ceil(xmax - xmin))));
  ax.lo = std::min(ax.lo, xmin), ax.hi = std::max(ax.hi, xmax);
  const Axis ay = nice_axis(ymin, ymax, 5);
  // x: a half-step margin so end points are not on the frame
  const double xpad = c.integer_x ? 0.5 : 0;
  const svg::Viewport vp{ax.lo - xpad, ax.hi + xpad,     ay.lo,           ay.hi, x + left,
                         y + top,      w - left - right, h - top - bottom};

  svg::Element g = svg::group();
  g.attr("font-size", 11);
  g.add(svg::text(x + w / 2, y + 18, c.title)
            .attr("text-anchor", "middle")
            .attr("font-size", 14)
            .attr("font-weight", "bold"));
  // grid and ticks
  for (double t : ay.ticks) {
    g.add(svg::line(vp.px, vp.Y(t), vp.px + vp.pw, vp.Y(t)).attr("stroke", "#e4e4e4").attr("stroke-width", 1));
    g.add(svg::line(vp.px - 4, vp.Y(t), vp.px, vp.Y(t)).attr("stroke", "#333333"));
    g.add(svg::text(vp.px - 7, vp.Y(t) + 4, tick_label(t, ay.step)).attr("text-anchor", "end"));
  }
  for (double t : ax.ticks) {
    if (t < vp.x0 || t > vp.x1) continue;
    g.add(svg::line(vp.X(t), vp.py + vp.ph, vp.X(t), vp.py + vp.ph + 4).attr("stroke", "#333333"));
    g.add(svg::text(vp.X(t), vp.py + vp.ph + 17, tick_label(t, ax.step)).attr("text-anchor", "middle"));
  }
  // axes
  g.add(svg::rect(vp.px, vp.py, vp.pw, vp.ph).attr("fill", "none").attr("stroke", "#333333"));
  g.add(svg::text(vp.px + vp.pw / 2, y + h - 8, c.xlabel).attr("text-anchor", "middle").attr("font-size", 12));
  {
    const double lx = x + 14, ly = vp.py + vp.ph / 2;
    g.add(svg::text(lx, ly, c.ylabel)
              .attr("text-anchor", "middle")
              .attr("font-size", 12)
              .attr("transform", "rotate(-90 " + svg::num(lx) + " " + svg::num(ly) + ")"));
  }
  // reference lines and the marker
  for (const auto& hl : c.hlines) {
    g.add(svg::line(vp.px, vp.Y(hl.first), vp.px + vp.pw, vp.Y(hl.first))
              .attr("stroke", "#888888")
              .attr("stroke-dasharray", "5 4"));
    g.add(
        svg::text(vp.px + vp.pw - 4, vp.Y(hl.first) - 4, hl.second).attr("text-anchor", "end").attr("fill", "#555555"));
  }
  if (std::isfinite(c.mark_x)) {
    g.add(svg::line(vp.X(c.mark_x), vp.py, vp.X(c.mark_x), vp.py + vp.ph)
              .attr("stroke", "#d62728")
              .attr("stroke-width", 1.5)
              .attr("stroke-dasharray", "3 3"));
    g.add(svg::text(vp.X(c.mark_x) + 5, vp.py + 14, c.mark_label).attr("fill", "#d62728").attr("font-weight", "bold"));
  }
  // series
  bool legend = false;
  for (const auto& s : c.series) {
    legend = legend || !s.label.empty();
    std::vector<svg::Point> run;
    auto flush = [&] {
      if (run.size() > 1) g.add(svg::polyline(run).attr("stroke", s.colour).attr("stroke-width", 2));
      run.clear();
    };
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i])) {
        flush();
        continue;
      }
      run.push_back({vp.X(s.x[i]), vp.Y(s.y[i])});
    }
    flush();
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      if (i < s.err.size() && std::isfinite(s.err[i]) && s.err[i] > 0) {
        const double px = vp.X(s.x[i]), lo = vp.Y(s.y[i] - s.err[i]), hi = vp.Y(s.y[i] + s.err[i]);
        g.add(svg::line(px, lo, px, hi).attr("stroke", s.colour));
        g.add(svg::line(px - 3, lo, px + 3, lo).attr("stroke", s.colour));
        g.add(svg::line(px - 3, hi, px + 3, hi).attr("stroke", s.colour));
      }
      g.add(svg::circle(vp.X(s.x[i]), vp.Y(s.y[i]), 3).attr("fill", s.colour));
    }
  }
  if (legend) {
    std::size_t longest = 0;  // legend width from the longest label (about 6.5 px a character)
    for (const auto& s : c.series) longest = std::max(longest, s.label.size());
    const double lx = vp.px + vp.pw - 34 - 6.5 * static_cast<double>(longest);
    double ly = vp.py + 14;
    for (const auto& s : c.series) {
      if (s.label.empty()) continue;
      g.add(svg::line(lx, ly - 4, lx + 18, ly - 4).attr("stroke", s.colour).attr("stroke-width", 2));
      g.add(svg::text(lx + 24, ly, s.label));
      ly += 15;
    }
  }
  return g;
}

}  // namespace plot
