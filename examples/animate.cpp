// Watch Lloyd's algorithm run: one SVG per iteration and one animated SVG (SMIL <animate>) that
// plays the whole fit, for random seeding and for k-means++ seeding of the same board, one run each
// (n_init = 1) so that a poor start shows as a poor local minimum. Prints both inertias.
//
//   animate [--n 100] [--k 7] [--board-seed 5] [--seed 26] [--out-dir .]
//
// Files: <out-dir>/<name>_iter_NN.svg for every iteration and <out-dir>/<name>_animated.svg, with
// <name> = random and kmeanspp. Iteration 0 is the seeding; each later iteration moves every centre
// to the mean of its points (update), then gives every point its nearest centre (assignment). A fit
// stops when no point changes cluster (tol = 0).
//
// The default seeds were picked so that the random start ends in a visibly poor local minimum (two
// centres sharing one region, one centre covering two); with most seeds the two end closer.
//
// The animation: the centres glide to their new positions in the second half of each step, then
// the points take their new colours and the Voronoi cells change. Viewers that do not play SMIL
// (and rsvg-convert) show the final state.
#include <cstdio>
#include <exception>
#include <lloyd/datasets.hpp>
#include <lloyd/lloyd.hpp>
#include <string>
#include <vector>

#include "args.hpp"
#include "draw.hpp"

