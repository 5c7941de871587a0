// lloyd::io .npy reader/writer: round trips, headers numpy writes, and every malformed input.
#include <catch2/catch.hpp>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <limits>
#include <lloyd/io/npy.hpp>
#include <locale>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

using lloyd::Index;

namespace {

std::string temp_path(const std::string& name) { return std::string("test_io_npy_") + name; }

void write_bytes(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

// A .npy file as numpy 1.x writes it: version 1.0, header padded to a multiple of 64 with '\n'.
std::string npy_bytes(const std::string& dict, const std::string& payload, int major = 1) {
  std::string h = dict;
  const std::size_t pre = major == 1 ? 10 : 12;
  while ((pre + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  const std::size_t len = h.size();
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>((len >> 8) & 0xff);
  if (major != 1) out += std::string(2, '\0');
  return out + h + payload;
}

template <class T>
std::string raw(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class Scalar>
std::string read_error(const std::string& bytes) {
  // Both entry points must reject the input with the same message.
  std::string from_memory, from_file;
  try {
    lloyd::io::parse_npy<Scalar>(bytes.data(), bytes.size(), "in.npy");
  } catch (const lloyd::error& e) {
    from_memory = e.what();
  }
  write_bytes("in.npy", bytes);
  try {
    lloyd::io::read_npy<Scalar>("in.npy");
  } catch (const lloyd::error& e) {
    from_file = e.what();
  }
  std::remove("in.npy");
  CHECK(from_memory == from_file);
  return from_file;
}

}  // namespace

TEMPLATE_TEST_CASE("npy: write then read gives identical bits", "[io][npy]", float, double) {
  using S = TestType;
  lloyd::Points<S> X = test::uniform<S>(7, 123, 5);
  X(0, 0) = std::numeric_limits<S>::denorm_min();
  X(1, 0) = static_cast<S>(-0.0);
  X(2, 0) = std::numeric_limits<S>::max();
  const std::string path = temp_path("roundtrip.npy");
  lloyd::io::write_npy(path, X);
  const std::string bytes = lloyd::io::read_file(path);
  const lloyd::io::NpyHeader h = lloyd::io::parse_npy_header(bytes.data(), bytes.size());
  CHECK(h.descr == (std::is_same<S, float>::value ? "<f4" : "<f8"));
  CHECK(h.shape == std::vector<Index>{123, 7});
  CHECK(!h.fortran_order);
  CHECK(h.data_offset % 64 == 0);
  const lloyd::io::Matrix<S> m = lloyd::io::read_npy<S>(path);
  REQUIRE(m.points.rows() == 7);
  REQUIRE(m.points.cols() == 123);
  CHECK(std::memcmp(m.points.data(), X.data(), sizeof(S) * static_cast<std::size_t>(X.size())) == 0);
  const lloyd::io::Matrix<S> m2 = lloyd::io::parse_npy<S>(bytes.data(), bytes.size());
  CHECK(std::memcmp(m2.points.data(), X.data(), sizeof(S) * static_cast<std::size_t>(X.size())) == 0);
  std::remove(path.c_str());
}

TEMPLATE_TEST_CASE("npy: versions 1.0, 2.0 and 3.0, 1-D arrays, the other precision", "[io][npy]", float, double) {
  using S = TestType;
  const std::vector<float> f{1.5f, -2.f, 3.25f, 4.f, 0.1f, 6.f};
  const std::vector<double> d{1.5, -2., 3.25, 4., 0.1, 6.};
  for (int major : {1, 2, 3}) {
    INFO("version " << major);
    const auto m = lloyd::io::parse_npy<S>(
        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", raw(f), major).data(),
        npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", raw(f), major).size());
    REQUIRE(m.rows() == 3);
    REQUIRE(m.cols() == 2);
    CHECK(m.points(0, 2) == S(0.1f));  // row 2, column 0 → point 2, coordinate 0
    CHECK(m.points(1, 0) == S(-2));
  }
  const std::string b = npy_bytes("{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(6L,)}", raw(d));
  const auto v = lloyd::io::parse_npy<S>(b.data(), b.size());
  CHECK(v.ndim == 1);
  CHECK(v.rows() == 6);
  CHECK(v.cols() == 1);
  CHECK(v.points(0, 4) == S(0.1));
}

TEST_CASE("npy: labels are written as int32", "[io][npy]") {
  lloyd::Labels l(3);
  l << 4, 0, 2;
  const std::string path = temp_path("labels.npy");
  lloyd::io::write_npy_labels(path, l);
  const std::string bytes = lloyd::io::read_file(path);
  const auto h = lloyd::io::parse_npy_header(bytes.data(), bytes.size());
  CHECK(h.descr == "<i4");
  CHECK(h.shape == std::vector<Index>{3});
  REQUIRE(bytes.size() == h.data_offset + 12);
  std::int32_t back[3];
  std::memcpy(back, bytes.data() + h.data_offset, 12);
  CHECK(back[0] == 4);
  CHECK(back[1] == 0);
  CHECK(back[2] == 2);
  std::remove(path.c_str());
}

TEST_CASE("npy: a float64 value too large for float is reported", "[io][npy]") {
  const std::vector<double> d{1, 1e300};
  const std::string b = npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", raw(d));
  CHECK(read_error<float>(b).find("element [0, 1]") != std::string::npos);
  CHECK(read_error<double>(b).empty());
}

TEMPLATE_TEST_CASE("npy: malformed inputs", "[io][npy]", float, double) {
  using S = TestType;
  const std::vector<float> six{1, 2, 3, 4, 5, 6};
  const std::string payload = raw(six);
  const std::string good = npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", payload);
  CHECK(read_error<S>(good).empty());
  const std::vector<float> with_nan{1, 2, 3, std::numeric_limits<float>::quiet_NaN(), 5, 6};
  const std::vector<float> with_inf{1, 2, 3, 4, 5, -std::numeric_limits<float>::infinity()};
  struct Case {
    std::string bytes;
    const char* message;
  };
  const Case cases[] = {
      {"", "in.npy: not a .npy file"},
      {"1,2\n3,4\n", "in.npy: not a .npy file"},
      {good.substr(0, 8), "in.npy: not a .npy file"},
      {good.substr(0, 40), "truncated .npy header"},
      {good.substr(0, good.size() - 1), "in.npy: truncated: shape (3, 2) <f4 needs 24 bytes of data, the file has 23"},
      {good.substr(0, good.size() - 24), "truncated: shape (3, 2) <f4 needs 24 bytes"},
      {good + "xx", "2 unexpected bytes after the data"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", payload), "Fortran order"},
      {npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }", payload),
       "dtype '<i4' is not supported"},
      {npy_bytes("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 4), }", payload),
       "dtype '<f2' is not supported"},
      {npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (3, 1), }", payload),
       "dtype '<c8' is not supported"},
      {npy_bytes("{'descr': '>i4', 'fortran_order': False, 'shape': (3, 2), }", payload),
       "dtype '>i4' is not supported"},
      {npy_bytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }", payload), "structured"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 2), }", payload), "shape (1, 3, 2)"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", payload), "shape ()"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 2), }", ""), "shape (0, 2) is empty"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", raw(with_nan)),
       "element [1, 1] (row 2, column 2) is nan"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", raw(with_inf)), "element [2, 1]"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, }", payload), "needs 'descr', 'fortran_order' and 'shape'"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (3, 2), }", payload), "True or False"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, x), }", payload), "tuple of integers"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 2), }", payload),
       "too large"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }",
                 payload),
       "too large"},
      {npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'extra': 1}", payload), "unexpected key"},
      {npy_bytes("{'descr': '<f4", payload), "unterminated string"},
      {std::string("\x93NUMPY\x07\x00\x10\x00", 10) + std::string(16, ' '), "unsupported .npy format version 7.0"},
  };
  for (const Case& c : cases) {
    INFO("expected: " << c.message);
    const std::string msg = read_error<S>(c.bytes);
    INFO("message: " << msg);
    CHECK(msg.find(c.message) != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
  }
}

