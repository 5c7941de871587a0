// lloyd::io shared pieces: AtomicFile (no partial outputs), read_file, has_extension.
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <lloyd/io/file.hpp>
#include <string>

namespace {
bool exists(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}
}  // namespace

TEST_CASE("AtomicFile: the target appears only on commit", "[io][file]") {
  const std::string path = "test_io_file_out.txt";
  std::remove(path.c_str());
  {
    lloyd::io::AtomicFile f(path);
    std::fputs("hello\n", f.get());
    f.close();
    CHECK(!exists(path));
    f.commit();
  }
  CHECK(lloyd::io::read_file(path) == "hello\n");
  std::remove(path.c_str());
}

TEST_CASE("AtomicFile: without commit nothing is left behind, an old file stays intact", "[io][file]") {
  const std::string path = "test_io_file_keep.txt";
  {
    lloyd::io::AtomicFile f(path);
    std::fputs("old\n", f.get());
    f.commit();
  }
  try {
    lloyd::io::AtomicFile f(path);
    std::fputs("partial", f.get());
    throw std::runtime_error("failure while writing");
  } catch (const std::runtime_error&) {}
  CHECK(lloyd::io::read_file(path) == "old\n");
  std::remove(path.c_str());
  CHECK(!exists(path));
}

TEST_CASE("AtomicFile: an impossible path names the file", "[io][file]") {
  try {
    lloyd::io::AtomicFile f("no/such/dir/out.csv");
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find("no/such/dir/out.csv: cannot create output file") != std::string::npos);
  }
}

TEST_CASE("has_extension is case-insensitive", "[io][file]") {
  CHECK(lloyd::io::has_extension("a/b.NPY", ".npy"));
  CHECK(lloyd::io::has_extension("x.npy", ".npy"));
  CHECK(!lloyd::io::has_extension("x.npy.csv", ".npy"));
  CHECK(!lloyd::io::has_extension("py", ".npy"));
}

TEST_CASE("AtomicFile: a device is written directly, never replaced", "[io][file]") {
  {
    lloyd::io::AtomicFile f("/dev/null");
    std::fputs("discarded\n", f.get());
    f.commit();
  }
  struct stat st;
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("AtomicFile: a symbolic link is followed, its target replaced atomically", "[io][file]") {
  const std::string target = "test_io_file_target.txt", link = "test_io_file_link.txt";
  std::remove(target.c_str());
  std::remove(link.c_str());
  {
    lloyd::io::AtomicFile f(target);
    f.commit();
  }
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  {
    lloyd::io::AtomicFile f(link);
    std::fputs("through the link\n", f.get());
    f.commit();
  }
  struct stat st;
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(lloyd::io::read_file(target) == "through the link\n");
  try {  // an error before commit leaves the link's target untouched
    lloyd::io::AtomicFile f(link);
    CHECK(f.target().find("test_io_file_target.txt") != std::string::npos);
    std::fputs("partial", f.get());
    throw std::runtime_error("failure while writing");
  } catch (const std::runtime_error&) {}
  CHECK(lloyd::io::read_file(target) == "through the link\n");
  std::remove(link.c_str());
  std::remove(target.c_str());
}

TEST_CASE("AtomicFile: a dangling link and a directory are refused, naming the path", "[io][file]") {
  const std::string link = "test_io_file_dangling.txt";
  std::remove(link.c_str());
  REQUIRE(::symlink("test_io_file_nowhere.txt", link.c_str()) == 0);
  try {
    lloyd::io::AtomicFile f(link);
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find(link + ": is a symbolic link to a missing file") != std::string::npos);
  }
  CHECK(!exists("test_io_file_nowhere.txt"));
  std::remove(link.c_str());
  try {
    lloyd::io::AtomicFile f(".");
    FAIL("no exception");
  } catch (const lloyd::error& e) {
    CHECK(std::string(e.what()).find(".: is a directory") != std::string::npos);
  }
}

TEST_CASE("AtomicFile: the longest valid file name works (the temporary's name is short)", "[io][file]") {
  const std::string path(255, 'n');
  std::remove(path.c_str());
  {
    lloyd::io::AtomicFile f(path);
    std::fputs("long\n", f.get());
    CHECK(f.temp_path().size() < 64);
    f.commit();
  }
  CHECK(lloyd::io::read_file(path) == "long\n");
  std::remove(path.c_str());
}

TEST_CASE("AtomicFile: a new file honours the umask, a replaced file keeps its mode", "[io][file]") {
  auto mode_of = [](const char* p) {
    struct stat st;
    REQUIRE(::stat(p, &st) == 0);
    return st.st_mode & 07777;
  };
  auto write = [](const char* p) {
    lloyd::io::AtomicFile f(p);
    std::fputs("x\n", f.get());
    f.commit();
  };
  std::remove("mode_new.txt");
  const mode_t old_mask = ::umask(022);
  write("mode_new.txt");
  CHECK(mode_of("mode_new.txt") == 0644);  // not mkstemp's 0600
  ::umask(077);
  std::remove("mode_new.txt");
  write("mode_new.txt");
  CHECK(mode_of("mode_new.txt") == 0600);
  ::umask(022);
  REQUIRE(::chmod("mode_new.txt", 0640) == 0);
  write("mode_new.txt");  // replaces the file
  CHECK(mode_of("mode_new.txt") == 0640);
  ::umask(old_mask);
  std::remove("mode_new.txt");
}
