#pragma once
// Exact bounds-based assignment (the engine of assignment::Hamerly, Elkan and Yinyang).
//
// The centres are split into G groups (Yinyang, Ding et al. 2015: G ≈ K/10 groups found by a small
// k-means on the initial centres; Hamerly: G = 1; Elkan: G = K). Each point keeps an upper bound u on
// the distance to its centre and, per group, a lower bound on the distance to every other centre of
// the group. After the centres move, u grows by its centre's move and each group bound shrinks by the
// group's largest move. A point keeps its label when, for every group, u is below the group bound or
// below half the distance from its centre to the nearest other centre of that group (Hamerly's test
// per group; per centre pair for Elkan, as in Elkan 2003); otherwise u is
// tightened with the exact distance and, if that is not enough, the point is compared with the centres
// of every group whose bound is below u (group filter), through approximate distances resolved exactly
// by detail::resolve_nearest.
//
// Exactness: all bounds are on TRUE distances and are maintained with outward rounding (moves and
// distances rounded up, lower bounds rounded down, the rounding of the approximate distances bounded
// as in exact_nearest.hpp). Filters keep a label only when every other centre is farther by a
// relative margin κ = 2δ that covers the reference's own rounding, so the labels are exactly
// BruteForce's (ties → lowest index) at every iteration. Bounds are kept in double.
//
// Memory: N·(2 doubles + G floats); the group lower bounds are stored as floats rounded down
// (a lower bound may always be lowered), handled in double while a point is processed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "../types.hpp"
#include "distance.hpp"
#include "exact_nearest.hpp"
#include "parallel.hpp"
#include "sparse_points.hpp"

namespace lloyd {
namespace detail {

inline double round_up(double x) { return x * (1 + 4 * std::numeric_limits<double>::epsilon()); }
inline double round_down(double x) { return x * (1 - 4 * std::numeric_limits<double>::epsilon()); }
/// A float not above x ≥ 0 (the stored group lower bounds: half the memory of doubles). When rounding
/// to nearest went up, f > x ≥ 0, so f is a positive float and the next one toward zero is its bit
/// pattern minus one (what std::nextafter(f, 0.f) returns, without a library call per bound).
inline float float_down(double x) {
  constexpr float top = std::numeric_limits<float>::max();
  if (!(x < static_cast<double>(top)))  // beyond float's range (converting would be undefined)
    return x == std::numeric_limits<double>::infinity() ? std::numeric_limits<float>::infinity() : top;
  float f = static_cast<float>(x);
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof f);
  bits -= static_cast<std::uint32_t>(static_cast<double>(f) > x);
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <class Scalar, int Dim>
class GroupBounds {
 public:
  /// groups: number of centre groups (clamped to [1, K]). X: dense (PointsRef) or sparse
  /// (SparsePointsRef) points, read through detail::point and col_vector (sparse_points.hpp).
  template <class XT>
  GroupBounds(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels, Index groups)
      : em_(X.rows()), n_(X.cols()), k_(C.cols()), g_(std::max<Index>(1, std::min(groups, C.cols()))) {
    xn2_.resize(static_cast<std::size_t>(n_));  // filled by full_pass, while each point is in cache
    make_groups(C);
    upper_.resize(static_cast<std::size_t>(n_));
    lower_.resize(static_cast<std::size_t>(n_ * g_));
    labels.resize(n_);
    prepare(C);
    Cold_ = C;
    full_pass(X, C, labels);
  }

