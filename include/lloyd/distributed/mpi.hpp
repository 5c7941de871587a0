#pragma once
// lloyd::distributed::MpiKMeans — Lloyd's algorithm over MPI processes, each holding its own shard
// of the points (D×N_r, the shards of ranks 0, 1, … in order form the data set).
//
// The result — centres, inertia, n_iter, and each rank's labels for its shard — is bit-identical to
// the one-process fit of the concatenated data with the same seed by
//
//   KMeans<Scalar, Dim, seeding::ReproducibleKMeansPlusPlus, Assignment, update::ReproducibleMean, inertia::Reproducible>
//
// (or with seeding::ReproducibleKMeansParallel — k-means‖ — or seeding::Given). Floating-point sums in a different order differ in the last bits, so
// every sum over points is order-independent fixed-point arithmetic (detail/fixed_point.hpp; the
// centre sums are exact, detail/wide_fixed.hpp); the code that
// runs is the same as in the one-process policies, with the collectives of an MPI communicator.
// Assignment defaults to assignment::Auto, the fast exact choice of a one-process fit (each rank
// picks by its own shard's size; every choice gives brute force's labels, so the result does not
// depend on it).
//
// Communication per iteration: ONE MPI_Allreduce of K·(D·L + L_w) + 1 128-bit integers (the weighted
// sums in L limbs per coordinate and the cluster weights in L_w limbs — L = L_w = 1 for most data — and the previous iteration's count of changed labels — piggybacked, so
// convergence by "no label changed" is detected one reduction later and the extra update is
// discarded). Rare extras: an empty-cluster repair (an Allgather + Bcast per candidate examined, then
// a second Allreduce); per fit: the tolerance (two pipelined passes rank → rank + 1, reproducing the
// serial sum), seeding (per k-means++ centre: one max, t candidate draws each an Allgather of 16
// bytes + a Bcast of one point, one Allreduce of t potentials) and the final inertia (max + sum).
//
//   MPI_Init(&argc, &argv);
//   lloyd::Options opt;  opt.k = 100;
//   lloyd::distributed::MpiKMeans<float> km(opt);          // MPI_COMM_WORLD
//   auto r = km.fit(my_shard);                              // same r.centroids on every rank
//
// Not supported here: the per-iteration callback and Options::record_history.
#include <mpi.h>

#include <string>
#include <type_traits>
#include <vector>

#include "../assignment/auto.hpp"
#include "../detail/contracts.hpp"
#include "../detail/fixed_accumulate.hpp"
#include "../detail/fixed_point.hpp"
#include "../detail/lloyd_loop.hpp"
#include "../detail/validation.hpp"
#include "../error.hpp"
#include "../estimator.hpp"
#include "../inertia/reproducible.hpp"
#include "../multi_run.hpp"
#include "../options.hpp"
#include "../result.hpp"
#include "../seeding/given.hpp"
#include "../seeding/reproducible_kmeans_parallel.hpp"
#include "../seeding/reproducible_kmeans_plus_plus.hpp"
#include "../types.hpp"
#include "../update/reproducible_mean.hpp"

