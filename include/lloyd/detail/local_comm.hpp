#pragma once
// The communicator contract of the order-independent algorithms (update::ReproducibleMean's update,
// inertia::Reproducible, the reproducible k-means++ and k-means‖ seedings). They are written once against it, so
// the one-process fits (LocalComm below) and the distributed fit (distributed::MpiComm in
// distributed/mpi.hpp) run the same code. A communicator `comm` provides, as const members, and every
// process calls each collective in the same order:
//   int rank() const;  int size() const;          // this process, number of processes (ranks 0..size−1)
//   void sum(i128* v, std::size_t n) const;       // element-wise Σ over processes, in place
//   double max(double v) const;                   // max over processes
//   void max(double* v, std::size_t n) const;     // element-wise max over processes, in place
//   long long sum(long long v) const;             // Σ over processes
//   void allgather(const void* in, void* out, std::size_t bytes) const;
//                                                 // out = every rank's `bytes` bytes, in rank order
//   void bcast(void* buf, std::size_t bytes, int root) const;  // root's bytes to every process
//   std::vector<unsigned char> allgatherv(const std::vector<unsigned char>& mine) const;
//                                                 // concatenation, in rank order, of every rank's bytes
// Integer sums and maxima do not depend on the order of the reduction, so the results are the same for
// any reduction tree.
#include <cstddef>
#include <cstring>
#include <vector>

#include "fixed_point.hpp"

namespace lloyd {
namespace detail {

/// One process: every collective is the identity.
struct LocalComm {
  int rank() const { return 0; }
  int size() const { return 1; }
  void sum(i128*, std::size_t) const {}
  double max(double v) const { return v; }
  void max(double*, std::size_t) const {}  // element-wise, in place
  long long sum(long long v) const { return v; }
  void allgather(const void* in, void* out, std::size_t bytes) const { std::memcpy(out, in, bytes); }
  void bcast(void*, std::size_t, int) const {}
  /// Concatenation, in rank order, of every rank's bytes.
  std::vector<unsigned char> allgatherv(const std::vector<unsigned char>& mine) const { return mine; }
};

}  // namespace detail
}  // namespace lloyd
