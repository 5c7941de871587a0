// lloyd::io CSV reader/writer: round trips, the accepted dialects, and every malformed input.
#include <catch2/catch.hpp>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <lloyd/io/csv.hpp>
#include <string>
#include <vector>

#include "support.hpp"

using lloyd::Index;

namespace {

std::string temp_path(const std::string& name) { return std::string("test_io_csv_") + name; }

std::string slurp(const std::string& path) { return lloyd::io::read_file(path); }

template <class Scalar>
void require_bits_equal(const lloyd::Points<Scalar>& a, const lloyd::Points<Scalar>& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  REQUIRE(std::memcmp(a.data(), b.data(), sizeof(Scalar) * static_cast<std::size_t>(a.size())) == 0);
}

// The message of the lloyd::error thrown by parsing `text` (empty if none).
template <class Scalar>
std::string parse_error(const std::string& text) {
  try {
    lloyd::io::parse_csv<Scalar>(text.data(), text.size(), "in.csv");
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEMPLATE_TEST_CASE("csv: write then read gives identical bits", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Points<S> X = test::uniform<S>(5, 300, 11);
  // Awkward values: extremes, subnormals, negative zero, values needing every digit.
  X(0, 0) = std::numeric_limits<S>::max();
  X(1, 0) = std::numeric_limits<S>::lowest();
  X(2, 0) = std::numeric_limits<S>::denorm_min();
  X(3, 0) = std::numeric_limits<S>::min();
  X(4, 0) = static_cast<S>(-0.0);
  X(0, 1) = static_cast<S>(0.1);
  X(1, 1) = static_cast<S>(1.0 / 3.0);
  X(2, 1) = std::nextafter(static_cast<S>(1), static_cast<S>(2));
  X(3, 1) = static_cast<S>(1e-30);
  X(4, 1) = static_cast<S>(123456789.0);
  const std::string path = temp_path("roundtrip.csv");
  lloyd::io::write_csv(path, X);
  const lloyd::io::Matrix<S> m = lloyd::io::read_csv<S>(path);
  CHECK(m.rows() == 300);
  CHECK(m.cols() == 5);
  require_bits_equal<S>(m.points, X);
  CHECK(std::signbit(m.points(4, 0)));
  std::remove(path.c_str());
}

TEMPLATE_TEST_CASE("csv: labels are written one per line", "[io][csv]", float, double) {
  lloyd::Labels l(4);
  l << 2, 0, 1, 10;
  const std::string path = temp_path("labels.csv");
  lloyd::io::write_csv_labels(path, l);
  CHECK(slurp(path) == "2\n0\n1\n10\n");
  const auto m = lloyd::io::read_csv<TestType>(path);
  REQUIRE(m.rows() == 4);
  CHECK(m.points(0, 3) == TestType(10));
  std::remove(path.c_str());
}

TEMPLATE_TEST_CASE("csv: dialects", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Points<S> expected(2, 3);
  expected << 1, 3, 5, 2, 4, 6;
  const char* inputs[] = {
      "1,2\n3,4\n5,6\n",                       // plain
      "1,2\n3,4\n5,6",                         // no final newline
      "x,y\n1,2\n3,4\n5,6\n",                  // header
      "\"x\",\"y\"\r\n1,2\r\n3,4\r\n5,6\r\n",  // quoted header, CRLF
      " 1 , 2 \n3,\t4\n\n5,6\n\n",             // blanks around fields, blank lines
      "# comment\n1 2\n3\t4\n  5   6  \n",     // whitespace separated, comment
      "a b\n1 2\n3 4\n5 6\n",                  // whitespace header
      "1e0,2.0\n+3,0.4e1\n5.000,60e-1\n",      // number spellings
      "\357\273\2771,2\n3,4\n5,6\n",           // UTF-8 byte order mark (EF BB BF, in octal)
  };
  for (const char* in : inputs) {
    INFO(in);
    const auto m = lloyd::io::parse_csv<S>(in, std::strlen(in));
    require_bits_equal<S>(m.points, expected);
  }
}

TEMPLATE_TEST_CASE("csv: a single column and a single row", "[io][csv]", float, double) {
  const auto col = lloyd::io::parse_csv<TestType>(std::string("1\n2\n3\n"));
  CHECK(col.rows() == 3);
  CHECK(col.cols() == 1);
  const auto row = lloyd::io::parse_csv<TestType>(std::string("1,2,3\n"));
  CHECK(row.rows() == 1);
  CHECK(row.cols() == 3);
}

TEMPLATE_TEST_CASE("csv: float parsing rounds once (strtof, not strtod then cast)", "[io][csv]", float, double) {
  // 1.00000005960464477539062500001 lies just above the midpoint between 1 and the next float:
  // correct rounding gives nextafter(1), double-then-float rounding gives 1.
  const auto m = lloyd::io::parse_csv<float>(std::string("1.00000005960464477539062500001\n"));
  CHECK(m.points(0, 0) == std::nextafter(1.0f, 2.0f));
}

TEMPLATE_TEST_CASE("csv: the fast decimal path gives the bits strtof/strtod give", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Rng rng(2024);
  auto digit = [&] { return static_cast<char>('0' + rng.next() % 10); };
  std::vector<std::string> inputs = {"16777217",
                                     "16777219",
                                     "-16777217",
                                     "0.1",
                                     "-0",
                                     "-0.0",
                                     "0e5",
                                     "1e22",
                                     "1e23",
                                     "9007199254740993",
                                     "9007199254740992",
                                     "123456789012345678",
                                     "1.5e-22",
                                     "4.9406564584124654e-324",
                                     "1.17549435e-38",
                                     "3.40282347e38",
                                     ".5",
                                     "5.",
                                     "+.5e+1"};
  for (int t = 0; t < 20000; ++t) {
    std::string s;
    if (rng.next() % 2) s += '-';
    const int n_int = static_cast<int>(rng.next() % 12), n_frac = static_cast<int>(rng.next() % 12);
    for (int i = 0; i < n_int; ++i) s += digit();
    if (n_frac > 0 || n_int == 0) {
      s += '.';
      for (int i = 0; i < (n_int == 0 && n_frac == 0 ? 1 : n_frac); ++i) s += digit();
    }
    if (rng.next() % 3 == 0) s += "e" + std::to_string(static_cast<int>(rng.next() % 61) - 30);
    inputs.push_back(s);
  }
  for (const std::string& in : inputs) {
    INFO(in);
    char* end = nullptr;
    const S expected = std::is_same<S, float>::value ? static_cast<S>(std::strtof(in.c_str(), &end))
                                                     : static_cast<S>(std::strtod(in.c_str(), &end));
    if (!std::isfinite(expected)) {
      CHECK_THROWS_AS(lloyd::io::parse_csv<S>(in), lloyd::error);
      continue;
    }
    const auto m = lloyd::io::parse_csv<S>(in);
    const S got = m.points(0, 0);
    REQUIRE(std::memcmp(&got, &expected, sizeof(S)) == 0);
  }
}

TEMPLATE_TEST_CASE("csv: malformed inputs name the line and column", "[io][csv]", float, double) {
  using S = TestType;
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "in.csv: no data rows"},
      {"\n\n  \n", "in.csv: no data rows"},
      {"x,y\n", "in.csv: no data rows"},
      {"1,2\n3,4,5\n", "in.csv:2:5: row has more than 2 fields"},
      {"1,2,3\n4,5\n", "in.csv:2:4: row has 2 fields; expected 3 (as on line 1)"},
      {"1 2\n3\n", "in.csv:2:2: row has 1 fields; expected 2"},
      {"1,2\n3,abc\n", "in.csv:2:3: 'abc' is not a number"},
      {"1,2\n3,4x\n", "in.csv:2:3: '4x' is not a number"},
      {"1,abc\n", "in.csv:1:3: 'abc' is not a number"},
      {"1,2\n3,,4\n", "in.csv:2:3: empty field"},
      {"1,2\n3,\n", "in.csv:2:3: empty field"},
      {"1,2\nnan,4\n", "in.csv:2:1: 'nan' is not finite"},
      {"1,2\n3,-inf\n", "in.csv:2:3: '-inf' is not finite"},
      {"1,2\n3,1e999\n", "in.csv:2:3: '1e999' overflows"},
      {"1;2\n3;4\n", "in.csv:2:1: '3;4' is not a number"},
      {std::is_same<S, float>::value ? "1,2\n1e39,0\n" : "1,2\n1e309,0\n", "in.csv:2:1:"},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.text);
    const std::string msg = parse_error<S>(c.text);
    INFO("message: " << msg);
    CHECK(msg.find(c.message) != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);  // one line
  }
}

