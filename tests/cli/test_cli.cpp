// lloyd_kmeans end to end: runs the real executable (path in LLOYD_KMEANS_EXE) on small files and
// checks its JSON, its output files, that its result equals the library's for the same seed, and
// that every bad input gives exit status 2 with one line on stderr and no output file.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/model.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/io/svmlight.hpp>
#include <lloyd/lloyd.hpp>
#include <string>
#include <vector>

#include "../../tools/lloyd_kmeans/args.hpp"     // kAlgorithmNames (no fitting code)
#include "../../tools/lloyd_kmeans/outputs.hpp"  // OutputSet

#include "cli_run.hpp"
#include "support.hpp"

using lloyd::Index;

namespace {

using cli_test::json_field;
using cli_test::Run;
using cli_test::same_bits;

bool exists(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}

void remove_files(std::initializer_list<std::string> paths) {
  for (const auto& p : paths) std::remove(p.c_str());
}

// Runs `lloyd_kmeans ARGS` through /bin/sh (ARGS may contain redirections/pipes via `prefix`).
Run cli(const std::string& args, const std::string& prefix = "") { return cli_test::run_tool(args, prefix, "cli"); }

void write_text(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// Three blobs in 3-D written as CSV with a header line.
template <class Scalar>
lloyd::Points<Scalar> make_data(const std::string& csv_path) {
  Eigen::MatrixXd centres(3, 3);
  centres << 0, 6, 0, 0, 6, 6, 0, 0, 3;
  const lloyd::Points<Scalar> X = test::blobs<Scalar>(centres, 240, 1.0, 42);
  std::FILE* f = std::fopen(csv_path.c_str(), "wb");
  REQUIRE(f);
  std::fputs("a,b,c\n", f);
  lloyd::io::write_csv(f, X);
  std::fclose(f);
  return X;
}

lloyd::Labels read_labels(const std::string& path) {
  const auto m = lloyd::io::read_csv<double>(path);
  REQUIRE(m.cols() == 1);
  lloyd::Labels l(m.rows());
  for (Index i = 0; i < m.rows(); ++i) l[i] = static_cast<int>(m.points(0, i));
  return l;
}

}  // namespace

TEST_CASE("cli: end to end on a CSV file, result equal to the library's", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("e2e.csv");
  remove_files({"e2e_labels.csv", "e2e_centroids.csv", "e2e_history.csv"});
  const Run r =
      cli("e2e.csv --k 3 --seed 7 --n-init 4 --json --quiet --labels e2e_labels.csv "
          "--centroids e2e_centroids.csv --history e2e_history.csv");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  // Exactly one JSON object on one line.
  REQUIRE(!r.out.empty());
  CHECK(r.out.front() == '{');
  CHECK(r.out.substr(r.out.size() - 2) == "}\n");
  CHECK(r.out.find('\n') == r.out.size() - 1);
  CHECK(json_field(r.out, "n") == "240");
  CHECK(json_field(r.out, "d") == "3");
  CHECK(json_field(r.out, "k") == "3");
  CHECK(json_field(r.out, "precision") == "\"double\"");
  CHECK(json_field(r.out, "algorithm") == "\"auto\"");
  CHECK(json_field(r.out, "n_init") == "4");
  CHECK(std::atoi(json_field(r.out, "threads").c_str()) >= 1);
  for (const char* key : {"seconds_total", "seconds_seeding", "ms_per_iter"}) {
    INFO(key);
    const double v = std::atof(json_field(r.out, key).c_str());
    CHECK(v >= 0);
    CHECK(json_field(r.out, key) != "<missing>");
  }
  CHECK(std::atof(json_field(r.out, "seconds_seeding").c_str()) <=
        std::atof(json_field(r.out, "seconds_total").c_str()));

  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 7;
  opt.n_init = 4;
  opt.record_history = true;
  lloyd::KMeans<double> km(opt);
  const lloyd::Result<double> ref = km.fit(X);
  CHECK(json_field(r.out, "n_iter") == std::to_string(ref.n_iter));
  CHECK(json_field(r.out, "converged") == (ref.converged ? "true" : "false"));
  CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);  // %.17g: exact
  const long total = std::atol(json_field(r.out, "n_iter_total").c_str());
  CHECK(total >= ref.n_iter);

  // Outputs: centres bit-identical to the library's, same labels, one history line per iteration.
  const auto C = lloyd::io::read_csv<double>("e2e_centroids.csv");
  CHECK(C.rows() == 3);
  CHECK(same_bits<double>(C.points, ref.centroids));
  CHECK(read_labels("e2e_labels.csv") == ref.labels);
  const std::string hist = lloyd::io::read_file("e2e_history.csv");
  CHECK(hist.compare(0, 34, "iteration,inertia,n_changed,shift\n") == 0);
  const auto H = lloyd::io::read_csv<double>("e2e_history.csv");
  CHECK(H.cols() == 4);
  CHECK(H.rows() == static_cast<lloyd::Index>(ref.history.size()));
  CHECK(H.points(1, H.rows() - 1) == ref.inertia);
  remove_files({"e2e.csv", "e2e_labels.csv", "e2e_centroids.csv", "e2e_history.csv"});
}

