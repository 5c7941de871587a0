// The bisecting tree of a model file (io/model_tree.hpp): a fitted tree's stored form passes
// check_tree and converts back unchanged; every way a stored tree can be inconsistent throws.
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <lloyd/io/model_tree.hpp>
#include <string>
#include <vector>

namespace {

struct Node {  // the fields lloyd::BisectingNode has
  int parent = -1, left = -1, right = -1, label = -1, split = -1, depth = 0;
  Eigen::Matrix<double, Eigen::Dynamic, 1> centre;
  double inertia = 0, weight = 0;
  lloyd::Index size = 0;
};

/// Root 0 split first into 1, 2; node 2 split second into 3, 4: leaves from left to right 1, 3, 4.
std::vector<Node> three_leaf_tree() {
  std::vector<Node> n(5);
  auto link = [&](int i, int parent, int depth, int label) {
    Node& nd = n[static_cast<std::size_t>(i)];
    nd.parent = parent;
    nd.depth = depth;
    nd.label = label;
    nd.centre = Eigen::Vector2d(i, -i);
    nd.inertia = 10 - i;
    nd.weight = 5 - i;
    nd.size = 5 - i;
  };
  link(0, -1, 0, -1), link(1, 0, 1, 0), link(2, 0, 1, -1), link(3, 2, 2, 1), link(4, 2, 2, 2);
  n[0].left = 1, n[0].right = 2, n[0].split = 0;
  n[2].left = 3, n[2].right = 4, n[2].split = 1;
  return n;
}

lloyd::Points<double> leaf_centres() {
  lloyd::Points<double> C(2, 3);
  C << 1, 3, 4, -1, -3, -4;
  return C;
}

/// The message check_tree throws after `change` to the stored tree ("" when it does not throw).
std::string tree_error(const std::function<void(lloyd::io::ModelTree<double>&)>& change) {
  auto t = lloyd::io::tree_of_nodes<double>(three_leaf_tree());
  change(t);
  try {
    lloyd::io::check_tree(t, leaf_centres(), "m.npz");
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "";
}

std::int64_t& link(lloyd::io::ModelTree<double>& t, int node, int field) {
  return t.links[static_cast<std::size_t>(7 * node + field)];
}

}  // namespace

TEST_CASE("a fitted tree's stored form checks and converts back unchanged", "[io][model]") {
  const auto nodes = three_leaf_tree();
  const auto t = lloyd::io::tree_of_nodes<double>(nodes);
  REQUIRE(t.nodes() == 5);
  REQUIRE_NOTHROW(lloyd::io::check_tree(t, leaf_centres(), "m.npz"));
  const auto back = lloyd::io::nodes_of_tree<Node>(t);
  REQUIRE(back.size() == nodes.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    CHECK((back[i].parent == nodes[i].parent && back[i].left == nodes[i].left && back[i].right == nodes[i].right));
    CHECK((back[i].label == nodes[i].label && back[i].split == nodes[i].split && back[i].depth == nodes[i].depth));
    CHECK((back[i].centre == nodes[i].centre && back[i].inertia == nodes[i].inertia &&
           back[i].weight == nodes[i].weight && back[i].size == nodes[i].size));
  }
  CHECK(tree_error([](auto&) {}).empty());
}

TEST_CASE("inconsistent stored trees throw, naming the file and the node", "[io][model]") {
  using T = lloyd::io::ModelTree<double>;
  CHECK_THAT(tree_error([](T& t) { link(t, 0, 0) = 3; }), Catch::Contains("m.npz: tree node 0 has parent"));
  CHECK_THAT(tree_error([](T& t) { link(t, 3, 0) = 1; }), Catch::Contains("tree node 2: its split and children"));
  CHECK_THAT(tree_error([](T& t) { link(t, 3, 5) = 1; }), Catch::Contains("depth"));
  CHECK_THAT(tree_error([](T& t) { link(t, 4, 6) = -1; }), Catch::Contains("negative size"));
  CHECK_THAT(tree_error([](T& t) { link(t, 1, 3) = 7; }), Catch::Contains("leaf"));
  CHECK_THAT(tree_error([](T& t) { link(t, 1, 4) = 1; }), Catch::Contains("leaf"));
  CHECK_THAT(tree_error([](T& t) { link(t, 2, 1) = 1; }), Catch::Contains("children disagree"));
  CHECK_THAT(tree_error([](T& t) { link(t, 2, 3) = 0; }), Catch::Contains("children disagree"));
  // Leaves numbered 0, 2, 1 from left to right: swap the labels (and centres) of nodes 3 and 4.
  CHECK_THAT(tree_error([](T& t) {
               std::swap(link(t, 3, 3), link(t, 4, 3));
               t.centres.col(3).swap(t.centres.col(4));
             }),
             Catch::Contains("not centre") || Catch::Contains("left to right"));
  CHECK_THAT(tree_error([](T& t) { t.centres(0, 3) = 99; }), Catch::Contains("tree leaf 3 is not centre 1"));
  CHECK_THAT(tree_error([](T& t) { t.centres(1, 0) = std::numeric_limits<double>::infinity(); }),
             Catch::Contains("non-finite centre"));
  CHECK_THAT(tree_error([](T& t) { t.stats[3] = -1; }), Catch::Contains("inertia or weight"));
  CHECK_THAT(tree_error([](T& t) { t.stats[0] = std::numeric_limits<double>::quiet_NaN(); }),
             Catch::Contains("inertia or weight"));
  CHECK_THAT(tree_error([](T& t) { t.centres.conservativeResize(2, 3); }), Catch::Contains("needs 5"));
}
