// libFuzzer target: the lloyd_kmeans argument parser. See cli_harness.hpp.
#include "cli_harness.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lloyd_fuzz::cli_args(data, size);
  return 0;
}
