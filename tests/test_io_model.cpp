// lloyd::save / lloyd::load and the model file (io/model.hpp, io/model_file.hpp, io/npz.hpp,
// io/json.hpp): round trips bit for bit, every class of bad file, cross Scalar/Dim loading.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <lloyd/io/model.hpp>
#include <lloyd/io/npy.hpp>
#include <string>

#include "support.hpp"

using lloyd::Index;

namespace {

std::string temp_path(const std::string& name) { return std::string("test_io_model_") + name; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

template <class C1, class C2>
bool same_bits(const C1& a, const C2& b) {
  using S = typename C1::Scalar;
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(S) * static_cast<std::size_t>(a.size())) == 0;
}

Eigen::MatrixXd three_centres() {
  Eigen::MatrixXd c(2, 3);
  c << -4, 3, 2, 0, 3, -4;
  return c;
}

/// The bytes of a small fitted KMeans<float> model, and the estimator.
std::string float_model_bytes() {
  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 7;
  lloyd::KMeans<float> km(opt);
  km.fit(test::blobs<float>(three_centres(), 120, 0.5, 1));
  return lloyd::io::model_bytes(lloyd::io::model_meta(km), km.centroids());
}

/// The message parse_model<float> throws for `bytes` ("" when it does not throw).
std::string parse_error(const std::string& bytes) {
  try {
    (void)lloyd::io::parse_model<float>(bytes.data(), bytes.size(), "m.npz");
  } catch (const lloyd::error& e) {
    return e.what();
  }
  return "";
}

/// Replaces the first occurrence of `from` (same length) in the archive and fixes nothing else.
std::string patched(std::string bytes, const std::string& from, const std::string& to) {
  const std::size_t at = bytes.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(from.size() == to.size());
  bytes.replace(at, from.size(), to);
  return bytes;
}

/// An archive with the given members (valid CRCs), for files that are valid ZIP but bad models.
std::string archive(const std::vector<std::pair<std::string, std::string>>& members) {
  lloyd::io::NpzWriter z;
  for (const auto& m : members) z.add(m.first, m.second);
  return z.finish();
}

/// The members of a valid model, as name → bytes.
std::vector<std::pair<std::string, std::string>> members_of(const std::string& bytes) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& m : lloyd::io::parse_npz(bytes.data(), bytes.size(), "m.npz"))
    out.emplace_back(m.name, bytes.substr(m.offset, m.size));
  return out;
}

std::string with_member(const std::string& bytes, const std::string& name, const std::string& content) {
  auto members = members_of(bytes);
  for (auto& m : members)
    if (m.first == name) m.second = content;
  return archive(members);
}

std::string meta_npy(const std::string& json) {
  return lloyd::io::detail::npy_member("|u1", {static_cast<Index>(json.size())}, json.data(), json.size());
}

std::string meta_text(const std::string& bytes) {
  for (const auto& m : members_of(bytes))
    if (m.first == "meta.npy") {
      const auto h = lloyd::io::parse_npy_header(m.second.data(), m.second.size());
      return m.second.substr(h.data_offset);
    }
  return "";
}

}  // namespace

TEST_CASE("crc32 matches the ZIP check value", "[io][model]") {
  CHECK(lloyd::io::crc32("123456789", 9) == 0xCBF43926u);
  CHECK(lloyd::io::crc32("", 0) == 0u);
  CHECK(lloyd::io::crc32("6789", 4, lloyd::io::crc32("12345", 5)) == 0xCBF43926u);
}