namespace {

using History = std::vector<lloyd::IterationRecord<double, 2>>;

constexpr double kStep = 0.8;  // seconds per iteration
constexpr double kHold = 3.0;  // seconds the final state stays before the animation restarts

std::string seconds(double s) { return svg::num(s, 3) + "s"; }

std::string join(const std::vector<std::string>& v, const char* sep = ";") {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string caption(const std::string& name, int it, double inertia) {
  return name + " — iteration " + std::to_string(it) + (it == 0 ? " (seeding)" : "") + ", inertia " +
         svg::num(inertia, 3);
}

/// <animate> switching an attribute between discrete values at the given key times (fractions).
svg::Element discrete(const std::string& attr, const std::vector<std::string>& values, const std::vector<double>& keys,
                      double total) {
  std::vector<std::string> kt;
  for (double t : keys) kt.push_back(svg::num(t, 4));
  return svg::Element("animate")
      .attr("attributeName", attr)
      .attr("values", join(values))
      .attr("keyTimes", join(kt))
      .attr("calcMode", "discrete")
      .attr("dur", seconds(total))
      .attr("repeatCount", "indefinite");
}

/// Makes element `e` visible only during [from, to) of the cycle (fractions; to = 1 means the end).
void show_during(svg::Element& e, double from, double to, double total, bool visible_at_rest) {
  e.attr("visibility", visible_at_rest ? "visible" : "hidden");
  std::vector<std::string> v;
  std::vector<double> k;
  if (from > 0) v.push_back("hidden"), k.push_back(0);
  v.push_back("visible"), k.push_back(from);
  if (to < 1) v.push_back("hidden"), k.push_back(to);
  e.add(discrete("visibility", v, k, total));
}

struct Layout {
  draw::Board board;
  svg::Viewport vp;
  double width, height;
};

Layout layout(const lloyd::Points<double, 2>& X) {
  Layout l;
  l.board = draw::board_of(X);
  l.width = 480;
  l.vp = draw::viewport(l.board, 16, 44, l.width - 32);
  l.height = l.vp.py + l.vp.ph + 16;
  return l;
}

svg::Element title(const Layout& l, const std::string& s) {
  return svg::text(l.width / 2, 28, s).attr("text-anchor", "middle").attr("font-size", 15);
}

/// The picture of iteration t, with the path each centre has travelled so far.
void write_frame(const std::string& path, const std::string& name, const lloyd::Points<double, 2>& X, const History& h,
                 std::size_t t) {
  const Layout l = layout(X);
  svg::Document doc(l.width, l.height);
  doc.add(title(l, caption(name, h[t].iteration, h[t].inertia)));
  svg::Element g = svg::group();
  g.add(draw::cells(l.vp, l.board, h[t].centroids));
  g.add(draw::points(l.vp, X, h[t].labels));
  svg::Element trails = svg::group();
  trails.attr("stroke", "#000000").attr("stroke-width", 1.5).attr("stroke-opacity", 0.6);
  for (Eigen::Index c = 0; c < h[t].centroids.cols(); ++c) {
    std::vector<svg::Point> path_c;
    for (std::size_t s = 0; s <= t; ++s) path_c.push_back(l.vp({h[s].centroids(0, c), h[s].centroids(1, c)}));
    if (path_c.size() > 1) trails.add(svg::polyline(path_c));
  }
  g.add(trails);
  g.add(draw::centres(l.vp, h[t].centroids));
  g.add(draw::frame(l.vp));
  doc.add(g);
  doc.save(path);
}

/// One SVG that plays the whole fit and rests on the final state.
void write_animation(const std::string& path, const std::string& name, const lloyd::Points<double, 2>& X,
                     const History& h) {
  const Layout l = layout(X);
  const std::size_t frames = h.size();
  const double total = static_cast<double>(frames - 1) * kStep + kHold;
  auto at = [&](double seconds_) { return seconds_ / total; };  // fraction of the cycle
  svg::Document doc(l.width, l.height);

  // one caption and one set of cells per iteration, each visible during its own step
  svg::Element captions = svg::group(), cells = svg::group();
  for (std::size_t t = 0; t < frames; ++t) {
    const double from = at(static_cast<double>(t) * kStep),
                 to = t + 1 < frames ? at(static_cast<double>(t + 1) * kStep) : 1;
    svg::Element c = title(l, caption(name, h[t].iteration, h[t].inertia));
    show_during(c, from, to, total, t + 1 == frames);
    captions.add(c);
    svg::Element v = draw::cells(l.vp, l.board, h[t].centroids);
    show_during(v, from, to, total, t + 1 == frames);
    cells.add(v);
  }
  doc.add(captions);
  doc.add(cells);

  // points: the fill switches when the point changes cluster
  svg::Element pts = svg::group();
  pts.attr("stroke", "#ffffff").attr("stroke-width", 0.6);
  for (Eigen::Index i = 0; i < X.cols(); ++i) {
    svg::Element p = svg::circle(l.vp.X(X(0, i)), l.vp.Y(X(1, i)), 3).attr("fill", svg::palette(h.back().labels[i]));
    std::vector<std::string> v;
    std::vector<double> k;
    for (std::size_t t = 0; t < frames; ++t) {
      const std::string colour = svg::palette(h[t].labels[i]);
      if (!v.empty() && v.back() == colour) continue;
      v.push_back(colour);
      k.push_back(at(static_cast<double>(t) * kStep));
    }
    if (v.size() > 1) p.add(discrete("fill", v, k, total));
    pts.add(p);
  }
  doc.add(pts);

  // centres: hold for half a step, then glide to the next position
  for (Eigen::Index c = 0; c < h.back().centroids.cols(); ++c) {
    svg::Element m =
        draw::centre(l.vp.X(h.back().centroids(0, c)), l.vp.Y(h.back().centroids(1, c)), static_cast<int>(c));
    for (int coord = 0; coord < 2; ++coord) {
      std::vector<std::string> v, k;
      auto px = [&](std::size_t t) {
        return svg::num(coord == 0 ? l.vp.X(h[t].centroids(0, c)) : l.vp.Y(h[t].centroids(1, c)));
      };
      for (std::size_t t = 0; t < frames; ++t) {
        v.push_back(px(t)), k.push_back(svg::num(at(static_cast<double>(t) * kStep), 4));
        v.push_back(px(t)), k.push_back(svg::num(t + 1 < frames ? at((static_cast<double>(t) + 0.5) * kStep) : 1.0, 4));
      }
      m.add(svg::Element("animate")
                .attr("attributeName", coord == 0 ? "cx" : "cy")
                .attr("values", join(v))
                .attr("keyTimes", join(k))
                .attr("calcMode", "linear")
                .attr("dur", seconds(total))
                .attr("repeatCount", "indefinite"));
    }
    doc.add(m);
  }
  doc.add(draw::frame(l.vp));
  doc.save(path);
}

template <class Seeding>
lloyd::Result<double, 2> run(const std::string& file_name, const std::string& name, const lloyd::Points<double, 2>& X,
                             int k, std::uint64_t seed, const std::string& dir) {
  lloyd::Options opt;
  opt.k = k;
  opt.n_init = 1;  // one run: the local minimum this start leads to
  opt.tol = 0;     // run until no point changes cluster
  opt.seed = seed;
  opt.record_history = true;
  lloyd::KMeans<double, 2, Seeding> km(opt);
  const auto r = km.fit(X);
  char buf[32];
  for (std::size_t t = 0; t < r.history.size(); ++t) {
    std::snprintf(buf, sizeof buf, "_iter_%02d.svg", r.history[t].iteration);
    write_frame(dir + "/" + file_name + buf, name, X, r.history, t);
  }
  write_animation(dir + "/" + file_name + "_animated.svg", name, X, r.history);
  return r;
}

}  // namespace

int main(int argc, char** argv) try {
  Args args(argc, argv);
  const auto n = args.get_int("--n", 100);
  const int k = static_cast<int>(args.get_int("--k", 7));
  const auto board_seed = static_cast<std::uint64_t>(args.get_int("--board-seed", 5));
  const auto seed = static_cast<std::uint64_t>(args.get_int("--seed", 26));
  const std::string dir = args.get("--out-dir", ".");
  args.finish();

  const auto X = lloyd::uniform_board<double, 2>(n, board_seed);
  const auto a = run<lloyd::seeding::RandomSample>("random", "random seeding", X, k, seed, dir);
  const auto b = run<lloyd::seeding::KMeansPlusPlus>("kmeanspp", "k-means++", X, k, seed, dir);
  std::printf("uniform board, N = %lld, K = %d, one run each (seed %llu)\n", static_cast<long long>(n), k,
              static_cast<unsigned long long>(seed));
  std::printf("random seeding: inertia %.4f after %d iterations\n", a.inertia, a.n_iter);
  std::printf("k-means++:      inertia %.4f after %d iterations\n", b.inertia, b.n_iter);
  std::printf("wrote %s/random_*.svg and %s/kmeanspp_*.svg\n", dir.c_str(), dir.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "animate: %s\n", e.what());
  return 1;
}
