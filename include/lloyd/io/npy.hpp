#pragma once
// lloyd::io — NumPy .npy files (format versions 1.0, 2.0 and 3.0).
//
//   auto m = lloyd::io::read_npy<float>("X.npy");   // m.points: D×N, row i of the array = column i
//   lloyd::io::write_npy("C.npy", km.centroids());   // D×K centres → a K×D float32/float64 array
//
// Reading accepts float32 and float64 arrays in C order with one or two dimensions (N,) or (N, D):
// dtype 'f4' or 'f8' with any byte-order mark numpy may write — '<' little-endian, '>' big-endian
// (byte-swapped on reading), '=' native, '|' not applicable (read as native). A float32 file read
// as double (or float64 as float) is converted, and every value must be finite. Headers of any
// length (format 1.0: up to 65535 bytes, 2.0 and 3.0: 4-byte length) are read whole. Fortran
// order, other dtypes, truncated files, trailing bytes and empty arrays are rejected with a message
// naming the file; header text quoted in a message is escaped (detail::quoted). A C-ordered N×D
// array is the same memory as a column-major D×N matrix, so a regular file whose dtype matches is
// read straight into the Eigen buffer (no parsing, no copy). Any other input (a pipe, a FIFO,
// standard input) is read once into memory and parsed there, never reopened or repositioned.
//
// Entry points: parse_npy_header (header only, from memory), parse_npy (whole file in memory),
// read_npy (from a path; "-" is standard input), write_npy / write_npy_labels (to a path,
// atomically, or to a FILE*).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"
#include "npy_header.hpp"

