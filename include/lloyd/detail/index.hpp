#pragma once
// Positions as Index (or int) used with std::vector, without a static_cast at every use.
#include <cstddef>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// A non-negative Index (or int) as a std::size_t: a vector's size or an offset into it.
inline std::size_t to_size(Index i) { return static_cast<std::size_t>(i); }

/// v[i] for a non-negative Index (or int) position i.
template <class Vector>
inline decltype(auto) at(Vector& v, Index i) {
  return v[static_cast<std::size_t>(i)];
}

}  // namespace detail
}  // namespace lloyd
