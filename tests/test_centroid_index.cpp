// Tests of lloyd/centroid_index.hpp against hand-computed values.
#include <catch2/catch.hpp>
#include <lloyd/centroid_index.hpp>
#include <lloyd/datasets.hpp>

#include "support.hpp"

namespace {
Eigen::MatrixXd row(std::initializer_list<double> v) {
  Eigen::MatrixXd m(1, static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) m(0, i++) = x;
  return m;
}
}  // namespace

TEST_CASE("centroid index: hand-computed 1-D cases", "[centroid_index]") {
  // A = {0, 1, 2}, B = {0, 0.1, 2}: A→B maps 0→0, 1→0.1, 2→2 (no orphan);
  // B→A maps 0→0, 0.1→0, 2→2, so A's 1 is an orphan.
  const auto A = row({0, 1, 2}), B = row({0, 0.1, 2});
  CHECK(lloyd::centroid_index_one_way(A, B) == 0);
  CHECK(lloyd::centroid_index_one_way(B, A) == 1);
  CHECK(lloyd::centroid_index(A, B) == 1);
  CHECK(lloyd::centroid_index(B, A) == 1);
  CHECK(lloyd::centroid_index(A, A) == 0);
  // two true clusters missed: found centres {0, 0.2, 0.4, 10} vs truth {0, 10, 20, 30}
  const auto F = row({0, 0.2, 0.4, 10}), T = row({0, 10, 20, 30});
  CHECK(lloyd::centroid_index_one_way(F, T) == 2);  // 20 and 30 get nothing
  CHECK(lloyd::centroid_index_one_way(T, F) == 2);  // 0.2 and 0.4 get nothing
  CHECK(lloyd::centroid_index(F, T) == 2);
  // different numbers of centres: 2 found vs 3 true → at least one orphan
  CHECK(lloyd::centroid_index(row({0, 20}), row({0, 10, 20})) == 1);
  // ties go to the lowest index: 1 is equidistant from 0 and 2
  CHECK(lloyd::centroid_index_one_way(row({1}), row({0, 2})) == 1);
}

TEST_CASE("centroid index: order does not matter, 2-D", "[centroid_index]") {
  Eigen::MatrixXd T(2, 3), F(2, 3);
  T << 0, 5, 0, 0, 0, 5;
  F << 5.1, 0.1, -0.2, 0.1, 4.9, 0.1;  // a permutation of T, slightly moved
  CHECK(lloyd::centroid_index(F, T) == 0);
  F.col(1) << 0.3, 0.2;  // now two centres in the first cluster, none near (0, 5)
  CHECK(lloyd::centroid_index(F, T) == 1);
  CHECK(test::error_message([&] {
          lloyd::centroid_index(F, row({1, 2}));
        }).find("the centres have dimensions") != std::string::npos);
}

TEST_CASE("label_means: ground-truth centres from labels, any label values", "[centroid_index]") {
  Eigen::MatrixXd X(2, 5);
  X << 0, 2, 10, 12, 5, 0, 0, 1, 3, 7;
  Eigen::VectorXi y(5);
  y << 7, 7, 3, 3, 9;  // labels 3 < 7 < 9 → columns 0, 1, 2
  const Eigen::MatrixXd M = lloyd::label_means(X, y);
  REQUIRE(M.cols() == 3);
  CHECK(M(0, 0) == 11);
  CHECK(M(1, 0) == 2);
  CHECK(M(0, 1) == 1);
  CHECK(M(1, 1) == 0);
  CHECK(M(0, 2) == 5);
  CHECK(M(1, 2) == 7);
  CHECK(test::error_message([&] { lloyd::label_means(X, Eigen::VectorXi(3)); }).find("3 labels for 5") !=
        std::string::npos);
}

TEST_CASE("centroid index of k-means on separated blobs is 0", "[centroid_index]") {
  const auto g = lloyd::gaussian_board_with_truth(900, 6, 4);
  lloyd::Options opt;
  opt.k = 6;
  lloyd::KMeans<double> km(opt);
  const auto r = km.fit(g.points);
  CHECK(lloyd::centroid_index(r.centroids, lloyd::label_means(g.points, g.labels)) == 0);
  CHECK(lloyd::centroid_index(r.centroids, g.centres) == 0);
}
