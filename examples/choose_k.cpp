// Choosing K on a Gaussian board: the elbow curve, the gap statistic, Pham et al.'s f(K) and the
// mean silhouette for K = 1..10, drawn as line charts next to the board, and the K each picks.
//
//   choose_k [--n 300] [--blobs 3] [--board-seed 7] [--k-max 10] [--references 10] [--seed 1]
//            [--out choose_k.svg]
#include <cmath>
#include <cstdio>
#include <exception>
#include <lloyd/centroid_index.hpp>
#include <lloyd/choose_k.hpp>
#include <lloyd/datasets.hpp>
#include <lloyd/lloyd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "args.hpp"
#include "draw.hpp"
#include "plot.hpp"

int main(int argc, char** argv) try {
  Args args(argc, argv);
  const auto n = args.get_int("--n", 300);
  const int blobs = static_cast<int>(args.get_int("--blobs", 3));
  const auto board_seed = static_cast<std::uint64_t>(args.get_int("--board-seed", 7));
  lloyd::ChooseKOptions o;
  o.k_max = static_cast<int>(args.get_int("--k-max", 10));
  o.references = static_cast<int>(args.get_int("--references", 10));
  o.seed = static_cast<std::uint64_t>(args.get_int("--seed", 1));
  const std::string out = args.get("--out", "choose_k.svg");
  args.finish();
  if (o.references < 1) throw std::invalid_argument("--references must be at least 1");

  const auto X = lloyd::gaussian_board<double, 2>(n, blobs, board_seed);
  const lloyd::ChooseK r = lloyd::choose_k(X, o);

  std::printf("Gaussian board: N = %lld, %d blobs; K = 1..%d, B = %d reference sets\n", static_cast<long long>(n),
              blobs, o.k_max, o.references);
  std::printf("%3s %12s %9s %9s %9s %11s\n", "K", "inertia", "Gap", "s_K", "f(K)", "silhouette");
  for (std::size_t i = 0; i < r.k.size(); ++i)
    std::printf("%3d %12.4f %9.4f %9.4f %9.4f %11.4f\n", r.k[i], r.inertia[i], r.gap.gap[i], r.gap.s[i], r.f[i],
                r.silhouette[i].mean);
  std::printf("chosen K: gap statistic %d, f(K) %d, silhouette %d\n", r.k_gap, r.k_f, r.k_silhouette);

  // ---- the picture: the board clustered with the gap's K, then the four curves -----------------
  std::vector<double> ks(r.k.begin(), r.k.end());
  const double pw = 340, ph = 280, gapx = 10;
  svg::Document doc(3 * pw + 4 * gapx, 2 * ph + 3 * gapx + 30);
  doc.add(
      svg::text((3 * pw + 4 * gapx) / 2, 24,
                "Choosing K on a Gaussian board (N = " + std::to_string(n) + ", " + std::to_string(blobs) + " blobs)")
          .attr("text-anchor", "middle")
          .attr("font-size", 17));
  const double top = 34;
  auto cell_x = [&](int col) { return gapx + col * (pw + gapx); };
  auto cell_y = [&](int row) { return top + row * (ph + gapx); };

  {  // the board
    const int kk = r.k_gap;
    const auto& labels = r.labels[static_cast<std::size_t>(kk - 1)];
    const Eigen::MatrixXd C = lloyd::label_means(X, labels);
    const draw::Board b = draw::board_of(X);
    const double side = ph - 44;
    svg::Viewport vp = draw::viewport(b, cell_x(0) + (pw - side) / 2, cell_y(0) + 30, side);
    doc.add(svg::text(cell_x(0) + pw / 2, cell_y(0) + 18, "k-means with K = " + std::to_string(kk))
                .attr("text-anchor", "middle")
                .attr("font-size", 14)
                .attr("font-weight", "bold"));
    doc.add(draw::picture(vp, b, X, labels, C, 2.5));
  }
  // One chart against K in grid cell (col, row); `chosen` > 0 draws a marker at the chosen K.
  auto chart = [&](const char* title, const char* ylabel, std::vector<plot::Series> series, int chosen, int col,
                   int row, std::vector<std::pair<double, std::string>> hlines = {}) {
    plot::Chart c;
    c.title = title;
    c.xlabel = "K";
    c.ylabel = ylabel;
    c.series = std::move(series);
    c.hlines = std::move(hlines);
    if (chosen > 0) {
      c.mark_x = chosen;
      c.mark_label = "chosen K = " + std::to_string(chosen);
    }
    doc.add(plot::render(c, cell_x(col), cell_y(row), pw, ph));
  };
  chart("Elbow: inertia S_K", "inertia", {plot::series(ks, r.inertia)}, 0, 1, 0);
  chart(("Gap statistic (B = " + std::to_string(o.references) + ")").c_str(), "Gap(K) ± s_K",
        {plot::series(ks, r.gap.gap, "#59a14f", "", r.gap.s)}, r.k_gap, 2, 0);
  chart("Pham, Dimov & Nguyen f(K)", "f(K)", {plot::series(ks, r.f, "#e15759")}, r.k_f, 0, 1, {{0.85, "0.85"}});
  std::vector<double> mean_silhouette;
  for (const auto& v : r.silhouette) mean_silhouette.push_back(v.mean);
  chart("Mean silhouette", "mean s(i)", {plot::series(ks, mean_silhouette, "#b07aa1")}, r.k_silhouette, 1, 1);
  // the log curves behind the gap
  chart("log S_K: data and references", "log S_K",
        {plot::series(ks, r.gap.log_w, "#4e79a7", "data"),
         plot::series(ks, r.gap.ref_log_w, "#f28e2b", "uniform (mean ± sd)", r.gap.sd)},
        0, 2, 1);
  doc.save(out);
  std::printf("wrote %s\n", out.c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "choose_k: %s\n", e.what());
  return 1;
}
