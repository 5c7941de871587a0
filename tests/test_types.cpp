// Tests of lloyd/types.hpp and lloyd/error.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("map_rows views a row-major N×D buffer as D×N points, without copying", "[types]", float, double) {
  using S = TestType;
  std::vector<S> buf(12);
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<S>(i);
  const auto X = lloyd::map_rows<S>(static_cast<const S*>(buf.data()), 4, 3);
  REQUIRE(X.rows() == 3);
  REQUIRE(X.cols() == 4);
  for (lloyd::Index i = 0; i < 4; ++i)
    for (lloyd::Index j = 0; j < 3; ++j) CHECK(X(j, i) == buf[static_cast<std::size_t>(i * 3 + j)]);
  auto M = lloyd::map_rows<S, 3>(buf.data(), 4);
  M(1, 2) = 100;
  CHECK(buf[7] == 100);
  const lloyd::PointsRef<S> ref(X);  // a Ref over the map: still the same memory
  CHECK(ref.data() == buf.data());
}

TEST_CASE("lloyd::error is an invalid_argument with a lloyd: prefix", "[types]") {
  const lloyd::error e("parameter 'k' is 0");
  const std::invalid_argument& base = e;
  CHECK(std::string(base.what()) == "lloyd: parameter 'k' is 0");
}
