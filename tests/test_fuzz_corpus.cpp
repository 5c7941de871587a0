// Replays the fuzzing seed corpus (tests/fuzz/corpus/<target>/) and every saved fuzzer finding
// (tests/fuzz/regressions/<target>/) through the fuzz harnesses, without libFuzzer: each input must
// be accepted or rejected with lloyd::error, never crash, leak or trip a sanitizer (this program
// also runs under the asan-ubsan and tsan presets).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/cli_harness.hpp"
#include "fuzz/harness.hpp"
#include "instances.hpp"  // the fits of harness.hpp are compiled once (instances_*.cpp)

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path dir = fs::path(LLOYD_FUZZ_DIR) / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path());
  }
  return files;
}

template <class Harness>
std::size_t replay(const std::string& target, Harness&& harness) {
  const std::vector<fs::path> files = inputs(target);
  for (const fs::path& p : files) {
    INFO(p.string());
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_NOTHROW(harness(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }
  return files.size();
}

}  // namespace

TEST_CASE("fuzz corpus and regressions: CSV reader", "[fuzz]") { CHECK(replay("csv", lloyd_fuzz::csv) >= 5); }
TEST_CASE("fuzz corpus and regressions: svmlight reader", "[fuzz]") {
  CHECK(replay("svmlight", lloyd_fuzz::svmlight) >= 5);
}
TEST_CASE("fuzz corpus and regressions: .npy reader", "[fuzz]") { CHECK(replay("npy", lloyd_fuzz::npy) >= 5); }
TEST_CASE("fuzz corpus and regressions: model reader", "[fuzz]") { CHECK(replay("model", lloyd_fuzz::model) >= 5); }
TEST_CASE("fuzz corpus and regressions: lloyd_kmeans arguments", "[fuzz]") {
  CHECK(replay("cli_args", lloyd_fuzz::cli_args) >= 5);
}
