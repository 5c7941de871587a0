// Voronoi picture of k-means: a board clustered with k-means, points coloured by cluster, the
// centres marked and each centre's Voronoi cell (computed exactly by half-plane clipping of the
// board, see voronoi.hpp) drawn over them. Writes one SVG.
//
//   voronoi [--n 500] [--k 7] [--seed 1] [--board uniform|gaussian] [--blobs 5] [--out voronoi.svg]
#include <cstdio>
#include <exception>
#include <lloyd/datasets.hpp>
#include <lloyd/lloyd.hpp>

#include "args.hpp"
#include "draw.hpp"

int main(int argc, char** argv) try {
  Args args(argc, argv);
  const auto n = args.get_int("--n", 500);
  const int k = static_cast<int>(args.get_int("--k", 7));
  const auto seed = static_cast<std::uint64_t>(args.get_int("--seed", 1));
  const std::string board = args.get("--board", "uniform");
  const int blobs = static_cast<int>(args.get_int("--blobs", 5));
  const std::string out = args.get("--out", "voronoi.svg");
  args.finish();

  lloyd::Points<double, 2> X;
  if (board == "uniform") X = lloyd::uniform_board<double, 2>(n, seed);
  else if (board == "gaussian") X = lloyd::gaussian_board<double, 2>(n, blobs, seed);
  else throw std::invalid_argument("--board must be uniform or gaussian, got '" + board + "'");

  lloyd::Options opt;
  opt.k = k;
  opt.seed = seed;
  lloyd::KMeans<double, 2> km(opt);  // the defaults: one k-means++ run, then breathing k-means
  const auto r = km.fit(X);

  const draw::Board b = draw::board_of(X);
  const double width = 560;
  const svg::Viewport vp = draw::viewport(b, 20, 46, width - 40);
  svg::Document doc(width, vp.py + vp.ph + 20);
  const std::string title = "k-means on a " + board + " board: N = " + std::to_string(n) +
                            ", K = " + std::to_string(k) + ", inertia " + svg::num(r.inertia, 2);
  doc.add(svg::text(width / 2, 28, title).attr("text-anchor", "middle").attr("font-size", 16));
  doc.add(draw::picture(vp, b, X, r.labels, r.centroids));
  doc.save(out);

  std::printf("%s board, N = %lld, K = %d: inertia %.4f after %d iterations (best of %d runs)\n", board.c_str(),
              static_cast<long long>(n), k, r.inertia, r.n_iter, static_cast<int>(r.run_inertias.size()));
  std::printf("wrote %s\n", out.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "voronoi: %s\n", e.what());
  return 1;
}
