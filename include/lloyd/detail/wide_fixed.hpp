#pragma once
// Multi-limb fixed point: exact sums of products w·x over any range of magnitudes the input checks
// accept (the centre sums and cluster weights of update::ReproducibleMean, fixed_accumulate.hpp).
//
// A sum has a window — a floor F and L limbs — and its value is Σ_l A_l·2^(F + 62·l), each A_l a
// 128-bit integer sum of 62-bit digits (the digits of a term are the same whatever else is summed).
// The window is chosen from the data (fixed_accumulate.hpp: sum_windows) so that every term is a
// multiple of 2^F and below 2^(F + 62·L): the sums are then EXACT, hence the same for any order of
// the terms, any split over threads or processes, and after subtracting terms added before. The
// exact sum is then rounded once (limbs_value), so the result does not depend on the window either.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fixed_point.hpp"

namespace lloyd {
namespace detail {

/// Bits per limb digit: a limb's 128-bit sum of digits below 2^62 cannot overflow for < 2^65 terms.
constexpr int kLimbBits = 62;
/// Most limbs a window can need: products of two finite doubles lie between 2^-2148 and 2^2048, and
/// a window covers them with 53 bits each (fixed_accumulate.hpp caps its windows here).
constexpr int kMaxLimbs = 72;

/// The window of one sum: value = Σ_l A_l·2^(floor + 62·l) for l < limbs.
struct Window {
  int floor = -kLimbBits;
  int limbs = 1;
};

/// A product w·x as m·2^e with m = fl(mw·mx), mw and mx the frexp mantissas (0.25 ≤ |m| < 1, or
/// m = 0): the value of the double product fl(w·x) without its underflow (the two are equal whenever
/// fl(w·x) is a normal double). A product of two floats is exact.
struct Term {
  double m;
  int e;
};

inline Term product_term(double w, double x) {
  int ew = 0, ex = 0;
  const double mw = std::frexp(w, &ew), mx = std::frexp(x, &ex);
  return Term{mw * mx, ew + ex};
}

/// A single value as a Term (a weight: w·1).
inline Term value_term(double v) {
  int e = 0;
  const double m = std::frexp(v, &e);
  return Term{m, e};
}

/// The frexp exponent of a nonzero term's value: |value| < 2^exponent ≤ 2|value|.
inline int term_exponent(const Term& t) {
  int e = 0;
  std::frexp(t.m, &e);
  return t.e + e;
}

/// The window for terms with frexp exponents in [lo, hi] and `bits` significant bits each: the fewest
/// limbs whose floor (62·limbs below 2^hi) is at or below the lowest bit of any such term.
inline Window window_for(int hi, int lo, int bits) {
  Window win;
  const int width = hi - lo + bits;
  win.limbs = width <= kLimbBits ? 1 : (width + kLimbBits - 1) / kLimbBits;
  if (win.limbs > kMaxLimbs) win.limbs = kMaxLimbs;
  win.floor = hi - kLimbBits * win.limbs;
  return win;
}

/// Adds (or, with `subtract`, subtracts) the term t to the limbs a[0], a[stride], … of a window with
/// floor `floor` (bits of t below 2^floor are truncated toward zero; a window from sum_windows has
/// none). t must be below 2^(floor + 62·limbs).
inline void deposit(const Term& t, int floor, i128* a, std::ptrdiff_t stride, bool subtract) {
  if (t.m == 0) return;
  const std::int64_t mant = static_cast<std::int64_t>(std::ldexp(t.m, 54));  // exact: ≤ 53 bits from 2^-54 up
  std::uint64_t u = static_cast<std::uint64_t>(mant < 0 ? -mant : mant);
  int p = t.e - 54 - floor;  // the term is ±u·2^(floor + p)
  if (p < 0) {
    u = p > -64 ? u >> -p : 0;
    p = 0;
  }
  const u128 v = u128(u) << (p % kLimbBits);
  const i128 lo = static_cast<i128>(v & ((u128(1) << kLimbBits) - 1));
  const i128 hi = static_cast<i128>(v >> kLimbBits);
  i128* at = a + static_cast<std::ptrdiff_t>(p / kLimbBits) * stride;
  if ((mant < 0) != subtract) {
    at[0] -= lo;
    if (hi != 0) at[stride] -= hi;
  } else {
    at[0] += lo;
    if (hi != 0) at[stride] += hi;
  }
}

/// Carries Σ_l a[l·stride]·2^(62l) (negated if `negate`) into digits w[0..limbs) in [0, 2^62) and
/// w[limbs], the signed rest: the same value.
inline void normalise(const i128* a, std::ptrdiff_t stride, int limbs, bool negate, i128* w) {
  const i128 base = i128(1) << kLimbBits;
  i128 carry = 0;
  for (int l = 0; l < limbs; ++l) {
    const i128 v = a[static_cast<std::ptrdiff_t>(l) * stride];
    const i128 t = (negate ? -v : v) + carry;
    const i128 digit = t & (base - 1);
    w[l] = digit;
    carry = (t - digit) / base;
  }
  w[limbs] = carry;
}

/// The sign (−1, 0, 1) of Σ_l a[l·stride]·2^(62l).
inline int limbs_sign(const i128* a, std::ptrdiff_t stride, int limbs) {
  std::array<i128, kMaxLimbs + 1> w;
  normalise(a, stride, limbs, false, w.data());
  if (w[static_cast<std::size_t>(limbs)] != 0) return w[static_cast<std::size_t>(limbs)] < 0 ? -1 : 1;
  for (int l = 0; l < limbs; ++l)
    if (w[static_cast<std::size_t>(l)] != 0) return 1;
  return 0;
}

/// A value as d·2^e (d a double, e an int: no overflow or underflow in between).
struct Scaled {
  double d;
  int e;
};

/// The exact sum Σ_l a[l·stride]·2^(floor + 62l) rounded once, to nearest: d·2^e with d the correctly
/// rounded value of the sum's integer part at a power-of-two scale.
inline Scaled limbs_value(const i128* a, std::ptrdiff_t stride, const Window& win) {
  if (win.limbs == 1) return Scaled{static_cast<double>(a[0]), win.floor};
  std::array<i128, kMaxLimbs + 1> w;
  normalise(a, stride, win.limbs, false, w.data());
  const bool negative = w[static_cast<std::size_t>(win.limbs)] < 0;
  if (negative) normalise(a, stride, win.limbs, true, w.data());
  int h = win.limbs;
  while (h >= 0 && w[static_cast<std::size_t>(h)] == 0) --h;
  if (h < 0) return Scaled{0.0, win.floor};
  if (h == 0) {
    const double d = static_cast<double>(static_cast<u128>(w[0]));
    return Scaled{negative ? -d : d, win.floor};
  }
  // The top two words hold ≥ 63 significant bits; a nonzero bit below them only breaks a tie, which
  // setting the lowest bit of the two does too (the u128 → double conversion rounds to nearest).
  u128 v = (static_cast<u128>(w[static_cast<std::size_t>(h)]) << kLimbBits) |
           static_cast<u128>(w[static_cast<std::size_t>(h - 1)]);
  for (int l = 0; l < h - 1; ++l)
    if (w[static_cast<std::size_t>(l)] != 0) v |= 1;
  const double d = static_cast<double>(v);
  return Scaled{negative ? -d : d, win.floor + kLimbBits * (h - 1)};
}

/// An exact weight in one window (a cluster's weight, or one point's), for the empty-cluster repair
/// (detail/empty_cluster_repair.hpp), which subtracts weights and compares them with 0.
class WideWeight {
 public:
  WideWeight(int = 0) {}  // zero (the repair's default-initialised weights)
  WideWeight(const i128* a, std::ptrdiff_t stride, int limbs) : a_(static_cast<std::size_t>(limbs)) {
    for (int l = 0; l < limbs; ++l) a_[static_cast<std::size_t>(l)] = a[static_cast<std::ptrdiff_t>(l) * stride];
  }
  WideWeight(double w, const Window& win) : a_(static_cast<std::size_t>(win.limbs), i128(0)) {
    deposit(value_term(w), win.floor, a_.data(), 1, false);
  }
  WideWeight& operator-=(const WideWeight& o) {
    if (a_.size() < o.a_.size()) a_.resize(o.a_.size(), i128(0));
    for (std::size_t l = 0; l < o.a_.size(); ++l) a_[l] -= o.a_[l];
    return *this;
  }
  friend WideWeight operator-(WideWeight x, const WideWeight& y) { return x -= y; }
  int sign() const { return a_.empty() ? 0 : limbs_sign(a_.data(), 1, static_cast<int>(a_.size())); }
  /// Comparison with 0 only (what the repair needs).
  friend bool operator>(const WideWeight& x, int zero) { return zero == 0 && x.sign() > 0; }
  friend bool operator==(const WideWeight& x, const WideWeight& y) { return (x - y).sign() == 0; }

 private:
  std::vector<i128> a_;
};

}  // namespace detail
}  // namespace lloyd
