#pragma once
// lloyd::io — pieces shared by the CSV and .npy readers/writers:
//
//   io::Matrix<Scalar>     what a reader returns: the rows of the file as the columns of a D×N matrix
//                          (row-major N×D on disk is the same memory as column-major D×N)
//   io::read_file(path)    the whole file as a string ("-" reads standard input)
//   io::InputFile          an input opened once and read front to back, never reopened or repositioned,
//                          so standard input, a pipe, a FIFO or /dev/fd/N reads like a regular file
//   io::AtomicFile         write to a temporary file next to the target, rename it into place on
//                          commit(); destroyed without commit() it removes the temporary, so an error
//                          never leaves a partial output file behind
//
// Every failure throws lloyd::error naming the file (and line/column or element where there is one).
// Anything a message quotes from a file goes through detail::quoted (escaped, one line, no control
// characters), and file names through detail::printable.
#include <sys/stat.h>
#include <unistd.h>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace io {

/// A table read from a file: file row i is column i of `points` (D×N), so `points` can be handed to
/// KMeans::fit as it is. `ndim` is 2 for a table, 1 for a 1-D .npy array (then D = 1).
template <class Scalar>
struct Matrix {
  Points<Scalar> points;
  int ndim = 2;
  Index rows() const { return points.cols(); }  ///< N, the number of rows in the file
  Index cols() const { return points.rows(); }  ///< D, the number of columns in the file
};

/// True when `path` ends with `ext` (ASCII case-insensitive), e.g. has_extension("a.NPY", ".npy").
inline bool has_extension(const std::string& path, const std::string& ext) {
  if (path.size() < ext.size()) return false;
  for (std::size_t i = 0; i < ext.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(path[path.size() - ext.size() + i])) !=
        std::tolower(static_cast<unsigned char>(ext[i])))
      return false;
  return true;
}

namespace detail {

inline std::string errno_text(int e) { return std::strerror(e); }

/// Appends byte c to s, escaped unless it is printable ASCII: \n \r \t \\ or \xNN.
inline void append_escaped(std::string& s, unsigned char c) {
  static const char hex[] = "0123456789abcdef";
  if (c == '\n') {
    s += "\\n";
  } else if (c == '\r') {
    s += "\\r";
  } else if (c == '\t') {
    s += "\\t";
  } else if (c == '\\') {
    s += "\\\\";
  } else if (c < 0x20 || c >= 0x7f) {
    s += "\\x";
    s += hex[c >> 4];
    s += hex[c & 15];
  } else {
    s += static_cast<char>(c);
  }
}

/// Bytes [b, e) taken from an input, made safe for a one-line message: in single quotes, a quote
/// escaped as \', control and non-ASCII bytes escaped (append_escaped), cut after `max` bytes ("...").
/// Every reader quotes file content through this, so no message spans two lines or carries a
/// terminal escape sequence.
inline std::string quoted(const char* b, const char* e, std::size_t max = 40) {
  const std::size_t n = static_cast<std::size_t>(e - b);
  std::string s = "'";
  for (std::size_t i = 0; i < n && i < max; ++i) {
    if (b[i] == '\'') {
      s += "\\'";
    } else {
      append_escaped(s, static_cast<unsigned char>(b[i]));
    }
  }
  return s + (n > max ? "...'" : "'");
}
inline std::string quoted(const std::string& text, std::size_t max = 40) {
  return quoted(text.data(), text.data() + text.size(), max);
}

/// A file name for messages: control characters escaped (append_escaped), anything else as it is
/// (so UTF-8 names stay readable). Idempotent: its result has no control characters left.
inline std::string printable(const std::string& name) {
  std::string s;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) append_escaped(s, u);
    else s += c;
  }
  return s;
}

/// Closes a FILE* on scope exit.
struct FileCloser {
  std::FILE* f = nullptr;
  ~FileCloser() {
    if (f) std::fclose(f);
  }
};

}  // namespace detail

