#pragma once
// lloyd::io — svmlight / libsvm sparse text files.
//
//   auto t = lloyd::io::read_svmlight<double>("X.svm");   // t.points: D×N sparse, line i = column i
//   lloyd::io::SvmlightOptions o;  o.zero_based = true;  o.n_features = 30000;
//   auto u = lloyd::io::read_svmlight<float>("-", o);       // standard input, 0-based, D = 30000
//   lloyd::io::write_svmlight("Y.svm", t.points, t.labels);  // bit-exact round trip
//
// Format read (docs/INPUT_FORMATS.md has the full description):
// - one point per line: `label [qid:N] index:value index:value ...`, tokens separated by spaces or
//   tabs; a line ends at "\n", "\r\n" or a lone "\r"; '#' starts a comment that runs to the end of the
//   line; blank lines (and comment-only lines) are skipped, and so is a UTF-8 byte order mark;
// - the label is a finite decimal number (kept in `labels`, not used by k-means); a `qid:N` token
//   (N a non-negative integer, svmlight's query id) may follow it and is ignored;
// - indices are decimal integers, 1-based unless `zero_based`, strictly increasing within a line;
//   values are finite decimal numbers, read exactly as the CSV reader reads them (csv.hpp);
// - a line with a label and no pairs is a point with no non-zero coordinate (a zero column);
// - D is the largest index + 1 (0-based) or `n_features` when given (then no index may reach it), at
//   most 2^31 − 1, so every index fits a signed 32-bit integer.
// An explicit `index:0` is kept as a stored zero. Errors name the source, line and column:
// "X.svm:7:12: index 3 is not above the previous index 5 ..."; quoted text is escaped
// (detail::quoted), so a message is always one line.
//
// Entry points: parse_svmlight (from memory), read_svmlight (from a path or "-"), write_svmlight
// (to a path, atomically, or to a FILE*).
#include <Eigen/SparseCore>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "csv.hpp"
#include "file.hpp"

namespace lloyd {
namespace io {

/// Sparse points: `points` is D×N, column-major and compressed (file line i = column i, the CSR
/// form of the N×D table), `labels` the N labels as written (double, whatever the Scalar).
template <class Scalar>
struct SparseTable {
  Eigen::SparseMatrix<Scalar, Eigen::ColMajor, Index> points;
  Eigen::VectorXd labels;
  Index rows() const { return points.cols(); }  ///< N, the number of points (lines) in the file
  Index cols() const { return points.rows(); }  ///< D, the number of features
};

struct SvmlightOptions {
  bool zero_based = false;  ///< indices start at 0 (libsvm and svmlight files start at 1)
  Index n_features = 0;     ///< D; 0 = the largest index in the file (+ 1 when 0-based)
};

/// The largest D a file may have: every 0-based index then fits a signed 32-bit integer.
constexpr Index kMaxSvmlightFeatures = 2147483647;

namespace detail {

/// The parser: svmlight text in [data, data + size) → D×N sparse points, one named step per function.
template <class Scalar>
class SvmlightParser {
 public:
  SvmlightParser(const char* data, std::size_t size, const std::string& source, const SvmlightOptions& opt)
      : lines_(size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? data + 3 : data, data + size),
        source_(printable(source)),
        opt_(opt) {
    if (opt.n_features < 0 || opt.n_features > kMaxSvmlightFeatures)
      throw error(source_ + ": n_features = " + std::to_string(opt.n_features) + " is out of range [0, " +
                  std::to_string(kMaxSvmlightFeatures) + "]");
    outer_.push_back(0);
  }

  SparseTable<Scalar> parse() {
    while (next_row()) parse_row();
    if (labels_.empty()) throw error(source_ + ": no data rows (the input is empty or only comments)");
    return table();
  }

 private:
  /// Advances to the next line that is not blank once its comment is cut: ls_ its start, q_ its
  /// first non-blank character, le_ its end without the comment and trailing blanks.
  bool next_row() {
    const char* e;
    while (lines_.next(ls_, e)) {
      ++line_;
      const char* hash = static_cast<const char*>(std::memchr(ls_, '#', static_cast<std::size_t>(e - ls_)));
      if (hash) e = hash;
      while (e > ls_ && is_blank(e[-1])) --e;
      const char* q = ls_;
      while (q < e && is_blank(*q)) ++q;
      if (q == e) continue;
      q_ = q;
      le_ = e;
      return true;
    }
    return false;
  }

