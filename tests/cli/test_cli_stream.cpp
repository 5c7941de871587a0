// lloyd_kmeans on data streamed or mapped: a regular .npy input of the chosen precision is
// memory-mapped and gives the bits of the same file read into memory (from a pipe); --mini-batch runs
// MiniBatchKMeans (equal to the library's), saves its model, and refuses the options it has no use for.
// Its files are prefixed "stream_" so that this test can run next to test_cli in the same directory.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/model.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/mini_batch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli_run.hpp"
#include "support.hpp"

using lloyd::Index;

namespace {

using cli_test::json_field;
using cli_test::Run;
using cli_test::same_bits;

// Runs `lloyd_kmeans ARGS` through /bin/sh; `prefix` may pipe into it.
Run cli(const std::string& args, const std::string& prefix = "") { return cli_test::run_tool(args, prefix, "stream"); }

template <class Scalar>
lloyd::Points<Scalar> four_blobs(Index n, std::uint64_t seed) {
  Eigen::MatrixXd centres(3, 4);
  centres << 0, 6, 0, 6, 0, 0, 6, 6, 1, -1, 2, 0;
  return test::blobs<Scalar>(centres, n, 1.0, seed);
}

// A fit of FILE (mapped) and of the same bytes through a pipe (read): same stdout fields and files.
void check_mapped_equals_read(const std::string& file, const std::string& options) {
  const Run m = cli(file + " " + options + " --json --quiet --labels stream_l1.npy --centroids stream_c1.npy");
  const Run r =
      cli("- " + options + " --json --quiet --labels stream_l2.npy --centroids stream_c2.npy", "cat " + file + " | ");
  INFO(m.err << r.err);
  REQUIRE(m.status == 0);
  REQUIRE(r.status == 0);
  CHECK(json_field(m.out, "input") == "\"mapped\"");
  CHECK(json_field(r.out, "input") == "\"read\"");
  for (const char* key : {"n", "d", "k", "precision", "n_iter", "converged", "inertia"}) {
    INFO(key);
    CHECK(json_field(m.out, key) == json_field(r.out, key));
  }
  CHECK(lloyd::io::read_file("stream_l1.npy") == lloyd::io::read_file("stream_l2.npy"));
  CHECK(lloyd::io::read_file("stream_c1.npy") == lloyd::io::read_file("stream_c2.npy"));
  for (const char* f : {"stream_l1.npy", "stream_l2.npy", "stream_c1.npy", "stream_c2.npy"}) std::remove(f);
}

}  // namespace

TEST_CASE("cli: a mapped .npy input gives the bits of the same file read into memory", "[cli][stream]") {
  lloyd::io::write_npy("stream_f32.npy", four_blobs<float>(2001, 5));
  lloyd::io::write_npy("stream_f64.npy", four_blobs<double>(1003, 6));
  check_mapped_equals_read("stream_f32.npy", "--k 4 --seed 3");
  check_mapped_equals_read("stream_f32.npy", "--k 4 --seed 3 --init k-means++ --algorithm hamerly --update mean");
  check_mapped_equals_read("stream_f64.npy", "--k 5 --seed 1 --n-init 2");
  check_mapped_equals_read("stream_f32.npy", "--k 4 --seed 9 --mini-batch --batch-size 100");
  // Not mapped: another precision than the file's (converted when read).
  const Run d = cli("stream_f32.npy --k 4 --precision double --json --quiet");
  REQUIRE(d.status == 0);
  CHECK(json_field(d.out, "input") == "\"read\"");
  std::remove("stream_f32.npy");
  std::remove("stream_f64.npy");
}

