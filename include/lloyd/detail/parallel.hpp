#pragma once
// Deterministic parallel loops. Work is cut into fixed-size chunks of points whose boundaries do not
// depend on the thread count; per-chunk partial results are combined in chunk order. So 1, 2 or 64
// threads (or no OpenMP at all) give bit-identical sums.
//
// Small loops run serially. Starting an OpenMP parallel region costs a few microseconds on an idle
// machine, but on a loaded one a thread may wait for a core for a whole scheduler time slice, and
// GOMP's waiting threads spin; small fits (tests, many tiny problems) became orders of magnitude
// slower. A loop therefore uses threads only when it has at least 2 chunks AND its estimated work —
// the caller's cost per point (≈ scalar multiply-adds, e.g. D for a distance, D·K for an assignment)
// × the number of points — reaches kMinParallelWork. This decides only WHETHER threads are used:
// the chunks and the order in which their results are combined are the same either way, so the
// results stay bit-identical.
//
// No exception may leave an OpenMP parallel region (it would call std::terminate and abort the
// host program): every region in the library runs its loop bodies through ParallelExceptions, which
// keeps the exception of the first failing iteration (the lowest index, so the same one for any
// thread count, the one a serial loop would throw), skips the later iterations and rethrows it after
// the region:
//
//   detail::ParallelExceptions errors;
//   #pragma omp parallel for
//   for (Index c = 0; c < nc; ++c) errors.run(c, [&] { ...body of iteration c... });
//   errors.rethrow();
//
// for_each_chunk, chunked_sum and chunked_count do this for their callers.
#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <vector>

#include "../types.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lloyd {
namespace detail {

/// Points per chunk for reductions. Fixed: changing it changes rounding, not correctness.
constexpr Index kChunk = 256;

/// Estimated work (scalar operations, ≈ multiply-adds) below which a loop runs on one thread:
/// 2^18 ≈ 0.05–0.1 ms on one core, about the cost of waking a busy machine's second thread.
constexpr double kMinParallelWork = 262144.0;

/// Cost per point assumed by callers that do not give one (about one short distance).
constexpr double kDefaultCost = 64.0;

/// Whether a loop of `tasks` independent pieces and `work` total operations should use threads.
inline bool use_threads(Index tasks, double work) { return tasks > 1 && work >= kMinParallelWork; }

inline Index num_chunks(Index n, Index chunk = kChunk) { return (n + chunk - 1) / chunk; }

/// Carries an exception out of an OpenMP parallel region (see the top of this file). run() may be
/// called from any thread, several times per index (e.g. a loop body and its ordered part): once an
/// iteration has failed, every call for it and for later indices is skipped.
class ParallelExceptions {
 public:
  ParallelExceptions() = default;
  ParallelExceptions(const ParallelExceptions&) = delete;
  ParallelExceptions& operator=(const ParallelExceptions&) = delete;

  /// Calls f() unless iteration `index` or an earlier one has failed; an exception f() throws is
  /// kept, never propagated. Safe to call inside a parallel region.
  template <class F>
  void run(Index index, F&& f) noexcept {
    if (index >= first_.load(std::memory_order_relaxed)) return;
    try {
      f();
    } catch (...) {
      keep(index);
    }
  }

  /// Whether an iteration has failed so far.
  bool failed() const noexcept { return first_.load(std::memory_order_relaxed) != kNone; }

  /// After the region: rethrows the exception of the first failing iteration, if any.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static constexpr Index kNone = std::numeric_limits<Index>::max();

  void keep(Index index) noexcept {
#ifdef _OPENMP
#pragma omp critical(lloyd_parallel_exceptions)
#endif
    {
      if (index < first_.load(std::memory_order_relaxed)) {
        error_ = std::current_exception();
        first_.store(index, std::memory_order_relaxed);
      }
    }
  }

  std::atomic<Index> first_{kNone};
  std::exception_ptr error_;
};

/// Calls f(begin, end) for each chunk of [0, n), in parallel when OpenMP is on and the work
/// (n × cost per point) is worth it. f must only write to memory owned by its chunk. If f throws,
/// the exception of the first failing chunk reaches the caller (later chunks may be skipped).
template <class F>
void for_each_chunk(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  const Index nc = num_chunks(n, chunk);
  ParallelExceptions errors;
#ifdef _OPENMP
  const bool par = use_threads(nc, static_cast<double>(n) * cost);
#pragma omp parallel for schedule(dynamic, 1) if (par)
#else
  (void)cost;
#endif
  for (Index c = 0; c < nc; ++c) errors.run(c, [&] { f(c * chunk, std::min(n, (c + 1) * chunk)); });
  errors.rethrow();
}

/// Σ over chunks of f(begin, end) → double, summed in chunk order (bit-identical for any thread count).
template <class F>
double chunked_sum(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  const Index nc = num_chunks(n, chunk);
  std::vector<double> part(static_cast<std::size_t>(nc), 0.0);
  for_each_chunk(
      n, [&](Index b, Index e) { part[static_cast<std::size_t>(b / chunk)] = f(b, e); }, chunk, cost);
  double s = 0.0;
  for (double p : part) s += p;
  return s;
}

/// Σ over chunks of an integer count (exact, so any order gives the same answer).
template <class F>
Index chunked_count(Index n, F&& f, Index chunk = kChunk, double cost = kDefaultCost) {
  Index total = 0;
  const Index nc = num_chunks(n, chunk);
  ParallelExceptions errors;
#ifdef _OPENMP
  const bool par = use_threads(nc, static_cast<double>(n) * cost);
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : total) if (par)
#else
  (void)cost;
#endif
  for (Index c = 0; c < nc; ++c) errors.run(c, [&] { total += f(c * chunk, std::min(n, (c + 1) * chunk)); });
  errors.rethrow();
  return total;
}

}  // namespace detail
}  // namespace lloyd