TEST_CASE("cli: float32 .npy in and out, equal to KMeans<float>", "[cli]") {
  const lloyd::Points<float> X = make_data<float>("f32.csv");
  lloyd::io::write_npy("f32.npy", X);
  const Run r = cli("f32.npy --k 4 --seed 3 --json --quiet --init random --centroids f32_c.npy --labels f32_l.npy");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(json_field(r.out, "precision") == "\"float\"");  // default for a float32 .npy
  lloyd::Options opt;
  opt.k = 4;
  opt.seed = 3;
  lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::RandomSample> km(opt);
  const auto ref = km.fit(X);
  const auto C = lloyd::io::read_npy<float>("f32_c.npy");
  CHECK(same_bits<float>(C.points, ref.centroids));
  const std::string lb = lloyd::io::read_file("f32_l.npy");
  const auto h = lloyd::io::parse_npy_header(lb.data(), lb.size());
  REQUIRE(h.shape == std::vector<Index>{240});
  std::vector<std::int32_t> labels(240);
  std::memcpy(labels.data(), lb.data() + h.data_offset, 240 * 4);
  for (Index i = 0; i < 240; ++i) CHECK(labels[static_cast<std::size_t>(i)] == ref.labels[i]);
  // --precision double on the same file equals KMeans<double> on the widened data.
  const Run r2 = cli("f32.npy --k 4 --seed 3 --json --quiet --precision double --centroids f32_c.csv");
  REQUIRE(r2.status == 0);
  lloyd::KMeans<double> kmd([&] {
    lloyd::Options o = opt;
    return o;
  }());
  const auto refd = kmd.fit(X.cast<double>().eval());
  CHECK(same_bits<double>(lloyd::io::read_csv<double>("f32_c.csv").points, refd.centroids));
  remove_files({"f32.csv", "f32.npy", "f32_c.npy", "f32_l.npy", "f32_c.csv"});
}

TEST_CASE("cli: --init CENTRES, --weights, stdin and thread counts match the library", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("misc.csv");
  Eigen::MatrixXd C0(3, 3);
  C0 << 1, 5, 0.5, 0, 5, 5, 0, 1, 2;
  lloyd::io::write_csv("misc_init.csv", C0);

  SECTION("--init file (one run, k taken from the file)") {
    const Run r = cli("misc.csv --init misc_init.csv --json --quiet --centroids misc_c.csv");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(json_field(r.out, "n_init") == "1");
    CHECK(json_field(r.out, "k") == "3");
    lloyd::Options opt;
    opt.k = 3;
    lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C0));
    CHECK(same_bits<double>(lloyd::io::read_csv<double>("misc_c.csv").points, km.fit(X).centroids));
  }
  SECTION("--weights") {
    lloyd::Weights<double> w(X.cols());
    for (Index i = 0; i < w.size(); ++i) w[i] = static_cast<double>(1 + i % 5);
    lloyd::io::write_npy("misc_w.npy", w.transpose());  // 1 x N → a (N, 1) array
    const Run r = cli("misc.csv --k 3 --seed 11 --weights misc_w.npy --json --quiet --centroids misc_c.csv");
    INFO(r.err);
    REQUIRE(r.status == 0);
    lloyd::Options opt;
    opt.k = 3;
    opt.seed = 11;
    lloyd::KMeans<double> km(opt);
    const auto ref = km.fit(X, w);
    CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);
    CHECK(same_bits<double>(lloyd::io::read_csv<double>("misc_c.csv").points, ref.centroids));
    std::remove("misc_w.npy");
  }
  SECTION("stdin and --threads give the same result as a file") {
    const Run a = cli("misc.csv --k 3 --json --quiet --threads 1 --centroids misc_c.csv");
    const Run b = cli("- --k 3 --json --quiet --threads 2 --centroids misc_c2.csv", "cat misc.csv | ");
    INFO(a.err << b.err);
    REQUIRE(a.status == 0);
    REQUIRE(b.status == 0);
    CHECK(json_field(a.out, "inertia") == json_field(b.out, "inertia"));
    CHECK(lloyd::io::read_file("misc_c.csv") == lloyd::io::read_file("misc_c2.csv"));
    std::remove("misc_c2.csv");
  }
  remove_files({"misc.csv", "misc_init.csv", "misc_c.csv"});
}

TEST_CASE("cli: summary and progress", "[cli]") {
  make_data<double>("sum.csv");
  const Run r = cli("sum.csv --k 3");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("inertia") != std::string::npos);
  const Run q = cli("sum.csv --k 3 --quiet");
  REQUIRE(q.status == 0);
  CHECK(q.out.empty());
  CHECK(q.err.empty());
  std::remove("sum.csv");
}

TEST_CASE("cli: --init and --refine select the library's policies", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("seedings.csv");
  lloyd::Options opt;
  opt.k = 4;
  opt.seed = 11;
  auto centres = [](const std::string& args) {
    const Run r = cli("seedings.csv --k 4 --seed 11 --quiet --centroids seedings_c.csv " + args);
    INFO(r.err);
    REQUIRE(r.status == 0);
    return lloyd::io::read_csv<double>("seedings_c.csv").points;
  };
  // The default is the library's default seeding (local-search k-means++).
  CHECK(same_bits<double>(centres(""), lloyd::KMeans<double>(opt).fit(X).centroids));
  CHECK(same_bits<double>(centres("--init k-means++"),
                          lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus>(opt).fit(X).centroids));
  using Swapping =
      lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::LocalSearchPlusPlus, lloyd::assignment::BruteForce,
                    lloyd::update::ReproducibleMean, lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>;
  CHECK(same_bits<double>(centres("--refine random-swap --swaps 7"),
                          Swapping(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(7)).fit(X).centroids));
  CHECK(same_bits<double>(centres("--refine random-swap"),  // default: k swaps
                          Swapping(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(4)).fit(X).centroids));
  remove_files({"seedings.csv", "seedings_c.csv"});
}

TEST_CASE("cli: --refine breathing is refine::Breathing with m = 5", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("breathing.csv");
  lloyd::Options opt;
  opt.k = 6;
  opt.seed = 3;
  opt.n_init = 2;
  const Run r = cli("breathing.csv --k 6 --seed 3 --n-init 2 --quiet --centroids breathing_c.csv --refine breathing");
  INFO(r.err);
  REQUIRE(r.status == 0);
  using Breathing =
      lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::LocalSearchPlusPlus, lloyd::assignment::BruteForce,
                    lloyd::update::ReproducibleMean, lloyd::inertia::SquaredEuclidean, lloyd::refine::Breathing>;
  CHECK(same_bits<double>(lloyd::io::read_csv<double>("breathing_c.csv").points, Breathing(opt).fit(X).centroids));
  // Without --n-init: one run under breathing, as the library's n_init auto.
  opt.n_init = lloyd::Options::auto_n_init;
  REQUIRE(cli("breathing.csv --k 6 --seed 3 --quiet --centroids breathing_c.csv --refine breathing").status == 0);
  CHECK(same_bits<double>(lloyd::io::read_csv<double>("breathing_c.csv").points, Breathing(opt).fit(X).centroids));
  CHECK(cli("breathing.csv --k 6 --refine breathing --swaps 3").err.find("--swaps needs --refine random-swap") !=
        std::string::npos);
  remove_files({"breathing.csv", "breathing_c.csv"});
}