TEST_CASE("npy: a missing file names the file", "[io][npy]") {
  try {
    lloyd::io::read_npy<float>("no/such/file.npy");
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("no/such/file.npy: cannot open") != std::string::npos);
  }
}

namespace {

// The bytes of v with each item's byte order reversed (how a big-endian machine stores them).
template <class T>
std::string swapped(const std::vector<T>& v) {
  std::string b = raw(v);
  for (std::size_t i = 0; i < b.size(); i += sizeof(T))
    for (std::size_t j = 0; j < sizeof(T) / 2; ++j) std::swap(b[i + j], b[i + sizeof(T) - 1 - j]);
  return b;
}

// A .npy file with a header of exactly `len` bytes (dict padded with spaces, ended by '\n') and an
// explicit preamble: version major.0, 2-byte length for 1.0, 4-byte for 2.0 and 3.0.
std::string npy_with_header_length(const std::string& dict, std::size_t len, int major, const std::string& payload) {
  std::string h = dict;
  h.resize(len - 1, ' ');
  h += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (int b = 0; b < (major == 1 ? 2 : 4); ++b) out += static_cast<char>((len >> (8 * b)) & 0xff);
  return out + h + payload;
}

}  // namespace

TEMPLATE_TEST_CASE("npy: every float dtype spelling numpy writes: <, >, = and | byte orders", "[io][npy]", float,
                   double) {
  using S = TestType;
  const std::vector<float> f{1.5f, -2.f, 3.25f, 4.f, 0.1f, 6.f};
  const std::vector<double> d{1.5, -2., 3.25, 4., 0.1, 6.};
  struct Case {
    const char* descr;
    std::string payload;
    S point2;  // element [2, 0]
  };
  const Case cases[] = {{"<f4", raw(f), S(0.1f)},     {"=f4", raw(f), S(0.1f)},   {"|f4", raw(f), S(0.1f)},
                        {">f4", swapped(f), S(0.1f)}, {"<f8", raw(d), S(0.1)},    {"=f8", raw(d), S(0.1)},
                        {"|f8", raw(d), S(0.1)},      {">f8", swapped(d), S(0.1)}};
  for (const Case& c : cases) {
    INFO(c.descr);
    const std::string b =
        npy_bytes(std::string("{'descr': '") + c.descr + "', 'fortran_order': False, 'shape': (3, 2), }", c.payload);
    const auto m = lloyd::io::parse_npy<S>(b.data(), b.size());
    REQUIRE(m.rows() == 3);
    CHECK(m.points(0, 2) == c.point2);
    CHECK(m.points(1, 0) == S(-2));
    CHECK(lloyd::io::npy_float_bytes(c.descr) == (c.descr[2] == '4' ? 4 : 8));
    write_bytes("dtype.npy", b);
    const auto from_file = lloyd::io::read_npy<S>("dtype.npy");
    CHECK(from_file.points == m.points);
    std::remove("dtype.npy");
  }
  CHECK(lloyd::io::npy_float_bytes("<i4") == 0);
  CHECK(lloyd::io::npy_float_bytes("<f2") == 0);
  CHECK(lloyd::io::npy_float_bytes("f4") == 0);
  // A big-endian float64 too large for float is still reported by element.
  const std::vector<double> big{1, 1e300};
  const std::string b = npy_bytes("{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }", swapped(big));
  CHECK(read_error<float>(b).find("element [0, 1] = 1e+300 does not fit in float precision") != std::string::npos);
}