namespace lloyd {
namespace io {

namespace detail {

/// The dtype written for Scalar: float32/float64 in this machine's byte order.
template <class Scalar>
std::string npy_descr() {
  return std::string(host_is_little_endian() ? "<" : ">") + (std::is_same<Scalar, float>::value ? "f4" : "f8");
}

/// How the items of an array lloyd can read are stored.
struct NpyItems {
  std::size_t size = 0;  ///< 4 or 8 bytes
  bool swap = false;     ///< stored in the other byte order than this machine's
  Index n = 0, d = 0;    ///< rows and columns
  std::size_t bytes() const { return static_cast<std::size_t>(n) * static_cast<std::size_t>(d) * size; }
};

/// Checks the header describes a float table lloyd can read.
inline NpyItems check_float_table(const NpyHeader& h, const std::string& src) {
  const int width = npy_float_bytes(h.descr);
  if (width == 0)
    throw error(src + ": dtype " + quoted(h.descr) +
                " is not supported; need float32 '<f4' or float64 '<f8' (numpy: X.astype(np.float32))");
  if (h.fortran_order)
    throw error(src + ": array is in Fortran order; need C order (numpy: np.save(path, np.ascontiguousarray(X)))");
  if (h.shape.size() != 1 && h.shape.size() != 2)
    throw error(src + ": array has shape " + shape_text(h.shape) + "; need a 2-D array (N, D) or a 1-D array (N,)");
  for (Index v : h.shape)
    if (v == 0) throw error(src + ": array of shape " + shape_text(h.shape) + " is empty");
  NpyItems it;
  it.size = static_cast<std::size_t>(width);
  it.swap = npy_big_endian(h.descr) == host_is_little_endian();
  it.n = h.shape[0];
  it.d = h.shape.size() == 2 ? h.shape[1] : 1;
  const Index limit = std::numeric_limits<Index>::max() / 8;
  if (it.n > limit / it.d) throw error(src + ": array shape " + shape_text(h.shape) + " is too large");
  return it;
}

/// Checks that `have` bytes follow the header, exactly as many as the array needs.
inline void check_data_size(const NpyHeader& h, const NpyItems& it, std::uint64_t have, const std::string& src) {
  if (have < it.bytes())
    throw error(src + ": truncated: shape " + shape_text(h.shape) + " " + h.descr + " needs " +
                std::to_string(it.bytes()) + " bytes of data, the file has " + std::to_string(have));
  if (have > it.bytes())
    throw error(src + ": " + std::to_string(have - it.bytes()) + " unexpected bytes after the data of shape " +
                shape_text(h.shape));
}

/// One item of `size` bytes at `p`, byte-swapped when `swap`.
template <class T>
T load_item(const char* p, bool swap) {
  char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap)
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

/// Converts `count` items stored as `it` says at `src` into Scalar at `dst` (a plain copy when they
/// already are Scalar in this machine's order). A float64 value that is finite but overflows float
/// is an error (element index for messages: i → [i / d, i % d]).
template <class Scalar>
void convert_items(const char* src, const NpyItems& it, Scalar* dst, Index count, Index d, const std::string& source) {
  if (it.size == sizeof(Scalar) && !it.swap) {
    std::memcpy(dst, src, static_cast<std::size_t>(count) * it.size);
    return;
  }
  for (Index i = 0; i < count; ++i) {
    const char* p = src + static_cast<std::size_t>(i) * it.size;
    if (it.size == 4) {
      dst[i] = static_cast<Scalar>(load_item<float>(p, it.swap));
    } else {
      const double v = load_item<double>(p, it.swap);
      dst[i] = static_cast<Scalar>(v);
      if (std::isfinite(v) && !std::isfinite(dst[i])) {
        char text[32];
        const auto r = std::to_chars(text, text + sizeof text, v);
        throw error(source + ": element [" + std::to_string(i / d) + ", " + std::to_string(i % d) +
                    "] = " + std::string(text, r.ptr) + " does not fit in float precision");
      }
    }
  }
}

/// The data of a regular file, after its header (`head` holds the bytes read so far, which may run
/// past the header): one read straight into the result when the items already are Scalar.
template <class Scalar>
Matrix<Scalar> read_npy_data(InputFile& in, const std::string& head, const NpyHeader& h, const NpyItems& it) {
  Matrix<Scalar> m;
  m.ndim = static_cast<int>(h.shape.size());
  m.points.resize(it.d, it.n);
  const std::size_t bytes = it.bytes();
  const bool direct = it.size == sizeof(Scalar) && !it.swap;
  std::vector<char> raw(direct ? 0 : bytes);
  char* dst = direct ? reinterpret_cast<char*>(m.points.data()) : raw.data();
  std::size_t done = 0;
  if (head.size() > h.data_offset) {
    done = std::min(bytes, head.size() - h.data_offset);
    std::memcpy(dst, head.data() + h.data_offset, done);
  }
  if (in.read(dst + done, bytes - done) != bytes - done)
    throw error(in.name() + ": read error (file changed while reading?)");
  if (!direct) convert_items(raw.data(), it, m.points.data(), it.n * it.d, it.d, in.name());
  return m;
}

}  // namespace detail

/// Reads a whole .npy file held in memory (e.g. for fuzzing or data that is not in a file).
template <class Scalar>
Matrix<Scalar> parse_npy(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_npy: Scalar must be float or double");
  const std::string src = detail::printable(source);
  const NpyHeader h = parse_npy_header(data, size, src);
  const detail::NpyItems it = detail::check_float_table(h, src);
  detail::check_data_size(h, it, size - h.data_offset, src);
  Matrix<Scalar> m;
  m.ndim = static_cast<int>(h.shape.size());
  m.points.resize(it.d, it.n);
  detail::convert_items(data + h.data_offset, it, m.points.data(), it.n * it.d, it.d, src);
  detail::check_finite(m, src);
  return m;
}

namespace detail {

/// A .npy input whose first bytes (possibly none) are already in `head`; reads the rest once.
template <class Scalar>
Matrix<Scalar> read_npy_input(InputFile& in, std::string& head) {
  if (!in.regular()) {  // a pipe, FIFO or terminal: its size is unknown until it has been read
    in.read_rest(head);
    return parse_npy<Scalar>(head.data(), head.size(), in.name());
  }
  read_npy_preamble(in, head);
  const NpyHeader h = parse_npy_header(head.data(), head.size(), in.name());
  const NpyItems it = check_float_table(h, in.name());
  check_data_size(h, it, in.size() > h.data_offset ? in.size() - h.data_offset : 0, in.name());
  Matrix<Scalar> m = read_npy_data<Scalar>(in, head, h, it);
  check_finite(m, in.name());
  return m;
}

}  // namespace detail

/// Reads a .npy file ("-" is standard input): one read straight into the result when the file is
/// regular and its dtype is Scalar in this machine's byte order.
template <class Scalar>
Matrix<Scalar> read_npy(const std::string& path) {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::read_npy: Scalar must be float or double");
  InputFile in(path);
  std::string head;
  return detail::read_npy_input<Scalar>(in, head);
}

/// Writes D×K (or D×N) points as a C-ordered (N, D) array of the points' Scalar type.
template <class Derived>
void write_npy(std::FILE* f, const Eigen::MatrixBase<Derived>& P) {
  using Scalar = typename Derived::Scalar;
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::write_npy: Scalar must be float or double");
  const Points<Scalar> tmp = P;  // column-major D×N = row-major N×D
  const std::string head = detail::npy_header_text(detail::npy_descr<Scalar>().c_str(), {tmp.cols(), tmp.rows()});
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

/// Writes labels as a 1-D int32 array ('<i4' on a little-endian machine).
inline void write_npy_labels(std::FILE* f, const Labels& labels) {
  const std::string head = detail::npy_header_text(detail::host_is_little_endian() ? "<i4" : ">i4", {labels.size()});
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
