#pragma once
// lloyd::io::map_npy — a .npy file memory-mapped read-only, its (N, D) array seen as the D×N matrix of
// points that fit and predict take, with no copy:
//
//   auto m = lloyd::io::map_npy<float>("X.npy");   // owns the mapping (RAII); throws lloyd::error
//   km.fit(m.points());                             // Eigen::Map<const Points<float>>: zero copy
//
// A C-ordered (N, D) array is the same memory as a column-major D×N matrix, so the file's data is the
// matrix itself. The pages are read from the file on demand and belong to the page cache, not to the
// process's anonymous memory: clustering a file larger than RAM reads it from disk at each pass
// instead of failing to allocate N×D values (docs/SCALING.md). The file must be a regular file whose
// dtype is Scalar in this machine's byte order ('<f4' / '<f8' on a little-endian machine), in C order,
// with its data at a multiple of sizeof(Scalar); anything else throws lloyd::error naming the file and
// saying what to do (io::read_npy converts and byte-swaps in memory). By default every value is
// checked to be finite once, as read_npy does (one pass over the file).
//
// npy_mappable<Scalar>(path, align) tells, without throwing, whether map_npy would map a file whose
// data starts at a multiple of `align` bytes — for callers that fall back to read_npy otherwise.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <type_traits>
#include <utility>

#include "../error.hpp"
#include "../types.hpp"
#include "file.hpp"
#include "npy.hpp"
#include "npy_header.hpp"

namespace lloyd {
namespace io {

/// How the mapped pages will be read (madvise): front to back (Lloyd iterations), in random order
/// (mini-batch steps), or no advice.
enum class MapAccess { sequential, random, normal };

namespace detail {

/// Refuses a float table whose items are not Scalar as this machine stores it, saying what to do.
template <class Scalar>
void check_mappable_items(const NpyHeader& h, const NpyItems& it, const std::string& src) {
  const char* want = sizeof(Scalar) == 4 ? "float32" : "float64";
  if (it.size != sizeof(Scalar))
    throw error(src + ": dtype " + quoted(h.descr) + " is " + (it.size == 4 ? "float32" : "float64") +
                " but the data is mapped as " + want + " (no conversion); map it as " +
                (it.size == 4 ? "float" : "double") + ", read it with io::read_npy (which converts), or convert the" +
                " file (numpy: np.save(path, X.astype(np.float" + (sizeof(Scalar) == 4 ? "32" : "64") + ")))");
  if (it.swap)
    throw error(src + ": dtype " + quoted(h.descr) + " is in the other byte order than this machine's, so it" +
                " cannot be mapped as it is; read it with io::read_npy (which swaps the bytes) or convert the" +
                " file (numpy: np.save(path, X.astype(X.dtype.newbyteorder('='))))");
  if (h.data_offset % sizeof(Scalar) != 0)
    throw error(src + ": the data starts at byte " + std::to_string(h.data_offset) + ", not a multiple of " +
                std::to_string(sizeof(Scalar)) + ", so it cannot be mapped; rewrite it with numpy.save or read it" +
                " with io::read_npy");
}

}  // namespace detail

/// A .npy file mapped read-only; points() is its array as D×N points (see the top of this header).
/// Movable, not copyable; the mapping lives as long as the object, and so do the Maps it gave.
template <class Scalar, int Dim = Eigen::Dynamic>
class MappedNpy {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::MappedNpy: Scalar must be float or double");

 public:
  using Map = Eigen::Map<const Points<Scalar, Dim>>;

