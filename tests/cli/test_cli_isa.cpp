// lloyd_kmeans built per instruction set (tools/lloyd_kmeans/CMakeLists.txt, docs/ARCHITECTURE.md
// "Runtime ISA dispatch"): every variant this CPU can run, forced with LLOYD_ISA, gives the same bits —
// centres, labels, inertia, n_iter, the history — for several seedings, algorithms, both precisions,
// weights, mini-batch, bisecting and cosine. Its files are prefixed "isa_" (it may run next to
// test_cli in the same directory). LLOYD_KMEANS_VARIANTS: the variants built, comma-separated.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/file.hpp>
#include <lloyd/io/npy.hpp>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "support.hpp"

using lloyd::Index;

namespace {

using cli_test::json_field;
using cli_test::Run;

Run cli(const std::string& isa, const std::string& args) {
  return cli_test::run_tool(args, "LLOYD_ISA=" + isa + " ", "isa");
}

std::vector<std::string> built_variants() {
  std::vector<std::string> out;
  const std::string list = LLOYD_KMEANS_VARIANTS;
  for (std::size_t b = 0; b <= list.size();) {
    std::size_t e = list.find(',', b);
    if (e == std::string::npos) e = list.size();
    if (e > b) out.push_back(list.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

/// The variants the launcher agrees to run here (it refuses, exit 2, an ISA the CPU lacks).
std::vector<std::string> runnable_variants() {
  std::vector<std::string> out;
  for (const std::string& isa : built_variants()) {
    const Run r = cli(isa, "--version");
    if (r.status == 0) out.push_back(isa);
    else CHECK(r.err.find("does not support") != std::string::npos);
  }
  return out;
}

/// A file's content, "" when it does not exist.
std::string content(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return "";
  std::fclose(f);
  return lloyd::io::read_file(path);
}

/// A one-line JSON object without its timings ("seconds*", "ms_per_*") and "isa".
std::string without_timings(const std::string& json) {
  std::string out;
  std::size_t at = 0;
  while (at < json.size()) {
    const std::size_t key = json.find('"', at);
    if (key == std::string::npos) break;
    const std::size_t end = json.find_first_of(",}", key);
    const std::string member = json.substr(key, end - key);
    const bool timing =
        member.rfind("\"seconds", 0) == 0 || member.rfind("\"ms_per_", 0) == 0 || member.rfind("\"isa\":", 0) == 0;
    out += json.substr(at, key - at);
    if (!timing) out += member;
    at = end;
  }
  return out + json.substr(at);
}

/// The run's outputs that must not depend on the ISA: stdout without timings and "isa", the files.
std::string outputs(const Run& r) {
  return without_timings(r.out) + "\n" + content("isa_c.csv") + "\n" + content("isa_l.csv") + "\n" +
         content("isa_h.csv");
}

void write_inputs() {
  Eigen::MatrixXd centres(40, 6);
  for (Index j = 0; j < centres.size(); ++j) centres.data()[j] = 4 * std::sin(0.37 * static_cast<double>(j * j + 1));
  lloyd::io::write_npy("isa_f32.npy", test::blobs<float>(centres, 1500, 1.5, 3));  // 40 dims: packets and tails
  Eigen::MatrixXd low(3, 12);
  for (Index j = 0; j < low.size(); ++j) low.data()[j] = 5 * std::cos(1.3 * static_cast<double>(j));
  lloyd::io::write_csv("isa_low.csv", test::blobs<double>(low, 2500, 1.0, 5));
  Eigen::RowVectorXd w(2500);
  for (Index i = 0; i < w.size(); ++i) w[i] = 0.25 + std::fmod(0.618 * static_cast<double>(i), 3.0);
  lloyd::io::write_npy("isa_w.npy", w);
}

}  // namespace

TEST_CASE("cli: every ISA variant gives the same bits", "[cli][isa]") {
  write_inputs();
  const std::vector<std::string> isas = runnable_variants();
  REQUIRE(!isas.empty());
  CHECK(isas.back() == "baseline");
  const std::string out = " --json --quiet --centroids isa_c.csv --labels isa_l.csv";
  const std::vector<std::string> cases = {
      "isa_f32.npy --k 6 --n-init 2",
      "isa_f32.npy --k 9 --init k-means++ --n-init 3 --algorithm hamerly --history isa_h.csv",
      "isa_f32.npy --k 7 --init random --n-init 2 --algorithm elkan --update mean",
      "isa_f32.npy --k 20 --init k-means++ --precision double --algorithm yinyang --history isa_h.csv",
      "isa_f32.npy --k 30 --init k-means++ --algorithm gemm --threads 2",
      "isa_f32.npy --k 6 --mini-batch --batch-size 256",
      "isa_f32.npy --k 6 --bisecting",
      "isa_f32.npy --k 6 --metric cosine --n-init 2",
      "isa_f32.npy --k 6 --refine random-swap --swaps 4 --n-init 1",
      "isa_low.csv --k 16 --weights isa_w.npy --n-init 2 --history isa_h.csv",
      "isa_low.csv --k 12 --precision float --init k-means++ --update mean --history isa_h.csv",
      "isa_low.csv --k 8 --bisecting largest-cluster --precision float",
  };
  for (const std::string& c : cases) {
    INFO(c);
    std::string first;
    for (const std::string& isa : isas) {
      INFO("LLOYD_ISA=" << isa);
      std::remove("isa_h.csv");
      const Run r = cli(isa, c + out);
      REQUIRE(r.status == 0);
      CHECK(json_field(r.out, "isa") == "\"" + isa + "\"");
      const std::string o = outputs(r);
      if (first.empty()) first = o;
      else CHECK(o == first);
    }
  }
}

TEST_CASE("cli: LLOYD_ISA names a built variant", "[cli][isa]") {
  const Run r = cli("sse9", "--version");
  CHECK(r.status == 2);
  CHECK(r.err.find("LLOYD_ISA=sse9 is not one of the built variants") != std::string::npos);
}
