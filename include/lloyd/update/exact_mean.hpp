#pragma once
// update::ExactMean — update::Mean with order-independent fixed-point sums (see detail/exact.hpp):
// the new centres are bit-identical for any thread count, any order of the points and any split of
// the points over MPI processes (distributed/mpi.hpp runs the same code). Same empty-cluster repair
// rule as update::Mean, with the weights compared in fixed point.
//
// Contract: see update/mean.hpp.
#include "../detail/exact.hpp"
#include "../types.hpp"

namespace lloyd {
namespace update {

struct ExactMean {
  template <class Scalar, int Dim>
  Index operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, Labels& labels,
                   Centres<Scalar, Dim>& C, Shifts& shifts) const {
    const detail::LocalComm comm;
    detail::Fixed fx, fw;
    detail::sum_scales(X, w, comm, fx, fw);
    return detail::exact_mean_update(X, w, labels, C, shifts, fx, fw, comm);
  }
};

}  // namespace update
}  // namespace lloyd
