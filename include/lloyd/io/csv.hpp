#pragma once
// lloyd::io — delimited text tables (CSV or whitespace separated).
//
//   auto m = lloyd::io::read_csv<double>("X.csv");   // m.points: D×N, line i of the table = column i
//   auto s = lloyd::io::read_csv<float>("-");         // standard input
//   lloyd::io::write_csv("C.csv", km.centroids());    // one centre per line, bit-exact round trip
//
// Format read (docs/INPUT_FORMATS.md has the full description):
// - one row per line; a line ends at "\n", "\r\n" or a lone "\r" (old Mac files); blank lines and
//   lines starting with '#' are skipped, and so is a UTF-8 byte order mark;
// - the separator is ',' if the first row contains one, otherwise runs of spaces/tabs; spaces
//   around comma-separated fields are ignored;
// - an optional header: the first row is skipped when none of its fields is a number;
// - every row must have the same number of fields, every field must be a finite decimal number:
//   [+|-] digits [. digits] [(e|E) [+|-] digits], where either the integer or the fraction digits
//   may be empty ("5." and ".5" are numbers) — no hexadecimal, no thousands separators, '.' as the
//   decimal mark whatever the locale. Values are parsed with std::from_chars, which is exact and
//   locale-free: each is the correctly rounded nearest float or double (what strtof/strtod give in
//   the "C" locale, also for subnormals; a value too small for the type reads as a signed zero, as
//   strtod gives it; one too large is an error).
// Errors name the source, line and column: "data.csv:7:12: 'abc' is not a number"; quoted field
// text is escaped (detail::quoted), so a message is always one line.
//
// Written numbers use std::to_chars' shortest form that reads back bit-identically (for float: the
// shortest that reads back as the same float), with '.' whatever the locale.
//
// Entry points: parse_csv (from memory), read_csv (from a path or "-"), write_csv / write_csv_labels
// (to a path, atomically, or to a FILE*).
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"

#if !defined(__cpp_lib_to_chars)
#error \
    "lloyd/io/csv.hpp needs floating-point std::from_chars / std::to_chars (GCC 11+, or a standard library that has them)"
#endif

namespace lloyd {
namespace io {
namespace detail {

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Whether the magnitude of the decimal number [b, e) (syntax checked by std::from_chars) is below 1:
/// the decimal exponent of its first non-zero digit plus its written exponent is negative. Decides
/// whether a value out of the type's range underflowed or overflowed.
inline bool magnitude_below_one(const char* b, const char* e) {
  const char* p = b;
  if (p < e && *p == '-') ++p;
  long long lead = 0;  // decimal exponent of the first non-zero digit, without the written exponent
  bool found = false;
  for (; p < e && *p >= '0' && *p <= '9'; ++p) {
    if (found) ++lead;
    else if (*p != '0') found = true;
  }
  if (p < e && *p == '.') {
    for (++p; p < e && *p >= '0' && *p <= '9'; ++p) {
      if (found) continue;
      --lead;
      if (*p != '0') found = true;
    }
  }
  long long x = 0;
  if (p < e && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool neg = p < e && *p == '-';
    if (p < e && (*p == '-' || *p == '+')) ++p;
    for (; p < e && *p >= '0' && *p <= '9'; ++p) x = x < 1000000000000000000LL / 10 ? x * 10 + (*p - '0') : x;
    if (neg) x = -x;
  }
  return lead + x < 0;
}

enum class NumberStatus { ok, not_a_number, overflow };

/// Parses the whole of [b, e) (no blanks) as one number: [+|-] then what std::from_chars reads in
/// chars_format::general — decimal only, exact, locale-free. A value below the type's smallest
/// subnormal becomes a signed zero, one above its largest is `overflow`. "inf" and "nan" are
/// numbers (ok, not finite): the caller rejects them with their own message.
template <class Scalar>
NumberStatus parse_number(const char* b, const char* e, Scalar& out) {
  if (b < e && *b == '+') {
    ++b;
    if (b < e && (*b == '-' || *b == '+')) return NumberStatus::not_a_number;
  }
  if (b == e) return NumberStatus::not_a_number;
  const std::from_chars_result r = std::from_chars(b, e, out, std::chars_format::general);
  if (r.ec == std::errc::invalid_argument || r.ptr != e) return NumberStatus::not_a_number;
  if (r.ec == std::errc::result_out_of_range) {
    const bool neg = *b == '-';
    if (magnitude_below_one(b, e)) {
      out = neg ? -Scalar(0) : Scalar(0);
      return NumberStatus::ok;
    }
    out = neg ? -std::numeric_limits<Scalar>::infinity() : std::numeric_limits<Scalar>::infinity();
    return NumberStatus::overflow;
  }
  return NumberStatus::ok;
}

/// Splits a buffer into lines ending at "\n", "\r\n" or a lone "\r". Keeps the position of the next
/// '\n' so that a file with '\r' line ends is still read in linear time.
class LineSplitter {
 public:
  LineSplitter(const char* b, const char* e) : p_(b), end_(e) { nl_ = find('\n'); }
  /// The next line as [b, e) without its line end; false at the end of the buffer.
  bool next(const char*& b, const char*& e) {
    if (p_ >= end_) return false;
    if (nl_ < p_) nl_ = find('\n');  // the last line ended at nl_
    const char* cr = static_cast<const char*>(std::memchr(p_, '\r', static_cast<std::size_t>(nl_ - p_)));
    b = p_;
    if (cr) {
      e = cr;
      p_ = cr + 1 == nl_ && nl_ < end_ ? nl_ + 1 : cr + 1;  // "\r\n" or a lone "\r"
    } else {
      e = nl_;
      p_ = nl_ < end_ ? nl_ + 1 : end_;
    }
    return true;
  }

