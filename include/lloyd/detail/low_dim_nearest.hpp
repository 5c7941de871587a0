#pragma once
// The nearest centre in low dimension (D ≤ 8), with the reference's own arithmetic.
//
// For D ≤ 8 each coordinate has a partial sum of its own in detail::sqdist (coordinate j goes to
// partial j mod 8), so the reference distance is ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7))
// with p_j = (x_j − c_j)² in double and p_j = 0 for j ≥ D. A partial p_j is never −0, so adding a
// zero partial changes nothing and the sum is that tree with the absent partials left out.
// LowDimNearest computes exactly these values — the same operations on the same doubles, so the
// same bits — and keeps the first smallest (centre 0's distance first, then strictly smaller ones,
// as detail::nearest does): its labels and distances are detail::nearest's bit for bit, with no
// bound and no re-check.
//
// The work is vectorised over points: a block of kBlock points is stored coordinate by coordinate,
// and for each centre in turn every point of the block compares its distance with its best so far
// (a branch-free select, index kept as a double). A point–centre pair then costs a few vector
// instructions shared by the lanes — in low dimension the exact ‖c‖² − 2x·c expansion and its
// candidate re-checks, or a scan over the centres of one point, cost more than this.
#include <algorithm>
#include <vector>

#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Dimensions up to which LowDimNearest applies.
constexpr Index kLowDimMax = 8;

template <class Scalar>
class LowDimNearest {
 public:
  /// Points per block of the kernel.
  static constexpr Index kBlock = 16;

  /// C: D×K centres (K ≥ 1), D ≤ kLowDimMax.
  template <class Centres>
  explicit LowDimNearest(const Centres& C) : d_(C.rows()), k_(C.cols()), c_(static_cast<std::size_t>(d_ * k_)) {
    for (Index c = 0; c < k_; ++c)
      for (Index j = 0; j < d_; ++j) c_[static_cast<std::size_t>(c * d_ + j)] = static_cast<double>(C(j, c));
    kernel_ = pick(d_);
  }

  static bool applies(Index d) { return d >= 1 && d <= kLowDimMax; }

  /// Index of the nearest centre to x (D values), ties → lowest index; its distance in *best_d2.
  int operator()(const Scalar* x, double* best_d2 = nullptr) const {
    int label;
    double d2;
    nearest(x, d_, 1, &label, &d2);
    if (best_d2) *best_d2 = d2;
    return label;
  }

  /// The nearest centres of the n points x + i·stride (i < n, D values each) into label[i], their
  /// distances into d2[i] unless d2 is null.
  void nearest(const Scalar* x, Index stride, Index n, int* label, double* d2 = nullptr) const {
    kernel_(x, stride, n, c_.data(), k_, label, d2);
  }

 private:
  using Kernel = void (*)(const Scalar*, Index, Index, const double*, Index, int*, double*);

#if defined(__GNUC__)  // GCC and Clang: vector extensions, as wide as the target's vectors
#if defined(__AVX__)
  static constexpr int kWidth = 4;
#else
  static constexpr int kWidth = 2;
#endif
  using Lanes = double __attribute__((vector_size(kWidth * sizeof(double))));
#else
  static constexpr int kWidth = 4;
  struct Lanes {  // the same arithmetic, one lane at a time
    double v[kWidth];
    double& operator[](int l) { return v[l]; }
    double operator[](int l) const { return v[l]; }
  };
#endif
  static constexpr int kGroups = kBlock / kWidth;  // Lanes per coordinate of a block

  /// (x_J − c_J)² lane by lane, rounded on its own even where a compiler contracts a·b + c (an
  /// empty asm on x86, else 0 + the square: one more addition), or 0 for J ≥ D (then never used).
  template <int D, int J>
  static Lanes square(const Lanes* x, double c) {
    Lanes r{};
    if constexpr (J < D) {
#if defined(__GNUC__)
      const Lanes t = x[J * kGroups] - c;
#if defined(__x86_64__) || defined(__i386__)
      r = t * t;
      __asm__("" : "+x"(r));  // the square leaves the compiler's sight: it cannot be contracted
#else
      r = 0.0 + t * t;
#endif
#else
      for (int l = 0; l < kWidth; ++l) {
        const double t = x[J * kGroups][l] - c;
        r[l] = 0.0 + t * t;
      }
#endif
    }
    return r;
  }

  static Lanes add(const Lanes& a, const Lanes& b) {
#if defined(__GNUC__)
    return a + b;
#else
    Lanes r;
    for (int l = 0; l < kWidth; ++l) r[l] = a[l] + b[l];
    return r;
#endif
  }