TEST_CASE("KMeans<float>: save, load, identical centres, predict, inertia and options", "[io][model]") {
  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 12345678901234567ull;
  opt.tol = 1.0 / 3;
  opt.n_init = 4;
  lloyd::KMeans<float> km(opt);
  const auto X = test::blobs<float>(three_centres(), 300, 0.7, 2);
  const auto r = km.fit(X);
  CHECK(km.fit_inertia() == r.inertia);
  CHECK(km.fit_n_iter() == r.n_iter);
  const std::string path = temp_path("float.npz");
  lloyd::save(path, km);
  const auto back = lloyd::load<lloyd::KMeans<float>>(path);
  CHECK(same_bits(back.centroids(), km.centroids()));
  CHECK((back.predict(X).array() == r.labels.array()).all());
  CHECK(back.fit_inertia() == r.inertia);
  CHECK(back.fit_n_iter() == r.n_iter);
  CHECK(back.options().k == 3);
  CHECK(back.options().seed == opt.seed);
  CHECK(back.options().tol == opt.tol);
  CHECK(back.options().n_init == 4);
  // Refitting the loaded estimator reproduces the fit (its options came back).
  auto again = back;
  CHECK(same_bits(again.fit(X).centroids, r.centroids));
  // The metadata.
  const lloyd::io::ModelMeta m = lloyd::io::read_model_meta(path);
  CHECK(m.estimator == "KMeans");
  CHECK(m.scalar == "float32");
  CHECK(m.d == 2);
  CHECK(m.k == 3);
  CHECK(m.dim == -1);
  CHECK(m.format_version == 1);
  CHECK(m.lloyd_version == LLOYD_VERSION_STRING);
  REQUIRE(m.policies.find("seeding"));
  CHECK(m.policies.find("seeding")->text.find("DefaultKMeansPlusPlus") != std::string::npos);  // the defaults
  REQUIRE(m.policies.find("refine"));
  CHECK(m.policies.find("refine")->text.find("Breathing") != std::string::npos);
  // Saving is deterministic, and the writer leaves no temporary behind.
  lloyd::save(path, back);
  CHECK(slurp(path) == lloyd::io::model_bytes(lloyd::io::model_meta(back), back.centroids()));
  std::remove(path.c_str());
}

TEST_CASE("KMeans<double, 2> and MiniBatchKMeans round trips", "[io][model]") {
  const auto X2 = test::blobs<double, 2>(three_centres(), 200, 0.5, 3);
  lloyd::Options opt;
  opt.k = 3;
  lloyd::KMeans<double, 2> km(opt);
  const auto r = km.fit(X2);
  const std::string path = temp_path("double2.npz");
  lloyd::save(path, km);
  const auto back = lloyd::load<lloyd::KMeans<double, 2>>(path);
  CHECK(same_bits(back.centroids(), r.centroids));
  CHECK((back.predict(X2).array() == r.labels.array()).all());
  CHECK(back.transform(X2) == km.transform(X2));
  // A Dynamic estimator loads a fixed-Dim model (and the other way round, below).
  const auto dyn = lloyd::load<lloyd::KMeans<double>>(path);
  CHECK(same_bits(dyn.centroids(), r.centroids));

  lloyd::MiniBatchOptions mo;
  mo.k = 3;
  mo.batch_size = 64;
  mo.seed = 5;
  lloyd::MiniBatchKMeans<double> mb(mo);
  const lloyd::Points<double> X = X2;
  const auto rm = mb.fit(X);
  const std::string mpath = temp_path("minibatch.npz");
  lloyd::save(mpath, mb);
  lloyd::MiniBatchKMeans<double> mb2;
  lloyd::load(mpath, mb2);
  CHECK(same_bits(mb2.centroids(), rm.centroids));
  CHECK((mb2.predict(X).array() == rm.labels.array()).all());
  CHECK(mb2.options().batch_size == 64);
  CHECK(mb2.options().seed == 5);
  CHECK(mb2.fit_n_iter() == rm.n_iter);
  CHECK(lloyd::io::read_model_meta(mpath).estimator == "MiniBatchKMeans");
  // Into another estimator: the centres and k, not the other options.
  const auto as_km = lloyd::load<lloyd::KMeans<double, 2>>(mpath);
  CHECK(same_bits(as_km.centroids(), rm.centroids));
  CHECK(as_km.options().k == 3);
  CHECK(as_km.options().n_init == lloyd::Options{}.n_init);
  std::remove(path.c_str());
  std::remove(mpath.c_str());
}

TEST_CASE("loading into the wrong Scalar or Dim throws, naming the file", "[io][model]") {
  const std::string path = temp_path("f32.npz");
  write_bytes(path, float_model_bytes());
  CHECK_THROWS_WITH(lloyd::load<lloyd::KMeans<double>>(path),
                    Catch::Contains(path) && Catch::Contains("float32") && Catch::Contains("Scalar = double"));
  using KMeansF3 = lloyd::KMeans<float, 3>;
  using KMeansF2 = lloyd::KMeans<float, 2>;
  CHECK_THROWS_WITH(lloyd::load<KMeansF3>(path),
                    Catch::Contains(path) && Catch::Contains("dimension 2") && Catch::Contains("Dim=3"));
  CHECK_NOTHROW(lloyd::load<KMeansF2>(path));
  std::remove(path.c_str());
  lloyd::KMeans<float> unfitted;
  CHECK_THROWS_WITH(lloyd::save(path, unfitted), Catch::Contains("not fitted"));
  CHECK_THROWS_WITH(lloyd::load<lloyd::KMeans<float>>(temp_path("absent.npz")), Catch::Contains("cannot open"));
}