TEST_CASE("cli: every --algorithm gives the same bits (all are exact)", "[cli]") {
  make_data<float>("algos.csv");
  std::string first;
  for (const lloyd_cli::AlgorithmName& entry : lloyd_cli::kAlgorithmNames) {  // the tool's own list
    const std::string algo = entry.name;
    INFO(algo);
    const Run r = cli(std::string("algos.csv --k 5 --seed 2 --precision float --quiet --json --labels algos_l.csv "
                                  "--centroids algos_c.csv --algorithm ") +
                      algo);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(json_field(r.out, "algorithm") == std::string("\"") + algo + "\"");
    const std::string out = lloyd::io::read_file("algos_c.csv") + lloyd::io::read_file("algos_l.csv");
    if (first.empty()) first = out;
    CHECK(out == first);
  }
  remove_files({"algos.csv", "algos_c.csv", "algos_l.csv"});
}

TEST_CASE("cli: --algorithm lloyd, the former name of brute, runs brute with the same stdout", "[cli]") {
  make_data<float>("alias.csv");
  const std::string args = "alias.csv --k 4 --seed 3 --precision float --n-init 2 --centroids alias_c.csv --algorithm ";
  const Run brute = cli(args + "brute");
  REQUIRE(brute.status == 0);
  const std::string centres = lloyd::io::read_file("alias_c.csv");
  const Run alias = cli(args + "lloyd");
  REQUIRE(alias.status == 0);
  CHECK(lloyd::io::read_file("alias_c.csv") == centres);
  auto without_time = [](const std::string& out) { return out.substr(0, out.find("time ")); };
  CHECK(without_time(alias.out) == without_time(brute.out));  // "algorithm brute" in both
  CHECK(alias.err.find("former name") != std::string::npos);
  CHECK(cli(args + "lloyd --quiet").err.empty());
  remove_files({"alias.csv", "alias_c.csv"});
}

TEST_CASE("cli: --update exact, the former name of reproducible, runs the same update", "[cli]") {
  make_data<float>("ualias.csv");
  const std::string args = "ualias.csv --k 4 --seed 3 --precision float --n-init 2 --centroids ualias_c.csv --update ";
  const Run now = cli(args + "reproducible --json");
  REQUIRE(now.status == 0);
  CHECK(json_field(now.out, "update") == "\"reproducible\"");
  const std::string centres = lloyd::io::read_file("ualias_c.csv");
  const Run alias = cli(args + "exact --json");
  REQUIRE(alias.status == 0);
  CHECK(lloyd::io::read_file("ualias_c.csv") == centres);
  CHECK(json_field(alias.out, "update") == "\"reproducible\"");
  CHECK(alias.err.find("former name") != std::string::npos);
  CHECK(cli(args + "exact --quiet").err.empty());
  CHECK(cli(args + "fixed").status == 2);
  remove_files({"ualias.csv", "ualias_c.csv"});
}

TEST_CASE("cli: --help lists every option", "[cli]") {
  const Run r = cli("--help");
  REQUIRE(r.status == 0);
  for (const char* opt : {"INPUT",        "--k",         "--init",    "local-search", "k-means++",   "random",
                          "--refine",     "random-swap", "--swaps",   "--n-init",     "--max-iter",  "--tol",
                          "--seed",       "--algorithm", "--update",  "reproducible", "exact",       "mean",
                          "--threads",    "--precision", "--weights", "--labels",     "--centroids", "--history",
                          "--save-model", "--model",     "--json",    "--quiet",      "--help"}) {
    INFO(opt);
    CHECK(r.out.find(opt) != std::string::npos);
  }
  for (const lloyd_cli::AlgorithmName& entry : lloyd_cli::kAlgorithmNames) {  // every --algorithm, described
    INFO(entry.name);
    CHECK(r.out.find(entry.name) != std::string::npos);
    CHECK(r.out.find(entry.description) != std::string::npos);
  }
}

