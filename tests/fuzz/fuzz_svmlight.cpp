// libFuzzer target: lloyd::io::parse_svmlight (float and double, 1- and 0-based), round trip, a small
// fit. See harness.hpp.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lloyd_fuzz::svmlight(data, size);
  return 0;
}
