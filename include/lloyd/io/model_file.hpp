#pragma once
// lloyd::io — the model file (docs/MODEL_FORMAT.md): an uncompressed .npz archive that numpy.load
// reads alone, with four members
//
//   centroids.npy   (K, D) '<f4' or '<f8', C order: the centres, one per row
//   inertia.npy     () '<f8': the inertia of the fit that produced them
//   n_iter.npy      () '<i8': its iterations
//   meta.npy        (n,) '|u1': UTF-8 JSON — format, format_version, lloyd_version, estimator,
//                   estimator_type, scalar, dim, d, k, options, policies
//
// This header reads and writes the file without knowing the estimator (io::write_model,
// io::parse_model, io::read_model, io::read_model_meta); io/model.hpp saves and loads estimators.
// Every failure throws lloyd::error naming the file and what is wrong with it.
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "../error.hpp"
#include "../types.hpp"
#include "../version.hpp"
#include "file.hpp"
#include "json.hpp"
#include "model_tree.hpp"
#include "npy_header.hpp"
#include "npz.hpp"

namespace lloyd {
namespace io {

/// The model format version this lloyd writes; it reads every version up to this one.
constexpr int kModelFormatVersion = 1;

/// What a model file says besides its centres.
struct ModelMeta {
  int format_version = kModelFormatVersion;
  std::string lloyd_version = LLOYD_VERSION_STRING;
  std::string estimator;       ///< the estimator's kName, e.g. "KMeans"
  std::string estimator_type;  ///< its full C++ type as the compiler names it (informational)
  std::string scalar;          ///< "float32" or "float64"
  int dim = -1;                ///< the estimator's compile-time Dim (-1: Eigen::Dynamic)
  Index d = 0, k = 0;          ///< dimension and number of centres
  JsonValue options;           ///< an object: the estimator's options by name
  JsonValue policies;          ///< an object: role ("seeding", ...) → policy type name
  double inertia = 0;          ///< inertia of the fit on its data
  long long n_iter = 0;        ///< iterations of the fit
};

/// A model read from a file: its metadata, its D×K centres and, for a BisectingKMeans, its tree.
template <class Scalar>
struct Model {
  ModelMeta meta;
  Points<Scalar> centroids;
  ModelTree<Scalar> tree;  ///< no nodes when the file has no tree members
};

namespace detail {

template <class Scalar>
const char* scalar_name() {
  return std::is_same<Scalar, float>::value ? "float32" : "float64";
}

inline std::string json_text(const JsonValue& v) {
  switch (v.kind) {
    case JsonValue::String:
      return json_quote(v.text);
    case JsonValue::Number:
    case JsonValue::Bool:
      return v.text;
    case JsonValue::Null:
      return "null";
    default:
      break;
  }
  const bool object = v.kind == JsonValue::Object;
  std::string out = object ? "{" : "[";
  const std::size_t n = object ? v.members.size() : v.items.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += object ? json_quote(v.members[i].first) + ": " + json_text(v.members[i].second) : json_text(v.items[i]);
  }
  return out + (object ? "}" : "]");
}

inline std::string meta_json(const ModelMeta& m) {
  const JsonValue empty{JsonValue::Object, {}, {}, {}};
  return std::string("{\"format\": \"lloyd.model\", \"format_version\": ") + std::to_string(m.format_version) +
         ", \"lloyd_version\": " + json_quote(m.lloyd_version) + ", \"estimator\": " + json_quote(m.estimator) +
         ", \"estimator_type\": " + json_quote(m.estimator_type) + ", \"scalar\": " + json_quote(m.scalar) +
         ", \"dim\": " + std::to_string(m.dim) + ", \"d\": " + std::to_string(m.d) + ", \"k\": " + std::to_string(m.k) +
         ", \"options\": " + json_text(m.options.kind == JsonValue::Object ? m.options : empty) +
         ", \"policies\": " + json_text(m.policies.kind == JsonValue::Object ? m.policies : empty) + "}\n";
}

/// A .npy member: header for `descr` and `shape`, then `bytes` little-endian bytes.
inline std::string npy_member(const char* descr, const std::vector<Index>& shape, const void* bytes, std::size_t n) {
  return npy_header_text(descr, shape) + std::string(static_cast<const char*>(bytes), n);
}

/// The data bytes of the .npy member `name`, after checking its dtype and shape.
inline std::string npy_member_data(const char* data, const NpzMember& m, const char* descr,
                                   const std::vector<Index>& shape, std::size_t item, const std::string& source) {
  const std::string where = source + ": member '" + m.name + "'";
  const NpyHeader h = parse_npy_header(data + m.offset, m.size, where);
  if (h.descr != descr || h.fortran_order || h.shape != shape)
    throw error(where + " has dtype '" + h.descr + "'" + (h.fortran_order ? " in Fortran order" : "") + " and shape " +
                shape_text(h.shape) + "; expected '" + descr + "' " + shape_text(shape) + " in C order");
  std::size_t count = 1;
  for (Index v : shape) count *= static_cast<std::size_t>(v);
  if (m.size - h.data_offset != count * item)
    throw error(where + " holds " + std::to_string(m.size - h.data_offset) + " bytes of data; shape " +
                shape_text(shape) + " needs " + std::to_string(count * item));
  return std::string(data + m.offset + h.data_offset, count * item);
}

inline const NpzMember& find_member(const std::vector<NpzMember>& members, const std::string& name,
                                    const std::string& source) {
  for (const NpzMember& m : members)
    if (m.name == name) return m;
  throw error(source + ": not a lloyd model: the member '" + name + "' is missing");
}

inline const JsonValue& meta_field(const JsonValue& meta, const char* key, JsonValue::Kind kind,
                                   const std::string& src) {
  const JsonValue* v = meta.find(key);
  if (!v || v->kind != kind) throw error(src + ": metadata field '" + key + "' is missing or has the wrong type");
  return *v;
}

/// Reads and checks meta.npy (everything but the arrays).
inline ModelMeta parse_meta(const char* data, const std::vector<NpzMember>& members, const std::string& src) {
  const NpzMember& mm = find_member(members, "meta.npy", src);
  const NpyHeader h = parse_npy_header(data + mm.offset, mm.size, src + ": member 'meta.npy'");
  if (h.shape.size() != 1) throw error(src + ": member 'meta.npy' must be a 1-D uint8 array");
  const std::string text = npy_member_data(data, mm, "|u1", h.shape, 1, src);
  const JsonValue j = parse_json(text, src + ": meta.npy");
  if (j.kind != JsonValue::Object) throw error(src + ": meta.npy does not hold a JSON object");
  const JsonValue* format = j.find("format");
  if (!format || format->kind != JsonValue::String || format->text != "lloyd.model")
    throw error(src + ": not a lloyd model (meta.npy lacks \"format\": \"lloyd.model\")");
  ModelMeta m;
  m.format_version = static_cast<int>(json_integer(meta_field(j, "format_version", JsonValue::Number, src), 1, 1 << 30,
                                                   src + ": metadata 'format_version'"));
  if (m.format_version > kModelFormatVersion)
    throw error(src + ": model format version " + std::to_string(m.format_version) + " is newer than this lloyd (" +
                LLOYD_VERSION_STRING + ") reads (up to " + std::to_string(kModelFormatVersion) +
                "); update lloyd to load it");
  m.lloyd_version = meta_field(j, "lloyd_version", JsonValue::String, src).text;
  m.estimator = meta_field(j, "estimator", JsonValue::String, src).text;
  m.estimator_type = meta_field(j, "estimator_type", JsonValue::String, src).text;
  m.scalar = meta_field(j, "scalar", JsonValue::String, src).text;
  if (m.scalar != "float32" && m.scalar != "float64")
    throw error(src + ": metadata 'scalar' is '" + m.scalar + "'; expected 'float32' or 'float64'");
  const long long big = 1LL << 40;
  m.dim = static_cast<int>(
      json_integer(meta_field(j, "dim", JsonValue::Number, src), -1, 1 << 30, src + ": metadata 'dim'"));
  m.d = static_cast<Index>(json_integer(meta_field(j, "d", JsonValue::Number, src), 1, big, src + ": metadata 'd'"));
  m.k = static_cast<Index>(json_integer(meta_field(j, "k", JsonValue::Number, src), 1, big, src + ": metadata 'k'"));
  if (m.dim == 0 || (m.dim > 0 && m.dim != m.d))
    throw error(src + ": metadata 'dim' (" + std::to_string(m.dim) + ") contradicts 'd' (" + std::to_string(m.d) + ")");
  m.options = meta_field(j, "options", JsonValue::Object, src);
  m.policies = meta_field(j, "policies", JsonValue::Object, src);
  return m;
}

/// Checks the arrays against the metadata; returns the centres' raw bytes (K×D, little-endian).
inline std::string parse_arrays(const char* data, const std::vector<NpzMember>& members, ModelMeta& m,
                                const std::string& src) {
  const bool f32 = m.scalar == "float32";
  const std::size_t item = f32 ? 4 : 8;
  if (static_cast<double>(m.k) * static_cast<double>(m.d) * static_cast<double>(item) > 1e15)
    throw error(src + ": metadata says " + std::to_string(m.k) + " x " + std::to_string(m.d) + " centres: too large");
  const std::string c =
      npy_member_data(data, find_member(members, "centroids.npy", src), f32 ? "<f4" : "<f8", {m.k, m.d}, item, src);
  for (std::size_t i = 0; i < c.size() / item; ++i) {
    double v;
    if (f32) {
      float x;
      std::memcpy(&x, c.data() + 4 * i, 4);
      v = x;
    } else {
      std::memcpy(&v, c.data() + 8 * i, 8);
    }
    if (!(v - v == 0))
      throw error(src + ": centre " + std::to_string(i / static_cast<std::size_t>(m.d)) + ", coordinate " +
                  std::to_string(i % static_cast<std::size_t>(m.d)) + " is " + std::to_string(v) +
                  "; a model's centres must be finite");
  }
  const std::string in = npy_member_data(data, find_member(members, "inertia.npy", src), "<f8", {}, 8, src);
  std::memcpy(&m.inertia, in.data(), 8);
  if (!(m.inertia >= 0) || m.inertia - m.inertia != 0)
    throw error(src + ": inertia.npy holds " + std::to_string(m.inertia) + "; it must be finite and >= 0");
  const std::string it = npy_member_data(data, find_member(members, "n_iter.npy", src), "<i8", {}, 8, src);
  std::int64_t n_iter;
  std::memcpy(&n_iter, it.data(), 8);
  if (n_iter < 0) throw error(src + ": n_iter.npy holds " + std::to_string(n_iter) + "; it must be >= 0");
  m.n_iter = n_iter;
  return c;
}

/// The tree's three members (io/model_tree.hpp), centres in the model's dtype `descr`.
template <class Scalar>
void add_tree_members(NpzWriter& z, const ModelTree<Scalar>& t, const char* descr) {
  const Index n = t.nodes(), d = t.centres.rows();
  const Points<Scalar> P = t.centres;
  z.add("tree_links.npy", npy_member("<i8", {n, 7}, t.links.data(), 8 * t.links.size()));
  z.add("tree_stats.npy", npy_member("<f8", {n, 2}, t.stats.data(), 8 * t.stats.size()));
  z.add("tree_centres.npy", npy_member(descr, {n, d}, P.data(), sizeof(Scalar) * static_cast<std::size_t>(P.size())));
}

/// The tree members, when the file has them (all three or none), checked against the model.
template <class Scalar>
void parse_tree_members(const char* data, const std::vector<NpzMember>& members, Model<Scalar>& model,
                        const std::string& src) {
  int present = 0;
  for (const NpzMember& m : members)
    present += m.name == "tree_links.npy" || m.name == "tree_stats.npy" || m.name == "tree_centres.npy";
  if (present == 0) return;
  if (present != 3) throw error(src + ": a tree needs tree_links.npy, tree_stats.npy and tree_centres.npy");
  const Index n = 2 * model.meta.k - 1, d = model.meta.d;
  const std::size_t item = sizeof(Scalar), count = static_cast<std::size_t>(n);
  const std::string links = npy_member_data(data, find_member(members, "tree_links.npy", src), "<i8", {n, 7}, 8, src);
  const std::string stats = npy_member_data(data, find_member(members, "tree_stats.npy", src), "<f8", {n, 2}, 8, src);
  const std::string centres = npy_member_data(data, find_member(members, "tree_centres.npy", src),
                                              item == 4 ? "<f4" : "<f8", {n, d}, item, src);
  ModelTree<Scalar>& t = model.tree;
  t.links.resize(7 * count);
  t.stats.resize(2 * count);
  t.centres.resize(d, n);
  std::memcpy(t.links.data(), links.data(), links.size());
  std::memcpy(t.stats.data(), stats.data(), stats.size());
  std::memcpy(t.centres.data(), centres.data(), centres.size());
  check_tree(t, model.centroids, src);
}

}  // namespace detail

/// The bytes of a model file for `meta`, the D×K centres C (meta's scalar, d, k are set from C)
/// and, when given, a bisecting tree (io/model_tree.hpp).
template <class Scalar, int Dim>
std::string model_bytes(ModelMeta meta, const Centres<Scalar, Dim>& C, const ModelTree<Scalar>* tree = nullptr) {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::model_bytes: Scalar must be float or double");
  if (!detail::host_is_little_endian()) throw error("writing a model file needs a little-endian machine");
  meta.scalar = detail::scalar_name<Scalar>();
  meta.d = C.rows();
  meta.k = C.cols();
  const Points<Scalar> P = C;  // column-major D×K = C-ordered K×D
  const std::string json = detail::meta_json(meta);
  const std::int64_t n_iter = meta.n_iter;
  NpzWriter z;
  const char* descr = std::is_same<Scalar, float>::value ? "<f4" : "<f8";
  z.add("centroids.npy",
        detail::npy_member(descr, {meta.k, meta.d}, P.data(), sizeof(Scalar) * static_cast<std::size_t>(P.size())));
  z.add("inertia.npy", detail::npy_member("<f8", {}, &meta.inertia, 8));
  z.add("n_iter.npy", detail::npy_member("<i8", {}, &n_iter, 8));
  z.add("meta.npy", detail::npy_member("|u1", {static_cast<Index>(json.size())}, json.data(), json.size()));
  if (tree) detail::add_tree_members(z, *tree, descr);
  return z.finish();
}

/// Writes a model file atomically (temporary file + rename, like every lloyd output).
template <class Scalar, int Dim>
void write_model(const std::string& path, const ModelMeta& meta, const Centres<Scalar, Dim>& C,
                 const ModelTree<Scalar>* tree = nullptr) {
  const std::string bytes = model_bytes(meta, C, tree);
  AtomicFile out(path);
  std::fwrite(bytes.data(), 1, bytes.size(), out.get());
  out.commit();
}

/// Reads a model held in memory whose centres have type Scalar (else lloyd::error saying which).
template <class Scalar>
Model<Scalar> parse_model(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  static_assert(std::is_same<Scalar, float>::value || std::is_same<Scalar, double>::value,
                "lloyd::io::parse_model: Scalar must be float or double");
  if (!detail::host_is_little_endian()) throw error(source + ": reading a model file needs a little-endian machine");
  const std::vector<NpzMember> members = parse_npz(data, size, source);
  Model<Scalar> model;
  model.meta = detail::parse_meta(data, members, source);
  if (model.meta.scalar != detail::scalar_name<Scalar>())
    throw error(source + ": the model holds " + model.meta.scalar + " centres; it cannot be loaded with Scalar = " +
                (std::is_same<Scalar, float>::value ? "float" : "double") + " (use " +
                (model.meta.scalar == "float32" ? "float" : "double") + ")");
  const std::string c = detail::parse_arrays(data, members, model.meta, source);
  model.centroids.resize(model.meta.d, model.meta.k);
  std::memcpy(model.centroids.data(), c.data(), c.size());
  detail::parse_tree_members(data, members, model, source);
  return model;
}

/// Reads the metadata of a model held in memory, checking the whole file (archive, CRCs, shapes,
/// finite centres, the tree if any). `source` names the file in messages.
inline ModelMeta parse_model_meta(const char* data, std::size_t size, const std::string& source = "<buffer>") {
  if (!detail::host_is_little_endian()) throw error(source + ": reading a model file needs a little-endian machine");
  const ModelMeta m = detail::parse_meta(data, parse_npz(data, size, source), source);
  return m.scalar == "float32" ? parse_model<float>(data, size, source).meta
                               : parse_model<double>(data, size, source).meta;
}

/// Reads a model file (see parse_model).
template <class Scalar>
Model<Scalar> read_model(const std::string& path) {
  const std::string bytes = read_file(path);
  return parse_model<Scalar>(bytes.data(), bytes.size(), path);
}

/// Reads the metadata of a model file (see parse_model_meta), e.g. to learn its scalar type.
inline ModelMeta read_model_meta(const std::string& path) {
  const std::string bytes = read_file(path);
  return parse_model_meta(bytes.data(), bytes.size(), path);
}

}  // namespace io
}  // namespace lloyd