namespace lloyd {
namespace distributed {

/// The collectives lloyd's exact algorithms need (detail::LocalComm's interface) over an MPI
/// communicator. MPI must be initialised before and finalised after its lifetime.
class MpiComm {
 public:
  explicit MpiComm(MPI_Comm comm = MPI_COMM_WORLD) : comm_(comm) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    MPI_Type_contiguous(16, MPI_BYTE, &i128_);
    MPI_Type_commit(&i128_);
    MPI_Op_create(&add_i128, 1, &sum_op_);
  }
  ~MpiComm() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized) return;
    MPI_Op_free(&sum_op_);
    MPI_Type_free(&i128_);
  }
  MpiComm(const MpiComm&) = delete;
  MpiComm& operator=(const MpiComm&) = delete;

  MPI_Comm get() const { return comm_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  void sum(detail::i128* v, std::size_t n) const {
    MPI_Allreduce(MPI_IN_PLACE, v, static_cast<int>(n), i128_, sum_op_, comm_);
  }
  double max(double v) const {
    double r = v;
    MPI_Allreduce(&v, &r, 1, MPI_DOUBLE, MPI_MAX, comm_);
    return r;
  }
  void max(double* v, std::size_t n) const {  // element-wise, in place
    MPI_Allreduce(MPI_IN_PLACE, v, static_cast<int>(n), MPI_DOUBLE, MPI_MAX, comm_);
  }
  long long sum(long long v) const {
    long long r = v;
    MPI_Allreduce(&v, &r, 1, MPI_LONG_LONG, MPI_SUM, comm_);
    return r;
  }
  /// Σ of v over the ranks before this one (0 on rank 0).
  long long exscan(long long v) const {
    long long r = 0;
    MPI_Exscan(&v, &r, 1, MPI_LONG_LONG, MPI_SUM, comm_);
    return rank_ == 0 ? 0 : r;
  }
  void allgather(const void* in, void* out, std::size_t bytes) const {
    MPI_Allgather(in, static_cast<int>(bytes), MPI_BYTE, out, static_cast<int>(bytes), MPI_BYTE, comm_);
  }
  void bcast(void* buf, std::size_t bytes, int root) const {
    MPI_Bcast(buf, static_cast<int>(bytes), MPI_BYTE, root, comm_);
  }
  std::vector<unsigned char> allgatherv(const std::vector<unsigned char>& mine) const {
    const int len = static_cast<int>(mine.size());
    std::vector<int> lens(static_cast<std::size_t>(size_)), at(static_cast<std::size_t>(size_), 0);
    MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, comm_);
    for (int r = 1; r < size_; ++r)
      at[static_cast<std::size_t>(r)] = at[static_cast<std::size_t>(r - 1)] + lens[static_cast<std::size_t>(r - 1)];
    std::vector<unsigned char> all(static_cast<std::size_t>(at.back() + lens.back()) + 1);  // +1: never a null buffer
    MPI_Allgatherv(mine.data(), len, MPI_BYTE, all.data(), lens.data(), at.data(), MPI_BYTE, comm_);
    all.pop_back();
    return all;
  }
  /// Continues a left-to-right serial computation over the ranks: receives `v` from rank − 1 (unless
  /// rank 0), lets f update it, passes it to rank + 1; then every rank gets the last rank's value.
  template <class F>
  void pipeline(Eigen::VectorXd& v, F&& f) const {
    const int len = static_cast<int>(v.size());
    if (rank_ > 0) MPI_Recv(v.data(), len, MPI_DOUBLE, rank_ - 1, 7301, comm_, MPI_STATUS_IGNORE);
    f(v);
    if (rank_ + 1 < size_) MPI_Send(v.data(), len, MPI_DOUBLE, rank_ + 1, 7301, comm_);
    MPI_Bcast(v.data(), len, MPI_DOUBLE, size_ - 1, comm_);
  }

 private:
  static void add_i128(void* in, void* inout, int* len, MPI_Datatype*) {
    const unsigned char* a = static_cast<const unsigned char*>(in);
    unsigned char* b = static_cast<unsigned char*>(inout);
    for (int t = 0; t < *len; ++t) {
      detail::u128 x, y;  // unsigned: wrap-around addition, the same bits as the signed sum
      std::memcpy(&x, a + 16 * t, 16);
      std::memcpy(&y, b + 16 * t, 16);
      y += x;
      std::memcpy(b + 16 * t, &y, 16);
    }
  }

  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
  MPI_Datatype i128_;
  MPI_Op sum_op_;
};

template <class Scalar, int Dim = Eigen::Dynamic, class Seeding = seeding::ReproducibleKMeansPlusPlus,
          class Assignment = assignment::Auto>