  template <class XT>
  Index step(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
    const Index d = X.rows();
    // Rigorous upper bounds on how far each centre (as stored) moved, and per-group maxima.
    std::vector<double> mv(static_cast<std::size_t>(k_));
    std::vector<double> gmax(static_cast<std::size_t>(g_), 0.0);
    for (Index c = 0; c < k_; ++c) {
      const double s = sqdist(C.col(c).data(), Cold_.col(c).data(), d);
      const double m = s > 0 ? round_up(std::sqrt(s) * (1 + em_.delta)) : 0.0;
      mv[static_cast<std::size_t>(c)] = m;
      double& gm = gmax[static_cast<std::size_t>(group_of_[static_cast<std::size_t>(c)])];
      gm = std::max(gm, m);
    }
    Cold_ = C;
    prepare(C);
    if constexpr (is_sparse_points<XT>::value) CpT_ = Cp_.transpose();  // relabel's products (sparse_points.hpp)
    const double kappa = 2 * em_.delta;
    Index tight = 0, relab = 0, exam = 0;
    const Index changed_total = chunked_count(
        n_,
        [&](Index b, Index e) {
          Buffers buf(k_);
          Index changed = 0, t_ = 0, r_ = 0;
          for (Index i = b; i < e; ++i) {
            const int l = labels[i];
            float* lbf = lower_.data() + i * g_;
            double* lb = buf.lb.data();
            double u = round_up(upper_[static_cast<std::size_t>(i)] + mv[static_cast<std::size_t>(l)]);
            // Every centre of group g is at least max(lb[g], hg[g]) from x — its lower bound, or (Hamerly's
            // argument per group) d(c_l, c) − u ≥ u when u ≤ ½ min_{c ∈ g} d(c_l, c) — so the label
            // stands when u is below the smallest of these over the groups.
            const double* hg = hg_.data() + static_cast<Index>(l) * g_;
            double z = std::numeric_limits<double>::infinity();
            for (Index g = 0; g < g_; ++g) {
              lb[g] = std::max(0.0, round_down(static_cast<double>(lbf[g]) - gmax[static_cast<std::size_t>(g)]));
              lbf[g] = float_down(lb[g]);
              z = std::min(z, std::max(lb[g], hg[g]));
            }
            z *= 1 - kappa;
            if (!(u < z)) {
              // Tighten the upper bound with the exact distance to the current centre.
              u = tight_upper(X, C, i, l);
              ++t_;
              if (!(u < z)) {
                ++r_;
                const int nl = relabel(X, C, i, l, u, lb, buf);
                for (Index g = 0; g < g_; ++g) lbf[g] = float_down(lb[g]);
                changed += (nl != l);
                labels[i] = nl;
                continue;
              }
            }
            upper_[static_cast<std::size_t>(i)] = u;
          }
#ifdef _OPENMP
#pragma omp critical(lloyd_group_bounds_stats)
#endif
          {
            tight += t_;
            relab += r_;
            exam += buf.exam_count;
          }
          return changed;
        },
        kChunk, static_cast<double>(g_ + d));  // most points pass the filters: ~G bound updates each
    stats_ = {tight, relab, exam};
    return changed_total;
  }

  /// Statistics of the last step: points whose bound was tightened, points compared with groups,
  /// centres compared in total.
  struct Stats {
    Index tightened = 0, relabelled = 0, centres_examined = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Buffers {
    explicit Buffers(Index k)
        : a(k),
          ids(static_cast<std::size_t>(k)),
          cand(static_cast<std::size_t>(k)),
          examined(static_cast<std::size_t>(k)),
          lb(static_cast<std::size_t>(k)) {}
    Eigen::Matrix<Scalar, Eigen::Dynamic, 1> a;
    std::vector<int> ids, cand;
    std::vector<char> examined;
    std::vector<double> lb;  // one point's group bounds in double while it is processed (G ≤ K)
    Index exam_count = 0;
  };

