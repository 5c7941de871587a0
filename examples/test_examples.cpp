// Tests of the examples' helpers: the SVG writer, the chart axes, the exact Voronoi cells, the
// benchmark-set reader and the flag parser. Built and run by tests/CMakeLists.txt.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <lloyd/datasets.hpp>
#include <sstream>

#include "args.hpp"
#include "plot.hpp"
#include "sipu.hpp"
#include "svg.hpp"
#include "voronoi.hpp"

TEST_CASE("svg: text and attributes are escaped", "[svg]") {
  CHECK(svg::escape("a < b & c > \"d\" 'e'") == "a &lt; b &amp; c &gt; &quot;d&quot; &apos;e&apos;");
  CHECK(svg::escape("plain") == "plain");
  const std::string s = svg::text(1, 2, "x<y").attr("class", "a\"b").str();
  CHECK(s == "<text x=\"1\" y=\"2\" class=\"a&quot;b\">x&lt;y</text>\n");
}

TEST_CASE("svg: numbers have fixed precision, no trailing zeros, no -0", "[svg]") {
  CHECK(svg::num(1.0) == "1");
  CHECK(svg::num(1.5) == "1.5");
  CHECK(svg::num(1.23456) == "1.23");
  CHECK(svg::num(1.23456, 4) == "1.2346");
  CHECK(svg::num(-0.001) == "0");
  CHECK(svg::num(-2.5) == "-2.5");
  CHECK(svg::num(1234567.891) == "1234567.89");
  CHECK(svg::num(100) == "100");
  CHECK(svg::num(0.005, 0) == "0");
  CHECK_THROWS_AS(svg::num(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(svg::num(INFINITY), std::invalid_argument);
  CHECK(svg::circle(1.004, 2.996, 3).str() == "<circle cx=\"1\" cy=\"3\" r=\"3\"/>\n");
  CHECK(svg::Element("rect").attr("n", 7).str() == "<rect n=\"7\"/>\n");
}

TEST_CASE("svg: a document nests elements and is well formed", "[svg]") {
  svg::Document doc(100, 50);
  svg::Element g = svg::group();
  g.attr("fill", "red").add(svg::polygon({{0, 0}, {10, 0}, {5, 8.666}}));
  doc.add(g);
  const std::string s = doc.str();
  CHECK(s.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(s.find("viewBox=\"0 0 100 50\"") != std::string::npos);
  CHECK(s.find("<g fill=\"red\">\n  <polygon points=\"0,0 10,0 5,8.67\"/>\n </g>\n") != std::string::npos);
  CHECK(s.substr(s.size() - 7) == "</svg>\n");
  // as many opening tags as closing ones (self-closing counted as both)
  std::size_t open = 0, close = 0, self = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '<' && s[i + 1] != '/' && s[i + 1] != '?') ++open;
    if (s[i] == '<' && s[i + 1] == '/') ++close;
    if (s[i] == '/' && s[i + 1] == '>') ++self;
  }
  CHECK(open == close + self);
  const std::string path = "test_examples_doc.svg";
  doc.save(path);
  std::ifstream in(path);
  std::stringstream back;
  back << in.rdbuf();
  CHECK(back.str() == s);
  std::remove(path.c_str());
  CHECK_THROWS_AS(doc.save("/nonexistent-dir/x.svg"), std::runtime_error);
}

TEST_CASE("svg: colours", "[svg]") {
  CHECK(svg::rgb(1, 0, 0.5) == "#ff0080");
  CHECK(svg::hsl(0, 1, 0.5) == "#ff0000");
  CHECK(svg::hsl(120, 1, 0.5) == "#00ff00");
  CHECK(svg::hsl(240, 1, 0.25) == "#000080");
  CHECK(svg::palette(0) == "#4e79a7");
  for (int i = 0; i < 40; ++i) CHECK(svg::palette(i).size() == 7);
  CHECK(svg::palette(10) != svg::palette(11));
  const svg::Viewport vp{-1, 1, -1, 1, 10, 20, 200, 100};
  CHECK(vp.X(-1) == 10);
  CHECK(vp.X(1) == 210);
  CHECK(vp.Y(-1) == 120);  // y points up
  CHECK(vp.Y(1) == 20);
}

TEST_CASE("plot: nice ticks", "[plot]") {
  CHECK(plot::nice_step(10, 5) == 2);
  CHECK(plot::nice_step(1, 5) == Approx(0.2));
  CHECK(plot::nice_step(230, 5) == 50);
  const auto a = plot::nice_axis(1.7, 229.9, 5);
  CHECK(a.lo == 0);
  CHECK(a.hi == 250);
  CHECK(a.ticks == std::vector<double>{0, 50, 100, 150, 200, 250});
  const auto b = plot::nice_axis(-0.297, 2.67, 5);
  CHECK(b.step == Approx(0.5));
  CHECK(b.lo == Approx(-0.5));
  CHECK(b.hi == Approx(3));
  CHECK(b.ticks.size() == 8);
  CHECK(b.ticks[1] == 0);  // exactly 0, not -1e-17
  const auto c = plot::nice_axis(5, 5);
  CHECK(c.lo < 5);
  CHECK(c.hi > 5);
  CHECK(plot::tick_label(0.5, 0.5) == "0.5");
  CHECK(plot::tick_label(150, 50) == "150");
  CHECK(plot::tick_label(0.85, 0.05) == "0.85");
  CHECK(plot::tick_label(2e13, 5e12) == "2e+13");
  CHECK(plot::tick_label(1.5e13, 5e12) == "1.5e+13");
}

TEST_CASE("plot: a chart has its title, labels, ticks and one marker per point", "[plot]") {
  plot::Chart c;
  c.title = "Gap <K>";
  c.xlabel = "K";
  c.ylabel = "Gap";
  c.series.push_back(plot::series({1, 2, 3}, {0.1, std::nan(""), 0.3}, "#123456", "", {0.01, 0.01, 0.01}));
  c.hlines.push_back({0.2, "0.2"});
  c.mark_x = 3;
  c.mark_label = "K = 3";
  const std::string s = plot::render(c, 0, 0, 300, 200).str();
  CHECK(s.find(">Gap &lt;K&gt;</text>") != std::string::npos);
  CHECK(s.find(">K = 3</text>") != std::string::npos);
  CHECK(s.find("rotate(-90") != std::string::npos);
  std::size_t markers = 0;
  for (std::size_t p = s.find("fill=\"#123456\""); p != std::string::npos; p = s.find("fill=\"#123456\"", p + 1))
    ++markers;
  CHECK(markers == 2);                              // the NaN point is left out
  CHECK(s.find("<polyline") == std::string::npos);  // no two neighbours are finite
}

TEST_CASE("voronoi: clipping a square by a half-plane", "[voronoi]") {
  const auto sq = voronoi::rectangle(0, 0, 2, 2);
  CHECK(voronoi::area(sq) == 4);
  const auto left = voronoi::clip(sq, 1, 0, 1);  // x ≤ 1
  CHECK(voronoi::area(left) == Approx(2));
  CHECK(left.size() == 4);
  const auto tri = voronoi::clip(sq, 1, 1, 1);  // x + y ≤ 1: the corner triangle
  CHECK(tri.size() == 3);
  CHECK(voronoi::area(tri) == Approx(0.5));
  CHECK(voronoi::clip(sq, 1, 0, -1).empty());     // nothing left
  CHECK(voronoi::clip(sq, 1, 0, 5).size() == 4);  // everything kept
  CHECK(voronoi::clip(sq, 1, 0, 2).size() == 4);  // the line through an edge: no duplicate vertices
}

TEST_CASE("voronoi: the cells of two and four centres by hand", "[voronoi]") {
  Eigen::MatrixXd C(2, 2);
  C << -0.5, 0.5, 0, 0;
  auto cells = voronoi::cells(C, -1, -1, 1, 1);
  REQUIRE(cells.size() == 2);
  CHECK(voronoi::area(cells[0]) == Approx(2));
  for (const auto& p : cells[0]) CHECK(p[0] <= 1e-12);
  for (const auto& p : cells[1]) CHECK(p[0] >= -1e-12);
  Eigen::MatrixXd D(2, 4);
  D << -0.5, 0.5, -0.5, 0.5, -0.5, -0.5, 0.5, 0.5;
  for (const auto& cell : voronoi::cells(D, -1, -1, 1, 1)) CHECK(voronoi::area(cell) == Approx(1));
}

TEST_CASE("voronoi: random centres — cells tile the board and hold their nearest points", "[voronoi]") {
  const auto C = lloyd::uniform_board(9, 4);
  const auto cells = voronoi::cells(C, -1, -1, 1, 1);
  double total = 0;
  for (const auto& cell : cells) total += voronoi::area(cell);
  CHECK(total == Approx(4).epsilon(1e-12));
  for (Eigen::Index i = 0; i < C.cols(); ++i) {
    const auto& cell = cells[static_cast<std::size_t>(i)];
    CHECK(voronoi::area(cell) > 0);
    // every vertex is at least as close to its centre as to any other centre
    for (const auto& p : cell) {
      const double own = std::hypot(p[0] - C(0, i), p[1] - C(1, i));
      for (Eigen::Index j = 0; j < C.cols(); ++j) CHECK(own <= std::hypot(p[0] - C(0, j), p[1] - C(1, j)) + 1e-12);
    }
  }
  // a point lies in the cell of its nearest centre: test with many points against the convex cells
  const auto P = lloyd::uniform_board(500, 5);
  for (Eigen::Index p = 0; p < P.cols(); ++p) {
    Eigen::Index best = 0;
    for (Eigen::Index j = 1; j < C.cols(); ++j)
      if ((P.col(p) - C.col(j)).squaredNorm() < (P.col(p) - C.col(best)).squaredNorm()) best = j;
    const auto& cell = cells[static_cast<std::size_t>(best)];
    bool inside = true;  // counter-clockwise convex polygon: the point is left of every edge
    for (std::size_t e = 0; e < cell.size(); ++e) {
      const auto& a = cell[e];
      const auto& b = cell[(e + 1) % cell.size()];
      inside = inside && (b[0] - a[0]) * (P(1, p) - a[1]) - (b[1] - a[1]) * (P(0, p) - a[0]) >= -1e-12;
    }
    CHECK(inside);
  }
}

TEST_CASE("sipu: parse points and labels, read gzip", "[sipu]") {
  const Eigen::MatrixXd X = sipu::parse_points("  1 2\n3\t4.5\n\n-5e2 6\n", "t");
  REQUIRE(X.rows() == 2);
  REQUIRE(X.cols() == 3);
  CHECK(X(0, 1) == 3);
  CHECK(X(1, 1) == 4.5);
  CHECK(X(0, 2) == -500);
  CHECK_THROWS_WITH(sipu::parse_points("1 2\n3\n", "f.data"), Catch::Contains("f.data:2: 1 numbers"));
  CHECK_THROWS_WITH(sipu::parse_points("1 x\n", "f.data"), Catch::Contains("f.data:1: not a number"));
  CHECK_THROWS_WITH(sipu::parse_points("\n", "f.data"), Catch::Contains("no points"));
  const Eigen::VectorXi y = sipu::parse_labels("1\n2\n\n15\n", "t");
  REQUIRE(y.size() == 3);
  CHECK(y[2] == 15);
  CHECK_THROWS_WITH(sipu::parse_labels("1 2\n", "f.labels"), Catch::Contains("more than one"));

  // a small set written with zlib, read back through load()
  const std::string dir = ".";
  auto write_gz = [](const std::string& path, const std::string& text) {
    gzFile f = gzopen(path.c_str(), "wb");
    REQUIRE(f);
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
  };
  write_gz("tiny.data.gz", "0 0\n10 0\n0 10\n");
  write_gz("tiny.labels0.gz", "1\n2\n2\n");
  const sipu::Set s = sipu::load(dir, "tiny");
  CHECK(s.X.cols() == 3);
  CHECK(s.X(1, 2) == 10);
  CHECK(s.labels[1] == 2);
  write_gz("tiny.labels0.gz", "1\n2\n");
  CHECK_THROWS_WITH(sipu::load(dir, "tiny"), Catch::Contains("3 points but 2 labels"));
  std::remove("tiny.data.gz");
  std::remove("tiny.labels0.gz");
  CHECK_THROWS_WITH(sipu::read_gzip("no-such-file.gz"), Catch::Contains("cannot open"));
}

TEST_CASE("args: flags, values, positionals, typos", "[args]") {
  const char* argv[] = {"prog", "data", "--n", "12", "--markdown", "--out", "x.svg"};
  Args a(7, const_cast<char**>(argv), {"--markdown"});
  CHECK(a.get_int("--n", 5) == 12);
  CHECK(a.get_int("--k", 5) == 5);
  CHECK(a.get("--out", "") == "x.svg");
  CHECK(a.flag("--markdown"));
  CHECK(a.positional() == std::vector<std::string>{"data"});
  CHECK_NOTHROW(a.finish());
  const char* bad[] = {"prog", "--nn", "3"};
  Args b(3, const_cast<char**>(bad));
  CHECK(b.get_int("--n", 1) == 1);
  CHECK_THROWS_WITH(b.finish(), Catch::Contains("unknown option --nn"));
  const char* notint[] = {"prog", "--n", "3x"};
  Args c(3, const_cast<char**>(notint));
  CHECK_THROWS_WITH(c.get_int("--n", 1), Catch::Contains("must be an integer"));
  const char* missing[] = {"prog", "--n"};
  CHECK_THROWS_WITH(Args(2, const_cast<char**>(missing)), Catch::Contains("needs a value"));
}
