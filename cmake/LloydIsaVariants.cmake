# The instruction-set variants that lloyd_kmeans (tools/lloyd_kmeans) and the Python extension
# (python/) are built for (docs/ARCHITECTURE.md, "Runtime ISA dispatch"). Included by both; sets
#
#   LLOYD_ISA_VARIANTS        the variants, best first: "avx512;avx2;baseline", "avx2;baseline", or
#                             empty (build once, with the compiler's flags)
#   LLOYD_ISA_FLAGS_<isa>     each variant's compile options (besides -ffp-contract=off, which every
#                             variant takes so that they give the same bits)
#
# x86-64 with g++ or clang++ only: baseline is the compiler's default (x86-64), avx2 is
# -march=x86-64-v3 and avx512 -march=x86-64-v4 (when the compiler knows it). Empty with
# LLOYD_ISA_DISPATCH=OFF, when CMAKE_CXX_FLAGS already choose an -march, or in instrumented builds
# (-fsanitize=: the presets test the code, not the instruction sets).
option(LLOYD_ISA_DISPATCH "Build lloyd_kmeans and the Python extension per instruction set (x86-64), chosen at run time" ON)

set(LLOYD_ISA_VARIANTS "")
if(LLOYD_ISA_DISPATCH AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND CMAKE_SIZEOF_VOID_P EQUAL 8
   AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" AND NOT CMAKE_CXX_FLAGS MATCHES "-march=|-fsanitize=")
  include(CheckCXXCompilerFlag)
  check_cxx_compiler_flag(-march=x86-64-v3 LLOYD_HAVE_MARCH_X86_64_V3)
  check_cxx_compiler_flag(-march=x86-64-v4 LLOYD_HAVE_MARCH_X86_64_V4)
  if(LLOYD_HAVE_MARCH_X86_64_V3)
    set(LLOYD_ISA_VARIANTS avx2 baseline)
    set(LLOYD_ISA_FLAGS_baseline "")
    set(LLOYD_ISA_FLAGS_avx2 -march=x86-64-v3)
    if(LLOYD_HAVE_MARCH_X86_64_V4)
      set(LLOYD_ISA_VARIANTS avx512 avx2 baseline)
      # g++ 12 warns about its own AVX-512 intrinsics (_mm512_undefined_* in Eigen's packet code).
      set(LLOYD_ISA_FLAGS_avx512 -march=x86-64-v4 $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
    endif()
  endif()
endif()
