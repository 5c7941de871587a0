#pragma once
// lloyd::io — delimited text tables (CSV or whitespace separated).
//
//   auto m = lloyd::io::read_csv<double>("X.csv");   // m.points: D×N, line i of the table = column i
//   auto s = lloyd::io::read_csv<float>("-");         // standard input
//   lloyd::io::write_csv("C.csv", km.centroids());    // one centre per line, bit-exact round trip
//
// Format read:
// - one row per line ("\n" or "\r\n"); blank lines and lines starting with '#' are skipped, and so
//   is a UTF-8 byte order mark;
// - the separator is ',' if the first row contains one, otherwise runs of spaces/tabs; spaces
//   around comma-separated fields are ignored;
// - an optional header: the first row is skipped when none of its fields is a number;
// - every row must have the same number of fields, every field must be a finite decimal number
//   (parsed with strtof for float and strtod for double in the "C" locale, so each value is the
//   correctly rounded nearest of its precision).
// Errors name the source, line and column: "data.csv:7:12: 'abc' is not a number".
//
// Written numbers use %.9g (float) or %.17g (double), enough digits for the value read back to be
// bit-identical to the value written.
//
// Entry points: parse_csv (from memory), read_csv (from a path or "-"), write_csv / write_csv_labels
// (to a path, atomically, or to a FILE*).
#include <cerrno>
#include <cfloat>
#include <cstdint>
#include <limits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"