TEST_CASE("cli: every bad input exits with 2, one line on stderr, no output file", "[cli]") {
  make_data<double>("good.csv");
  const lloyd::Points<float> small = test::uniform<float>(2, 5, 1);
  lloyd::io::write_npy("good.npy", small);
  const std::string npy = lloyd::io::read_file("good.npy");
  write_text("truncated.npy", npy.substr(0, npy.size() - 3));
  std::string fortran = npy;
  fortran.replace(fortran.find("False"), 5, "True ");
  write_text("fortran.npy", fortran);
  std::string int_dtype = npy;
  int_dtype.replace(int_dtype.find("<f4"), 3, "<i4");
  write_text("int.npy", int_dtype);
  write_text("ragged.csv", "1,2\n3,4\n5\n");
  write_text("text.csv", "1,2\n3,x\n");
  write_text("nan.csv", "1,2\n3,nan\n");
  write_text("inf.csv", "1 2\n3 inf\n");
  write_text("empty.csv", "");
  write_text("header_only.csv", "x,y\n");
  write_text("empty.npy", "");
  write_text("w_short.csv", "1\n2\n");
  write_text("w_neg.csv", std::string("1\n-1\n1\n1\n1\n"));
  write_text("two_same.csv", "1,1\n1,1\n1,1\n");
  write_text("init_bad.csv", "1,2\n4,5\n");
  write_text("huge.csv", "1,2\n1e200,3\n4,5\n");
  write_text("zero_row.csv", "1,2\n0,0\n4,5\n");
  lloyd::Points<float> huge_f = small;
  huge_f(1, 3) = 1e30f;
  lloyd::io::write_npy("huge_f.npy", huge_f);
  std::remove("link_to_good.csv");
  std::remove("dangling.csv");
  REQUIRE(::symlink("good.csv", "link_to_good.csv") == 0);
  REQUIRE(::symlink("nowhere.csv", "dangling.csv") == 0);
  const std::string good_before = lloyd::io::read_file("good.csv");

  struct Case {
    std::string args;
    const char* message;
  };
  const Case cases[] = {
      {"missing.csv --k 2", "missing.csv: cannot open"},
      {"missing.npy --k 2", "missing.npy: cannot open"},
      {"truncated.npy --k 2", "truncated.npy: truncated"},
      {"fortran.npy --k 2", "fortran.npy: array is in Fortran order"},
      {"int.npy --k 2", "int.npy: dtype '<i4' is not supported"},
      {"empty.npy --k 2", "empty.npy: not a .npy file"},
      {"ragged.csv --k 2", "ragged.csv:3:2: row has 1 fields; expected 2"},
      {"text.csv --k 2", "text.csv:2:3: 'x' is not a number"},
      {"nan.csv --k 2", "nan.csv:2:3: 'nan' is not finite"},
      {"inf.csv --k 2", "inf.csv:2:3: 'inf' is not finite"},
      {"empty.csv --k 2", "empty.csv: no data rows"},
      {"header_only.csv --k 2", "header_only.csv: no data rows"},
      {"good.npy --k 6", "--k is 6 but good.npy has only 5 rows"},
      {"two_same.csv --k 2", "k"},  // the library: fewer distinct points than k
      {"good.csv --k 2 --frobnicate", "unknown option '--frobnicate'"},
      {"good.csv --k 2 -x", "unknown option '-x'"},
      {"good.csv --k 2 --algorithm nope", "unknown --algorithm 'nope'"},
      {"good.csv --k two", "--k expects an integer"},
      {"good.csv --k 0", "--k expects an integer"},
      {"good.csv --k 2 --n-init 0", "--n-init expects an integer"},
      {"good.csv --k 2 --max-iter 1.5", "--max-iter expects an integer"},
      {"good.csv --k 2 --tol -1", "--tol expects a finite number"},
      {"good.csv --k 2 --tol nan", "--tol expects a finite number"},
      {"good.csv --k 2 --seed -3", "--seed expects an unsigned"},
      {"good.csv --k 2 --threads 0", "--threads expects an integer"},
      {"good.csv --k 2 --precision half", "--precision expects 'float' or 'double'"},
      {"good.csv --k", "--k needs a value"},
      {"good.csv --k --json", "--k needs a value"},
      {"good.csv", "--k is required"},
      {"--k 2", "no INPUT"},
      {"good.csv other.csv --k 2", "more than one INPUT"},
      {"good.csv --k 2 --weights w_short.csv", "--weights needs 240 values"},
      {"good.npy --k 2 --weights w_neg.csv", "w_neg.csv: weight 1 (row 2) is negative"},
      {"good.csv --k 2 --weights missing_w.csv", "missing_w.csv: cannot open"},
      {"good.csv --init init_bad.csv", "init_bad.csv: --init centres have 2 columns but good.csv has 3"},
      {"good.csv --k 2 --init missing_init.csv", "missing_init.csv: cannot open"},
      {"good.csv --k 2 --history h.npy", "--history writes CSV only"},
      {"good.csv --k 2 --refine annealing", "--refine expects 'none' or 'random-swap'"},
      {"good.csv --k 2 --swaps 5", "--swaps needs --refine random-swap"},
      {"good.csv --k 2 --refine random-swap --swaps -1", "--swaps expects an integer"},
      {"good.csv --k 2 --labels no/such/dir/l.csv", "no/such/dir/l.csv: the directory no/such/dir does not exist"},
      // outputs that are an input or another output, by any spelling or link; "-"; directories; links to nothing
      {"good.csv --k 2 --labels good.csv", "--labels good.csv is the same file as INPUT good.csv"},
      {"good.csv --k 2 --labels ./good.csv", "--labels ./good.csv is the same file as INPUT good.csv"},
      {"good.csv --k 2 --history link_to_good.csv", "--history link_to_good.csv is the same file as INPUT"},
      {"good.csv --k 2 --labels bad_c.csv", "--centroids bad_c.csv is the same file as --labels bad_c.csv"},
      {"good.csv --k 2 --labels ../cli_run/bad_c.csv", "is the same file as --labels ../cli_run/bad_c.csv"},
      {"good.csv --k 2 --weights w_short.csv --labels w_short.csv", "is the same file as --weights w_short.csv"},
      {"good.csv --init init_bad.csv --labels init_bad.csv", "is the same file as --init init_bad.csv"},
      {"good.csv --k 2 --labels -", "--labels -: outputs are files"},
      {"good.csv --k 2 --labels .", ".: is a directory"},
      {"good.csv --k 2 --labels dangling.csv", "dangling.csv: is a symbolic link to a missing file"},
      // strict option values: no spaces, signs, hex, infinities, empty values or repeated options
      {"good.csv --k ' 3'", "--k expects an integer"},
      {"good.csv --k +3", "--k expects an integer"},
      {"good.csv --k 3x", "--k expects an integer"},
      {"good.csv --k 2 --tol 0x10", "--tol expects a finite number"},
      {"good.csv --k 2 --tol inf", "--tol expects a finite number"},
      {"good.csv --k 2 --tol ' 1'", "--tol expects a finite number"},
      {"good.csv --k 2 --seed +3", "--seed expects an unsigned"},
      {"good.csv --k 2 --labels=", "--labels needs a value"},
      {"good.csv --k 2 --k 3", "--k is given twice"},
      {"good.csv --k 2 --labels a.csv --labels=b.csv", "--labels is given twice"},
      // values whose squares overflow: named by file, row and column; "use double" only for float
      {"huge.csv --k 2", "huge.csv: row 2, column 1 is 1e+200; in dimension 2 the double data must stay within"},
      {"huge_f.npy --k 2", "(or use --precision double)"},
      // --bisecting: a strategy, and none of the options it has no use for
      {"good.csv --k 2 --bisecting=middle", "--bisecting expects 'biggest-inertia' or 'largest-cluster'"},
      {"good.csv --k 2 --bisecting --bisecting", "--bisecting is given twice"},
      {"good.csv --k 2 --bisecting --algorithm brute", "--algorithm has no effect with --bisecting"},
      {"good.csv --k 2 --bisecting --history h.csv", "--history has no effect with --bisecting"},
      {"good.csv --k 2 --bisecting --mini-batch", "--bisecting has no effect with --mini-batch"},
      {"good.csv --bisecting --init init_bad.csv", "--bisecting seeds each split itself"},
      // --metric cosine: SphericalKMeans, which has its own update and refuses zero rows
      {"good.csv --k 2 --metric manhattan", "--metric expects 'euclidean' or 'cosine'"},
      {"good.csv --k 2 --metric cosine --update mean", "--update has no effect with --metric cosine"},
      {"zero_row.csv --k 2 --metric cosine", "is the zero vector"},
  };
  for (const Case& c : cases) {
    INFO("lloyd_kmeans " << c.args);
    remove_files({"bad_c.csv", "bad_l.csv"});
    const Run r = cli("--centroids bad_c.csv " + c.args);
    INFO("stderr: " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.compare(0, 14, "lloyd_kmeans: ") == 0);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(r.err.find('\n') == r.err.size() - 1);  // exactly one line
    CHECK(!exists("bad_c.csv"));                  // no partial output
    CHECK(lloyd::io::read_file("good.csv") == good_before);
    CHECK(!exists("nowhere.csv"));
  }
  CHECK(cli("huge.csv --k 2").err.find("use") == std::string::npos);  // double data: no advice to use double
  SECTION("stdin: an empty or malformed table") {
    Run r = cli("- --k 2", "printf '' | ");
    CHECK(r.status == 2);
    CHECK(r.err.find("<stdin>: no data rows") != std::string::npos);
    r = cli("- --k 2", "printf '1,2\\n3\\n' | ");
    CHECK(r.status == 2);
    CHECK(r.err.find("<stdin>:2:2: row has 1 fields") != std::string::npos);
  }
  remove_files({"good.csv",    "good.npy",         "truncated.npy", "fortran.npy",  "int.npy",         "ragged.csv",
                "text.csv",    "nan.csv",          "inf.csv",       "empty.csv",    "header_only.csv", "empty.npy",
                "w_short.csv", "w_neg.csv",        "two_same.csv",  "init_bad.csv", "huge.csv",        "zero_row.csv",
                "huge_f.npy",  "link_to_good.csv", "dangling.csv"});
}

