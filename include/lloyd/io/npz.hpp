#pragma once
// lloyd::io — uncompressed NumPy .npz archives: a ZIP file whose members are stored (method 0, no
// compression) .npy arrays, which `numpy.load` reads as it reads the output of `numpy.savez`.
//
//   io::NpzWriter z;  z.add("inertia.npy", bytes);  std::string file = z.finish();
//   std::vector<io::NpzMember> m = io::parse_npz(data, size, "model.npz");
//
// The writer stores members with fixed timestamps (the same content gives the same bytes). The
// reader walks the central directory, checks every local header against it, and checks each
// member's CRC-32; a truncated archive, an offset outside the file, a compressed, encrypted or ZIP64
// member, a duplicate name or a bad CRC throws lloyd::error naming the file and the member. It
// accepts what numpy.savez writes (ZIP64 extra fields in the local headers of small members).
// The CRC-32 is the ZIP one (polynomial 0xEDB88320), computed here: no zlib needed.
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../error.hpp"

namespace lloyd {
namespace io {

/// CRC-32 of `size` bytes (ZIP / zlib / PNG polynomial), continuing from `crc` (0 to start).
inline std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int b = 0; b < 8; ++b) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ p[i]) & 0xffu] ^ (crc >> 8);
  return ~crc;
}

/// One member of an archive read by parse_npz: its name and where its bytes are in the buffer.
struct NpzMember {
  std::string name;
  std::size_t offset = 0;  ///< first byte of the member's data in the archive
  std::size_t size = 0;    ///< bytes of data
};

namespace detail {

inline void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int b = 0; b < bytes; ++b) out += static_cast<char>((v >> (8 * b)) & 0xffu);
}

inline std::uint64_t get_le(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int b = bytes - 1; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(p[b]);
  return v;
}

constexpr std::uint32_t kZipLocal = 0x04034b50u, kZipCentral = 0x02014b50u, kZipEnd = 0x06054b50u;
constexpr std::uint16_t kZipDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the earliest ZIP date

}  // namespace detail

/// Builds an uncompressed archive in memory. Members are written in the order they are added.
class NpzWriter {
 public:
  void add(const std::string& name, const std::string& bytes) {
    if (bytes.size() >= 0xffffffffu || name.size() > 0xffffu || entries_.size() >= 0xffffu)
      throw error("npz member '" + name + "' is too large (ZIP64 archives are not written)");
    const std::uint32_t crc = crc32(bytes.data(), bytes.size());
    entries_.push_back({name, crc, static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(out_.size())});
    header(out_, detail::kZipLocal, entries_.back(), false);
    out_ += name;
    out_ += bytes;
    if (out_.size() >= 0xffffffffu) throw error("npz archive is too large (ZIP64 archives are not written)");
  }

  /// The finished archive (central directory and end record appended).
  std::string finish() {
    std::string out = out_;
    const std::size_t cd_start = out.size();
    for (const Entry& e : entries_) {
      header(out, detail::kZipCentral, e, true);
      out += e.name;
    }
    const std::size_t cd_size = out.size() - cd_start;
    detail::put_le(out, detail::kZipEnd, 4);
    detail::put_le(out, 0, 4);  // disk numbers
    detail::put_le(out, entries_.size(), 2);
    detail::put_le(out, entries_.size(), 2);
    detail::put_le(out, cd_size, 4);
    detail::put_le(out, cd_start, 4);
    detail::put_le(out, 0, 2);  // no comment
    return out;
  }

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc, size, offset;
  };

  static void header(std::string& out, std::uint32_t signature, const Entry& e, bool central) {
    detail::put_le(out, signature, 4);
    if (central) detail::put_le(out, 20, 2);  // version made by: 2.0, MS-DOS attributes
    detail::put_le(out, 20, 2);               // version needed to extract: 2.0
    detail::put_le(out, 0, 2);                // flags
    detail::put_le(out, 0, 2);                // method: stored
    detail::put_le(out, 0, 2);                // time
    detail::put_le(out, detail::kZipDosDate, 2);
    detail::put_le(out, e.crc, 4);
    detail::put_le(out, e.size, 4);  // compressed size
    detail::put_le(out, e.size, 4);  // uncompressed size
    detail::put_le(out, e.name.size(), 2);
    detail::put_le(out, 0, 2);  // extra field length
    if (central) {
      detail::put_le(out, 0, 2);  // comment length
      detail::put_le(out, 0, 2);  // disk number
      detail::put_le(out, 0, 2);  // internal attributes
      detail::put_le(out, 0, 4);  // external attributes
      detail::put_le(out, e.offset, 4);
    }
  }

  std::vector<Entry> entries_;
  std::string out_;
};