class MpiKMeans : public Estimator<MpiKMeans<Scalar, Dim, Seeding, Assignment>, Scalar, Dim> {
  using Base = Estimator<MpiKMeans, Scalar, Dim>;
  friend Base;
  static_assert(std::is_same<Seeding, seeding::ReproducibleKMeansPlusPlus>::value ||
                    std::is_same<Seeding, seeding::ReproducibleKMeansParallel>::value ||
                    std::is_same<Seeding, seeding::Given>::value,
                "lloyd::distributed::MpiKMeans: the seeding must be seeding::ReproducibleKMeansPlusPlus, "
                "ReproducibleKMeansParallel or Given");
  static_assert(detail::is_assignment<Assignment, Scalar, Dim>::value,
                "lloyd::distributed::MpiKMeans: Assignment must satisfy the assignment contract");

 public:
  static constexpr const char* kName = "MpiKMeans";
  static constexpr bool kCollective = true;
  using typename Base::result_type;

  explicit MpiKMeans(Options options = Options{}, Seeding seeding = Seeding{}, MPI_Comm comm = MPI_COMM_WORLD)
      : options_(options), seeding_(std::move(seeding)), comm_(comm) {}

  Options& options() { return options_; }
  const MpiComm& comm() const { return comm_; }

  // fit(X) and fit(X, w) (Estimator) fit to this rank's shard (D×N_r; N_r may be 0, weights of length
  // N_r) and are collective: every rank must call them. predict/transform/score work on local points.

 private:
  // Checks on every rank; if any rank fails, every rank throws (no rank is left waiting).
  void validate(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) const {
    std::string err;
    try {
      detail::validate_options(options_);
      if (Dim != Eigen::Dynamic && X.rows() != Dim) throw error("X has the wrong number of rows for Dim");
      if (X.rows() == 0) throw error("X has dimension 0 (0 rows)");
      if (X.cols() > 0) detail::validate_points(X, "X");
      if (w.size() != X.cols())
        throw error("weights have length " + std::to_string(w.size()) + " but X has " + std::to_string(X.cols()) +
                    " points");
      for (Index i = 0; i < w.size(); ++i)
        if (!std::isfinite(w[i]) || w[i] < 0)
          throw error("weight of point " + std::to_string(i) + " is not finite and >= 0");
    } catch (const error& e) {
      err = e.what();
    }
    const double bad = comm_.max(err.empty() ? 0.0 : 1.0 + comm_.rank());
    if (bad > 0)
      throw error(err.empty()
                      ? "invalid input on rank " + std::to_string(static_cast<int>(bad) - 1) + " (see its error)"
                      : "rank " + std::to_string(comm_.rank()) + " (local indices): " + err);
    const double d = static_cast<double>(X.rows());
    if (comm_.max(d) != d || comm_.max(-d) != -d) throw error("the ranks' shards have different dimensions (rows)");
    double mw = 0;
    for (Index i = 0; i < w.size(); ++i) mw = std::max(mw, static_cast<double>(w[i]));
    if (!(comm_.max(mw) > 0)) throw error("weights are all zero (or no rank has points)");
    const long long n = comm_.sum(static_cast<long long>(X.cols()));
    if (options_.k > n)
      throw error("parameter 'k' is " + std::to_string(options_.k) + " but the ranks hold only " + std::to_string(n) +
                  " points");
  }

  // lloyd::absolute_tolerance of the concatenated data, with the same serial summation order.
  double tolerance(const PointsRef<Scalar, Dim>& X, long long n_total) const {
    if (options_.tol == 0) return 0;
    const Index d = X.rows();
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(d), m2 = Eigen::VectorXd::Zero(d);
    comm_.pipeline(mean, [&](Eigen::VectorXd& m) {
      for (Index i = 0; i < X.cols(); ++i) m += X.col(i).template cast<double>();
    });
    mean /= static_cast<double>(n_total);
    comm_.pipeline(m2, [&](Eigen::VectorXd& m) {
      for (Index i = 0; i < X.cols(); ++i) m += (X.col(i).template cast<double>() - mean).cwiseAbs2();
    });
    return options_.tol * detail::fixed_sum(m2) / static_cast<double>(n_total) / static_cast<double>(d);
  }

