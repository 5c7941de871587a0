#pragma once
// What the lloyd_kmeans end-to-end tests (test_cli, test_cli_stream) share: running the tool
// (path in LLOYD_KMEANS_EXE), reading a field of its JSON, comparing matrices bit for bit.
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <lloyd/io/file.hpp>
#include <lloyd/types.hpp>
#include <string>

namespace cli_test {

struct Run {
  int status = -1;
  std::string out, err;
};

/// Runs `lloyd_kmeans ARGS` through /bin/sh (`prefix` may pipe into it or set variables); stdout and
/// stderr go through FILES_stdout.txt and FILES_stderr.txt, so tests with different FILES can run
/// side by side in one directory.
inline Run run_tool(const std::string& args, const std::string& prefix, const std::string& files) {
  const std::string out = files + "_stdout.txt", err = files + "_stderr.txt";
  const std::string cmd = prefix + "'" LLOYD_KMEANS_EXE "' " + args + " >" + out + " 2>" + err;
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = lloyd::io::read_file(out);
  r.err = lloyd::io::read_file(err);
  return r;
}

/// The raw text of a JSON member ("key":VALUE) in a one-line object, "<missing>" when absent.
inline std::string json_field(const std::string& json, const std::string& key) {
  const std::string pat = "\"" + key + "\":";
  const std::size_t at = json.find(pat);
  if (at == std::string::npos) return "<missing>";
  const std::size_t b = at + pat.size();
  return json.substr(b, json.find_first_of(",}", b) - b);
}

template <class Scalar>
bool same_bits(const lloyd::Points<Scalar>& a, const lloyd::Points<Scalar>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(Scalar) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace cli_test
