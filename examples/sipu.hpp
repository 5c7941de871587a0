#pragma once
// Reading the clustering benchmark sets of Fränti et al. as laid out in a data folder:
// NAME.data.gz (one point a line, whitespace-separated coordinates) and NAME.labels0.gz (one
// integer ground-truth label a line), both gzipped. zlib reads them (plain files work too).
#include <zlib.h>

#include <Eigen/Core>
#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sipu {

/// The whole (decompressed) content of a gzip file; a file that is not gzipped is read as it is.
inline std::string read_gzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const int got = gzread(f, buf, sizeof buf);
    if (got < 0) {
      int code = 0;
      const std::string msg = gzerror(f, &code);
      gzclose(f);
      throw std::runtime_error("cannot read " + path + ": " + msg);
    }
    if (got == 0) break;
    out.append(buf, static_cast<std::size_t>(got));
  }
  gzclose(f);
  return out;
}

/// Points as the columns of a D×N matrix: one point a line, D numbers on every line (blank lines
/// are skipped). `what` names the source in error messages.
inline Eigen::MatrixXd parse_points(const std::string& text, const std::string& what) {
  std::vector<double> v;
  Eigen::Index d = -1, n = 0, line_no = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    const char* p = line.c_str();
    Eigen::Index count = 0;
    for (;;) {
      while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
      if (!*p) break;
      char* end = nullptr;
      errno = 0;
      const double x = std::strtod(p, &end);
      if (end == p || errno == ERANGE)
        throw std::runtime_error(what + ":" + std::to_string(line_no) + ": not a number: '" + line + "'");
      v.push_back(x);
      ++count;
      p = end;
    }
    if (count == 0) continue;
    if (d < 0) d = count;
    if (count != d)
      throw std::runtime_error(what + ":" + std::to_string(line_no) + ": " + std::to_string(count) +
                               " numbers, but the first point has " + std::to_string(d));
    ++n;
  }
  if (n == 0) throw std::runtime_error(what + ": no points");
  return Eigen::Map<Eigen::MatrixXd>(v.data(), d, n);
}

/// One integer label a line (blank lines skipped).
inline Eigen::VectorXi parse_labels(const std::string& text, const std::string& what) {
  std::vector<int> v;
  std::istringstream in(text);
  std::string line;
  Eigen::Index line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream ls(line);
    long x;
    if (!(ls >> x)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      throw std::runtime_error(what + ":" + std::to_string(line_no) + ": not an integer label: '" + line + "'");
    }
    std::string rest;
    if (ls >> rest) throw std::runtime_error(what + ":" + std::to_string(line_no) + ": more than one label");
    v.push_back(static_cast<int>(x));
  }
  return Eigen::Map<Eigen::VectorXi>(v.data(), static_cast<Eigen::Index>(v.size()));
}

/// One benchmark set: points, labels; the same number of each.
struct Set {
  std::string name;
  Eigen::MatrixXd X;       ///< D×N
  Eigen::VectorXi labels;  ///< N ground-truth labels
};

inline Set load(const std::string& dir, const std::string& name) {
  Set s;
  s.name = name;
  const std::string base = dir + "/" + name;
  s.X = parse_points(read_gzip(base + ".data.gz"), base + ".data.gz");
  s.labels = parse_labels(read_gzip(base + ".labels0.gz"), base + ".labels0.gz");
  if (s.labels.size() != s.X.cols())
    throw std::runtime_error(base + ": " + std::to_string(s.X.cols()) + " points but " +
                             std::to_string(s.labels.size()) + " labels");
  return s;
}

}  // namespace sipu
