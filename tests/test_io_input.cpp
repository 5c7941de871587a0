// lloyd::io::Input / read_table: .npy or CSV decided from the name and the first bytes, and any input
// — a regular file, a pipe (/dev/fd/N, as a process substitution gives), a FIFO, standard input —
// read exactly once, never reopened or repositioned.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <lloyd/io/input.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace {

const char* const kCsv = "x,y\n1.5,2\n3,4\n5,6\n";

std::string npy_float32() {
  lloyd::Points<float> X(2, 3);
  X << 1.5f, 3, 5, 2, 4, 6;
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  lloyd::io::write_npy(f, X);
  std::string bytes(static_cast<std::size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  REQUIRE(std::fread(&bytes[0], 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
  return bytes;
}

void write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w <= 0) break;
    done += static_cast<std::size_t>(w);
  }
}

void write_file(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

// Reads `bytes` through a pipe named /dev/fd/N, written by another thread in small pieces (so the
// reader sees short reads), the way `lloyd_kmeans <(cat X)` sees its input.
template <class Read>
void through_pipe(const std::string& bytes, Read&& read) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::thread writer([&] {
    for (std::size_t at = 0; at < bytes.size(); at += 7) write_all(fds[1], bytes.substr(at, 7));
    ::close(fds[1]);
  });
  try {
    read("/dev/fd/" + std::to_string(fds[0]));
  } catch (...) {
    writer.join();
    ::close(fds[0]);
    throw;
  }
  writer.join();
  ::close(fds[0]);
}

template <class S>
void check_table(const lloyd::io::Matrix<S>& m) {
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == 2);
  CHECK(m.points(0, 0) == S(1.5));
  CHECK(m.points(1, 2) == S(6));
}

}  // namespace

TEMPLATE_TEST_CASE("input: .npy by extension or magic, CSV otherwise, from a regular file", "[io][input]", float,
                   double) {
  using S = TestType;
  write_file("input_table.csv", kCsv);
  write_file("input_table.npy", npy_float32());
  write_file("input_table.bin", npy_float32());  // .npy without the extension: found by its magic
  for (const char* path : {"input_table.csv", "input_table.npy", "input_table.bin"}) {
    INFO(path);
    lloyd::io::Input in(path);
    CHECK(in.is_npy() == (std::strcmp(path, "input_table.csv") != 0));
    CHECK(in.npy_float_bytes() == (in.is_npy() ? 4 : 0));
    check_table(in.read<S>());
    check_table(lloyd::io::read_table<S>(path));
  }
  for (const char* path : {"input_table.csv", "input_table.npy", "input_table.bin"}) std::remove(path);
}

TEMPLATE_TEST_CASE("input: a pipe is read once, .npy sniffed from the same bytes", "[io][input]", float, double) {
  using S = TestType;
  through_pipe(kCsv, [](const std::string& path) {
    lloyd::io::Input in(path);
    CHECK(!in.is_npy());
    check_table(in.read<S>());
  });
  through_pipe(npy_float32(), [](const std::string& path) {
    lloyd::io::Input in(path);
    CHECK(in.is_npy());
    CHECK(in.npy_float_bytes() == 4);
    check_table(in.read<S>());
  });
  // The format readers on their own read pipes too.
  through_pipe(kCsv, [](const std::string& path) { check_table(lloyd::io::read_csv<S>(path)); });
  through_pipe(npy_float32(), [](const std::string& path) { check_table(lloyd::io::read_npy<S>(path)); });
  // Errors on a pipe are the ones a file gives.
  std::string truncated = npy_float32();
  truncated.pop_back();
  through_pipe(truncated, [](const std::string& path) {
    CHECK_THROWS_WITH(lloyd::io::read_table<S>(path), Catch::Contains("truncated: shape (3, 2) <f4 needs 24 bytes"));
  });
  through_pipe("1,2\n3\n", [](const std::string& path) {
    CHECK_THROWS_WITH(lloyd::io::read_table<S>(path), Catch::Contains(path + ":2:2: row has 1 fields"));
  });
}

TEMPLATE_TEST_CASE("input: a named FIFO with a writer is read once, without hanging", "[io][input]", float, double) {
  using S = TestType;
  for (const std::string& bytes : {std::string(kCsv), npy_float32()}) {
    const std::string fifo = "input_table.fifo";
    std::remove(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer([&] {
      const int fd = ::open(fifo.c_str(), O_WRONLY);  // blocks until the reader opens it
      if (fd < 0) return;
      write_all(fd, bytes);
      ::close(fd);
    });
    lloyd::io::Input in(fifo);  // a reader that opened the FIFO twice would wait here for ever
    CHECK(in.is_npy() == (bytes[0] != 'x'));
    check_table(in.read<S>());
    writer.join();
    std::remove(fifo.c_str());
  }
}

TEMPLATE_TEST_CASE("input: standard input (\"-\") is read once, .npy or CSV", "[io][input]", float, double) {
  using S = TestType;
  for (const std::string& bytes : {std::string(kCsv), npy_float32()}) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const int saved = ::dup(0);
    REQUIRE(saved >= 0);
    REQUIRE(::dup2(fds[0], 0) == 0);
    ::close(fds[0]);
    std::thread writer([&] {
      write_all(fds[1], bytes);
      ::close(fds[1]);
    });
    std::clearerr(stdin);
    lloyd::io::Matrix<S> m;
    std::string name;
    bool npy = false;
    {
      lloyd::io::Input in("-");
      name = in.name();
      npy = in.is_npy();
      m = in.read<S>();
    }
    writer.join();
    ::dup2(saved, 0);
    ::close(saved);
    std::clearerr(stdin);
    CHECK(name == "<stdin>");
    CHECK(npy == (bytes[0] != 'x'));
    check_table(m);
  }
}

TEST_CASE("input: a missing file names the file, its name escaped", "[io][input]") {
  CHECK_THROWS_WITH(lloyd::io::Input("no/such/file.csv"), Catch::Contains("no/such/file.csv: cannot open"));
  CHECK_THROWS_WITH(lloyd::io::Input("no/such\n\x1b[2J.csv"), Catch::Contains("no/such\\n\\x1b[2J.csv: cannot open"));
}