namespace {

// Runs a bash script in which "$EXE" is lloyd_kmeans (bash: process substitution, FIFOs with a
// background writer). `timeout` turns a hang (a FIFO opened twice) into a failure.
Run bash(const std::string& script) {
  write_text("cli_script.sh", script);
  const std::string cmd = "EXE='" LLOYD_KMEANS_EXE "' timeout 120 bash cli_script.sh >cli_stdout.txt 2>cli_stderr.txt";
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = lloyd::io::read_file("cli_stdout.txt");
  r.err = lloyd::io::read_file("cli_stderr.txt");
  std::remove("cli_script.sh");
  return r;
}

bool one_printable_line(const std::string& s) {
  if (s.empty() || s.back() != '\n') return false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) < 0x20 || static_cast<unsigned char>(s[i]) == 0x7f) return false;
  return true;
}

}  // namespace

TEST_CASE("cli: input from a pipe, /dev/stdin, a process substitution or a FIFO is read once", "[cli]") {
  make_data<double>("pipe.csv");
  lloyd::io::write_npy("pipe.npy", make_data<float>("pipe_f.csv"));
  const std::string args = " --k 3 --seed 5 --json --quiet --centroids pipe_c.csv";
  for (const char* file : {"pipe.csv", "pipe.npy"}) {
    const std::string f = file;
    INFO(f);
    const Run ref = cli(f + args);
    REQUIRE(ref.status == 0);
    const std::string centres = lloyd::io::read_file("pipe_c.csv");
    const std::string scripts[] = {
        "cat " + f + " | \"$EXE\" /dev/stdin" + args,
        "cat " + f + " | \"$EXE\" -" + args,
        "\"$EXE\" - " + args + " < " + f,
        "\"$EXE\" <(cat " + f + ")" + args,
        "rm -f in.fifo && mkfifo in.fifo && { cat " + f + " > in.fifo & } && \"$EXE\" in.fifo" + args +
            "; rc=$?; wait; rm -f in.fifo; exit $rc",
    };
    for (const std::string& script : scripts) {
      INFO(script);
      std::remove("pipe_c.csv");
      const Run r = bash(script);
      INFO(r.err);
      REQUIRE(r.status == 0);
      CHECK(json_field(r.out, "precision") == json_field(ref.out, "precision"));  // float for the float32 .npy
      CHECK(json_field(r.out, "n") == "240");
      CHECK(json_field(r.out, "inertia") == json_field(ref.out, "inertia"));
      CHECK(lloyd::io::read_file("pipe_c.csv") == centres);
    }
  }
  remove_files({"pipe.csv", "pipe_f.csv", "pipe.npy", "pipe_c.csv"});
}

