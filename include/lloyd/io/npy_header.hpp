#pragma once
// lloyd::io — the header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0), as the format
// specification (numpy.lib.format) defines it: the magic "\x93NUMPY", a major and minor version
// byte, the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0, whose header is
// UTF-8) and a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)} padded with
// spaces and ended by '\n'. Headers of any length are handled; numpy writes 1.0 unless the header
// needs more than 65535 bytes.
//
//   NpyHeader h = lloyd::io::parse_npy_header(bytes, size, "X.npy");   // magic, version, dict
//   int w = lloyd::io::npy_float_bytes(h.descr);                         // 4, 8 or 0 (not a float)
//
// The array data itself is read by npy.hpp.
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"

namespace lloyd {
namespace io {

/// What the header of a .npy file says.
struct NpyHeader {
  int major = 0, minor = 0;  ///< format version
  std::string descr;         ///< dtype string, e.g. "<f4"
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
          fail(
              "unsupported dtype: structured or compound dtypes are not supported (need float32 '<f4' or float64 "
              "'<f8')");
        h.descr = str();
        have_descr = true;
      } else if (key == "fortran_order") {
        h.fortran_order = boolean();
        have_order = true;
      } else if (key == "shape") {
        h.shape = tuple();
        have_shape = true;
      } else {
        fail("unexpected key " + quoted(key) + " in the header");
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

/// The preamble and header numpy writes for a C-ordered array: format 1.0 (2.0 when the header needs
/// more than 65535 bytes), the dict padded with spaces so that the data starts at a multiple of 64.
inline std::string npy_header_text(const char* descr, const std::vector<Index>& shape) {
  std::string dict =
      std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
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

/// Reads the rest of a .npy preamble and header from `in` into `head`, which holds the first bytes
/// of the input read so far (possibly none). Never reads past the header unless `head` already
/// holds more; on a regular file never asks for more bytes than the file has.
inline void read_npy_preamble(InputFile& in, std::string& head) {
  auto want = [&](std::uint64_t n) {
    if (in.regular() && n > in.size()) n = in.size();
    if (head.size() >= n) return;
    const std::size_t old = head.size();
    head.resize(static_cast<std::size_t>(n));
    head.resize(old + in.read(&head[old], static_cast<std::size_t>(n) - old));
  };
  want(10);
  if (head.size() < 10 || std::memcmp(head.data(), "\x93NUMPY", 6) != 0) return;  // parse_npy_header says why
  const std::size_t pre = head[6] == '\x01' ? 10 : 12;
  want(pre);
  if (head.size() < pre) return;
  std::uint64_t len = 0;
  for (std::size_t b = pre - 1; b >= 8; --b) len = (len << 8) | static_cast<unsigned char>(head[b]);
  want(pre + len);
}

}  // namespace detail

/// The item size of a float dtype: 4 for float32, 8 for float64, whatever its byte-order mark ('<',
/// '>', '=' or '|'); 0 for any other dtype.
inline int npy_float_bytes(const std::string& descr) {
  if (descr.size() != 3 || descr[1] != 'f') return 0;
  if (descr[0] != '<' && descr[0] != '>' && descr[0] != '=' && descr[0] != '|') return 0;
  return descr[2] == '4' ? 4 : descr[2] == '8' ? 8 : 0;
}

/// Whether the items of a float dtype are stored big-endian: '>' always, '=' (native) and '|' (read
/// as native) on a big-endian machine.
inline bool npy_big_endian(const std::string& descr) {
  return !descr.empty() && (descr[0] == '>' || (descr[0] != '<' && !detail::host_is_little_endian()));
}

/// Parses the magic, version and header dict of a .npy file held in memory (the first `size` bytes;
/// the data need not follow). Throws lloyd::error naming `source` on anything malformed.
inline NpyHeader parse_npy_header(const char* data, std::size_t size, const std::string& name = "<buffer>") {
  const std::string source = detail::printable(name);
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
    throw error(source + ": unsupported .npy format version " + std::to_string(h.major) + "." +
                std::to_string(h.minor) + " (numpy writes 1.0, 2.0 and 3.0)");
  }
  if (len > size - pre)
    throw error(source + ": truncated .npy header (header says " + std::to_string(len) + " bytes, file has " +
                std::to_string(size - pre) + ")");
  h.data_offset = pre + len;
  detail::NpyDictParser(data + pre, data + pre + len, source).parse(h);
  return h;
}

}  // namespace io
}  // namespace lloyd