 private:
  const char* find(char c) const {
    if (p_ >= end_) return end_;
    const char* f = static_cast<const char*>(std::memchr(p_, c, static_cast<std::size_t>(end_ - p_)));
    return f ? f : end_;
  }
  const char* p_;
  const char* end_;
  const char* nl_;  // the first '\n' at or after p_, or end_
};

/// The parser: a table in [data, data + size) → D×N values, one named step per function.
template <class Scalar>
class CsvParser {
 public:
  CsvParser(const char* data, std::size_t size, const std::string& source)
      : lines_(skip_bom(data, size), data + size), source_(printable(source)) {
    values_.reserve(size / 8 + 16);
  }

  Matrix<Scalar> parse() {
    bool first_row = true;
    while (next_row()) {
      if (sep_ < 0) sep_ = std::memchr(q_, ',', static_cast<std::size_t>(le_ - q_)) ? ',' : ' ';
      if (first_row) {
        first_row = false;
        if (is_header()) continue;
      }
      parse_row();
    }
    if (n_ == 0) throw error(source_ + ": no data rows (the input is empty" + (line_ > 0 ? " or only a header)" : ")"));
    Matrix<Scalar> m;
    m.points = Eigen::Map<const Points<Scalar>>(values_.data(), d_, n_);
    return m;
  }

 private:
  static const char* skip_bom(const char* p, std::size_t size) {
    return size >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? p + 3 : p;  // UTF-8 byte order mark
  }

  /// Advances to the next line that is not blank or a comment: ls_ its start, q_ its first
  /// non-blank character, le_ its end without trailing blanks. False at the end of the input.
  bool next_row() {
    const char* e;
    while (lines_.next(ls_, e)) {
      ++line_;
      while (e > ls_ && is_blank(e[-1])) --e;
      const char* q = ls_;
      while (q < e && is_blank(*q)) ++q;
      if (q == e || *q == '#') continue;
      q_ = q;
      le_ = e;
      return true;
    }
    return false;
  }

  /// The end of the field that starts at f: its separator or the line's end.
  const char* field_end(const char* f) const {
    const char* fe = f;
    if (sep_ == ',') {
      while (fe < le_ && *fe != ',') ++fe;
    } else {
      while (fe < le_ && !is_blank(*fe)) ++fe;
    }
    return fe;
  }
  static const char* trimmed(const char* f, const char* fe) {
    while (fe > f && is_blank(fe[-1])) --fe;
    return fe;
  }
  /// The start of the field after the one that ended at fe (its separator), blanks skipped.
  const char* next_field(const char* fe) const {
    const char* f = fe + 1;
    while (f < le_ && is_blank(*f)) ++f;
    return f;
  }