TEST_CASE("cli: \\r line ends, every float dtype spelling and long .npy headers", "[cli]") {
  const lloyd::Points<float> X = make_data<float>("variants.csv");
  std::string cr = lloyd::io::read_file("variants.csv");
  for (char& c : cr)
    if (c == '\n') c = '\r';
  write_text("variants_cr.csv", cr);
  const std::string args = " --k 3 --seed 5 --json --quiet";
  const Run ref = cli("variants.csv" + args);
  REQUIRE(ref.status == 0);
  const Run r = cli("variants_cr.csv" + args);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(json_field(r.out, "n") == "240");
  CHECK(json_field(r.out, "inertia") == json_field(ref.out, "inertia"));

  // float32 as '<f4', '|f4', '=f4' and big-endian '>f4', with a header longer than 4 KB: read as float.
  lloyd::io::write_npy("variants.npy", X);
  const Run ref32 = cli("variants.npy" + args);
  REQUIRE(ref32.status == 0);
  CHECK(json_field(ref32.out, "precision") == "\"float\"");
  const std::string npy = lloyd::io::read_file("variants.npy");
  const lloyd::io::NpyHeader h = lloyd::io::parse_npy_header(npy.data(), npy.size());
  const std::string data = npy.substr(h.data_offset);
  std::string swapped = data;
  for (std::size_t i = 0; i < swapped.size(); i += 4) {
    std::swap(swapped[i], swapped[i + 3]);
    std::swap(swapped[i + 1], swapped[i + 2]);
  }
  for (const char* descr : {"|f4", "=f4", ">f4"}) {
    INFO(descr);
    std::string dict = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (240, 3), }";
    dict.resize(5000 - 1, ' ');
    dict += '\n';
    std::string file("\x93NUMPY\x01\x00", 8);
    file += static_cast<char>(dict.size() & 0xff);
    file += static_cast<char>(dict.size() >> 8);
    write_text("variants_x.npy", file + dict + (descr[0] == '>' ? swapped : data));
    const Run v = cli("variants_x.npy" + args);
    INFO(v.err);
    REQUIRE(v.status == 0);
    CHECK(json_field(v.out, "precision") == "\"float\"");
    CHECK(json_field(v.out, "inertia") == json_field(ref32.out, "inertia"));
  }
  remove_files({"variants.csv", "variants_cr.csv", "variants.npy", "variants_x.npy"});
}

TEST_CASE("cli: text from a file in a message is escaped: one line, no control characters", "[cli]") {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'evil\nline\x1b[2J': 1}";
  std::string file("\x93NUMPY\x01\x00", 8);
  std::string h = dict;
  h.resize(127 - 8 - 2, ' ');
  h += '\n';
  file += static_cast<char>(h.size());
  file += '\0';
  write_text("evil.npy", file + h + std::string(24, '\0'));
  write_text("evil.csv", "1,2\n3,\x1b]0;title\x07\n");
  for (const char* input : {"evil.npy", "evil.csv"}) {
    INFO(input);
    const Run r = cli(std::string(input) + " --k 2");
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(one_printable_line(r.err));
  }
  remove_files({"evil.npy", "evil.csv"});
}

TEST_CASE("cli: out of memory exits with 1 and one line", "[cli]") {
#ifdef LLOYD_TOOL_SANITIZED
  WARN("SKIPPED: the tool is built with a sanitizer, which cannot run under ulimit -v");
  return;
#endif
  // 20000 points and k = 20000: Elkan's bounds need n·k doubles (3.2 GB), over a 1 GB address space.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  write_text("oom.csv", text);
  const Run r = bash(
      "ulimit -v 1000000; \"$EXE\" oom.csv --k 20000 --init random --algorithm elkan --n-init 1 "
      "--max-iter 2 --quiet");
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK(r.err == "lloyd_kmeans: out of memory\n");
  std::remove("oom.csv");
}

TEST_CASE("cli: --save-model, then --model: the fit's labels; the library loads the model", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("model_in.csv");
  remove_files({"cli_model.npz", "fit_labels.csv", "model_labels.csv"});
  const Run fit = cli("model_in.csv --k 3 --seed 11 --quiet --labels fit_labels.csv --save-model cli_model.npz");
  INFO(fit.err);
  REQUIRE(fit.status == 0);
  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 11;
  lloyd::KMeans<double> km(opt);
  const lloyd::Result<double> ref = km.fit(X);
  const auto loaded = lloyd::load<lloyd::KMeans<double>>("cli_model.npz");
  CHECK(same_bits<double>(loaded.centroids(), ref.centroids));
  CHECK(loaded.fit_inertia() == ref.inertia);
  CHECK(loaded.fit_n_iter() == ref.n_iter);
  CHECK(loaded.options().seed == 11);

  const Run use = cli("model_in.csv --model cli_model.npz --labels model_labels.csv --json");
  INFO(use.err);
  REQUIRE(use.status == 0);
  CHECK(use.err.empty());
  CHECK((read_labels("model_labels.csv").array() == read_labels("fit_labels.csv").array()).all());
  CHECK(json_field(use.out, "n") == "240");
  CHECK(json_field(use.out, "d") == "3");
  CHECK(json_field(use.out, "k") == "3");
  CHECK(json_field(use.out, "precision") == "\"double\"");
  CHECK(std::strtod(json_field(use.out, "inertia").c_str(), nullptr) == ref.inertia);
  CHECK(std::atof(json_field(use.out, "seconds").c_str()) >= 0);
  CHECK(json_field(use.out, "seconds") != "<missing>");
  remove_files({"cli_model.npz", "fit_labels.csv", "model_labels.csv", "model_in.csv"});
}

TEST_CASE("cli: a float32 .npy fit gives a float32 model; --model labels equal the fit's", "[cli]") {
  Eigen::MatrixXd centres(2, 4);
  centres << 0, 5, 0, 5, 0, 0, 5, 5;
  lloyd::io::write_npy("model_f32.npy", test::blobs<float>(centres, 400, 1.2, 3));
  remove_files({"cli_model32.npz", "fit32.csv", "model32.csv"});
  REQUIRE(cli("model_f32.npy --k 4 --quiet --labels fit32.csv --save-model cli_model32.npz").status == 0);
  CHECK(lloyd::io::read_model_meta("cli_model32.npz").scalar == "float32");
  const Run use = cli("model_f32.npy --model cli_model32.npz --labels model32.csv --json --quiet");
  INFO(use.err);
  REQUIRE(use.status == 0);
  CHECK(json_field(use.out, "precision") == "\"float\"");
  CHECK((read_labels("model32.csv").array() == read_labels("fit32.csv").array()).all());
  remove_files({"cli_model32.npz", "fit32.csv", "model32.csv", "model_f32.npy"});
}

