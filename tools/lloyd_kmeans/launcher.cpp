// lloyd_kmeans launcher: runs the build of the tool for the best instruction set this CPU has.
//
// The tool is built once per instruction set (lloyd_kmeans-baseline, -avx2 = x86-64-v3, -avx512 =
// x86-64-v4; docs/ARCHITECTURE.md, "Runtime ISA dispatch"). This program picks one from cpuid, or
// the one LLOYD_ISA names, and execv's it with the arguments unchanged. It compiles no lloyd code.
//
// Exit status: that of the variant; 2 when LLOYD_ISA is unknown or names an ISA this CPU lacks,
// 1 when the variant cannot be run.
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef LLOYD_KMEANS_VARIANTS  // the variants built, best first, separated by ','
#error "LLOYD_KMEANS_VARIANTS must name the built variants"
#endif
#ifndef LLOYD_KMEANS_LIBEXEC  // where the variants are installed, relative to the launcher's folder
#define LLOYD_KMEANS_LIBEXEC ""
#endif

namespace {

bool cpu_has(const std::string& isa) {
  __builtin_cpu_init();
  if (isa == "baseline") return true;
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12  // the levels themselves
  if (isa == "avx2") return __builtin_cpu_supports("x86-64-v3");
  if (isa == "avx512") return __builtin_cpu_supports("x86-64-v4");
#else  // their defining features (clang knows no level names)
  if (isa == "avx2")
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("bmi2");
  if (isa == "avx512")
    return cpu_has("avx2") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512cd");
#endif
  return false;
}

bool built(const std::string& isa) {
  const std::string list = std::string(",") + LLOYD_KMEANS_VARIANTS + ",";
  return list.find("," + isa + ",") != std::string::npos;
}

/// The variant to run: LLOYD_ISA's (checked), else the first built one the CPU has; "" on error.
std::string choose() {
  const char* forced = std::getenv("LLOYD_ISA");
  if (forced && *forced) {
    const std::string isa = forced;
    if (!built(isa)) {
      std::fprintf(stderr, "lloyd_kmeans: LLOYD_ISA=%s is not one of the built variants (%s)\n", forced,
                   LLOYD_KMEANS_VARIANTS);
      return "";
    }
    if (!cpu_has(isa)) {
      std::fprintf(stderr, "lloyd_kmeans: LLOYD_ISA=%s but this CPU does not support it\n", forced);
      return "";
    }
    return isa;
  }
  const std::string list = LLOYD_KMEANS_VARIANTS;
  for (std::size_t b = 0; b <= list.size();) {
    std::size_t e = list.find(',', b);
    if (e == std::string::npos) e = list.size();
    const std::string isa = list.substr(b, e - b);
    if (cpu_has(isa)) return isa;
    b = e + 1;
  }
  return "baseline";
}

/// The folder holding this executable (from /proc/self/exe, else argv[0]), with a trailing '/'.
std::string own_folder(const char* argv0) {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string self = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0 ? argv0 : "");
  const std::size_t slash = self.rfind('/');
  return slash == std::string::npos ? std::string("./") : self.substr(0, slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
  (void)argc;
  const std::string isa = choose();
  if (isa.empty()) return 2;
  const std::string dir = own_folder(argv[0]);
  const std::string name = "lloyd_kmeans-" + isa;
  // Next to the launcher (the build tree), then in the install's libexec folder.
  const std::string candidates[] = {dir + name, dir + LLOYD_KMEANS_LIBEXEC + "/" + name};
  for (const std::string& path : candidates) {
    if (::access(path.c_str(), X_OK) != 0) continue;
    ::execv(path.c_str(), argv);
    std::fprintf(stderr, "lloyd_kmeans: cannot run %s: %s\n", path.c_str(), std::strerror(errno));
    return 1;
  }
  std::fprintf(stderr, "lloyd_kmeans: the %s build of the tool (%s) is missing next to %s and in %s%s\n", isa.c_str(),
               name.c_str(), dir.c_str(), dir.c_str(), LLOYD_KMEANS_LIBEXEC);
  return 1;
}