namespace detail {

/// The end-of-central-directory record: the last 22 bytes, or earlier when there is a comment.
inline std::size_t find_zip_end(const char* data, std::size_t size, const std::string& source) {
  if (size < 22) throw error(source + ": not a .npz (ZIP) file: " + std::to_string(size) + " bytes is too short");
  const std::size_t lowest = size - 22 > 0xffff ? size - 22 - 0xffff : 0;
  for (std::size_t p = size - 22 + 1; p-- > lowest;)
    if (get_le(data + p, 4) == kZipEnd && p + 22 + get_le(data + p + 20, 2) == size) return p;
  if (size >= 4 && get_le(data, 4) == kZipLocal)
    throw error(source + ": truncated .npz (ZIP) file: the central directory at its end is missing");
  throw error(source + ": not a .npz (ZIP) file (no end-of-central-directory record)");
}

/// Checks a member's local header against its central directory entry; returns the data offset.
inline std::size_t check_local_header(const char* data, std::size_t size, std::size_t at, const std::string& name,
                                      const std::string& where) {
  if (at > size || size - at < 30 || get_le(data + at, 4) != kZipLocal)
    throw error(where + ": bad local header offset " + std::to_string(at) + " (damaged archive)");
  const std::size_t name_len = get_le(data + at + 26, 2), extra_len = get_le(data + at + 28, 2);
  if (size - at - 30 < name_len + extra_len) throw error(where + ": local header runs past the end of the file");
  if (std::string(data + at + 30, name_len) != name)
    throw error(where + ": local header names '" + std::string(data + at + 30, name_len) + "' (damaged archive)");
  if (get_le(data + at + 8, 2) != 0) throw error(where + ": local header says compressed (damaged archive)");
  return at + 30 + name_len + extra_len;
}

}  // namespace detail

/// The members of an uncompressed .npz (ZIP) archive held in memory, in central directory order.
/// Every member's bytes lie inside [data, data + size) and match their CRC-32.
inline std::vector<NpzMember> parse_npz(const char* data, std::size_t size, const std::string& source) {
  using detail::get_le;
  const std::size_t end = detail::find_zip_end(data, size, source);
  const std::size_t count = get_le(data + end + 10, 2), cd_size = get_le(data + end + 12, 4),
                    cd_start = get_le(data + end + 16, 4);
  if (get_le(data + end + 4, 4) != 0 || get_le(data + end + 8, 2) != count)
    throw error(source + ": multi-disk ZIP archives are not supported");
  if (count == 0xffff || cd_start == 0xffffffffu) throw error(source + ": ZIP64 archives are not supported");
  if (cd_start > end || cd_size > end - cd_start)
    throw error(source + ": damaged .npz (ZIP) file: the central directory lies outside the file (truncated?)");
  std::vector<NpzMember> members;
  std::size_t p = cd_start;
  for (std::size_t i = 0; i < count; ++i) {
    if (cd_start + cd_size - p < 46 || get_le(data + p, 4) != detail::kZipCentral)
      throw error(source + ": damaged .npz (ZIP) file: central directory entry " + std::to_string(i) + " is bad");
    const std::size_t name_len = get_le(data + p + 28, 2), extra_len = get_le(data + p + 30, 2),
                      comment_len = get_le(data + p + 32, 2);
    if (cd_start + cd_size - p - 46 < name_len + extra_len + comment_len)
      throw error(source + ": damaged .npz (ZIP) file: central directory entry " + std::to_string(i) + " is cut short");
    NpzMember m;
    m.name = std::string(data + p + 46, name_len);
    const std::string where = source + ": member '" + m.name + "'";
    const std::uint64_t flags = get_le(data + p + 8, 2), method = get_le(data + p + 10, 2),
                        crc = get_le(data + p + 16, 4), csize = get_le(data + p + 20, 4),
                        usize = get_le(data + p + 24, 4), local = get_le(data + p + 42, 4);
    if (flags & 1u) throw error(where + " is encrypted");
    if (method != 0)
      throw error(where + " is compressed (method " + std::to_string(method) +
                  "); only uncompressed archives are read (numpy.savez, not savez_compressed)");
    if (csize == 0xffffffffu || usize == 0xffffffffu || local == 0xffffffffu)
      throw error(where + " uses ZIP64, which is not supported");
    if (csize != usize) throw error(where + ": stored sizes differ (damaged archive)");
    for (const NpzMember& o : members)
      if (o.name == m.name) throw error(where + " appears twice");
    m.offset = detail::check_local_header(data, size, static_cast<std::size_t>(local), m.name, where);
    m.size = static_cast<std::size_t>(csize);
    if (m.offset > cd_start || m.size > cd_start - m.offset)
      throw error(where + ": data runs past its end (" + std::to_string(m.size) + " bytes; truncated or damaged)");
    if (crc32(data + m.offset, m.size) != crc) throw error(where + ": CRC-32 mismatch (the file is corrupted)");
    members.push_back(m);
    p += 46 + name_len + extra_len + comment_len;
  }
  return members;
}

}  // namespace io
}  // namespace lloyd
