#pragma once
// Fixed-point numbers for order-independent accumulation: each term v of a sum over points is turned
// into the integer ⌊v·2^s⌋ (truncated toward zero; |v·2^s| < 2^62, s chosen from the largest |term|)
// and the integers are summed in 128 bits. Integer addition is associative, so the sums — and
// everything computed from them — are bit-identical for any thread count, any order of the points
// and any split of the points over processes. The reproducible seedings' draw masses and potentials
// use this (seeding::ReproducibleKMeansPlusPlus, seeding::ReproducibleKMeansParallel, draws.hpp);
// sums that must be as accurate as a double sum whatever their range — the centre sums of
// update::ReproducibleMean, inertia::Reproducible, k-means‖'s candidate weights — are exact, in
// several such integers (wide_fixed.hpp). local_comm.hpp is the communicator contract.
//
// Precision: each term is rounded to 2^-62 of the largest term of its kind (about 2e-19 relative);
// a sum of N nonnegative terms is within N·2^-61 of its total, and up to 2^63 terms cannot overflow.
#include <cmath>
#include <cstdint>
#include <vector>

namespace lloyd {
namespace detail {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/// Fixed-point conversion with scale 2^s, s chosen so that |v| ≤ maxabs maps below 2^62.
class Fixed {
 public:
  Fixed() = default;
  explicit Fixed(double maxabs) {
    int e = 0;
    if (maxabs > 0 && std::isfinite(maxabs)) std::frexp(maxabs, &e);  // maxabs < 2^e
    s_ = 62 - e;
    direct_ = s_ > -1000 && s_ < 1000;
    f_ = direct_ ? std::ldexp(1.0, s_) : 0.0;
  }
  int scale() const { return s_; }
  /// True when operator() is v·factor() (every scale but the extreme ones).
  bool direct() const { return direct_; }
  double factor() const { return f_; }
  std::int64_t operator()(double v) const { return static_cast<std::int64_t>(direct_ ? v * f_ : std::ldexp(v, s_)); }
  double back(i128 v) const { return std::ldexp(static_cast<double>(v), -s_); }

 private:
  int s_ = 0;
  bool direct_ = true;
  double f_ = 1.0;
};

}  // namespace detail
}  // namespace lloyd
