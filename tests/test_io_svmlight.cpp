// lloyd::io svmlight / libsvm reader/writer: round trips, the accepted spellings, and every malformed input.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <lloyd/io/svmlight.hpp>
#include <string>
#include <type_traits>

using lloyd::Index;

namespace {

template <class Scalar>
using Dense = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

// The 4 points (columns) of every accepted spelling below: D = 5, the third point has no terms.
template <class Scalar>
Dense<Scalar> expected_points() {
  Dense<Scalar> X = Dense<Scalar>::Zero(5, 4);
  X(0, 0) = Scalar(1.5);
  X(3, 0) = Scalar(-2);
  X(1, 1) = Scalar(0.25);
  X(2, 1) = Scalar(3);
  X(4, 1) = Scalar(1e-3);
  X(4, 3) = Scalar(7);
  return X;
}

template <class Scalar>
void require_same(const lloyd::io::SparseTable<Scalar>& t, const Dense<Scalar>& X) {
  REQUIRE(t.points.isCompressed());
  REQUIRE(t.cols() == X.rows());
  REQUIRE(t.rows() == X.cols());
  const Dense<Scalar> got = Dense<Scalar>(t.points);
  REQUIRE(std::memcmp(got.data(), X.data(), sizeof(Scalar) * static_cast<std::size_t>(X.size())) == 0);
}

// The message of the lloyd::error thrown by parsing `text` (empty if none).
template <class Scalar>
std::string parse_error(const std::string& text, const lloyd::io::SvmlightOptions& o = {}) {
  try {
    lloyd::io::parse_svmlight<Scalar>(text.data(), text.size(), "in.svm", o);
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEMPLATE_TEST_CASE("svmlight: spellings of one matrix, 1-based and 0-based", "[io][svmlight]", float, double) {
  using S = TestType;
  const Dense<S> X = expected_points<S>();
  const char* one_based[] = {
      "1 1:1.5 4:-2\n-1 2:0.25 3:3 5:1e-3\n+1\n0 5:7\n",                        // plain
      "1 1:1.5 4:-2\r\n-1 2:0.25 3:3 5:1e-3\r\n+1\r\n0 5:7",                    // CRLF, no final end
      "1 1:1.5 4:-2\r-1 2:0.25 3:3 5:1e-3\r+1\r0 5:7\r",                        // lone CR
      "# header\n1 1:1.5 4:-2 # note\n\n-1\t2:.25  3:3.0 5:1E-3\n+1 #\n0 5:7",  // comments, blanks, tabs
      "1 qid:3 1:1.5 4:-2\n-1 qid:3 2:0.25 3:3 5:1e-3\n+1 qid:4\n0 5:7\n",      // qid ignored
      "\357\273\2771 1:1.5 4:-2\n-1 2:0.25 3:3 5:1e-3\n+1\n0 005:7\n",          // BOM, leading zeros
  };
  for (const char* in : one_based) {
    INFO(in);
    const auto t = lloyd::io::parse_svmlight<S>(in, std::strlen(in));
    require_same<S>(t, X);
    REQUIRE(t.labels.size() == 4);
    CHECK(t.labels[0] == 1);
    CHECK(t.labels[1] == -1);
    CHECK(t.labels[3] == 0);
  }
  lloyd::io::SvmlightOptions zero;
  zero.zero_based = true;
  const std::string in0 = "1 0:1.5 3:-2\n-1 1:0.25 2:3 4:1e-3\n+1\n0 4:7\n";
  require_same<S>(lloyd::io::parse_svmlight<S>(in0, "in.svm", zero), X);
}

TEMPLATE_TEST_CASE("svmlight: n_features widens D; an all-empty file has D = 0", "[io][svmlight]", float, double) {
  using S = TestType;
  lloyd::io::SvmlightOptions o;
  o.n_features = 8;
  const auto t = lloyd::io::parse_svmlight<S>(std::string("1 1:1.5 4:-2\n-1 2:0.25 3:3 5:1e-3\n+1\n0 5:7\n"), "x", o);
  CHECK(t.cols() == 8);
  Dense<S> X = Dense<S>::Zero(8, 4);
  X.topRows(5) = expected_points<S>();
  require_same<S>(t, X);
  const auto empty_rows = lloyd::io::parse_svmlight<S>(std::string("1\n2\n"));
  CHECK(empty_rows.cols() == 0);
  CHECK(empty_rows.rows() == 2);
}

TEMPLATE_TEST_CASE("svmlight: write then read gives identical bits", "[io][svmlight]", float, double) {
  using S = TestType;
  Dense<S> X = expected_points<S>();
  X(0, 3) = std::numeric_limits<S>::max();
  X(1, 3) = std::numeric_limits<S>::denorm_min();
  X(2, 3) = static_cast<S>(1.0 / 3.0);
  X(3, 3) = std::nextafter(static_cast<S>(1), static_cast<S>(2));
  const Eigen::SparseMatrix<S, Eigen::ColMajor, Index> P = X.sparseView();
  Eigen::VectorXd labels(4);
  labels << 0.1, -1, 3, 1e300;
  for (bool zero_based : {false, true}) {
    lloyd::io::SvmlightOptions o;
    o.zero_based = zero_based;
    const std::string path = std::string("test_io_svmlight_roundtrip") + (zero_based ? "0" : "1") + ".svm";
    lloyd::io::write_svmlight(path, P, labels, o);
    const auto t = lloyd::io::read_svmlight<S>(path, o);
    require_same<S>(t, X);
    CHECK(t.labels == labels);
    std::remove(path.c_str());
  }
  // Without labels every label is 0; the text is what libsvm tools write.
  const std::string path = "test_io_svmlight_nolabels.svm";
  lloyd::io::write_svmlight(path, Eigen::SparseMatrix<S>(expected_points<S>().sparseView()));
  CHECK(lloyd::io::read_file(path) == "0 1:1.5 4:-2\n0 2:0.25 3:3 5:0.001\n0\n0 5:7\n");
  std::remove(path.c_str());
}

TEMPLATE_TEST_CASE("svmlight: malformed inputs name the line and column", "[io][svmlight]", float, double) {
  using S = TestType;
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "in.svm: no data rows"},
      {"\n  \n# only a comment\n", "in.svm: no data rows"},
      {"1 1:2\nabc 1:2\n", "in.svm:2:1: label 'abc' is not a number"},
      {"1:2 3:4\n", "in.svm:1:1: label '1:2' is not a number"},
      {"nan 1:2\n", "in.svm:1:1: label 'nan' is not finite"},
      {"1e999 1:2\n", "in.svm:1:1: label '1e999' overflows double"},
      {"1 1:x\n", "in.svm:1:5: value 'x' is not a number"},
      {"1 1:\n", "in.svm:1:5: empty value"},
      {"1 :2\n", "in.svm:1:3: empty index"},
      {"1 1:2 3\n", "in.svm:1:7: '3' is not an index:value pair"},
      {"1 1:nan\n", "in.svm:1:5: value 'nan' is not finite"},
      {"1 1:-inf\n", "in.svm:1:5: value '-inf' is not finite"},
      {"1 1:1e999\n", "in.svm:1:5: value '1e999' overflows"},
      {"1 0:2\n", "in.svm:1:3: index 0 in a 1-based file"},
      {"1 -1:2\n", "in.svm:1:3: index '-1' is not a non-negative integer"},
      {"1 a:2\n", "in.svm:1:3: index 'a' is not a non-negative integer"},
      {"1 3:1 2:1\n", "in.svm:1:7: index '2' is below the previous index 3"},
      {"1 3:1 3:1\n", "in.svm:1:7: index '3' appears twice"},
      {"1 2147483648:1\n", "in.svm:1:3: index '2147483648' is too large; at most 2147483647 features"},
      {"1 99999999999999999999999:1\n", "in.svm:1:3: index '99999999999999999999999' is too large"},
      {"1 1:2 qid:3\n", "in.svm:1:7: qid must come right after the label"},
      {"1 qid:x 1:2\n", "in.svm:1:7: qid 'x' is not a non-negative integer"},
      {"1 1:2:3\n", "in.svm:1:5: value '2:3' is not a number"},
      {"1 1:0x10\n", "in.svm:1:5: value '0x10' is not a number"},
      {std::is_same<S, float>::value ? "1 1:1e39\n" : "1 1:1e309\n", "in.svm:1:5: value"},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.text);
    const std::string msg = parse_error<S>(c.text);
    INFO("message: " << msg);
    CHECK(msg.find(c.message) != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);  // one line
  }
  // 1e39 is a double but not a float: the reader refuses what the Scalar cannot hold.
  if (std::is_same<S, float>::value) CHECK(parse_error<S>("1 1:1e39\n").find("overflows float") != std::string::npos);
}

