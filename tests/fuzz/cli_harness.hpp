#pragma once
// Fuzz harness for the lloyd_kmeans command line: the input bytes, split at NUL bytes, are the
// arguments given to the tool's own parse_args (tools/lloyd_kmeans/args.hpp), with the tool's own list
// of --algorithm names (kAlgorithmNames). Parsing only: no file is read or written, and the fitting
// code is not compiled in. --help, -h and --version print and exit by design, so inputs with them are
// skipped.
#include <cstdint>
#include <string>
#include <vector>

#include "../../tools/lloyd_kmeans/args.hpp"
#include "require.hpp"

namespace lloyd_fuzz {

inline void cli_args(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"lloyd_kmeans"};
  std::string cur;
  for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
    if (data[i] == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(data[i]);
    }
  }
  if (!cur.empty() || args.size() == 1) args.push_back(cur);
  for (const std::string& a : args)
    if (a == "--help" || a == "-h" || a == "--version") return;
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(&a[0]);
  argv.push_back(nullptr);
  try {
    const lloyd_cli::Args a =
        lloyd_cli::parse_args(static_cast<int>(args.size()), argv.data(), lloyd_cli::kAlgorithmNames);
    // What parse_args accepts is within the documented ranges.
    if (a.k_given) lloyd_fuzz::require(a.k >= 1, "cli: --k >= 1");
    lloyd_fuzz::require(a.n_init >= 1 && a.max_iter >= 1, "cli: n_init, max_iter >= 1");
    lloyd_fuzz::require(a.tol >= 0 && std::isfinite(a.tol), "cli: tol finite and >= 0");
    lloyd_fuzz::require(!a.input.empty(), "cli: an input was given");
    lloyd_fuzz::require(a.batch_size >= 1, "cli: --batch-size >= 1");
    lloyd_fuzz::require(a.mini_batch || a.given.find("--batch-size ") == std::string::npos,
                        "cli: --batch-size only with --mini-batch");
  } catch (const lloyd_cli::UsageError&) {
  } catch (const lloyd::error&) {}
}

}  // namespace lloyd_fuzz