/// An input opened once ("-" is standard input) and read front to back. It is never reopened and
/// never repositioned, so a pipe, a FIFO, a terminal, /dev/stdin or a process substitution
/// (/dev/fd/N) reads exactly like a regular file; callers that need to look at the first bytes
/// (the .npy magic) keep what they read and go on from there.
class InputFile {
 public:
  explicit InputFile(const std::string& path) : name_(path == "-" ? std::string("<stdin>") : detail::printable(path)) {
    if (path == "-") {
      file_ = stdin;
      own_ = false;
    } else {
      file_ = std::fopen(path.c_str(), "rb");
      if (!file_) throw error(name_ + ": cannot open: " + detail::errno_text(errno));
    }
    struct stat st;
    const int fd = ::fileno(file_);
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      regular_ = true;
      const off_t at = ::lseek(fd, 0, SEEK_CUR);  // standard input may start past 0
      const off_t size = st.st_size;
      size_ = static_cast<std::uint64_t>(at > 0 && at < size ? size - at : at >= size ? 0 : size);
    }
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    if (own_ && file_) std::fclose(file_);
  }

  /// The name for messages: the path (control characters escaped) or "<stdin>".
  const std::string& name() const { return name_; }
  /// True for a regular file, whose size() is known before reading.
  bool regular() const { return regular_; }
  /// Bytes from the opening position to the end of a regular file when it was opened (0 otherwise).
  std::uint64_t size() const { return size_; }

  /// Reads up to n bytes into dst; fewer only at the end of the input. Throws on a read error.
  std::size_t read(void* dst, std::size_t n) {
    const std::size_t got = n ? std::fread(dst, 1, n, file_) : 0;
    if (got < n && std::ferror(file_)) throw error(name_ + ": read error: " + detail::errno_text(errno));
    return got;
  }

  /// Appends everything left in the input to `out`.
  void read_rest(std::string& out) {
    if (regular_ && size_ < std::numeric_limits<std::size_t>::max() - out.size())
      out.reserve(out.size() + static_cast<std::size_t>(size_));
    char buf[1 << 16];
    for (;;) {
      const std::size_t got = read(buf, sizeof buf);
      out.append(buf, got);
      if (got < sizeof buf) break;
    }
  }

 private:
  std::string name_;
  std::FILE* file_ = nullptr;
  bool own_ = true, regular_ = false;
  std::uint64_t size_ = 0;
};

/// The whole content of `path`; "-" reads standard input until end of file.
inline std::string read_file(const std::string& path) {
  InputFile in(path);
  std::string out;
  in.read_rest(out);
  return out;
}