  // Groups by a small deterministic k-means on the centres (double, brute force, 5 iterations).
  void make_groups(const Centres<Scalar, Dim>& C) {
    group_of_.assign(static_cast<std::size_t>(k_), 0);
    if (g_ > 1 && g_ < k_) {
      const Eigen::MatrixXd Cd = C.template cast<double>();
      Eigen::MatrixXd M(Cd.rows(), g_);
      for (Index g = 0; g < g_; ++g) M.col(g) = Cd.col(g * k_ / g_);
      for (int it = 0; it < 5; ++it) {
        for (Index c = 0; c < k_; ++c) {
          Index best = 0;
          double bd = std::numeric_limits<double>::infinity();
          for (Index g = 0; g < g_; ++g) {
            const double t = (Cd.col(c) - M.col(g)).squaredNorm();
            if (t < bd) {
              bd = t;
              best = g;
            }
          }
          group_of_[static_cast<std::size_t>(c)] = static_cast<int>(best);
        }
        Eigen::MatrixXd S = Eigen::MatrixXd::Zero(Cd.rows(), g_);
        Eigen::VectorXd cnt = Eigen::VectorXd::Zero(g_);
        for (Index c = 0; c < k_; ++c) {
          S.col(group_of_[static_cast<std::size_t>(c)]) += Cd.col(c);
          cnt[group_of_[static_cast<std::size_t>(c)]] += 1;
        }
        for (Index g = 0; g < g_; ++g)
          if (cnt[g] > 0) M.col(g) = S.col(g) / cnt[g];
      }
    } else if (g_ == k_) {
      for (Index c = 0; c < k_; ++c) group_of_[static_cast<std::size_t>(c)] = static_cast<int>(c);
    }
    // Drop empty groups, keep group order; perm_ lists centres group by group (ascending ids inside).
    std::vector<Index> count(static_cast<std::size_t>(g_), 0);
    for (int g : group_of_) ++count[static_cast<std::size_t>(g)];
    std::vector<int> remap(static_cast<std::size_t>(g_), -1);
    Index used = 0;
    for (Index g = 0; g < g_; ++g)
      if (count[static_cast<std::size_t>(g)] > 0) remap[static_cast<std::size_t>(g)] = static_cast<int>(used++);
    for (int& g : group_of_) g = remap[static_cast<std::size_t>(g)];
    g_ = used;
    gstart_.assign(static_cast<std::size_t>(g_ + 1), 0);
    for (int g : group_of_) ++gstart_[static_cast<std::size_t>(g) + 1];
    for (Index g = 0; g < g_; ++g) gstart_[static_cast<std::size_t>(g + 1)] += gstart_[static_cast<std::size_t>(g)];
    perm_.resize(static_cast<std::size_t>(k_));
    std::vector<Index> pos(gstart_.begin(), gstart_.end() - 1);
    for (Index c = 0; c < k_; ++c)
      perm_[static_cast<std::size_t>(pos[static_cast<std::size_t>(group_of_[static_cast<std::size_t>(c)])]++)] =
          static_cast<int>(c);
  }

  // Per-centre data for the current centres: norms, grouped copy, and for each centre a and group g
  // half the distance from a to the nearest other centre of g (a rigorous lower bound; ∞ if none).
  void prepare(const Centres<Scalar, Dim>& C) {
    cn_.compute(C, em_);
    Cp_.resize(C.rows(), k_);
    for (Index p = 0; p < k_; ++p) Cp_.col(p) = C.col(perm_[static_cast<std::size_t>(p)]);
    hg_.assign(static_cast<std::size_t>(k_ * g_), std::numeric_limits<double>::infinity());
    if (k_ < 2) return;
    const Eigen::MatrixXd Cd = C.template cast<double>();
    const Eigen::VectorXd nd = Cd.colwise().squaredNorm().transpose();
    const Eigen::VectorXd sn = nd.cwiseSqrt();
    // The K×K products a block of centres at a time: memory K·kBlock, not K² (288 MB at K = 6000).
    for_each_chunk(
        k_, [&](Index b, Index e) { half_gaps(Cd, nd, sn, b, e); }, kBlock,
        static_cast<double>(k_) * static_cast<double>(Cd.rows() + 4));
  }

  // hg_ for centres [b, e): products of those centres with all K (one matrix product), then for
  // each group the least lower bound on the distance to its other centres, halved.
  void half_gaps(const Eigen::MatrixXd& Cd, const Eigen::VectorXd& nd, const Eigen::VectorXd& sn, Index b, Index e) {
    Eigen::MatrixXd G(k_, e - b);
    // Few centres in many dimensions (sparse text: K = 20, D = 30,000): K² dot products directly;
    // Eigen's GEMM on such a product spends its time on packing.
    if (Cd.rows() >= 64 * k_) G.noalias() = Cd.transpose().lazyProduct(Cd.middleCols(b, e - b));
    else G.noalias() = Cd.transpose() * Cd.middleCols(b, e - b);
    const double ud = std::numeric_limits<double>::epsilon() / 2;
    const double f = 1.1 * (em_.delta + 6 * ud);  // ≥ (γ_D + 3u) for the double computation
    std::vector<double> m(static_cast<std::size_t>(g_));
    for (Index a = b; a < e; ++a) {
      std::fill(m.begin(), m.end(), kInf);
      for (Index c = 0; c < k_; ++c) {
        if (c == a) continue;
        const double s = sn[a] + sn[c];
        const double lo = nd[a] + nd[c] - 2 * G(c, a - b) - 2 * f * s * s;
        double& t = m[static_cast<std::size_t>(group_of_[static_cast<std::size_t>(c)])];
        t = std::min(t, lo);
      }
      for (Index g = 0; g < g_; ++g)
        if (m[static_cast<std::size_t>(g)] < kInf)
          hg_[static_cast<std::size_t>(a * g_ + g)] =
              round_down(0.5 * std::sqrt(std::max(0.0, m[static_cast<std::size_t>(g)])));
    }
  }

