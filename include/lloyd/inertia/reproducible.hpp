#pragma once
// inertia::Reproducible — Σ_i w_i ‖x_i − c_{label(i)}‖² with order-independent fixed-point accumulation
// (see detail/fixed_point.hpp): the same value for any order or split of the points.
// detail::reproducible_inertia computes it over the processes of a communicator (detail/local_comm.hpp;
// distributed/mpi.hpp calls it).
//
// Contract: see inertia/squared_euclidean.hpp.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "../detail/distance.hpp"
#include "../detail/fixed_point.hpp"
#include "../detail/local_comm.hpp"
#include "../detail/parallel.hpp"
#include "../types.hpp"

namespace lloyd {
namespace detail {

/// Σ w_i ‖x_i − c(i)‖² with order-independent accumulation (two reductions: max, then sum).
template <class Scalar, int Dim, class Comm>
double reproducible_inertia(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, const Centres<Scalar, Dim>& C,
                            const Labels& labels, const Comm& comm) {
  const Index n = X.cols(), d = X.rows();
  std::vector<double> v(static_cast<std::size_t>(n));
  for_each_chunk(n, [&](Index b, Index e) {
    for (Index i = b; i < e; ++i)
      v[static_cast<std::size_t>(i)] = static_cast<double>(w[i]) * sqdist(X.col(i).data(), C.col(labels[i]).data(), d);
  });
  double mx = 0;
  for (double t : v) mx = std::max(mx, t);
  const Fixed f(comm.max(mx));
  i128 s = 0;
  for (double t : v) s += f(t);
  comm.sum(&s, 1);
  return f.back(s);
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
