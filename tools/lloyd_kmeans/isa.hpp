#pragma once
// The instruction set this build of lloyd_kmeans was compiled for, as --json reports it ("isa").

namespace lloyd_cli {

/// "baseline", "avx2" or "avx512": the variant the launcher ran (LLOYD_KMEANS_ISA, set by CMake for
/// each variant; docs/ARCHITECTURE.md, "Runtime ISA dispatch"); for a build without dispatch, the
/// widest of these its compile flags enable ("generic" off x86-64).
inline const char* isa_name() {
#if defined(LLOYD_KMEANS_ISA)
  return LLOYD_KMEANS_ISA;
#elif defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
  return "avx512";
#elif defined(__AVX2__) && defined(__FMA__)
  return "avx2";
#elif defined(__x86_64__) || defined(_M_X64)
  return "baseline";
#else
  return "generic";
#endif
}

}  // namespace lloyd_cli