/// The directory part of a path ("." when it has none), and the name part.
inline std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}
inline std::string name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// An output file written under a temporary name in the target's directory and renamed into place by
/// commit() (rename is atomic on POSIX). Without commit(), the destructor deletes the temporary, so
/// an error never leaves a partial file and never touches an existing one.
///   - A symbolic link is followed, as cp follows it: the file it points to is replaced (atomically,
///     in that file's directory) and the link stays. A link to nothing is refused, as cp refuses it.
///   - A path that is (or links to) a device or a pipe, e.g. /dev/stdout, is written directly (no
///     atomicity is possible there).
///   - A directory is refused.
/// The temporary is a hidden file (".NAME.tmp.XXXXXX", NAME cut to 32 bytes), so any valid output name
/// works. A new file gets mode 0666 minus the umask, as with any program that creates a file; a
/// replaced file keeps its mode.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)), target_(path_) {
    const std::string name = detail::printable(path_);
    struct stat st;
    const bool exists = ::stat(path_.c_str(), &st) == 0;
    if (!exists && ::lstat(path_.c_str(), &st) == 0)
      throw error(name + ": is a symbolic link to a missing file; not writing through it");
    if (exists && S_ISDIR(st.st_mode)) throw error(name + ": is a directory; give a file name");
    if (exists && !S_ISREG(st.st_mode)) {  // a device or a pipe (also through a link): write through it
      file_ = std::fopen(path_.c_str(), "wb");
      if (!file_) throw error(name + ": cannot open output file: " + detail::errno_text(errno));
      return;
    }
    if (exists) target_ = resolved(path_, name);
    std::string templ = directory_of(target_) + "/." + name_of(target_).substr(0, 32) + ".tmp.XXXXXX";
    const int fd = ::mkstemp(&templ[0]);
    if (fd < 0) throw error(name + ": cannot create output file: " + detail::errno_text(errno));
    tmp_ = templ;
    // mkstemp creates 0600; give the file the mode a plain create would (0666 minus the umask), or
    // the mode of the file it replaces.
    ::fchmod(fd, exists ? (st.st_mode & 07777) : (0666 & ~current_umask()));
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
      ::close(fd);
      std::remove(tmp_.c_str());
      throw error(name + ": cannot open output file: " + detail::errno_text(errno));
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (file_) std::fclose(file_);
    if (!committed_ && !tmp_.empty()) std::remove(tmp_.c_str());
  }

  std::FILE* get() const { return file_; }
  const std::string& path() const { return path_; }
  /// The file commit() replaces: path() with symbolic links followed.
  const std::string& target() const { return target_; }
  /// The temporary file ("" when the output is written directly: a device or a pipe).
  const std::string& temp_path() const { return tmp_; }

  /// Flush and close the temporary file; throws if anything could not be written (disk full...).
  void close() {
    if (!file_) return;
    const bool bad = std::ferror(file_) != 0;
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (bad || rc != 0) throw error(detail::printable(path_) + ": write error: " + detail::errno_text(errno));
  }

  /// Close (if still open) and move the finished file into place.
  void commit() {
    close();
    if (tmp_.empty()) return;  // written directly (a link, device or pipe)
    if (std::rename(tmp_.c_str(), target_.c_str()) != 0)
      throw error(detail::printable(path_) +
                  ": cannot rename the temporary output into place: " + detail::errno_text(errno));
    committed_ = true;
  }

 private:
  /// An existing path with every symbolic link followed.
  static std::string resolved(const std::string& path, const std::string& name) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) throw error(name + ": cannot resolve the output path: " + detail::errno_text(errno));
    std::string r(real);
    std::free(real);
    return r;
  }

  static mode_t current_umask() {
    const mode_t mask = ::umask(0);  // reading the umask means setting it: put it straight back
    ::umask(mask);
    return mask;
  }

  std::string path_, target_, tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

namespace detail {

/// First non-finite value of a table, as a lloyd::error naming the element [row, column]: `total`
/// values at `p`, rows of `d` values (a C-ordered table = the columns of a D×N matrix).
template <class Scalar>
void check_finite(const Scalar* p, Index d, Index total, const std::string& source) {
  // Fast pass on the bits (vectorises): a value is NaN or ±inf iff its exponent bits are all ones.
  using Bits = typename std::conditional<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>::type;
  const Bits exp_mask = sizeof(Scalar) == 4 ? Bits(0x7f800000u) : Bits(0x7ff0000000000000ull);
  bool bad = false;
  for (Index b = 0; b < total && !bad; b += 4096) {
    const Index e = b + 4096 < total ? b + 4096 : total;
    Bits any = 0;
    for (Index i = b; i < e; ++i) {
      Bits u;
      std::memcpy(&u, p + i, sizeof u);
      any |= static_cast<Bits>((u & exp_mask) == exp_mask);
    }
    bad = any != 0;
  }
  if (!bad) return;
  for (Index i = 0; i < total; ++i)
    if (!std::isfinite(p[i])) {
      // std::to_string, not a stream: no locale's digit grouping in the indices.
      const char* what = std::isnan(p[i]) ? "nan" : p[i] > 0 ? "inf" : "-inf";
      throw error(printable(source) + ": element [" + std::to_string(i / d) + ", " + std::to_string(i % d) + "] (row " +
                  std::to_string(i / d + 1) + ", column " + std::to_string(i % d + 1) + ") is " + what +
                  "; all values must be finite");
    }
}

/// The same for a table read into memory.
template <class Scalar>
void check_finite(const Matrix<Scalar>& m, const std::string& source) {
  check_finite(m.points.data(), m.points.rows(), m.points.size(), source);
}

}  // namespace detail
}  // namespace io
}  // namespace lloyd
