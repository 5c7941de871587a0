#pragma once
// Fuzz harness bodies (CSV, svmlight, .npy, model files), shared by the libFuzzer targets (fuzz_*.cpp, built by the `fuzz` preset) and
// by test_fuzz_corpus.cpp, which replays the seed corpus and every saved crash input in the normal
// test suite (and so under the asan-ubsan and tsan presets too).
//
// A harness returns normally when the input is accepted or rejected with lloyd::error; anything
// else — a crash, a sanitizer report, another exception, a broken invariant (reported by
// lloyd_fuzz::require, which aborts) — is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <lloyd/bisecting.hpp>
#include <lloyd/io/csv.hpp>
#include <lloyd/io/model.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/io/svmlight.hpp>
#include <lloyd/kmeans.hpp>
#include <string>

#include "require.hpp"

namespace lloyd_fuzz {

/// Bytes written to a FILE* by `write`, via a temporary file (portable; open_memstream is not).
template <class Write>
std::string written(Write&& write) {
  std::FILE* f = std::tmpfile();
  require(f != nullptr, "tmpfile() failed");
  write(f);
  std::string out(static_cast<std::size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  const std::size_t got = std::fread(&out[0], 1, out.size(), f);
  std::fclose(f);
  require(got == out.size(), "short read of the temporary file");
  return out;
}

/// A small k-means fit on parsed data: either a result that satisfies the basic invariants or a
/// lloyd::error (too few distinct points, values out of range, ...). Bounded so fuzzing stays fast.
template <class S>
void small_fit(const lloyd::Points<S>& X) {
  if (X.size() > 4096) return;
  lloyd::Options opt;
  opt.k = static_cast<int>(std::min<lloyd::Index>(3, X.cols()));
  opt.n_init = 1;
  opt.max_iter = 5;
  lloyd::KMeans<S> km(opt);
  lloyd::Result<S> r;
  try {
    r = km.fit(X);
  } catch (const lloyd::error&) {
    return;
  }
  require(std::isfinite(r.inertia) && r.inertia >= 0, "fit: inertia finite and >= 0");
  require(r.centroids.allFinite(), "fit: finite centres");
  require(r.labels.size() == X.cols(), "fit: one label per point");
  for (lloyd::Index i = 0; i < r.labels.size(); ++i)
    require(r.labels[i] >= 0 && r.labels[i] < opt.k, "fit: label range");
  require(km.transform(X).allFinite(), "transform: finite distances");
}

template <class S>
void csv_typed(const char* data, std::size_t size) {
  lloyd::io::Matrix<S> m;
  try {
    m = lloyd::io::parse_csv<S>(data, size, "fuzz.csv");
  } catch (const lloyd::error&) {
    return;
  }
  require(m.points.size() > 0, "csv: a parsed table is not empty");
  require(m.points.allFinite(), "csv: parsed values are finite");
  // Written back and read again, the table is bit-identical.
  const std::string text = written([&](std::FILE* f) { lloyd::io::write_csv(f, m.points); });
  const lloyd::io::Matrix<S> again = lloyd::io::parse_csv<S>(text, "round-trip.csv");
  require(again.points.rows() == m.points.rows() && again.points.cols() == m.points.cols(), "csv: round-trip shape");
  require(std::memcmp(again.points.data(), m.points.data(), sizeof(S) * static_cast<std::size_t>(m.points.size())) == 0,
          "csv: round-trip bits");
  small_fit(m.points);
}

inline void csv(const std::uint8_t* data, std::size_t size) {
  csv_typed<float>(reinterpret_cast<const char*>(data), size);
  csv_typed<double>(reinterpret_cast<const char*>(data), size);
}

template <class S>
void svmlight_check(const lloyd::io::SparseTable<S>& t) {
  const auto& P = t.points;
  require(P.cols() > 0 && t.labels.size() == P.cols(), "svmlight: points and one label per point");
  require(P.isCompressed() && P.rows() <= lloyd::io::kMaxSvmlightFeatures, "svmlight: compressed, D in range");
  require(t.labels.allFinite(), "svmlight: finite labels");
  for (lloyd::Index j = 0; j < P.cols(); ++j)
    for (lloyd::Index p = P.outerIndexPtr()[j]; p < P.outerIndexPtr()[j + 1]; ++p) {
      const lloyd::Index i = P.innerIndexPtr()[p];
      require(i >= 0 && i < P.rows(), "svmlight: index in [0, D)");
      require(p == P.outerIndexPtr()[j] || i > P.innerIndexPtr()[p - 1], "svmlight: indices increasing");
      require(std::isfinite(P.valuePtr()[p]), "svmlight: finite values");
    }
}

template <class S>
bool same_bits(const S* a, const S* b, lloyd::Index n) {
  return n == 0 || std::memcmp(a, b, sizeof(S) * static_cast<std::size_t>(n)) == 0;  // no data: null pointers
}

template <class S>
void svmlight_typed(const char* data, std::size_t size, bool zero_based) {
  lloyd::io::SvmlightOptions o;
  o.zero_based = zero_based;
  lloyd::io::SparseTable<S> t;
  try {
    t = lloyd::io::parse_svmlight<S>(data, size, "fuzz.svm", o);
  } catch (const lloyd::error&) {
    return;
  }
  svmlight_check(t);
  // Written back and read again, the table is bit-identical (same D: the last index is written).
  const std::string text = written([&](std::FILE* f) { lloyd::io::write_svmlight(f, t.points, t.labels, o); });
  const lloyd::io::SparseTable<S> again = lloyd::io::parse_svmlight<S>(text, "round-trip.svm", o);
  const auto &P = t.points, &Q = again.points;
  require(Q.rows() == P.rows() && Q.cols() == P.cols() && Q.nonZeros() == P.nonZeros(), "svmlight: round-trip shape");
  require(same_bits(Q.outerIndexPtr(), P.outerIndexPtr(), P.cols() + 1), "svmlight: round-trip columns");
  require(same_bits(Q.innerIndexPtr(), P.innerIndexPtr(), P.nonZeros()), "svmlight: round-trip indices");
  require(same_bits(Q.valuePtr(), P.valuePtr(), P.nonZeros()), "svmlight: round-trip values");
  require(same_bits(again.labels.data(), t.labels.data(), t.labels.size()), "svmlight: round-trip labels");
  if (P.rows() > 0 && P.rows() <= 4096 && P.rows() * P.cols() <= 4096) small_fit(lloyd::Points<S>(P.toDense()));
}

inline void svmlight(const std::uint8_t* data, std::size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  for (bool zero_based : {false, true}) {
    svmlight_typed<float>(p, size, zero_based);
    svmlight_typed<double>(p, size, zero_based);
  }
}

template <class S>
void npy_typed(const char* data, std::size_t size) {
  lloyd::io::Matrix<S> m;
  try {
    m = lloyd::io::parse_npy<S>(data, size, "fuzz.npy");
  } catch (const lloyd::error&) {
    return;
  }
  require(m.points.size() > 0, "npy: a parsed array is not empty");
  require(m.points.allFinite(), "npy: parsed values are finite");
  const std::string bytes = written([&](std::FILE* f) { lloyd::io::write_npy(f, m.points); });
  const lloyd::io::Matrix<S> again = lloyd::io::parse_npy<S>(bytes.data(), bytes.size(), "round-trip.npy");
  require(again.points.rows() == m.points.rows() && again.points.cols() == m.points.cols(), "npy: round-trip shape");
  require(std::memcmp(again.points.data(), m.points.data(), sizeof(S) * static_cast<std::size_t>(m.points.size())) == 0,
          "npy: round-trip bits");
  small_fit(m.points);
}

inline void npy(const std::uint8_t* data, std::size_t size) {
  try {
    (void)lloyd::io::parse_npy_header(reinterpret_cast<const char*>(data), size, "fuzz.npy");
  } catch (const lloyd::error&) {}
  npy_typed<float>(reinterpret_cast<const char*>(data), size);
  npy_typed<double>(reinterpret_cast<const char*>(data), size);
}

template <class S>
void model_typed(const char* data, std::size_t size) {
  lloyd::io::Model<S> m;
  try {
    m = lloyd::io::parse_model<S>(data, size, "fuzz.npz");
  } catch (const lloyd::error&) {
    return;
  }
  require(m.centroids.rows() == m.meta.d && m.centroids.cols() == m.meta.k, "model: centres match d x k");
  require(m.centroids.allFinite(), "model: finite centres");
  require(std::isfinite(m.meta.inertia) && m.meta.inertia >= 0 && m.meta.n_iter >= 0, "model: inertia, n_iter");
  // Written back and read again, the model is bit-identical.
  const std::string bytes = lloyd::io::model_bytes(m.meta, m.centroids, m.tree.nodes() ? &m.tree : nullptr);
  const lloyd::io::Model<S> again = lloyd::io::parse_model<S>(bytes.data(), bytes.size(), "round-trip.npz");
  const std::size_t nbytes = sizeof(S) * static_cast<std::size_t>(m.centroids.size());
  require(std::memcmp(again.centroids.data(), m.centroids.data(), nbytes) == 0, "model: round-trip bits");
  require(again.meta.inertia == m.meta.inertia && again.meta.n_iter == m.meta.n_iter, "model: round-trip numbers");
  require(again.tree.links == m.tree.links && again.tree.centres == m.tree.centres, "model: round-trip tree");
  // Predict with the model, as lloyd::load would set it up (small models only).
  if (m.centroids.size() > 4096) return;
  if (m.tree.nodes()) {  // a checked tree: the descent ends in a leaf
    lloyd::BisectingKMeans<S> bk;
    lloyd::detail::ModelAccess::restore(bk, m.centroids, m.meta.inertia, 0);
    lloyd::detail::ModelAccess::restore_tree(
        bk, lloyd::io::nodes_of_tree<typename lloyd::BisectingKMeans<S>::node_type>(m.tree));
    const lloyd::Labels l = bk.predict(lloyd::Points<S>(m.tree.centres));
    for (lloyd::Index i = 0; i < l.size(); ++i) require(l[i] >= 0 && l[i] < m.meta.k, "model: tree label range");
  }
  lloyd::KMeans<S> km;
  lloyd::detail::ModelAccess::restore(km, m.centroids, m.meta.inertia, 0);
  const lloyd::Points<S> Y = m.centroids;
  try {
    const lloyd::Labels l = km.predict(Y);
    for (lloyd::Index i = 0; i < l.size(); ++i) require(l[i] >= 0 && l[i] < m.meta.k, "model: label range");
  } catch (const lloyd::error&) {  // centres beyond the range whose squared distances are finite
  }
}

inline void model(const std::uint8_t* data, std::size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  try {
    (void)lloyd::io::parse_model_meta(p, size, "fuzz.npz");
  } catch (const lloyd::error&) {}
  model_typed<float>(p, size);
  model_typed<double>(p, size);
}

}  // namespace lloyd_fuzz