  std::string where(const char* at) const {
    return source_ + ":" + std::to_string(line_) + ":" + std::to_string(at - ls_ + 1) + ": ";
  }

  /// A header: the first row when none of its fields is a number.
  bool is_header() const {
    for (const char* f = q_;;) {
      const char* fe = field_end(f);
      Scalar v;
      if (parse_number<Scalar>(f, trimmed(f, fe), v) != NumberStatus::not_a_number) return false;
      if (fe >= le_) return true;
      f = next_field(fe);
    }
  }

  /// The value of the field [f, te), or an error naming its line and column.
  Scalar field_value(const char* f, const char* te) const {
    if (te == f) throw error(where(f) + "empty field; expected a number");
    Scalar v;
    const NumberStatus st = parse_number<Scalar>(f, te, v);
    if (st == NumberStatus::not_a_number) throw error(where(f) + quoted(f, te) + " is not a number");
    if (st == NumberStatus::overflow)
      throw error(where(f) + quoted(f, te) +
                  (std::is_same<Scalar, float>::value ? " overflows float" : " overflows double") +
                  "; all values must be finite numbers");
    if (!std::isfinite(v)) throw error(where(f) + quoted(f, te) + " is not finite; all values must be finite numbers");
    return v;
  }

  /// Appends the fields of the current row; checks their count against the first row's.
  void parse_row() {
    Index fields = 0;
    for (const char* f = q_;;) {
      const char* fe = field_end(f);
      if (d_ >= 0 && fields == d_)
        throw error(where(f) + "row has more than " + std::to_string(d_) + " fields; expected " + std::to_string(d_) +
                    " (as on line " + std::to_string(d_line_) + ")");
      values_.push_back(field_value(f, trimmed(f, fe)));
      ++fields;
      if (fe >= le_) break;
      f = next_field(fe);
      if (sep_ == ',' && f == le_) throw error(where(f) + "empty field after the last ','; expected a number");
    }
    if (d_ < 0) {
      d_ = fields;
      d_line_ = line_;
    } else if (fields != d_) {
      throw error(where(le_) + "row has " + std::to_string(fields) + " fields; expected " + std::to_string(d_) +
                  " (as on line " + std::to_string(d_line_) + ")");
    }
    ++n_;
  }

  LineSplitter lines_;
  std::string source_;
  std::vector<Scalar> values_;
  const char* ls_ = nullptr;  // current line: start,
  const char* q_ = nullptr;   // first non-blank character,
  const char* le_ = nullptr;  // end without trailing blanks
  long line_ = 0, d_line_ = 0;
  Index d_ = -1, n_ = 0;
  int sep_ = -1;  // -1 unknown, ',' or ' '
};

}  // namespace detail

/// Parses a table held in memory; `source` names it in error messages.
template <class Scalar>
Matrix<Scalar> parse_csv(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_csv: Scalar must be float or double");
  return detail::CsvParser<Scalar>(data, size, source).parse();
}

template <class Scalar>
Matrix<Scalar> parse_csv(const std::string& text, const std::string& source = "<buffer>") {
  return parse_csv<Scalar>(text.data(), text.size(), source);
}

/// Reads a table from `path`; "-" reads standard input (named "<stdin>" in messages).
template <class Scalar>
Matrix<Scalar> read_csv(const std::string& path) {
  InputFile in(path);
  std::string text;
  in.read_rest(text);
  return parse_csv<Scalar>(text, in.name());
}

/// Writes D×N points as N lines of D comma-separated numbers (no header).
template <class Derived>
void write_csv(std::FILE* f, const Eigen::MatrixBase<Derived>& P) {
  using Scalar = typename Derived::Scalar;
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::write_csv: Scalar must be float or double");
  char buf[64];
  std::string line;
  for (Index i = 0; i < P.cols(); ++i) {
    line.clear();
    for (Index j = 0; j < P.rows(); ++j) {
      if (j) line += ',';
      const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, static_cast<Scalar>(P(j, i)));
      line.append(buf, r.ptr);
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
