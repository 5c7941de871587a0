#pragma once
// Fuzz harness bodies, shared by the libFuzzer targets (fuzz_*.cpp, built by the `fuzz` preset) and
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
#include <lloyd/io/csv.hpp>
#include <lloyd/io/model.hpp>
#include <lloyd/io/npy.hpp>
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
  const std::string bytes = lloyd::io::model_bytes(m.meta, m.centroids);
  const lloyd::io::Model<S> again = lloyd::io::parse_model<S>(bytes.data(), bytes.size(), "round-trip.npz");
  const std::size_t nbytes = sizeof(S) * static_cast<std::size_t>(m.centroids.size());
  require(std::memcmp(again.centroids.data(), m.centroids.data(), nbytes) == 0, "model: round-trip bits");
  require(again.meta.inertia == m.meta.inertia && again.meta.n_iter == m.meta.n_iter, "model: round-trip numbers");
  // Predict with the model, as lloyd::load would set it up (small models only).
  if (m.centroids.size() > 4096) return;
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
