// libFuzzer target: lloyd::io::parse_csv (float and double), round trip, a small fit. See harness.hpp.
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lloyd_fuzz::csv(data, size);
  return 0;
}
