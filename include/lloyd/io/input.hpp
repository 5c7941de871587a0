#pragma once
// lloyd::io — a table from any input, .npy or CSV, read exactly once.
//
//   auto m = lloyd::io::read_table<double>("X.csv");   // .npy or CSV, whichever the file is
//
//   lloyd::io::Input in(path);                          // opens it, reads the first bytes
//   if (in.npy_float_bytes() == 4) { auto m = in.read<float>(); ... }   // float32 .npy: read as float
//
// The input is a .npy file when its name ends in ".npy" (any case) or its first bytes are the
// \x93NUMPY magic, and CSV otherwise (csv.hpp). It may be a regular file, standard input ("-"), a
// pipe, a FIFO, a terminal or a process substitution (/dev/fd/N): the magic is sniffed from the
// bytes the reader goes on from, and the input is never reopened or repositioned (docs/INPUT_FORMATS.md).
#include <cstring>
#include <string>

#include "csv.hpp"
#include "file.hpp"
#include "npy.hpp"
#include "npy_header.hpp"

namespace lloyd {
namespace io {

/// An input opened once: its kind is decided from its name and first bytes, then read() reads it.
class Input {
 public:
  explicit Input(const std::string& path) : file_(path) {
    if (file_.regular()) {
      head_.resize(12);
      head_.resize(file_.read(&head_[0], head_.size()));
    } else {
      file_.read_rest(head_);  // a pipe can be read only once: keep all of it
    }
    npy_ = has_extension(path, ".npy") || (head_.size() >= 6 && std::memcmp(head_.data(), "\x93NUMPY", 6) == 0);
    if (!npy_) return;
    detail::read_npy_preamble(file_, head_);
    try {
      float_bytes_ = io::npy_float_bytes(parse_npy_header(head_.data(), head_.size(), file_.name()).descr);
    } catch (const error&) {
      float_bytes_ = 0;  // read() says what is wrong
    }
  }

  /// The input's name for messages: its path (control characters escaped) or "<stdin>".
  const std::string& name() const { return file_.name(); }
  /// Whether the input is read as a .npy file.
  bool is_npy() const { return npy_; }
  /// For a .npy input of float32 or float64 (any byte order): 4 or 8. 0 for CSV, another dtype or a
  /// malformed header (read() then says what is wrong).
  int npy_float_bytes() const { return float_bytes_; }

  /// Reads the whole table (call once): as .npy or CSV, converted to Scalar.
  template <class Scalar>
  Matrix<Scalar> read() {
    if (npy_) return detail::read_npy_input<Scalar>(file_, head_);
    file_.read_rest(head_);
    return parse_csv<Scalar>(head_, file_.name());
  }

 private:
  InputFile file_;
  std::string head_;  // the bytes read so far, from the start of the input
  bool npy_ = false;
  int float_bytes_ = 0;
};

/// A table from `path` ("-" is standard input): .npy by name or magic, CSV otherwise.
template <class Scalar>
Matrix<Scalar> read_table(const std::string& path) {
  return Input(path).read<Scalar>();
}

}  // namespace io
}  // namespace lloyd