TEMPLATE_TEST_CASE("csv: embedded NUL bytes and binary junk are rejected, never read past the end", "[io][csv]", float,
                   double) {
  const std::string nul("1,2\n3,4\0,5\n", 11);
  CHECK(parse_error<TestType>(nul).find("in.csv:2:3:") != std::string::npos);
  // A buffer that is not NUL-terminated and ends in the middle of a number.
  const char buf[] = {'1', ',', '2', '\n', '3', ',', '4'};
  const auto m = lloyd::io::parse_csv<TestType>(buf, sizeof buf);
  CHECK(m.points(1, 1) == TestType(4));
}

TEST_CASE("csv: a missing file names the file", "[io][csv]") {
  try {
    lloyd::io::read_csv<double>("no/such/file.csv");
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("no/such/file.csv: cannot open") != std::string::npos);
  }
}

TEMPLATE_TEST_CASE("csv: lines may end in \\n, \\r\\n or a lone \\r (old Mac files)", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Points<S> expected(2, 3);
  expected << 1, 3, 5, 2, 4, 6;
  const char* inputs[] = {
      "1,2\r3,4\r5,6\r",            // \r only
      "1,2\r3,4\r5,6",              // \r only, no final line end
      "x,y\r1,2\r\r3,4\r5,6\r",     // header, blank line
      "1,2\r3,4\n5,6\r\n",          // all three mixed
      "# c\r1 2\r3\t4\r5 6\r",      // whitespace separated, comment
      "\357\273\2771,2\r3,4\r5,6",  // byte order mark
  };
  for (const char* in : inputs) {
    INFO(in);
    const auto m = lloyd::io::parse_csv<S>(in, std::strlen(in));
    require_bits_equal<S>(m.points, expected);
  }
  // A lone \r counts as a line in messages, \r\n as one.
  CHECK(parse_error<S>("1,2\r3,4\r5,x\r").find("in.csv:3:3: 'x' is not a number") != std::string::npos);
  CHECK(parse_error<S>("1,2\r\n3,4\r\n5,x\r\n").find("in.csv:3:3: 'x' is not a number") != std::string::npos);
  CHECK(parse_error<S>("1,2\r3\r").find("in.csv:2:2: row has 1 fields; expected 2 (as on line 1)") !=
        std::string::npos);
  // A long file with \r line ends is read in linear time (one row per line).
  std::string big;
  for (int i = 0; i < 200000; ++i) big += std::to_string(i) + ",1\r";
  CHECK(lloyd::io::parse_csv<S>(big).rows() == 200000);
}