  /// Maps `path` (a regular .npy file) and checks it; `check_finite` reads every value once.
  explicit MappedNpy(const std::string& path, MapAccess access = MapAccess::sequential, bool check_finite = true)
      : name_(detail::printable(path)) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw error(name_ + ": cannot open: " + detail::errno_text(errno));
    struct stat st;
    const bool ok = ::fstat(fd, &st) == 0;
    const int stat_errno = errno;
    if (ok && S_ISREG(st.st_mode) && st.st_size > 0) {
      length_ = static_cast<std::size_t>(st.st_size);
      base_ = ::mmap(nullptr, length_, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    const int map_errno = errno;
    ::close(fd);  // the mapping keeps the file
    if (!ok) throw error(name_ + ": cannot stat: " + detail::errno_text(stat_errno));
    if (!S_ISREG(st.st_mode))
      throw error(name_ + ": not a regular file (a pipe, FIFO or device cannot be memory-mapped); read it with " +
                  "io::read_npy");
    if (base_ == MAP_FAILED) {
      base_ = nullptr;
      throw error(name_ + ": cannot memory-map: " + detail::errno_text(map_errno));
    }
    try {
      open_array(access, check_finite);
    } catch (...) {
      unmap();
      throw;
    }
  }

  MappedNpy(MappedNpy&& o) noexcept { swap(o); }
  MappedNpy& operator=(MappedNpy&& o) noexcept {
    if (this != &o) {
      unmap();
      swap(o);
    }
    return *this;
  }
  MappedNpy(const MappedNpy&) = delete;
  MappedNpy& operator=(const MappedNpy&) = delete;
  ~MappedNpy() { unmap(); }

  /// The array as D×N points (file row i = column i), straight on the mapped pages.
  Map points() const { return Map(data(), d_, n_); }
  /// The first value of the array (row 0, column 0), inside the mapping.
  const Scalar* data() const { return reinterpret_cast<const Scalar*>(static_cast<const char*>(base_) + data_offset_); }
  Index rows() const { return n_; }   ///< N, the number of rows in the file
  Index cols() const { return d_; }   ///< D, the number of columns in the file
  int ndim() const { return ndim_; }  ///< 2 for (N, D), 1 for (N,) (then D = 1)
  /// Bytes from the start of the file to the data (the mapping starts at a page boundary).
  std::size_t data_offset() const { return data_offset_; }
  /// The file's name for messages (control characters escaped).
  const std::string& name() const { return name_; }

 private:
  void open_array(MapAccess access, bool check_finite) {
    const char* bytes = static_cast<const char*>(base_);
    const NpyHeader h = parse_npy_header(bytes, length_, name_);
    const detail::NpyItems it = detail::check_float_table(h, name_);
    detail::check_mappable_items<Scalar>(h, it, name_);
    detail::check_data_size(h, it, length_ - h.data_offset, name_);
    if (Dim != Eigen::Dynamic && it.d != Dim)
      throw error(name_ + ": the array has " + std::to_string(it.d) +
                  " columns but the points have the fixed dimension " + std::to_string(Dim));
    n_ = it.n;
    d_ = it.d;
    ndim_ = static_cast<int>(h.shape.size());
    data_offset_ = h.data_offset;
    const int advice = access == MapAccess::sequential ? MADV_SEQUENTIAL
                       : access == MapAccess::random   ? MADV_RANDOM
                                                       : MADV_NORMAL;
    ::madvise(base_, length_, advice);  // advice only: a failure changes nothing
    if (check_finite) detail::check_finite(data(), d_, n_ * d_, name_);
  }

  void unmap() {
    if (base_) ::munmap(base_, length_);
    base_ = nullptr;
    length_ = 0;
  }

  void swap(MappedNpy& o) noexcept {
    std::swap(name_, o.name_);
    std::swap(base_, o.base_);
    std::swap(length_, o.length_);
    std::swap(data_offset_, o.data_offset_);
    std::swap(n_, o.n_);
    std::swap(d_, o.d_);
    std::swap(ndim_, o.ndim_);
  }

  std::string name_;
  void* base_ = nullptr;
  std::size_t length_ = 0, data_offset_ = 0;
  Index n_ = 0, d_ = 0;
  int ndim_ = 2;
};

/// Maps the .npy file `path` read-only (see MappedNpy); throws lloyd::error naming the file.
template <class Scalar, int Dim = Eigen::Dynamic>
MappedNpy<Scalar, Dim> map_npy(const std::string& path, MapAccess access = MapAccess::sequential,
                               bool check_finite = true) {
  return MappedNpy<Scalar, Dim>(path, access, check_finite);
}

/// Whether map_npy<Scalar>(path) would map `path` with its data at a multiple of `align` bytes from
/// the start of the file: a regular .npy file (not standard input or a /dev/ or /proc/ name), dtype
/// Scalar in this machine's byte order, C order, a valid header and as many bytes as it describes.
/// Reads the header only, so the values are not checked; never throws.
template <class Scalar>
bool npy_mappable(const std::string& path, std::size_t align = sizeof(Scalar)) {
  try {
    // Standard input and /dev/fd/N are not mapped (they may start past the file's beginning), and
    // anything but a regular file is never opened here (opening a FIFO would wait for a writer).
    struct stat st;
    if (path == "-" || path.compare(0, 5, "/dev/") == 0 || path.compare(0, 6, "/proc/") == 0 ||
        ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return false;
    InputFile in(path);
    if (!in.regular()) return false;
    std::string head;
    detail::read_npy_preamble(in, head);
    const NpyHeader h = parse_npy_header(head.data(), head.size(), in.name());
    const detail::NpyItems it = detail::check_float_table(h, in.name());
    detail::check_mappable_items<Scalar>(h, it, in.name());
    detail::check_data_size(h, it, in.size() > h.data_offset ? in.size() - h.data_offset : 0, in.name());
    return align > 0 && h.data_offset % align == 0;
  } catch (const error&) {
    return false;
  }
}

}  // namespace io
}  // namespace lloyd