TEST_CASE("truncated, corrupted and foreign files throw", "[io][model]") {
  const std::string good = float_model_bytes();
  REQUIRE(parse_error(good).empty());
  // Every truncation.
  for (std::size_t n = 0; n < good.size(); ++n) {
    INFO(n);
    CHECK_FALSE(parse_error(good.substr(0, n)).empty());
  }
  CHECK_THAT(parse_error(good.substr(0, good.size() / 2)), Catch::Contains("m.npz"));
  // Every single flipped byte is caught (CRC, structure, or a field the reader checks) or harmless
  // (a byte the reader ignores, e.g. the version made by); never a crash, never different centres.
  const auto ref = lloyd::io::parse_model<float>(good.data(), good.size());
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    try {
      const auto m = lloyd::io::parse_model<float>(bad.data(), bad.size());
      INFO(i);
      CHECK(same_bits(m.centroids, ref.centroids));
    } catch (const lloyd::error&) {}
  }
  // A flipped bit in the centres' data is a CRC error.
  const auto members = lloyd::io::parse_npz(good.data(), good.size(), "m.npz");
  std::string bad = good;
  bad[members[0].offset + members[0].size - 1] ^= 1;
  CHECK_THAT(parse_error(bad), Catch::Contains("CRC-32") && Catch::Contains("centroids.npy"));
  CHECK_THAT(parse_error("not a zip file at all, just text."), Catch::Contains("not a .npz"));
  CHECK_THAT(parse_error(patched(good, "centroids.npy", "centroids.npz")), Catch::Contains("local header"));
  // Compressed members (numpy.savez_compressed).
  std::string deflated = good;
  deflated[8] = 8;
  CHECK_THAT(parse_error(deflated), Catch::Contains("compressed") || Catch::Contains("damaged"));
}

TEST_CASE("valid archives that are bad models throw", "[io][model]") {
  const std::string good = float_model_bytes();
  auto members = members_of(good);
  members.erase(members.begin() + 1);  // inertia.npy
  CHECK_THAT(parse_error(archive(members)), Catch::Contains("'inertia.npy' is missing"));
  CHECK_THAT(parse_error(archive({})), Catch::Contains("'meta.npy' is missing"));
  const std::string json = meta_text(good);
  auto meta = [&](const std::string& from, const std::string& to) {
    std::string j = json;
    const std::size_t at = j.find(from);
    REQUIRE(at != std::string::npos);
    j.replace(at, from.size(), to);
    return parse_error(with_member(good, "meta.npy", meta_npy(j)));
  };
  CHECK_THAT(meta("\"format_version\": 1", "\"format_version\": 2"), Catch::Contains("version 2 is newer"));
  CHECK_THAT(meta("\"format_version\": 1", "\"format_version\": 0"), Catch::Contains("format_version"));
  CHECK_THAT(meta("lloyd.model", "other.model"), Catch::Contains("not a lloyd model"));
  CHECK_THAT(meta("\"k\": 3", "\"k\": 4"), Catch::Contains("centroids.npy") && Catch::Contains("shape"));
  CHECK_THAT(meta("\"d\": 2", "\"d\": 0"), Catch::Contains("'d'"));
  CHECK_THAT(meta("\"float32\"", "\"float16\""), Catch::Contains("'scalar'"));
  CHECK_THAT(meta("\"float32\"", "\"float64\""), Catch::Contains("float64 centres"));
  CHECK_THAT(meta("\"dim\": -1", "\"dim\": 5"), Catch::Contains("contradicts"));
  CHECK_THAT(meta("{", "["), Catch::Contains("JSON"));
  CHECK_THAT(meta("\"options\": {", "\"options\": [{"), Catch::Contains("JSON"));
  CHECK_THAT(parse_error(with_member(good, "meta.npy", meta_npy("{\"format\": \"lloyd.model\"}"))),
             Catch::Contains("format_version"));
  // Non-finite centres, bad inertia / n_iter, wrong dtypes.
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const float c_nan[6] = {1, 2, 3, nan, 5, 6}, c_inf[6] = {1, 2, 3, 4, 5, -inf};
  using lloyd::io::detail::npy_member;
  CHECK_THAT(parse_error(with_member(good, "centroids.npy", npy_member("<f4", {3, 2}, c_nan, 24))),
             Catch::Contains("centre 1, coordinate 1") && Catch::Contains("finite"));
  CHECK_THAT(parse_error(with_member(good, "centroids.npy", npy_member("<f4", {3, 2}, c_inf, 24))),
             Catch::Contains("finite"));
  CHECK_THAT(parse_error(with_member(good, "centroids.npy", npy_member("<f4", {3, 2}, c_nan, 20))),
             Catch::Contains("needs 24"));
  CHECK_THAT(parse_error(with_member(good, "centroids.npy", npy_member("<f8", {3, 2}, c_nan, 24))),
             Catch::Contains("dtype '<f8'"));
  const double neg = -1;
  const std::int64_t minus = -3;
  CHECK_THAT(parse_error(with_member(good, "inertia.npy", npy_member("<f8", {}, &neg, 8))), Catch::Contains("inertia"));
  CHECK_THAT(parse_error(with_member(good, "n_iter.npy", npy_member("<i8", {}, &minus, 8))), Catch::Contains("n_iter"));
  CHECK_THAT(parse_error(with_member(good, "n_iter.npy", npy_member("<i8", {1}, &minus, 8))), Catch::Contains("shape"));
  // Duplicate members.
  auto dup = members_of(good);
  dup.push_back(dup[0]);
  CHECK_THAT(parse_error(archive(dup)), Catch::Contains("twice"));
}

