#pragma once
// Reproducible random draws (exact 128-bit integer arithmetic) for the order-independent seedings: a uniform 128-bit integer, and a point drawn
// ∝ integer masses across processes (the first point in global order whose running sum exceeds a
// uniform integer below the total), so the drawn point does not depend on how the points are split.
#include <cstdint>
#include <cstring>
#include <vector>

#include "../types.hpp"
#include "fixed_point.hpp"
#include "rng.hpp"

namespace lloyd {
namespace detail {

/// Uniform integer in [0, n), n > 0, from the engine's bits (masked rejection).
inline u128 below128(Rng& rng, u128 n) {
  int bits = 0;
  for (u128 t = n - 1; t != 0; t >>= 1) ++bits;
  const u128 mask = bits >= 128 ? ~u128(0) : ((u128(1) << bits) - 1);
  for (;;) {
    u128 x = (u128(rng.next()) << 64) | u128(rng.next());
    x &= mask;
    if (x < n) return x;
  }
}

/// Draws a point ∝ mass across processes (first point in global order whose running sum of the
/// integer masses exceeds a uniform integer below the total) and copies it to `point` on every
/// process. Returns false when the total mass is 0. `comm`: see local_comm.hpp.
template <class Scalar, int Dim, class Comm>
bool reproducible_draw(const PointsRef<Scalar, Dim>& X, const std::vector<std::int64_t>& mass, Rng& rng,
                       const Comm& comm, std::vector<Scalar>& point) {
  const Index n = X.cols(), d = X.rows();
  std::vector<i128> totals(static_cast<std::size_t>(comm.size()));
  i128 local = 0;
  for (std::int64_t m : mass) local += m;
  comm.allgather(&local, totals.data(), sizeof(i128));
  i128 total = 0;
  for (i128 v : totals) total += v;
  if (!(total > 0)) return false;
  i128 u = static_cast<i128>(below128(rng, static_cast<u128>(total)));
  int owner = 0;
  while (!(u < totals[static_cast<std::size_t>(owner)])) u -= totals[static_cast<std::size_t>(owner++)];
  point.resize(static_cast<std::size_t>(d));
  if (owner == comm.rank()) {
    i128 run = 0;
    Index i = 0;
    for (; i < n; ++i)
      if ((run += mass[static_cast<std::size_t>(i)]) > u) break;
    std::memcpy(point.data(), X.col(i).data(), sizeof(Scalar) * static_cast<std::size_t>(d));
  }
  comm.bcast(point.data(), sizeof(Scalar) * static_cast<std::size_t>(d), owner);
  return true;
}

}  // namespace detail
}  // namespace lloyd