  std::string where(const char* at) const {
    return source_ + ":" + std::to_string(line_) + ":" + std::to_string(at - ls_ + 1) + ": ";
  }
  const char* token_end(const char* t) const {
    while (t < le_ && !is_blank(*t)) ++t;
    return t;
  }
  const char* skip_blanks(const char* t) const {
    while (t < le_ && is_blank(*t)) ++t;
    return t;
  }

  /// A finite number [b, e) of type T, or an error naming `what` (label or value).
  template <class T>
  T number(const char* b, const char* e, const char* what) const {
    if (b == e) throw error(where(b) + "empty " + what + "; expected a number");
    T v;
    const NumberStatus st = parse_number<T>(b, e, v);
    if (st == NumberStatus::not_a_number) throw error(where(b) + what + " " + quoted(b, e) + " is not a number");
    if (st == NumberStatus::overflow)
      throw error(where(b) + what + " " + quoted(b, e) +
                  (std::is_same<T, float>::value ? " overflows float" : " overflows double") +
                  "; all values must be finite numbers");
    if (!std::isfinite(v))
      throw error(where(b) + what + " " + quoted(b, e) + " is not finite; all values must be finite numbers");
    return v;
  }

  /// A non-negative decimal integer [b, e) (digits only), capped just above kMaxSvmlightFeatures.
  Index integer(const char* b, const char* e, const char* what) const {
    if (b == e) throw error(where(b) + "empty " + what + "; expected a non-negative integer");
    Index v = 0;
    for (const char* p = b; p < e; ++p) {
      if (*p < '0' || *p > '9') throw error(where(b) + what + " " + quoted(b, e) + " is not a non-negative integer");
      if (v <= kMaxSvmlightFeatures) v = v * 10 + (*p - '0');
    }
    return v;
  }

  /// The 0-based feature of the index [b, e), checked against the base, the limits and the previous one.
  Index feature(const char* b, const char* e, Index previous) const {
    const Index raw = integer(b, e, "index");
    const Index base = opt_.zero_based ? 0 : 1;
    if (raw < base)
      throw error(where(b) + "index 0 in a 1-based file; indices start at 1 (read 0-based files with zero_based)");
    const Index f = raw - base;
    const std::string shown = quoted(b, e);
    if (f >= kMaxSvmlightFeatures)
      throw error(where(b) + "index " + shown + " is too large; at most " + std::to_string(kMaxSvmlightFeatures) +
                  " features");
    if (opt_.n_features > 0 && f >= opt_.n_features)
      throw error(where(b) + "index " + shown + " is beyond n_features = " + std::to_string(opt_.n_features));
    if (f == previous)
      throw error(where(b) + "index " + shown + " appears twice; indices must be strictly increasing within a line");
    if (f < previous)
      throw error(where(b) + "index " + shown + " is below the previous index " + std::to_string(previous + base) +
                  "; indices must be strictly increasing within a line");
    return f;
  }

  /// A `qid:N` token right after the label: checked and skipped. Returns the start of the next token.
  const char* skip_qid(const char* t) const {
    if (le_ - t < 4 || std::memcmp(t, "qid:", 4) != 0) return t;
    const char* te = token_end(t);
    (void)integer(t + 4, te, "qid");
    return skip_blanks(te);
  }

  /// The current line: its label, an optional qid, then index:value pairs appended to the column.
  void parse_row() {
    const char* te = token_end(q_);
    labels_.push_back(number<double>(q_, te, "label"));
    Index previous = -1;
    for (const char* t = skip_qid(skip_blanks(te)); t < le_; t = skip_blanks(te)) {
      te = token_end(t);
      const char* colon = static_cast<const char*>(std::memchr(t, ':', static_cast<std::size_t>(te - t)));
      if (!colon) throw error(where(t) + quoted(t, te) + " is not an index:value pair");
      if (te - t >= 4 && std::memcmp(t, "qid:", 4) == 0)
        throw error(where(t) + "qid must come right after the label, before the index:value pairs");
      previous = feature(t, colon, previous);
      if (previous + 1 > d_) d_ = previous + 1;
      inner_.push_back(previous);
      values_.push_back(number<Scalar>(colon + 1, te, "value"));
    }
    outer_.push_back(static_cast<Index>(inner_.size()));
  }

