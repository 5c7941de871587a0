// lloyd::io::map_npy: the mapped array equals read_npy's bit for bit, fit and predict take it without
// a copy and give the same bits, and every file it cannot map throws lloyd::error naming the file.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <limits>
#include <lloyd/io/map_npy.hpp>
#include <lloyd/mini_batch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "instances.hpp"
#include "support.hpp"

using lloyd::Index;

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

// A .npy file (format 1.0) with the dict padded so that the data starts at `rem` modulo `align`.
std::string npy_bytes(const std::string& dict, const std::string& payload, std::size_t align = 64,
                      std::size_t rem = 0) {
  std::string h = dict;
  while ((10 + h.size() + 1) % align != rem) h += ' ';
  h += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(h.size() & 0xff);
  out += static_cast<char>((h.size() >> 8) & 0xff);
  return out + h + payload;
}

template <class T>
std::string raw(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class Scalar>
std::string map_error(const std::string& path) {
  try {
    lloyd::io::map_npy<Scalar>(path);
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "<no error>";
}

template <class Scalar>
bool same_bits(const Eigen::Ref<const lloyd::Points<Scalar>>& a, const lloyd::Points<Scalar>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(Scalar) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

TEMPLATE_TEST_CASE("map_npy: the mapped points are read_npy's, bit for bit", "[io][map_npy]", float, double) {
  using Scalar = TestType;
  Eigen::MatrixXd centres(3, 2);
  centres << 0, 5, 0, 5, 1, -1;
  const lloyd::Points<Scalar> X = test::blobs<Scalar>(centres, 101, 1.0, 3);
  lloyd::io::write_npy("map_round_trip.npy", X);
  const auto m = lloyd::io::map_npy<Scalar>("map_round_trip.npy");
  CHECK(m.rows() == 101);
  CHECK(m.cols() == 3);
  CHECK(m.ndim() == 2);
  CHECK(m.data_offset() % 64 == 0);
  CHECK(same_bits<Scalar>(m.points(), X));
  CHECK(same_bits<Scalar>(m.points(), lloyd::io::read_npy<Scalar>("map_round_trip.npy").points));
  CHECK(lloyd::io::npy_mappable<Scalar>("map_round_trip.npy", 64));
  // Fixed dimension.
  const auto m3 = lloyd::io::map_npy<Scalar, 3>("map_round_trip.npy");
  CHECK(m3.points().rows() == 3);
  CHECK(map_error<Scalar>("map_round_trip.npy").find("<no") == 0);
  try {
    lloyd::io::map_npy<Scalar, 2>("map_round_trip.npy");
    FAIL("no error");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("map_round_trip.npy: the array has 3 columns") != std::string::npos);
  }
}

TEST_CASE("map_npy: fit and predict take the Map without a copy and give the same bits", "[io][map_npy]") {
  Eigen::MatrixXd centres(2, 3);
  centres << 0, 6, 0, 0, 0, 6;
  const lloyd::Points<float> X = test::blobs<float>(centres, 300, 1.0, 11);
  lloyd::io::write_npy("map_fit.npy", X);
  const auto m = lloyd::io::map_npy<float>("map_fit.npy");
  // The reference the estimators bind to points into the mapping: no copy.
  const lloyd::PointsRef<float> ref(m.points());
  CHECK(ref.data() == m.data());
  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 5;
  lloyd::KMeans<float> a(opt), b(opt);
  const auto ra = a.fit(m.points());
  const auto rb = b.fit(X);
  CHECK(same_bits<float>(ra.centroids, rb.centroids));
  CHECK(ra.labels == rb.labels);
  CHECK(ra.inertia == rb.inertia);
  CHECK(ra.n_iter == rb.n_iter);
  CHECK(a.predict(m.points()) == b.predict(X));
  lloyd::MiniBatchOptions mo;
  mo.k = 3;
  mo.batch_size = 64;
  lloyd::MiniBatchKMeans<float> ma(mo), mb(mo);
  CHECK(same_bits<float>(ma.fit(m.points()).centroids, mb.fit(X).centroids));
  CHECK(same_bits<float>(ma.partial_fit(m.points().leftCols(50)).centroids, mb.partial_fit(X.leftCols(50)).centroids));
}

TEST_CASE("map_npy: a 1-D array is one column; the object moves", "[io][map_npy]") {
  const std::vector<double> v{1.5, -2, 3};
  write_bytes("map_1d.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", raw(v)));
  auto m = lloyd::io::map_npy<double>("map_1d.npy");
  CHECK(m.ndim() == 1);
  CHECK(m.cols() == 1);
  CHECK(m.rows() == 3);
  lloyd::io::MappedNpy<double> moved(std::move(m));
  CHECK(moved.points()(0, 2) == 3.0);
  lloyd::io::MappedNpy<double> other = lloyd::io::map_npy<double>("map_1d.npy");
  other = std::move(moved);
  CHECK(other.points()(0, 1) == -2.0);
  CHECK(other.name() == "map_1d.npy");
}

TEST_CASE("map_npy: every file it cannot map throws lloyd::error naming the file", "[io][map_npy]") {
  const std::vector<float> f4{1, 2, 3, 4};
  const std::string dict22 = "'fortran_order': False, 'shape': (2, 2), }";
  auto check = [](const std::string& name, const std::string& bytes, const std::string& what) {
    write_bytes(name, bytes);
    const std::string msg = map_error<float>(name);
    INFO(msg);
    CHECK(msg.find(name + ": ") != std::string::npos);
    CHECK(msg.find(what) != std::string::npos);
    CHECK(!lloyd::io::npy_mappable<float>(name));
  };
  check("map_f8.npy", npy_bytes("{'descr': '<f8', " + dict22, raw(std::vector<double>{1, 2, 3, 4})),
        "is float64 but the data is mapped as float32");
  check("map_be.npy", npy_bytes("{'descr': '>f4', " + dict22, raw(f4)), "other byte order");
  check("map_int.npy", npy_bytes("{'descr': '<i4', " + dict22, raw(f4)), "is not supported");
  check("map_fortran.npy", npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", raw(f4)),
        "Fortran order");
  check("map_truncated.npy", npy_bytes("{'descr': '<f4', " + dict22, raw(f4).substr(0, 15)), "truncated");
  check("map_trailing.npy", npy_bytes("{'descr': '<f4', " + dict22, raw(f4) + "x"), "unexpected bytes");
  check("map_empty.npy", "", "not a .npy file");
  check("map_header.npy", npy_bytes("{'descr': '<f4', " + dict22, "").substr(0, 20), "truncated");
  check("map_odd.npy", npy_bytes("{'descr': '<f4', " + dict22, raw(f4), 4, 2), "not a multiple of 4");
  const std::vector<float> nan{1, 2, std::numeric_limits<float>::quiet_NaN(), 4};
  write_bytes("map_nan.npy", npy_bytes("{'descr': '<f4', " + dict22, raw(nan)));
  CHECK(map_error<float>("map_nan.npy").find("map_nan.npy: element [1, 0]") != std::string::npos);
  CHECK(lloyd::io::npy_mappable<float>("map_nan.npy"));  // the header is fine; map_npy finds the NaN
  CHECK(lloyd::io::map_npy<float>("map_nan.npy", lloyd::io::MapAccess::normal, false).rows() == 2);
  CHECK(map_error<float>("map_missing.npy").find("map_missing.npy: cannot open") != std::string::npos);
  ::mkdir("map_dir.npy", 0700);
  CHECK(map_error<float>("map_dir.npy").find("map_dir.npy: not a regular file") != std::string::npos);
  CHECK(!lloyd::io::npy_mappable<float>("map_dir.npy"));
  CHECK(!lloyd::io::npy_mappable<float>("-"));
}