namespace {

// strtof / strtod of `text` in the current ("C") locale: the reference the parser must match.
template <class S>
S c_strto(const std::string& text) {
  char* end = nullptr;
  return std::is_same<S, float>::value ? static_cast<S>(std::strtof(text.c_str(), &end))
                                       : static_cast<S>(std::strtod(text.c_str(), &end));
}

}  // namespace

TEMPLATE_TEST_CASE("csv: values are strtod's correctly rounded ones over the whole range", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Rng rng(99);
  auto digit = [&] { return static_cast<char>('0' + rng.next() % 10); };
  std::vector<std::string> inputs = {
      // subnormals, the boundaries of underflow to zero and of overflow, huge exponents
      "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "-2.4703282292062328e-324",
      "2.2250738585072011e-308", "2.2250738585072014e-308", "1e-320", "-1e-320", "1.4e-45", "7.006492321624085e-46",
      "7.006492321624086e-46", "1.1754942e-38", "1e-400", "-1e-400", "1e-99999999999999999999", "0e99999999999999",
      "-0e-99999", "0.000000000000000000000000000000000000000000000000001e-300", "1.7976931348623157e308",
      "3.4028234e38", "3.40282356e38", "179769313486231570000000000000000000000000000000000000000000000000000000e236",
      // exact midpoints and long significands (beyond 19 digits)
      "9007199254740993", "9007199254740993.0000000000000000000000000001", "16777217.000000000000000000000001",
      "0.1000000000000000055511151231257827021181583404541015625", "123456789012345678901234567890e-20"};
  for (int t = 0; t < 30000; ++t) {
    std::string s;
    const auto sign = rng.next() % 3;
    if (sign == 1) s += '-';
    if (sign == 2) s += '+';
    const int n_int = static_cast<int>(rng.next() % 25), n_frac = static_cast<int>(rng.next() % 25);
    for (int i = 0; i < n_int; ++i) s += digit();
    if (n_frac > 0 || n_int == 0) {
      s += '.';
      for (int i = 0; i < (n_int == 0 && n_frac == 0 ? 1 : n_frac); ++i) s += digit();
    }
    if (rng.next() % 4 != 0)
      s += (rng.next() % 2 ? "e" : "E") + std::to_string(static_cast<int>(rng.next() % 701) - 350);
    inputs.push_back(s);
  }
  std::size_t zeros = 0, subnormals = 0;
  for (const std::string& in : inputs) {
    INFO(in);
    const S expected = c_strto<S>(in);
    if (!std::isfinite(expected)) {
      CHECK(parse_error<S>(in).find("overflows") != std::string::npos);
      continue;
    }
    const S got = lloyd::io::parse_csv<S>(in).points(0, 0);
    REQUIRE(std::memcmp(&got, &expected, sizeof(S)) == 0);
    zeros += got == 0;
    subnormals += std::fpclassify(got) == FP_SUBNORMAL;
  }
  CHECK(zeros > 100);  // the random cases reach underflow to zero and subnormals
  CHECK(subnormals > 10);
}