  // Upper bound on ‖x − c_l‖ from one Scalar dot product and the error model (no sqdist).
  template <class XT>
  double tight_upper(const XT& X, const Centres<Scalar, Dim>& C, Index i, int l) const {
    const Scalar dot = X.col(i).dot(C.col(l));
    const Scalar a = cn_.sq[l] - Scalar(2) * dot;
    const double xn2 = xn2_[static_cast<std::size_t>(i)];
    const double up2 =
        xn2 * (1 + em_.delta) + static_cast<double>(a) + cn_.err(static_cast<std::size_t>(l), std::sqrt(xn2));
    if (!std::isfinite(up2))  // overflow in Scalar: fall back to the reference distance
      return round_up(std::sqrt(sqdist(point(X, i), C.col(l).data(), X.rows())) * (1 + em_.delta));
    return round_up(std::sqrt(std::max(0.0, round_up(up2))));
  }

  // Lower bound on ‖x − c‖ from the approximate a(c): lower_from(lower_arg(...)). Both steps are
  // increasing, so the least bound over a set of centres is lower_from of the least argument: one
  // square root per group instead of one per centre.
  double lower_arg(double a, std::size_t c, double xnorm, double xlo) const {
    if (!std::isfinite(a)) return -std::numeric_limits<double>::infinity();  // overflow in Scalar: bound 0
    return xlo + a - cn_.err(c, xnorm);
  }
  static double lower_from(double arg) { return round_down(std::sqrt(std::max(0.0, arg))); }

  // Exact labels and bounds from every distance. Few centres: K dot products per point (a
  // matrix-vector product; one read of X, each point's norm taken while it is in cache). Many
  // centres: matrix products on chunks of points (compute-bound, where the GEMM kernel wins).
  template <class XT>
  void full_pass(const XT& X, const Centres<Scalar, Dim>& C, Labels& labels) {
    const Index d = X.rows();
    constexpr bool sparse = is_sparse_points<XT>::value;
    const auto Ct = centres_by_coordinate<XT>(C);  // sparse points only
    for_each_chunk(
        n_,
        [&](Index b, Index e) {
          Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> Gm(k_, e - b);
          if constexpr (sparse) {  // products over each point's nonzeros, centres by coordinate
            point_norms(X, b, e, xn2_.data() + b);
            for (Index i = b; i < e; ++i) dot_rows(Ct, 0, k_, point(X, i), Gm.col(i - b).data());
          } else if (k_ > kGemvMaxK) {
            point_norms(X, b, e, xn2_.data() + b);
            Gm.noalias() = C.transpose() * X.middleCols(b, e - b);
          }
          std::vector<int> cand(static_cast<std::size_t>(k_));
          std::vector<double> lbd(static_cast<std::size_t>(g_));
          for (Index i = b; i < e; ++i) {
            if (!sparse && k_ <= kGemvMaxK) {
              Gm.col(i - b).noalias() = C.transpose() * X.col(i);
              xn2_[static_cast<std::size_t>(i)] = sqnorm(point(X, i), d);
            }
            Scalar* a = Gm.col(i - b).data();
            for (Index c = 0; c < k_; ++c) a[c] = cn_.sq[c] - Scalar(2) * a[c];
            const double xn2 = xn2_[static_cast<std::size_t>(i)];
            const Resolved r = resolve_label(a, k_, point(X, i), xn2, C, cn_, em_, cand.data());
            labels[i] = r.label;
            upper_[static_cast<std::size_t>(i)] = round_up(std::sqrt(r.upper2));
            double* lb = lbd.data();
            for (Index g = 0; g < g_; ++g) lb[g] = std::numeric_limits<double>::infinity();
            const double xnorm = std::sqrt(xn2), xlo = xn2 * (1 - em_.delta);
            for (Index c = 0; c < k_; ++c) {
              if (c == r.label) continue;
              double& t = lb[group_of_[static_cast<std::size_t>(c)]];
              t = std::min(t, lower_arg(static_cast<double>(a[c]), static_cast<std::size_t>(c), xnorm, xlo));
            }
            float* lbf = lower_.data() + i * g_;
            for (Index g = 0; g < g_; ++g) lbf[g] = float_down(lb[g] < kInf ? lower_from(lb[g]) : kInf);
          }
        },
        Gemm_chunk, static_cast<double>(X.rows()) * static_cast<double>(k_));
  }