TEMPLATE_TEST_CASE("npy: headers of any length, versions 1.0, 2.0 and 3.0", "[io][npy]", float, double) {
  using S = TestType;
  const std::vector<float> f{1.5f, -2.f, 3.25f, 4.f, 0.1f, 6.f};
  const std::string dict = "{'descr': '|f4', 'fortran_order': False, 'shape': (3, 2), }";
  struct Case {
    int major;
    std::size_t len;
  };
  // 4 KB and more (a reader that looks at the first 4096 bytes only misses the dict's end), the
  // largest 1.0 header, and 2.0/3.0 headers longer than 1.0 allows.
  for (const Case c : {Case{1, 118}, Case{1, 4096}, Case{1, 5000}, Case{1, 65535}, Case{2, 118}, Case{2, 70000},
                       Case{3, 118}, Case{3, 100000}}) {
    INFO("version " << c.major << ", header " << c.len << " bytes");
    const std::string b = npy_with_header_length(dict, c.len, c.major, raw(f));
    const lloyd::io::NpyHeader h = lloyd::io::parse_npy_header(b.data(), b.size());
    CHECK(h.major == c.major);
    CHECK(h.data_offset == (c.major == 1 ? 10 : 12) + c.len);
    const auto m = lloyd::io::parse_npy<S>(b.data(), b.size());
    CHECK(m.points(0, 2) == S(0.1f));
    write_bytes("long_header.npy", b);
    const auto from_file = lloyd::io::read_npy<S>("long_header.npy");
    CHECK(from_file.points == m.points);
    std::remove("long_header.npy");
  }
}

TEMPLATE_TEST_CASE("npy: header text quoted in messages is escaped: one line, no control characters", "[io][npy]",
                   float, double) {
  using S = TestType;
  const std::vector<float> six{1, 2, 3, 4, 5, 6};
  const std::string payload = raw(six);
  const std::string evil[] = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), 'evil\nkey\x1b[2J': 1}",
      "{'descr': '\x1b]0;title\x07\r\n', 'fortran_order': False, 'shape': (3, 2), }",
      "{'descr': '<f4\xff\xfe', 'fortran_order': False, 'shape': (3, 2), }",
      [] {
        const char nul[] = "{'de\0scr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
        return std::string(nul, sizeof nul - 1);
      }(),
  };
  for (const std::string& dict : evil) {
    const std::string msg = read_error<S>(npy_bytes(dict, payload));
    INFO(msg);
    REQUIRE(!msg.empty());
    for (char c : msg) CHECK((static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f));
  }
  CHECK(read_error<S>(npy_bytes(evil[0], payload)).find("unexpected key 'evil\\nkey\\x1b[2J'") != std::string::npos);
  CHECK(read_error<S>(npy_bytes(evil[1], payload)).find("dtype '\\x1b]0;title\\x07\\r\\n' is not supported") !=
        std::string::npos);
}

TEST_CASE("npy: messages do not depend on the locale (no digit grouping)", "[io][npy][locale]") {
  std::locale grouping;
  try {
    grouping = std::locale("de_DE.UTF-8");
  } catch (const std::runtime_error&) {
    WARN("SKIPPED: locale de_DE.UTF-8 is not installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8)");
    return;
  }
  std::vector<float> v(1500, 1.f);
  v[1234] = std::numeric_limits<float>::quiet_NaN();
  const std::string b = npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1500,), }", raw(v));
  const std::locale old = std::locale::global(grouping);
  std::setlocale(LC_ALL, "de_DE.UTF-8");
  const std::string msg = read_error<float>(b);
  std::locale::global(old);
  std::setlocale(LC_ALL, "C");
  CHECK(msg.find("element [1234, 0] (row 1235, column 1) is nan") != std::string::npos);
}