TEMPLATE_TEST_CASE("csv: number syntax — decimal only, no hexadecimal", "[io][csv]", float, double) {
  using S = TestType;
  for (const char* bad : {"0x10", "0x1p3", "0X1",   "+-1",   "-+1", "++1", "--1",   "1e",      "1e+", ".",
                          "+",    "-",     "1.2.3", "1e5.5", "e5",  "1d5", "1_000", "infinit", "0b1", "1..2"}) {
    INFO(bad);
    CHECK(parse_error<S>(std::string("1\n") + bad + "\n").find("is not a number") != std::string::npos);
  }
  for (const char* not_finite : {"inf", "-INF", "+infinity", "nan", "NaN", "nan(123)", "-nan"}) {
    INFO(not_finite);
    CHECK(parse_error<S>(std::string("1\n") + not_finite + "\n").find("is not finite") != std::string::npos);
  }
  for (const char* good : {"+1", "-1", "1.", ".5", "+.5", "1e5", "1E+5", "1e-05", "00012", "-0"}) {
    INFO(good);
    const S v = lloyd::io::parse_csv<S>(std::string(good)).points(0, 0);
    CHECK(v == c_strto<S>(good));
  }
}

TEMPLATE_TEST_CASE("csv: written numbers are the shortest that read back bit-identically", "[io][csv]", float, double) {
  using S = TestType;
  lloyd::Points<S> X(4, 1);
  X << static_cast<S>(0.1), static_cast<S>(-2.5), static_cast<S>(1e-30), static_cast<S>(100);
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  lloyd::io::write_csv(f, X);
  std::rewind(f);
  char buf[128] = {};
  const std::size_t got = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  CHECK(std::string(buf, got) == "0.1,-2.5,1e-30,100\n");
}

TEMPLATE_TEST_CASE("csv: reading and writing do not depend on the C locale", "[io][csv][locale]", float, double) {
  using S = TestType;
  const char* found = nullptr;
  for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8"})
    if ((found = std::setlocale(LC_ALL, name)) != nullptr) break;
  if (!found || std::strcmp(std::localeconv()->decimal_point, ",") != 0) {
    std::setlocale(LC_ALL, "C");
    WARN("SKIPPED: no locale with a decimal comma is installed (e.g. localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
    return;
  }
  INFO("locale " << found);
  const auto m = lloyd::io::parse_csv<S>(std::string("x,y\n1.5e-30,0.5\n-2.25,1e3\n"));
  lloyd::Points<S> expected(2, 2);
  expected << static_cast<S>(1.5e-30), static_cast<S>(-2.25), static_cast<S>(0.5), static_cast<S>(1000);
  const bool read_ok = m.points == expected;
  const std::string comma = parse_error<S>("1 2\n0,5 3\n");  // ',' is no decimal mark, whatever the locale
  const std::string path = temp_path("locale.csv");
  lloyd::io::write_csv(path, expected);
  const std::string written = slurp(path);
  std::remove(path.c_str());
  std::setlocale(LC_ALL, "C");
  CHECK(read_ok);
  CHECK(comma.find("in.csv:2:1: '0,5' is not a number") != std::string::npos);
  CHECK(written == "1.5e-30,0.5\n-2.25,1000\n");
}

TEMPLATE_TEST_CASE("csv: text quoted from the file is escaped: one line, no control characters", "[io][csv]", float,
                   double) {
  using S = TestType;
  const std::string inputs[] = {std::string("1,2\n3,\x1b[2J\x1b[31mred\n"), std::string("1,2\n3,a\vb\n"),
                                std::string("1,2\n3,\x7f\xc3\xa9\xff\n"), std::string("1,2\n3,it's\n"),
                                std::string("1,2\n3,4\0\x08,5\n", 13)};
  for (const std::string& in : inputs) {
    const std::string msg = parse_error<S>(in);
    INFO(msg);
    REQUIRE(!msg.empty());
    for (char c : msg) CHECK((static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f));
  }
  CHECK(parse_error<S>("1,2\n3,\x1b[31m\n").find("'\\x1b[31m' is not a number") != std::string::npos);
  CHECK(parse_error<S>("1,2\n3,it's\n").find("'it\\'s' is not a number") != std::string::npos);
  // The source name is escaped too.
  try {
    lloyd::io::parse_csv<S>(std::string("x\n"), "bad\nname\x1b.csv");
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("bad\\nname\\x1b.csv: no data rows") != std::string::npos);
  }
}
