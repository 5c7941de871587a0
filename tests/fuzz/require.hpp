#pragma once
// lloyd_fuzz::require: a broken invariant in a fuzz harness is a finding (it aborts, with a line).
#include <cstdio>
#include <cstdlib>

namespace lloyd_fuzz {

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

}  // namespace lloyd_fuzz