TEST_CASE("json subset: values, escapes, errors", "[io][model]") {
  const auto j = lloyd::io::parse_json(R"({"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\n", "c": {}})", "t");
  REQUIRE(j.find("a"));
  CHECK(j.find("a")->items.size() == 5);
  CHECK(j.find("b")->text == "x\"\xc3\xa9\n");
  CHECK(lloyd::io::json_u64(lloyd::io::parse_json("18446744073709551615", "t"), "s") == 18446744073709551615ull);
  CHECK_THROWS_WITH(lloyd::io::json_u64(lloyd::io::parse_json("18446744073709551616", "t"), "s"),
                    Catch::Contains("s must"));
  CHECK_THROWS_WITH(lloyd::io::json_integer(lloyd::io::parse_json("1.5", "t"), 0, 9, "n"), Catch::Contains("n must"));
  CHECK_THROWS_WITH(lloyd::io::json_double(lloyd::io::parse_json("1e999", "t"), "x"), Catch::Contains("finite"));
  const std::string deep = std::string(20, '[') + std::string(20, ']');
  for (const std::string bad : {"", "{", "[1,]", "{\"a\" 1}", "\"\\q\"", "01x", deep.c_str(), "tru"})
    CHECK_THROWS_AS(lloyd::io::parse_json(bad, "t"), lloyd::error);
  CHECK(lloyd::io::json_quote("a\"\\\x01") == "\"a\\\"\\\\\\u0001\"");
}

// For model_numpy_check.py (a ctest run after this program): models and their centres as plain .npy.
TEST_CASE("models for the numpy check", "[io][model]") {
  lloyd::Options opt;
  opt.k = 3;
  lloyd::KMeans<float> kf(opt);
  kf.fit(test::blobs<float>(three_centres(), 90, 0.5, 4));
  lloyd::save("test_io_model_numpy_float.npz", kf);
  lloyd::io::write_npy("test_io_model_numpy_float_centres.npy", kf.centroids());
  lloyd::KMeans<double, 2> kd(opt);
  kd.fit(test::blobs<double, 2>(three_centres(), 90, 0.5, 5));
  lloyd::save("test_io_model_numpy_double2.npz", kd);
  lloyd::io::write_npy("test_io_model_numpy_double2_centres.npy", kd.centroids());
  lloyd::MiniBatchOptions mo;
  mo.k = 4;
  lloyd::MiniBatchKMeans<double> mb(mo);
  mb.fit(test::blobs<double>(three_centres(), 90, 0.5, 6));
  lloyd::save("test_io_model_numpy_minibatch.npz", mb);
  lloyd::io::write_npy("test_io_model_numpy_minibatch_centres.npy", mb.centroids());
  CHECK(lloyd::io::read_model_meta("test_io_model_numpy_minibatch.npz").k == 4);
}