  Centres<Scalar, Dim> initial(const seeding::ReproducibleKMeansPlusPlus& s, const PointsRef<Scalar, Dim>& X,
                               const WeightsRef<Scalar>& w, Rng& rng) const {
    return detail::reproducible_kmeans_plus_plus(X, w, options_.k, s.trials, rng, comm_);
  }
  Centres<Scalar, Dim> initial(const seeding::ReproducibleKMeansParallel& s, const PointsRef<Scalar, Dim>& X,
                               const WeightsRef<Scalar>& w, Rng& rng) const {
    return detail::reproducible_kmeans_parallel(X, w, options_.k, s, rng, comm_, offset_);
  }
  Centres<Scalar, Dim> initial(const seeding::Given& s, const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w,
                               Rng& rng) const {
    return s(X, w, options_.k, rng);  // the same on every rank
  }

  result_type fit_impl(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w) {
    validate(X, w);
    const long long n_total = comm_.sum(static_cast<long long>(X.cols()));
    const long long offset = comm_.exscan(static_cast<long long>(X.cols()));
    offset_ = offset;
    const double tol_abs = tolerance(X, n_total);
    const detail::SumWindows sums = detail::sum_windows(X, w, comm_);
    // n_init auto: 10 runs (MpiKMeans has no refinement, so not KMeans' breathing default)
    const int runs =
        detail::is_deterministic_seeding<Seeding>::value ? 1 : detail::resolved_n_init(options_, detail::kAutoRuns);
    return best_of<Scalar, Dim>(runs, options_.seed,
                                [&](int, std::uint64_t s) { return run_once(X, w, s, tol_abs, sums, offset); });
  }

  // The one Lloyd loop (detail/lloyd_loop.hpp) with the order-independent update over the ranks; the
  // count of changed labels rides on the update's Allreduce (one collective per iteration).
  result_type run_once(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>& w, std::uint64_t seed, double tol_abs,
                       const detail::SumWindows& sums, long long offset) const {
    Rng rng(seed);
    result_type res;
    res.centroids = initial(seeding_, X, w, rng);
    res.labels = Labels::Constant(X.cols(), -1);
    detail::LoopSettings settings;
    settings.max_iter = options_.max_iter;
    settings.tol_abs = tol_abs;
    settings.count_from_update = true;
    const auto make_state = [&](const Centres<Scalar, Dim>& C, Labels& l) {
      return detail::make_assignment_state(Assignment{}, X, C, l);
    };
    const auto update = [&](Labels& l, Centres<Scalar, Dim>& C, Shifts& shifts, Index& changed) {
      long long count = changed;  // in: this rank's count; out: the count over all ranks
      const Index moved = detail::reproducible_mean_update(X, w, l, C, shifts, sums, comm_, offset, &count);
      changed = static_cast<Index>(count);
      return moved;
    };
    const detail::LoopEnd end =
        detail::lloyd_loop(X, res.centroids, res.labels, settings, make_state, update, detail::ObserveNothing{});
    res.n_iter = end.n_iter;
    // Stopped by max_iter: converged if the last kept assignment changed no label on any rank.
    res.converged = end.converged || comm_.sum(static_cast<long long>(end.changed)) == 0;
    res.inertia = detail::reproducible_inertia(X, w, res.centroids, res.labels, comm_);
    return res;
  }

  Options options_;
  Seeding seeding_;
  MpiComm comm_;
  long long offset_ = 0;
};

}  // namespace distributed
}  // namespace lloyd