  /// The reference distances of the kWidth points x (coordinate J at x[J·kGroups]) to the centre
  /// c: the tree ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)) without the absent partials.
  template <int D>
  static Lanes distance(const Lanes* x, const double* c) {
    const Lanes q0 = square<D, 0>(x, c[0]), q1 = square<D, 1>(x, c[D > 1]), q2 = square<D, 2>(x, c[2 * (D > 2)]),
                q3 = square<D, 3>(x, c[3 * (D > 3)]), q4 = square<D, 4>(x, c[4 * (D > 4)]),
                q5 = square<D, 5>(x, c[5 * (D > 5)]), q6 = square<D, 6>(x, c[6 * (D > 6)]),
                q7 = square<D, 7>(x, c[7 * (D > 7)]);
    const Lanes a = D > 4 ? add(q0, q4) : q0, e = D > 6 ? add(q2, q6) : q2;
    const Lanes f = D > 5 ? add(q1, q5) : q1, g = D > 7 ? add(q3, q7) : q3;
    const Lanes left = D > 2 ? add(a, e) : a, right = D > 3 ? add(f, g) : f;
    return D > 1 ? add(left, right) : left;
  }

  /// Keeps, lane by lane, t and its centre index where t < best (NaN never replaces).
  static void keep_lower(const Lanes& t, double index, Lanes& best, Lanes& best_c) {
#if defined(__GNUC__)
    const auto lower = t < best;  // all ones where t < best
    using Mask = decltype(lower);
    best = reinterpret_cast<Lanes>((reinterpret_cast<Mask>(t) & lower) | (reinterpret_cast<Mask>(best) & ~lower));
    const Lanes i = Lanes{} + index;
    best_c = reinterpret_cast<Lanes>((reinterpret_cast<Mask>(i) & lower) | (reinterpret_cast<Mask>(best_c) & ~lower));
#else
    for (int l = 0; l < kWidth; ++l)
      if (t[l] < best[l]) best[l] = t[l], best_c[l] = index;
#endif
  }

  /// best[g], best_c[g]: the first smallest distances of the block x (D·kGroups Lanes, coordinate
  /// j of group g at x[j·kGroups + g]) over the k centres ct (D·k), and their indices.
  template <int D>
  static void block(const Lanes* x, const double* ct, Index k, Lanes* best, Lanes* best_c) {
    for (int g = 0; g < kGroups; ++g) {
      best[g] = distance<D>(x + g, ct);
      best_c[g] = Lanes{};
    }
    for (Index c = 1; c < k; ++c) {
      const double* cc = ct + c * D;
      const double index = static_cast<double>(c);
      for (int g = 0; g < kGroups; ++g) keep_lower(distance<D>(x + g, cc), index, best[g], best_c[g]);
    }
  }

  /// nearest() for D coordinates, kBlock points at a time (a short last block repeats its last point).
  template <int D>
  static void run(const Scalar* xs, Index stride, Index n, const double* ct, Index k, int* label, double* d2) {
    Lanes x[D * kGroups]{}, best[kGroups]{}, best_c[kGroups]{};
    for (Index b = 0; b < n; b += kBlock) {
      const Index m = std::min(kBlock, n - b);
      for (int g = 0; g < kGroups; ++g)
        for (int l = 0; l < kWidth; ++l) {
          const Scalar* xp = xs + (b + std::min<Index>(g * kWidth + l, m - 1)) * stride;
          for (int j = 0; j < D; ++j) x[j * kGroups + g][l] = static_cast<double>(xp[j]);
        }
      block<D>(x, ct, k, best, best_c);
      for (Index p = 0; p < m; ++p) {
        label[b + p] = static_cast<int>(best_c[p / kWidth][p % kWidth]);
        if (d2) d2[b + p] = best[p / kWidth][p % kWidth];
      }
    }
  }

  static Kernel pick(Index d) {
    switch (d) {
      case 1:
        return &run<1>;
      case 2:
        return &run<2>;
      case 3:
        return &run<3>;
      case 4:
        return &run<4>;
      case 5:
        return &run<5>;
      case 6:
        return &run<6>;
      case 7:
        return &run<7>;
      default:
        return &run<8>;
    }
  }

  Index d_, k_;
  std::vector<double> c_;  // c_[c·D + j] = C(j, c) in double
  Kernel kernel_;
};

}  // namespace detail
}  // namespace lloyd
