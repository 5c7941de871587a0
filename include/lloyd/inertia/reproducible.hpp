#pragma once
// inertia::Reproducible — Σ_i w_i ‖x_i − c_{label(i)}‖², the terms (doubles) summed exactly in
// multi-limb fixed point (detail/wide_fixed.hpp) and rounded once: the same value for any order or
// split of the points, and as accurate as a double sum whatever the range of the terms.
// detail::reproducible_inertia computes it over the processes of a communicator (detail/local_comm.hpp;
// distributed/mpi.hpp calls it).
//
// Contract: see inertia/squared_euclidean.hpp.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/local_comm.hpp"
#include "../detail/parallel.hpp"
#include "../detail/wide_fixed.hpp"
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Σ w_i ‖x_i − c(i)‖² summed exactly (two reductions: the range of the terms, then the limbs).
template <class Scalar, int Dim, class Comm>
double reproducible_inertia(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                            const Labels& labels, const Comm& comm) {
  const Index n = X.cols(), d = X.rows();
  std::vector<double> v(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i)
      v[static_cast<std::size_t>(i)] = static_cast<double>(w[i]) * sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
  });
  double range[2] = {0.0, -std::numeric_limits<double>::infinity()};  // max, −min > 0
  for (double t : v) {
    range[0] = std::max(range[0], t);
    if (t > 0) range[1] = std::max(range[1], -t);
  }
  comm.max(range, 2);
  if (!(range[0] > 0)) return 0.0;
  const Window win = window_for(term_exponent(value_term(range[0])), term_exponent(value_term(-range[1])), 53);
  std::vector<i128> s(static_cast<std::size_t>(win.limbs), i128(0));
  for (double t : v) deposit(value_term(t), win.floor, s.data(), 1, false);
  comm.sum(s.data(), s.size());
  const Scaled r = limbs_value(s.data(), 1, win);
  return std::ldexp(r.d, r.e);
}

}  // namespace detail

namespace inertia {

struct Reproducible {
  template <class Scalar, int Dim>
  double operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                    const Labels& labels) const {
    return detail::reproducible_inertia(X, w, C, labels, detail::LocalComm{});
  }
};

/// The former name (1.0), kept for one minor version: "exact" now means only "brute force's labels".
using Exact [[deprecated("use inertia::Reproducible")]] = Reproducible;

}  // namespace inertia
}  // namespace lloyd