TEST_CASE("cli: --model and --save-model errors exit with 2, one line, no output file", "[cli]") {
  make_data<double>("model_bad_in.csv");
  write_text("two_columns.csv", "1,2\n3,4\n5,6\n");
  REQUIRE(cli("model_bad_in.csv --k 3 --quiet --save-model good_model.npz").status == 0);
  const std::string bytes = lloyd::io::read_file("good_model.npz");
  write_text("truncated_model.npz", bytes.substr(0, bytes.size() / 2));
  std::string corrupt = bytes;
  corrupt[200] = static_cast<char>(corrupt[200] ^ 0x40);
  write_text("corrupt_model.npz", corrupt);
  const struct {
    const char* args;
    const char* says;
  } cases[] = {
      {"two_columns.csv --model good_model.npz --labels out_labels.csv",
       "has 2 columns but the model good_model.npz has dimension 3"},
      {"model_bad_in.csv --model good_model.npz --k 3 --labels out_labels.csv", "--k has no effect with --model"},
      {"model_bad_in.csv --model good_model.npz --save-model out_model.npz", "--save-model has no effect"},
      {"model_bad_in.csv --model good_model.npz --precision float --labels out_labels.csv", "holds float64 centres"},
      {"model_bad_in.csv --model absent_model.npz --labels out_labels.csv", "absent_model.npz"},
      {"model_bad_in.csv --model truncated_model.npz --labels out_labels.csv", "truncated"},
      {"model_bad_in.csv --model corrupt_model.npz --labels out_labels.csv", "corrupt_model.npz"},
      {"model_bad_in.csv --k 3 --save-model out_model.txt", "name it M.npz"},
      {"model_bad_in.csv --k 3 --save-model missing_dir/out_model.npz --labels out_labels.csv", "missing_dir"},
      {"model_bad_in.csv --k 3 --labels out_model.npz --save-model out_model.npz", "overwrite"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const Run r = cli(c.args);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(exists("out_labels.csv"));
    CHECK_FALSE(exists("out_model.npz"));
  }
  remove_files({"model_bad_in.csv", "two_columns.csv", "good_model.npz", "truncated_model.npz", "corrupt_model.npz"});
}

TEST_CASE("cli: an output through a symbolic link replaces its target; long names work", "[cli]") {
  make_data<double>("ln.csv");
  write_text("ln_target.csv", "old\n");
  std::remove("ln_link.csv");
  REQUIRE(::symlink("ln_target.csv", "ln_link.csv") == 0);
  const Run r = cli("ln.csv --k 3 --quiet --labels ln_link.csv");
  REQUIRE(r.status == 0);
  struct stat st;
  REQUIRE(::lstat("ln_link.csv", &st) == 0);
  CHECK(S_ISLNK(st.st_mode));  // the link stays, as with cp
  CHECK(read_labels("ln_target.csv").size() == 240);
  const std::string long_name = std::string(251, 'l') + ".csv";  // 255 bytes, the longest name
  const Run l = cli("ln.csv --k 3 --quiet --labels " + long_name);
  CHECK(l.status == 0);
  CHECK(l.err.empty());
  CHECK(read_labels(long_name).size() == 240);
  remove_files({"ln.csv", "ln_target.csv", "ln_link.csv", long_name});
}

TEST_CASE("cli: outputs are committed all or none: a failed rename puts back what was replaced", "[cli]") {
  REQUIRE(std::system("rm -rf commit_dir && mkdir commit_dir") == 0);
  write_text("commit_dir/a.csv", "old a\n");
  {
    lloyd_cli::OutputSet set;
    lloyd::io::AtomicFile* a = set.open("commit_dir/a.csv");
    lloyd::io::AtomicFile* b = set.open("commit_dir/b.csv");
    std::fputs("new a\n", a->get());
    std::fputs("new b\n", b->get());
    REQUIRE(::mkdir("commit_dir/b.csv", 0700) == 0);  // b's rename will fail: a directory is in the way
    try {
      set.commit();
      FAIL("no exception");
    } catch (const lloyd::error& e) {
      CHECK(std::string(e.what()).find("commit_dir/b.csv: cannot rename") != std::string::npos);
      CHECK(std::string(e.what()).find("the outputs were left as they were") != std::string::npos);
    }
  }
  CHECK(lloyd::io::read_file("commit_dir/a.csv") == "old a\n");
  REQUIRE(std::system("ls -A commit_dir > commit_ls.txt") == 0);
  CHECK(lloyd::io::read_file("commit_ls.txt") == "a.csv\nb.csv\n");  // no temporary, no backup left
  REQUIRE(std::system("rm -rf commit_dir commit_ls.txt") == 0);
}

TEST_CASE("cli: SIGINT or SIGTERM during the fit leaves no temporary; stderr holds only the error", "[cli]") {
  lloyd::io::write_csv("slow.csv", test::uniform<double>(8, 20000, 3));
  for (const char* sig : {"INT", "TERM"}) {
    INFO("SIG" << sig);
    const Run r = bash(std::string("set -m; rm -rf sig_dir && mkdir sig_dir && cd sig_dir\n"
                                   "\"$EXE\" ../slow.csv --k 100 --n-init 1000 --tol 0 --labels l.csv "
                                   "--centroids c.npy --save-model m.npz &\n"
                                   "sleep 1; kill -") +
                       sig + " $!; wait $!; echo \"status $?\"; ls -A\n");
    CHECK(r.out == std::string("status ") + (std::string(sig) == "INT" ? "130" : "143") + "\n");
  }
  // An error after a long fit (a full device): one line on stderr, no progress lines before it.
  const Run full = cli("slow.csv --k 100 --n-init 20 --labels /dev/full");
  CHECK(full.status == 2);
  CHECK(full.err == "lloyd_kmeans: /dev/full: write error: No space left on device\n");
  REQUIRE(std::system("rm -rf sig_dir slow.csv") == 0);
}

TEST_CASE("cli: --bisecting gives the library's BisectingKMeans bit for bit", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("bis.csv");
  for (const char* strategy : {"biggest-inertia", "largest-cluster"}) {
    INFO(strategy);
    remove_files({"bis_c.csv", "bis_l.csv", "bis.npz", "bis_m.csv"});
    const Run r = cli(std::string("bis.csv --k 5 --seed 3 --json --centroids bis_c.csv --labels bis_l.csv "
                                  "--save-model bis.npz --bisecting ") +
                      strategy);
    REQUIRE(r.status == 0);
    CHECK(json_field(r.out, "estimator") == "\"BisectingKMeans\"");
    CHECK(json_field(r.out, "strategy") == std::string("\"") + strategy + "\"");
    lloyd::BisectingOptions bo;
    bo.k = 5;
    bo.seed = 3;
    bo.strategy = std::string(strategy) == "largest-cluster" ? lloyd::BisectingStrategy::LargestCluster
                                                             : lloyd::BisectingStrategy::BiggestInertia;
    lloyd::BisectingKMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus> bk(bo);
    const lloyd::Result<double> ref = bk.fit(X);
    CHECK(same_bits<double>(lloyd::io::read_csv<double>("bis_c.csv").points, ref.centroids));
    CHECK(read_labels("bis_l.csv") == ref.labels);
    CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);
    // The model holds the tree: --model descends it, as the library's predict, and reports their inertia.
    auto loaded = lloyd::load<lloyd::BisectingKMeans<double>>("bis.npz");
    CHECK(loaded.options().strategy == bo.strategy);
    const Run m = cli("bis.csv --model bis.npz --json --labels bis_m.csv");
    REQUIRE(m.status == 0);
    CHECK(read_labels("bis_m.csv") == ref.labels);
    CHECK(read_labels("bis_m.csv") == loaded.predict(X));
    CHECK(std::strtod(json_field(m.out, "inertia").c_str(), nullptr) == ref.inertia);
  }
  remove_files({"bis.csv", "bis_c.csv", "bis_l.csv", "bis.npz", "bis_m.csv"});
}