namespace lloyd {
namespace io {
namespace detail {

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

template <class Scalar>
Scalar parse_number(const char* b, char** end);
template <>
inline float parse_number<float>(const char* b, char** end) {
  return std::strtof(b, end);
}
template <>
inline double parse_number<double>(const char* b, char** end) {
  return std::strtod(b, end);
}

/// Exact powers of ten representable in double.
inline double exact_pow10(int e) {
  static const double p[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  return p[e];
}

/// Fast path for plain decimals "[+-]digits[.digits][(e|E)[+-]digits]" (Clinger 1990): when the
/// significand has at most 19 digits and is ≤ 2^53 and the decimal exponent is within ±22, the
/// significand and the power of ten are exact doubles and one multiplication or division rounds
/// correctly. For float, the correctly rounded double is rounded again to float; that equals
/// rounding once unless the double lands exactly on a midpoint between two floats, in which case
/// (and in every case the fast path does not cover) this returns false and the caller uses
/// strtof/strtod. So the result is always bit-identical to strtof/strtod.
template <class Scalar>
bool fast_decimal(const char* p, const char* e, Scalar& out) {
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
  (void)p, (void)e, (void)out;
  return false;  // x87 extended precision: double rounding, use strtod
#else
  bool neg = false;
  if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
  std::uint64_t m = 0;
  int digits = 0, exp10 = 0;
  bool any = false;
  for (; p < e && *p >= '0' && *p <= '9'; ++p) {
    any = true;
    if (m == 0 && *p == '0') continue;  // leading zeros
    if (++digits > 19) return false;
    m = m * 10 + static_cast<std::uint64_t>(*p - '0');
  }
  if (p < e && *p == '.') {
    for (++p; p < e && *p >= '0' && *p <= '9'; ++p) {
      any = true;
      if (m == 0 && *p == '0') {
        --exp10;
        continue;
      }
      if (++digits > 19) return false;
      m = m * 10 + static_cast<std::uint64_t>(*p - '0');
      --exp10;
    }
  }
  if (!any) return false;
  if (p < e && (*p == 'e' || *p == 'E')) {
    ++p;
    bool eneg = false;
    if (p < e && (*p == '-' || *p == '+')) eneg = *p++ == '-';
    if (p == e) return false;
    int x = 0;
    for (; p < e && *p >= '0' && *p <= '9'; ++p) {
      if (x > 100000) return false;
      x = x * 10 + (*p - '0');
    }
    exp10 += eneg ? -x : x;
  }
  if (p != e) return false;
  double d;
  if (m == 0) {
    d = 0;
  } else {
    if (m > (std::uint64_t(1) << 53) || exp10 < -22 || exp10 > 22) return false;
    d = exp10 >= 0 ? static_cast<double>(m) * exact_pow10(exp10) : static_cast<double>(m) / exact_pow10(-exp10);
  }
  if (neg) d = -d;
  if (std::is_same<Scalar, float>::value) {
    const float f = static_cast<float>(d);
    if (!std::isfinite(f)) return false;
    if (static_cast<double>(f) != d) {
      const float g = std::nextafter(f, d > static_cast<double>(f) ? std::numeric_limits<float>::infinity()
                                                                    : -std::numeric_limits<float>::infinity());
      if (d == (static_cast<double>(f) + static_cast<double>(g)) / 2) return false;  // a tie: let strtof decide
    }
  }
  out = static_cast<Scalar>(d);
  return true;
#endif
}

/// Parses [b, e) where e is a separator, line end or the terminating '\0' (never a digit, so
/// strtod cannot read past the field). Field contains no leading blanks. Returns false if the
/// field is not one whole number.
template <class Scalar>
bool parse_field(const char* b, const char* e, Scalar& out) {
  if (b == e) return false;
  if (fast_decimal<Scalar>(b, e, out)) return true;
  char* stop = nullptr;
  out = parse_number<Scalar>(b, &stop);
  return stop == e;
}

/// The parser proper. Requires data[size] to be readable and '\0' (a std::string's data()).
template <class Scalar>
Matrix<Scalar> parse_terminated(const char* data, std::size_t size, const std::string& source) {
  const char* p = data;
  const char* const end = data + size;
  if (size >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;  // UTF-8 byte order mark
  std::vector<Scalar> values;
  values.reserve(size / 8 + 16);
  Index d = -1, n = 0, d_line = 0;
  int sep = -1;  // -1 unknown, ',' or ' '
  bool first_row = true;
  long line = 0;

  auto where = [&](const char* line_start, const char* at) {
    return source + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1) + ": ";
  };
  auto show = [](const char* b, const char* e) {
    std::string s(b, static_cast<std::size_t>(e - b > 40 ? 40 : e - b));
    for (char& c : s)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return "'" + s + (e - b > 40 ? "...'" : "'");
  };

  while (p < end) {
    ++line;
    const char* ls = p;
    const char* le = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!le) le = end;
    p = le < end ? le + 1 : end;
    const char* content_end = le;
    while (content_end > ls && is_blank(content_end[-1])) --content_end;  // trailing blanks, '\r'
    const char* q = ls;
    while (q < content_end && is_blank(*q)) ++q;
    if (q == content_end || *q == '#') continue;  // blank or comment line
    if (sep < 0) sep = std::memchr(q, ',', static_cast<std::size_t>(content_end - q)) ? ',' : ' ';

    // The field that starts at f (blanks skipped) ends at fe (its separator or the line's end);
    // te is fe with trailing blanks dropped.
    auto field_end = [&](const char* f) {
      const char* fe = f;
      if (sep == ',') {
        while (fe < content_end && *fe != ',') ++fe;
      } else {
        while (fe < content_end && !is_blank(*fe)) ++fe;
      }
      return fe;
    };
    auto trimmed_end = [](const char* f, const char* fe) {
      while (fe > f && is_blank(fe[-1])) --fe;
      return fe;
    };

    // Header: the first row when none of its fields is a number.
    if (first_row) {
      first_row = false;
      bool any_number = false;
      const char* f = q;
      while (f <= content_end) {
        const char* fe = field_end(f);
        const char* te = trimmed_end(f, fe);
        // A field of the header line may end in a blank rather than the line end: check the
        // number on a copy so strtod stops at the field's end.
        std::string field(f, te);
        Scalar v;
        if (parse_field<Scalar>(field.c_str(), field.c_str() + field.size(), v)) any_number = true;
        if (fe >= content_end) break;
        f = fe + 1;
        while (f < content_end && is_blank(*f)) ++f;
      }
      if (!any_number) continue;
    }

    Index fields = 0;
    const char* f = q;
    for (;;) {
      const char* fe = field_end(f);  // f: start of a field (blanks skipped)
      const char* te = trimmed_end(f, fe);
      if (d >= 0 && fields == d)
        throw error(where(ls, f) + "row has more than " + std::to_string(d) + " fields; expected " +
                    std::to_string(d) + " (as on line " + std::to_string(d_line) + ")");
      if (te == f) throw error(where(ls, f) + "empty field; expected a number");
      // *te is ',', a blank, '\n' or the terminating '\0' — none can continue a number, so
      // strtod stops at the field's end.
      Scalar v;
      const bool ok = parse_field<Scalar>(f, te, v);
      if (!ok) throw error(where(ls, f) + show(f, te) + " is not a number");
      if (!std::isfinite(v)) {
        const bool overflow = std::strpbrk(std::string(f, te).c_str(), "nNiI") == nullptr;
        throw error(where(ls, f) + show(f, te) +
                    (overflow ? (std::is_same<Scalar, float>::value ? " overflows float" : " overflows double")
                              : " is not finite") +
                    "; all values must be finite numbers");
      }
      values.push_back(v);
      ++fields;
      if (fe >= content_end) break;
      f = fe + 1;
      while (f < content_end && is_blank(*f)) ++f;
      if (sep == ',' && f == content_end) throw error(where(ls, f) + "empty field after the last ','; expected a number");
    }
    if (d < 0) {
      d = fields;
      d_line = static_cast<Index>(line);
    } else if (fields != d) {
      throw error(where(ls, content_end) + "row has " + std::to_string(fields) + " fields; expected " +
                  std::to_string(d) + " (as on line " + std::to_string(d_line) + ")");
    }
    ++n;
  }
  if (n == 0) throw error(source + ": no data rows (the input is empty" + (line > 0 ? " or only a header)" : ")"));
  Matrix<Scalar> m;
  m.points = Eigen::Map<const Points<Scalar>>(values.data(), d, n);
  return m;
}

}  // namespace detail

/// Parses a table held in memory; `source` names it in error messages.
template <class Scalar>
Matrix<Scalar> parse_csv(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_csv: Scalar must be float or double");
  const std::string copy(data, size);  // guarantees a terminating '\0' for strtod
  return detail::parse_terminated<Scalar>(copy.data(), copy.size(), source);
}

template <class Scalar>
Matrix<Scalar> parse_csv(const std::string& text, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_csv: Scalar must be float or double");
  return detail::parse_terminated<Scalar>(text.data(), text.size(), source);
}

/// Reads a table from `path`; "-" reads standard input (named "<stdin>" in messages).
template <class Scalar>
Matrix<Scalar> read_csv(const std::string& path) {
  const std::string text = read_file(path);
  return parse_csv<Scalar>(text, path == "-" ? std::string("<stdin>") : path);
}

namespace detail {
template <class Scalar>
const char* number_format() {
  return std::is_same<Scalar, float>::value ? "%.9g" : "%.17g";
}
}  // namespace detail

/// Writes D×N points as N lines of D comma-separated numbers (no header).
template <class Derived>
void write_csv(std::FILE* f, const Eigen::MatrixBase<Derived>& P) {
  using Scalar = typename Derived::Scalar;
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::write_csv: Scalar must be float or double");
  const char* fmt = detail::number_format<Scalar>();
  char buf[64];
  std::string line;
  for (Index i = 0; i < P.cols(); ++i) {
    line.clear();
    for (Index j = 0; j < P.rows(); ++j) {
      if (j) line += ',';
      const int len = std::snprintf(buf, sizeof buf, fmt, static_cast<double>(P(j, i)));
      line.append(buf, static_cast<std::size_t>(len));
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), f);
  }
}

template <class Derived>
void write_csv(const std::string& path, const Eigen::MatrixBase<Derived>& P) {
  AtomicFile out(path);
  write_csv(out.get(), P);
  out.commit();
}

/// Writes one label per line.
inline void write_csv_labels(std::FILE* f, const Labels& labels) {
  std::string text;
  text.reserve(static_cast<std::size_t>(labels.size()) * 3);
  for (Index i = 0; i < labels.size(); ++i) {
    text += std::to_string(labels[i]);
    text += '\n';
  }
  std::fwrite(text.data(), 1, text.size(), f);
}

inline void write_csv_labels(const std::string& path, const Labels& labels) {
  AtomicFile out(path);
  write_csv_labels(out.get(), labels);
  out.commit();
}

}  // namespace io
}  // namespace lloyd