  SparseTable<Scalar> table() const {
    const Index n = static_cast<Index>(labels_.size());
    const Index nnz = static_cast<Index>(values_.size());
    SparseTable<Scalar> t;
    t.points.resize(opt_.n_features > 0 ? opt_.n_features : d_, n);
    t.points.resizeNonZeros(nnz);
    std::copy(outer_.begin(), outer_.end(), t.points.outerIndexPtr());
    std::copy(inner_.begin(), inner_.end(), t.points.innerIndexPtr());
    std::copy(values_.begin(), values_.end(), t.points.valuePtr());
    t.labels = Eigen::Map<const Eigen::VectorXd>(labels_.data(), n);
    return t;
  }

  LineSplitter lines_;
  std::string source_;
  SvmlightOptions opt_;
  std::vector<Index> outer_, inner_;
  std::vector<Scalar> values_;
  std::vector<double> labels_;
  const char* ls_ = nullptr;  // current line: start,
  const char* q_ = nullptr;   // first non-blank character,
  const char* le_ = nullptr;  // end without the comment and trailing blanks
  long line_ = 0;
  Index d_ = 0;
};

/// Appends the shortest text that reads back as exactly v.
template <class T>
void append_number(std::string& s, T v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, r.ptr);
}

}  // namespace detail

/// Parses svmlight text held in memory; `source` names it in error messages.
template <class Scalar>
SparseTable<Scalar> parse_svmlight(const char* data, std::size_t size, const std::string& source = "<buffer>",
                                   const SvmlightOptions& options = SvmlightOptions{}) {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_svmlight: Scalar must be float or double");
  return detail::SvmlightParser<Scalar>(data, size, source, options).parse();
}

template <class Scalar>
SparseTable<Scalar> parse_svmlight(const std::string& text, const std::string& source = "<buffer>",
                                   const SvmlightOptions& options = SvmlightOptions{}) {
  return parse_svmlight<Scalar>(text.data(), text.size(), source, options);
}

/// Reads an svmlight file from `path`; "-" reads standard input (named "<stdin>" in messages).
template <class Scalar>
SparseTable<Scalar> read_svmlight(const std::string& path, const SvmlightOptions& options = SvmlightOptions{}) {
  InputFile in(path);
  std::string text;
  in.read_rest(text);
  return parse_svmlight<Scalar>(text, in.name(), options);
}

/// Writes D×N sparse points as N lines `label index:value ...` (the stored entries of each column,
/// indices increasing, 1-based unless options.zero_based; n_features is not written). `labels`:
/// one per point, or empty to write 0 for every point. Numbers in the shortest exact form.
template <class Scalar, class StorageIndex>
void write_svmlight(std::FILE* f, const Eigen::SparseMatrix<Scalar, Eigen::ColMajor, StorageIndex>& X,
                    const Eigen::VectorXd& labels = Eigen::VectorXd(),
                    const SvmlightOptions& options = SvmlightOptions{}) {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::write_svmlight: Scalar must be float or double");
  if (labels.size() != 0 && labels.size() != X.cols())
    throw error("write_svmlight: " + std::to_string(labels.size()) + " labels for " + std::to_string(X.cols()) +
                " points");
  const Index base = options.zero_based ? 0 : 1;
  std::string line;
  for (Index i = 0; i < X.cols(); ++i) {
    line.clear();
    detail::append_number(line, labels.size() != 0 ? labels[i] : 0.0);
    for (typename Eigen::SparseMatrix<Scalar, Eigen::ColMajor, StorageIndex>::InnerIterator it(X, i); it; ++it) {
      line += ' ';
      line += std::to_string(static_cast<Index>(it.index()) + base);
      line += ':';
      detail::append_number(line, it.value());
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), f);
  }
}

template <class Scalar, class StorageIndex>
void write_svmlight(const std::string& path, const Eigen::SparseMatrix<Scalar, Eigen::ColMajor, StorageIndex>& X,
                    const Eigen::VectorXd& labels = Eigen::VectorXd(),
                    const SvmlightOptions& options = SvmlightOptions{}) {
  AtomicFile out(path);
  write_svmlight(out.get(), X, labels, options);
  out.commit();
}

}  // namespace io
}  // namespace lloyd