TEST_CASE("cli: --metric cosine gives the library's SphericalKMeans bit for bit", "[cli]") {
  const lloyd::Points<double> X = make_data<double>("cos.csv");
  remove_files({"cos_c.csv", "cos_l.csv"});
  const Run r =
      cli("cos.csv --k 4 --seed 5 --n-init 2 --init k-means++ --metric cosine --json --centroids cos_c.csv "
          "--labels cos_l.csv");
  REQUIRE(r.status == 0);
  CHECK(json_field(r.out, "metric") == "\"cosine\"");
  lloyd::Options opt;
  opt.k = 4;
  opt.seed = 5;
  opt.n_init = 2;
  lloyd::SphericalKMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus> sk(opt);
  const lloyd::Result<double> ref = sk.fit(X);
  CHECK(same_bits<double>(lloyd::io::read_csv<double>("cos_c.csv").points, ref.centroids));
  CHECK(read_labels("cos_l.csv") == ref.labels);
  CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);
  // the model: --model labels by the largest cosine, as the fit did
  const Run s = cli("cos.csv --k 4 --seed 5 --n-init 2 --init k-means++ --metric cosine --quiet --save-model cos.npz");
  REQUIRE(s.status == 0);
  const Run m = cli("cos.csv --model cos.npz --json --labels cos_m.csv");
  REQUIRE(m.status == 0);
  CHECK(read_labels("cos_m.csv") == ref.labels);
  CHECK(std::strtod(json_field(m.out, "inertia").c_str(), nullptr) == Approx(ref.inertia).epsilon(1e-12));
  remove_files({"cos.csv", "cos_c.csv", "cos_l.csv", "cos.npz", "cos_m.csv"});
}

TEST_CASE("cli: an svmlight INPUT is fitted sparse, as the library fits it", "[cli]") {
  // 60 rows of 3 sparse topics in 12 features, 1-based indices, then the same rows 0-based
  std::string one, zero;
  lloyd::Rng rng(7);
  for (int i = 0; i < 60; ++i) {
    const int topic = i % 3;
    std::string a = std::to_string(topic), b = a;
    for (int j = 0; j < 4; ++j) {
      const std::string v = std::to_string(1 + static_cast<int>(rng.uniform() * 9));
      a += " " + std::to_string(4 * topic + j + 1) + ":" + v;
      b += " " + std::to_string(4 * topic + j) + ":" + v;
    }
    one += a + "\n";
    zero += b + "\n";
  }
  write_text("sp.svm", one);
  write_text("sp0.libsvm", zero);
  remove_files({"sp_c.csv", "sp_l.csv"});
  const Run r = cli("sp.svm --k 3 --seed 5 --n-init 2 --json --centroids sp_c.csv --labels sp_l.csv");
  REQUIRE(r.status == 0);
  CHECK(json_field(r.out, "d") == "12");
  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 5;
  opt.n_init = 2;
  const auto X = lloyd::io::read_svmlight<double>("sp.svm").points;
  const lloyd::Result<double> ref = lloyd::KMeans<double>(opt).fit(X);
  CHECK(same_bits<double>(lloyd::io::read_csv<double>("sp_c.csv").points, ref.centroids));
  CHECK(read_labels("sp_l.csv") == ref.labels);
  CHECK(std::strtod(json_field(r.out, "inertia").c_str(), nullptr) == ref.inertia);
  const Run z = cli("sp0.libsvm --zero-based --k 3 --seed 5 --n-init 2 --json");
  REQUIRE(z.status == 0);
  CHECK(json_field(z.out, "inertia") == json_field(r.out, "inertia"));
  const Run c = cli("sp.svm --k 3 --seed 5 --metric cosine --init k-means++ --json");
  REQUIRE(c.status == 0);
  opt.n_init = 10;  // the CLI's default; SphericalKMeans' default seeding is --init k-means++
  CHECK(std::strtod(json_field(c.out, "inertia").c_str(), nullptr) ==
        lloyd::SphericalKMeans<double>(opt).fit(X).inertia);
  const Run bad = cli("sp.svm --k 3 --init random");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("does not take --init random") != std::string::npos);
  const Run zero_index = cli("sp0.libsvm --k 3");  // index 0 without --zero-based
  CHECK(zero_index.status == 2);
  remove_files({"sp.svm", "sp0.libsvm", "sp_c.csv", "sp_l.csv"});
}
