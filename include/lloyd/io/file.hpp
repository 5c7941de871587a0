#pragma once
// lloyd::io — pieces shared by the CSV and .npy readers/writers:
//
//   io::Matrix<Scalar>     what a reader returns: the rows of the file as the columns of a D×N matrix
//                          (row-major N×D on disk is the same memory as column-major D×N)
//   io::read_file(path)    the whole file as a string ("-" reads standard input)
//   io::AtomicFile         write to a temporary file next to the target, rename it into place on
//                          commit(); destroyed without commit() it removes the temporary, so an error
//                          never leaves a partial output file behind
//
// Every failure throws lloyd::error naming the file (and line/column or element where there is one).
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <type_traits>
#include <sys/stat.h>
#include <unistd.h>

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

inline std::string read_stream(std::FILE* f, const std::string& name) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const std::size_t got = std::fread(buf, 1, sizeof buf, f);
    out.append(buf, got);
    if (got < sizeof buf) break;
  }
  if (std::ferror(f)) throw error(name + ": read error");
  return out;
}

/// Closes a FILE* on scope exit.
struct FileCloser {
  std::FILE* f = nullptr;
  ~FileCloser() {
    if (f) std::fclose(f);
  }
};

inline std::FILE* open_for_reading(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw error(path + ": cannot open: " + errno_text(errno));
  return f;
}

}  // namespace detail

/// The whole content of `path`; "-" reads standard input until end of file.
inline std::string read_file(const std::string& path) {
  if (path == "-") return detail::read_stream(stdin, "<stdin>");
  detail::FileCloser fc{detail::open_for_reading(path)};
  return detail::read_stream(fc.f, path);
}

/// An output file written under a temporary name in the same directory and renamed to `path` by
/// commit() (rename is atomic on POSIX). Without commit(), the destructor deletes the temporary.
/// An existing path that is not a regular file — a symbolic link (e.g. /dev/stdout), a device or a
/// pipe — is opened and written directly instead (no atomicity, but the link or device survives).
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)) {
    struct stat st;
    if (::lstat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      // A symbolic link (/dev/stdout), device or pipe: write through it, never rename over it.
      file_ = std::fopen(path_.c_str(), "wb");
      if (!file_) throw error(path_ + ": cannot open output file: " + detail::errno_text(errno));
      return;
    }
    std::string templ = path_ + ".tmp.XXXXXX";
    const int fd = ::mkstemp(&templ[0]);
    if (fd < 0) throw error(path_ + ": cannot create output file: " + detail::errno_text(errno));
    tmp_ = templ;
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
      ::close(fd);
      std::remove(tmp_.c_str());
      throw error(path_ + ": cannot open output file: " + detail::errno_text(errno));
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

  /// Flush and close the temporary file; throws if anything could not be written (disk full...).
  void close() {
    if (!file_) return;
    const bool bad = std::ferror(file_) != 0;
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (bad || rc != 0) throw error(path_ + ": write error: " + detail::errno_text(errno));
  }

  /// Close (if still open) and move the finished file into place.
  void commit() {
    close();
    if (tmp_.empty()) return;  // written directly (a link, device or pipe)
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw error(path_ + ": cannot rename the temporary output into place: " + detail::errno_text(errno));
    committed_ = true;
  }

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

namespace detail {

/// First non-finite value of a table, as a lloyd::error naming the element [row, column].
template <class Scalar>
void check_finite(const Matrix<Scalar>& m, const std::string& source) {
  const Scalar* p = m.points.data();
  const Index d = m.points.rows(), total = m.points.size();
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
      std::ostringstream s;
      s << source << ": element [" << i / d << ", " << i % d << "] (row " << i / d + 1 << ", column " << i % d + 1
        << ") is " << p[i] << "; all values must be finite";
      throw error(s.str());
    }
}

}  // namespace detail
}  // namespace io
}  // namespace lloyd