  // Group filter for point i whose bounds failed: compares it with its centre l and every centre of
  // each group whose lower bound is not safely above u. Updates bounds, returns the exact label.
  template <class XT>
  int relabel(const XT& X, const Centres<Scalar, Dim>& C, Index i, int l, double u, double* lb, Buffers& buf) {
    const auto x = point(X, i);
    const double kappa = 2 * em_.delta;
    Index m = 0;
    const int gl = group_of_[static_cast<std::size_t>(l)];
    const double* hg = hg_.data() + static_cast<Index>(l) * g_;
    for (Index g = 0; g < g_; ++g) {
      const bool exam = g == gl || !(std::max(lb[g], hg[g]) * (1 - kappa) > u);
      buf.examined[static_cast<std::size_t>(g)] = exam;
      if (!exam) continue;
      const Index s = gstart_[static_cast<std::size_t>(g)], kg = gstart_[static_cast<std::size_t>(g + 1)] - s;
      if constexpr (is_sparse_points<XT>::value) {
        dot_rows(CpT_, s, kg, x, buf.a.data() + m);
      } else {
        const auto xv = col_vector(X, i);
        if (kg == 1) buf.a[m] = Cp_.col(s).dot(xv);
        else buf.a.segment(m, kg).noalias() = Cp_.middleCols(s, kg).transpose() * xv;
      }
      for (Index t = 0; t < kg; ++t) {
        const int c = perm_[static_cast<std::size_t>(s + t)];
        buf.ids[static_cast<std::size_t>(m + t)] = c;
        buf.a[m + t] = cn_.sq[c] - Scalar(2) * buf.a[m + t];
      }
      m += kg;
    }
    buf.exam_count += m;
    const double xn2 = xn2_[static_cast<std::size_t>(i)];
    const Resolved r = resolve_nearest(buf.a.data(), buf.ids.data(), m, x, xn2, C, cn_, em_, buf.cand.data());
    upper_[static_cast<std::size_t>(i)] = round_up(std::sqrt(r.upper2));
    const double xnorm = std::sqrt(xn2), xlo = xn2 * (1 - em_.delta);
    for (Index g = 0; g < g_; ++g)
      if (buf.examined[static_cast<std::size_t>(g)]) lb[g] = std::numeric_limits<double>::infinity();
    for (Index t = 0; t < m; ++t) {
      const int c = buf.ids[static_cast<std::size_t>(t)];
      if (c == r.label) continue;
      double& b = lb[group_of_[static_cast<std::size_t>(c)]];
      b = std::min(b, lower_arg(static_cast<double>(buf.a[t]), static_cast<std::size_t>(c), xnorm, xlo));
    }
    for (Index g = 0; g < g_; ++g)
      if (buf.examined[static_cast<std::size_t>(g)] && lb[g] < kInf) lb[g] = lower_from(lb[g]);
    return r.label;
  }

  static constexpr Index Gemm_chunk = 256;
  static constexpr Index kBlock = 256;  // prepare: centres per block of the K×K products
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  static constexpr Index kGemvMaxK = 32;  // full_pass: per-point products up to this K (K=10: 1.5x faster than GEMM)

  ErrorModel<Scalar> em_;
  Index n_, k_, g_;
  std::vector<double> xn2_;
  std::vector<int> group_of_, perm_;
  std::vector<Index> gstart_;
  Centres<Scalar, Dim> Cp_, Cold_;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> CpT_;  // Cp_ transposed, for sparse points
  CentreNorms<Scalar> cn_;
  std::vector<double> upper_;
  std::vector<double> hg_;    // K×G: hg_[a·G + g] ≤ ½ min over the other centres c of group g of ‖c_a − c‖
  std::vector<float> lower_;  // N×G group lower bounds, rounded down to float (half the memory)
  Stats stats_;
};

}  // namespace detail
}  // namespace lloyd
