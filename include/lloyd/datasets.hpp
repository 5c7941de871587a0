#pragma once
// Demo boards: seeded, reproducible point sets for examples, tests and teaching.
//
//   auto X = lloyd::uniform_board(100, 7);             // 2×100, uniform in [-1, 1]²
//   auto Y = lloyd::uniform_board(500, 7, 5);          // 5×500, uniform in [-1, 1]⁵
//   auto G = lloyd::gaussian_board(300, 3, 42);        // 2×300, three Gaussian blobs
//   auto g = lloyd::gaussian_board_with_truth(300, 3, 42);  // + labels, centres, spreads
//   auto F = lloyd::uniform_board<float, 2>(100, 7);   // any Scalar, compile-time dimension
//
// Every number comes from lloyd::Rng (xoshiro256**), never from std::*_distribution, so a seed
// gives the same board with every compiler and standard library.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "detail/rng.hpp"
#include "error.hpp"
#include "types.hpp"

namespace lloyd {

namespace detail {

template <int Dim>
Index board_dim(Index dim, const char* fn) {
  if (dim < 1) throw error(std::string(fn) + ": dimension is " + std::to_string(dim) + "; it must be at least 1");
  if (Dim != Eigen::Dynamic && dim != Dim)
    throw error(std::string(fn) + ": dimension is " + std::to_string(dim) + " but Dim is " + std::to_string(Dim));
  return dim;
}

inline void board_n(Index n, const char* fn) {
  if (n < 0) throw error(std::string(fn) + ": n is " + std::to_string(n) + "; it must be at least 0");
}

}  // namespace detail

/// n points uniform in [-1, 1]^dim, one point per column. Point i uses the next `dim` draws of
/// Rng(seed): coordinate j of point i is 2u − 1 with u the (i·dim + j)-th uniform draw.
template <class Scalar = double, int Dim = Eigen::Dynamic>
Points<Scalar, Dim> uniform_board(Index n, std::uint64_t seed, Index dim = (Dim == Eigen::Dynamic ? 2 : Dim)) {
  detail::board_n(n, "uniform_board");
  detail::board_dim<Dim>(dim, "uniform_board");
  Rng rng(seed);
  Points<Scalar, Dim> X(dim, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < dim; ++j) X(j, i) = static_cast<Scalar>(2.0 * rng.uniform() - 1.0);
  return X;
}

/// A Gaussian board with what generated it.
template <class Scalar = double, int Dim = Eigen::Dynamic>
struct GaussianBoard {
  Points<Scalar, Dim> points;  ///< dim×n
  Labels labels;               ///< blob of each point: point i belongs to blob i mod k
  Eigen::MatrixXd centres;     ///< dim×k blob centres (the means of the generating Gaussians)
  Eigen::VectorXd spreads;     ///< k standard deviations (isotropic, per coordinate)
};

/// Blob spreads are drawn uniformly in [kGaussianSpreadMin, kGaussianSpreadMax].
constexpr double kGaussianSpreadMin = 0.04;
constexpr double kGaussianSpreadMax = 0.12;

/// n points in k isotropic Gaussian blobs, one point per column, with the generating truth.
///
/// How it is drawn (all from Rng(seed), in this order):
///  1. spreads σ_c uniform in [0.04, 0.12] for c = 0..k−1;
///  2. centres μ_c uniform in [−0.8, 0.8]^dim, one after the other; a centre closer than
///     3(σ_c + σ_e) to an earlier centre μ_e is drawn again, up to 64 times, and the candidate with
///     the most room is kept — so blobs barely overlap whenever the box has room for them (it has
///     for k up to about 8 in 2-D), and the board is still produced when it has not;
///  3. point i belongs to blob i mod k (sizes differ by at most one) and is μ + σ·(standard normal
///     per coordinate).
/// The points themselves are not clipped, so a few may fall slightly outside [−1, 1]^dim.
template <class Scalar = double, int Dim = Eigen::Dynamic>
GaussianBoard<Scalar, Dim> gaussian_board_with_truth(Index n, int k, std::uint64_t seed,
                                                     Index dim = (Dim == Eigen::Dynamic ? 2 : Dim)) {
  detail::board_n(n, "gaussian_board");
  detail::board_dim<Dim>(dim, "gaussian_board");
  if (k < 1) throw error("gaussian_board: k is " + std::to_string(k) + "; it must be at least 1");
  Rng rng(seed);
  GaussianBoard<Scalar, Dim> g;
  g.spreads.resize(k);
  for (int c = 0; c < k; ++c)
    g.spreads[c] = kGaussianSpreadMin + (kGaussianSpreadMax - kGaussianSpreadMin) * rng.uniform();
  g.centres.resize(dim, k);
  Eigen::VectorXd cand(dim), best(dim);
  for (int c = 0; c < k; ++c) {
    double best_room = -std::numeric_limits<double>::infinity();
    for (int attempt = 0; attempt < 64; ++attempt) {
      for (Index j = 0; j < dim; ++j) cand[j] = 0.8 * (2.0 * rng.uniform() - 1.0);
      // room = smallest (distance − required distance) to an earlier centre; ≥ 0 means far enough
      double room = std::numeric_limits<double>::infinity();
      for (int e = 0; e < c; ++e)
        room = std::min(room, (cand - g.centres.col(e)).norm() - 3.0 * (g.spreads[c] + g.spreads[e]));
      if (room > best_room) {
        best_room = room;
        best = cand;
      }
      if (room >= 0) break;
    }
    for (Index j = 0; j < dim; ++j) g.centres(j, c) = best[j];  // (a loop: GCC 12 warns on the Eigen copy)
  }
  g.points.resize(dim, n);
  g.labels.resize(n);
  for (Index i = 0; i < n; ++i) {
    const int c = static_cast<int>(i % k);
    g.labels[i] = c;
    for (Index j = 0; j < dim; ++j) g.points(j, i) = static_cast<Scalar>(g.centres(j, c) + g.spreads[c] * rng.normal());
  }
  return g;
}

/// The points of gaussian_board_with_truth(n, k, seed, dim).
template <class Scalar = double, int Dim = Eigen::Dynamic>
Points<Scalar, Dim> gaussian_board(Index n, int k, std::uint64_t seed, Index dim = (Dim == Eigen::Dynamic ? 2 : Dim)) {
  return gaussian_board_with_truth<Scalar, Dim>(n, k, seed, dim).points;
}

}  // namespace lloyd
