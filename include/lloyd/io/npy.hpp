#pragma once
// lloyd::io — NumPy .npy files (format versions 1.0, 2.0 and 3.0).
//
//   auto m = lloyd::io::read_npy<float>("X.npy");   // m.points: D×N, row i of the array = column i
//   lloyd::io::write_npy("C.npy", km.centroids());   // D×K centres → a K×D float32/float64 array
//
// Reading accepts little-endian float32 ('<f4') and float64 ('<f8') arrays in C order with one or
// two dimensions (N,) or (N, D); a '<f4' file read as double (or '<f8' as float) is converted, and
// every value must be finite. Fortran order, big-endian or other dtypes, truncated files, trailing
// bytes and empty arrays are rejected with a message naming the file. A C-ordered N×D array is the
// same memory as a column-major D×N matrix, so the data is read straight into the Eigen buffer with
// one fread (no parsing, no copy).
//
// Entry points: parse_npy_header (header only, from memory), parse_npy (whole file in memory),
// read_npy (from a path), write_npy / write_npy_labels (to a path, atomically, or to a FILE*).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"

namespace lloyd {
namespace io {

/// What the header of a .npy file says.
struct NpyHeader {
  int major = 0, minor = 0;     ///< format version
  std::string descr;            ///< dtype string, e.g. "<f4"
  bool fortran_order = false;
  std::vector<Index> shape;
  std::size_t data_offset = 0;  ///< bytes from the start of the file to the first element
  /// Number of elements (product of shape).
  Index size() const {
    Index s = 1;
    for (Index v : shape) s *= v;
    return s;
  }
};

namespace detail {

inline bool host_is_little_endian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

/// A tiny reader for the Python dict literal of a .npy header.
class NpyDictParser {
 public:
  NpyDictParser(const char* b, const char* e, const std::string& src) : p_(b), e_(e), src_(src) {}

  void parse(NpyHeader& h) {
    bool have_descr = false, have_order = false, have_shape = false;
    ws();
    expect('{');
    for (;;) {
      ws();
      if (peek() == '}') break;
      const std::string key = str();
      ws();
      expect(':');
      ws();
      if (key == "descr") {
        if (peek() != '\'' && peek() != '"')
          fail("unsupported dtype: structured or compound dtypes are not supported (need '<f4' or '<f8')");
        h.descr = str();
        have_descr = true;
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        h.shape = tuple();
        have_shape = true;
      } else {
        fail("unexpected key '" + key + "' in the header");
      }
      ws();
      if (peek() == ',') {
        ++p_;
        continue;
      }
      ws();
      if (peek() != '}') fail("malformed header (expected ',' or '}')");
    }
    if (!have_descr || !have_order || !have_shape)
      fail("malformed header (needs 'descr', 'fortran_order' and 'shape')");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw error(src_ + ": not a valid .npy file: " + what); }
  char peek() const { return p_ < e_ ? *p_ : '\0'; }
  void ws() {
    while (p_ < e_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("malformed header (expected '") + c + "')");
    ++p_;
  }
  std::string str() {
    const char q = peek();
    if (q != '\'' && q != '"') fail("malformed header (expected a quoted string)");
    const char* b = ++p_;
    while (p_ < e_ && *p_ != q) ++p_;
    if (p_ >= e_) fail("malformed header (unterminated string)");
    return std::string(b, p_++);
  }
  bool boolean() {
    if (e_ - p_ >= 4 && std::memcmp(p_, "True", 4) == 0) {
      p_ += 4;
      return true;
    }
    if (e_ - p_ >= 5 && std::memcmp(p_, "False", 5) == 0) {
      p_ += 5;
      return false;
    }
    fail("malformed header ('fortran_order' must be True or False)");
  }
  std::vector<Index> tuple() {
    std::vector<Index> out;
    expect('(');
    for (;;) {
      ws();
      if (peek() == ')') break;
      if (!(peek() >= '0' && peek() <= '9')) fail("malformed header ('shape' must be a tuple of integers)");
      Index v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (std::numeric_limits<Index>::max() - 9) / 10) fail("'shape' value too large");
        v = v * 10 + (*p_++ - '0');
      }
      if (peek() == 'L') ++p_;  // Python 2 long
      out.push_back(v);
      ws();
      if (peek() == ',') {
        ++p_;
        continue;
      }
      ws();
      if (peek() != ')') fail("malformed header ('shape' must be a tuple of integers)");
    }
    ++p_;
    return out;
  }