TEST_CASE("cli: --mini-batch equals the library's MiniBatchKMeans; its model loads", "[cli][stream]") {
  const lloyd::Points<double> X = four_blobs<double>(3000, 7);
  lloyd::io::write_npy("stream_mb.npy", X);
  std::remove("stream_mb.npz");
  const Run r =
      cli("stream_mb.npy --k 4 --seed 11 --mini-batch --batch-size 256 --json --quiet --centroids stream_mb_c.npy "
          "--labels stream_mb_l.csv --save-model stream_mb.npz");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  lloyd::MiniBatchOptions o;
  o.k = 4;
  o.seed = 11;
  o.batch_size = 256;
  lloyd::MiniBatchKMeans<double> mb(o);
  const auto ref = mb.fit(X);
  CHECK(same_bits<double>(lloyd::io::read_npy<double>("stream_mb_c.npy").points, ref.centroids));
  CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);
  CHECK(json_field(r.out, "n_iter") == std::to_string(ref.n_iter));
  CHECK(json_field(r.out, "estimator") == "\"MiniBatchKMeans\"");
  CHECK(json_field(r.out, "init") == "\"k-means++\"");
  CHECK(json_field(r.out, "batch_size") == "256");
  CHECK(json_field(r.out, "n_init") == "3");
  CHECK(json_field(r.out, "ms_per_step") != "<missing>");
  const lloyd::io::ModelMeta meta = lloyd::io::read_model_meta("stream_mb.npz");
  CHECK(meta.estimator == "MiniBatchKMeans");
  const auto loaded = lloyd::load<lloyd::MiniBatchKMeans<double>>("stream_mb.npz");
  CHECK(same_bits<double>(loaded.centroids(), ref.centroids));
  CHECK(loaded.options().batch_size == 256);
  CHECK(loaded.options().seed == 11);
  // --model labels INPUT as the mini-batch fit did.
  const Run use = cli("stream_mb.npy --model stream_mb.npz --labels stream_mb_l2.csv --quiet");
  REQUIRE(use.status == 0);
  CHECK(lloyd::io::read_file("stream_mb_l2.csv") == lloyd::io::read_file("stream_mb_l.csv"));
  // The default batch is scikit-learn's 1024; the summary says mini-batch.
  const Run def = cli("stream_mb.npy --k 4 --mini-batch --json");
  CHECK(json_field(def.out, "batch_size") == "1024");
  const Run text = cli("stream_mb.npy --k 4 --mini-batch");
  CHECK(text.out.find("mini-batch of 1024 rows") != std::string::npos);
  for (const char* f : {"stream_mb.npy", "stream_mb.npz", "stream_mb_c.npy", "stream_mb_l.csv", "stream_mb_l2.csv"})
    std::remove(f);
}

TEST_CASE("cli: --mini-batch refuses the options it has no use for, with one line", "[cli][stream]") {
  lloyd::io::write_npy("stream_bad.npy", four_blobs<float>(200, 1));
  const std::pair<const char*, const char*> cases[] = {
      {"--mini-batch --algorithm gemm", "--algorithm has no effect with --mini-batch"},
      {"--mini-batch --update mean", "--update has no effect with --mini-batch"},
      {"--mini-batch --refine random-swap", "--refine has no effect with --mini-batch"},
      {"--mini-batch --swaps 2", "--swaps has no effect with --mini-batch"},
      {"--mini-batch --history stream_h.csv", "--history has no effect with --mini-batch"},
      {"--batch-size 10", "--batch-size needs --mini-batch"},
      {"--mini-batch --batch-size 0", "--batch-size expects an integer"},
  };
  for (const auto& c : cases) {
    const Run r = cli(std::string("stream_bad.npy --k 3 ") + c.first + " --labels stream_bad_l.csv");
    INFO(c.first << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.second) != std::string::npos);
    CHECK(r.err.find('\n') == r.err.size() - 1);
    CHECK(lloyd::io::read_file("stream_stdout.txt").empty());
    std::FILE* f = std::fopen("stream_bad_l.csv", "rb");
    CHECK(f == nullptr);
    if (f) std::fclose(f);
  }
  const Run model = cli("stream_bad.npy --model stream_none.npz --mini-batch");
  CHECK(model.status == 2);
  CHECK(model.err.find("--mini-batch has no effect with --model") != std::string::npos);
  const Run help = cli("--help");
  CHECK(help.out.find("--mini-batch") != std::string::npos);
  CHECK(help.out.find("--batch-size B") != std::string::npos);
  std::remove("stream_bad.npy");
}