TEMPLATE_TEST_CASE("svmlight: options are checked", "[io][svmlight]", float, double) {
  using S = TestType;
  lloyd::io::SvmlightOptions o;
  o.n_features = 4;
  CHECK(parse_error<S>("1 4:1\n1 5:1\n", o).find("in.svm:2:3: index '5' is beyond n_features = 4") !=
        std::string::npos);
  o.zero_based = true;
  CHECK(parse_error<S>("1 4:1\n", o).find("in.svm:1:3: index '4' is beyond n_features = 4") != std::string::npos);
  CHECK(parse_error<S>("1 0:1 3:1\n", o).empty());
  o.n_features = -1;
  CHECK(parse_error<S>("1 0:1\n", o).find("n_features = -1 is out of range") != std::string::npos);
  o.n_features = lloyd::io::kMaxSvmlightFeatures + 1;
  CHECK(parse_error<S>("1 0:1\n", o).find("is out of range") != std::string::npos);
  // The largest index allowed: D = 2^31 - 1 (a 0-based index of 2^31 - 2).
  const auto t = lloyd::io::parse_svmlight<S>(std::string("1 2147483647:1\n"));
  CHECK(t.cols() == lloyd::io::kMaxSvmlightFeatures);
  CHECK(t.points.nonZeros() == 1);
}

TEMPLATE_TEST_CASE("svmlight: quoted text is escaped and cut; the file name is printable", "[io][svmlight]", float,
                   double) {
  using S = TestType;
  const std::string junk = "1 1:\x1b[31m" + std::string(100, 'x') + "\n";
  const std::string msg = parse_error<S>(junk);
  CHECK(msg.find("\\x1b[31m") != std::string::npos);
  CHECK(msg.find("...'") != std::string::npos);
  CHECK(msg.find('\x1b') == std::string::npos);
  try {
    lloyd::io::parse_svmlight<S>(std::string("x\n"), "a\nb.svm");
    FAIL("no error");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("a\\nb.svm:1:1: label 'x'") != std::string::npos);
  }
  CHECK_THROWS_WITH(lloyd::io::read_svmlight<S>("test_io_svmlight_missing.svm"),
                    Catch::Contains("test_io_svmlight_missing.svm: cannot open"));
}