  const char* p_;
  const char* e_;
  const std::string& src_;
};

inline std::string shape_text(const std::vector<Index>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

template <class Scalar>
const char* npy_descr() {
  return std::is_same<Scalar, float>::value ? "<f4" : "<f8";
}

/// Checks the header describes a float table lloyd can read; returns the item size (4 or 8).
inline std::size_t check_float_table(const NpyHeader& h, const std::string& src) {
  if (h.descr.size() != 3 || (h.descr[0] != '<' && h.descr[0] != '>' && h.descr[0] != '=' && h.descr[0] != '|') ||
      h.descr[1] != 'f' || (h.descr[2] != '4' && h.descr[2] != '8'))
    throw error(src + ": dtype '" + h.descr +
                "' is not supported; need little-endian float32 '<f4' or float64 '<f8' (numpy: X.astype(np.float32))");
  if (h.descr[0] == '>')
    throw error(src + ": dtype '" + h.descr + "' is big-endian; need little-endian '<f4' or '<f8' (numpy: X.astype('<" +
                h.descr.substr(1) + "'))");
  if (h.fortran_order)
    throw error(src + ": array is in Fortran order; need C order (numpy: np.save(path, np.ascontiguousarray(X)))");
  if (h.shape.size() != 1 && h.shape.size() != 2)
    throw error(src + ": array has shape " + shape_text(h.shape) + "; need a 2-D array (N, D) or a 1-D array (N,)");
  for (Index v : h.shape)
    if (v == 0) throw error(src + ": array of shape " + shape_text(h.shape) + " is empty");
  const Index n = h.shape[0], d = h.shape.size() == 2 ? h.shape[1] : 1;
  const Index limit = std::numeric_limits<Index>::max() / 8;
  if (n > limit / d) throw error(src + ": array shape " + shape_text(h.shape) + " is too large");
  if (!host_is_little_endian()) throw error(src + ": reading .npy files needs a little-endian machine");
  return h.descr[2] == '4' ? 4 : 8;
}

inline std::string npy_header_text(const char* descr, const std::vector<Index>& shape) {
  std::string dict = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
  // Pad with spaces so that magic + length + dict + '\n' is a multiple of 64 bytes.
  std::size_t preamble = 10;
  std::size_t total = preamble + dict.size() + 1;
  if (total + (64 - total % 64) % 64 - preamble > 65535) preamble = 12;  // needs format 2.0
  total = preamble + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY", 6);
  const std::size_t len = dict.size();
  if (preamble == 10) {
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>((len >> 8) & 0xff);
  } else {
    out += '\x02';
    out += '\x00';
    for (int b = 0; b < 4; ++b) out += static_cast<char>((len >> (8 * b)) & 0xff);
  }
  return out + dict;
}

/// Converts `count` little-endian items of `item` bytes at `src` into Scalar at `dst`, checking that
/// every value is finite (element index for messages: i → [i / d, i % d]).
template <class Scalar>
void convert_items(const char* src, std::size_t item, Scalar* dst, Index count, Index d, const std::string& source) {
  if (item == sizeof(Scalar)) {
    std::memcpy(dst, src, static_cast<std::size_t>(count) * item);
    return;
  }
  for (Index i = 0; i < count; ++i) {
    if (item == 4) {
      float v;
      std::memcpy(&v, src + static_cast<std::size_t>(i) * 4, 4);
      dst[i] = static_cast<Scalar>(v);
    } else {
      double v;
      std::memcpy(&v, src + static_cast<std::size_t>(i) * 8, 8);
      dst[i] = static_cast<Scalar>(v);
      if (std::isfinite(v) && !std::isfinite(dst[i]))
        throw error(source + ": element [" + std::to_string(i / d) + ", " + std::to_string(i % d) + "] = " +
                    std::to_string(v) + " does not fit in float precision");
    }
  }
}

}  // namespace detail

/// Parses the magic, version and header dict of a .npy file held in memory (the first `size` bytes;
/// the data need not follow). Throws lloyd::error naming `source` on anything malformed.
inline NpyHeader parse_npy_header(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  NpyHeader h;
  if (size < 10 || std::memcmp(data, "\x93NUMPY", 6) != 0)
    throw error(source + ": not a .npy file (missing the \\x93NUMPY magic" + (size < 10 ? ", or truncated)" : ")"));
  h.major = static_cast<unsigned char>(data[6]);
  h.minor = static_cast<unsigned char>(data[7]);
  std::size_t len, pre;
  if (h.major == 1) {
    pre = 10;
    len = static_cast<unsigned char>(data[8]) | static_cast<std::size_t>(static_cast<unsigned char>(data[9])) << 8;
  } else if (h.major == 2 || h.major == 3) {
    pre = 12;
    if (size < 12) throw error(source + ": truncated .npy header");
    len = 0;
    for (int b = 3; b >= 0; --b) len = (len << 8) | static_cast<unsigned char>(data[8 + b]);
  } else {
    throw error(source + ": unsupported .npy format version " + std::to_string(h.major) + "." + std::to_string(h.minor));
  }
  if (len > size - pre)
    throw error(source + ": truncated .npy header (header says " + std::to_string(len) + " bytes, file has " +
                std::to_string(size - pre) + ")");
  h.data_offset = pre + len;
  detail::NpyDictParser(data + pre, data + pre + len, source).parse(h);
  return h;
}

/// Reads a whole .npy file held in memory (e.g. for fuzzing or data that is not in a file).
template <class Scalar>
Matrix<Scalar> parse_npy(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_npy: Scalar must be float or double");
  const NpyHeader h = parse_npy_header(data, size, source);
  const std::size_t item = detail::check_float_table(h, source);
  const Index n = h.shape[0], d = h.shape.size() == 2 ? h.shape[1] : 1;
  const std::size_t bytes = static_cast<std::size_t>(n) * static_cast<std::size_t>(d) * item;
  const std::size_t have = size - h.data_offset;
  if (have < bytes)
    throw error(source + ": truncated: shape " + detail::shape_text(h.shape) + " " + h.descr + " needs " +
                std::to_string(bytes) + " bytes of data, the file has " + std::to_string(have));
  if (have > bytes)
    throw error(source + ": " + std::to_string(have - bytes) + " unexpected bytes after the data of shape " +
                detail::shape_text(h.shape));
  Matrix<Scalar> m;
  m.ndim = static_cast<int>(h.shape.size());
  m.points.resize(d, n);
  detail::convert_items(data + h.data_offset, item, m.points.data(), n * d, d, source);
  detail::check_finite(m, source);
  return m;
}

/// Reads a .npy file: one fread straight into the result when the dtype matches Scalar.
template <class Scalar>
Matrix<Scalar> read_npy(const std::string& path) {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::read_npy: Scalar must be float or double");
  detail::FileCloser fc{detail::open_for_reading(path)};
  std::FILE* f = fc.f;
  if (std::fseek(f, 0, SEEK_END) != 0) throw error(path + ": cannot seek (not a regular file?)");
  const long end = std::ftell(f);
  if (end < 0 || std::fseek(f, 0, SEEK_SET) != 0) throw error(path + ": cannot seek (not a regular file?)");
  const std::size_t file_size = static_cast<std::size_t>(end);
  std::string head(12, '\0');
  head.resize(std::fread(&head[0], 1, 12, f));
  if (head.size() >= 10 && std::memcmp(head.data(), "\x93NUMPY", 6) == 0) {
    const bool v1 = head[6] == '\x01';
    const std::size_t pre = v1 ? 10 : 12;
    if (head.size() >= pre) {
      std::size_t len = 0;
      for (std::size_t b = pre - 1; b >= 8; --b) len = (len << 8) | static_cast<unsigned char>(head[b]);
      if (len > file_size - pre) len = file_size - pre;  // truncated: parse_npy_header says so
      head.resize(pre + len);
      if (std::fseek(f, static_cast<long>(pre), SEEK_SET) != 0 || std::fread(&head[pre], 1, len, f) != len)
        throw error(path + ": read error in the .npy header");
    }
  }
  // parse_npy_header reports bad magic, versions and truncated headers.
  const NpyHeader h = parse_npy_header(head.data(), head.size(), path);
  const std::size_t item = detail::check_float_table(h, path);
  const Index n = h.shape[0], d = h.shape.size() == 2 ? h.shape[1] : 1;
  const std::size_t bytes = static_cast<std::size_t>(n) * static_cast<std::size_t>(d) * item;
  const std::size_t have = file_size - h.data_offset;
  if (have < bytes)
    throw error(path + ": truncated: shape " + detail::shape_text(h.shape) + " " + h.descr + " needs " +
                std::to_string(bytes) + " bytes of data, the file has " + std::to_string(have));
  if (have > bytes)
    throw error(path + ": " + std::to_string(have - bytes) + " unexpected bytes after the data of shape " +
                detail::shape_text(h.shape));
  if (std::fseek(f, static_cast<long>(h.data_offset), SEEK_SET) != 0) throw error(path + ": cannot seek to the data");
  Matrix<Scalar> m;
  m.ndim = static_cast<int>(h.shape.size());
  m.points.resize(d, n);
  if (item == sizeof(Scalar)) {
    if (std::fread(m.points.data(), 1, bytes, f) != bytes) throw error(path + ": read error (file changed while reading?)");
  } else {
    std::vector<char> raw(bytes);
    if (std::fread(raw.data(), 1, bytes, f) != bytes) throw error(path + ": read error (file changed while reading?)");
    detail::convert_items(raw.data(), item, m.points.data(), n * d, d, path);
  }
  detail::check_finite(m, path);
  return m;
}

/// Writes D×K (or D×N) points as a C-ordered (N, D) array of the points' Scalar type.
template <class Derived>
void write_npy(std::FILE* f, const Eigen::MatrixBase<Derived>& P) {
  using Scalar = typename Derived::Scalar;
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::write_npy: Scalar must be float or double");
  const Points<Scalar> tmp = P;  // column-major D×N = row-major N×D
  const std::string head = detail::npy_header_text(detail::npy_descr<Scalar>(), {tmp.cols(), tmp.rows()});
  std::fwrite(head.data(), 1, head.size(), f);
  std::fwrite(tmp.data(), sizeof(Scalar), static_cast<std::size_t>(tmp.size()), f);
}

/// Writes points to `path` atomically (temporary file + rename).
template <class Derived>
void write_npy(const std::string& path, const Eigen::MatrixBase<Derived>& P) {
  AtomicFile out(path);
  write_npy(out.get(), P);
  out.commit();
}

/// Writes labels as a 1-D int32 ('<i4') array.
inline void write_npy_labels(std::FILE* f, const Labels& labels) {
  const std::string head = detail::npy_header_text("<i4", {labels.size()});
  std::fwrite(head.data(), 1, head.size(), f);
  std::vector<std::int32_t> v(static_cast<std::size_t>(labels.size()));
  for (Index i = 0; i < labels.size(); ++i) v[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(labels[i]);
  std::fwrite(v.data(), sizeof(std::int32_t), v.size(), f);
}

inline void write_npy_labels(const std::string& path, const Labels& labels) {
  AtomicFile out(path);
  write_npy_labels(out.get(), labels);
  out.commit();
}

}  // namespace io
}  // namespace lloyd
