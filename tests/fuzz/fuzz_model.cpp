// libFuzzer target: lloyd::io::parse_model (float and double), round trip, predict. See harness.hpp.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lloyd_fuzz::model(data, size);
  return 0;
}
