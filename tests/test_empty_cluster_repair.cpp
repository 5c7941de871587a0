// Tests of lloyd/detail/empty_cluster_repair.hpp: the candidate order, and that the two candidate
// sources (one process in double, a communicator in exact multi-limb fixed point) offer the same points in the same
// order on one process. The repair's effect on the updates is tested in test_update_mean and
// test_update_reproducible_mean, across MPI ranks in test_distributed_mpi.
#include <catch2/catch.hpp>
#include <lloyd/detail/empty_cluster_repair.hpp>
#include <lloyd/detail/local_comm.hpp>
#include <lloyd/detail/rng.hpp>
#include <lloyd/detail/wide_fixed.hpp>
#include <vector>

TEMPLATE_TEST_CASE("farthest_first: positive weights only, farthest first, ties to the lowest index", "[repair]", float,
                   double) {
  using S = TestType;
  lloyd::Points<S> X(1, 6);
  X << 0, 3, -3, 1, 3, 2;
  lloyd::Weights<S> w(6);
  w << 1, 1, 1, 1, 0, 1;  // point 4 (as far as 1 and 2) has no weight
  lloyd::Labels labels = lloyd::Labels::Zero(6);
  lloyd::Centres<S> C = lloyd::Centres<S>::Zero(1, 1);
  std::vector<double> dist;
  const auto order = lloyd::detail::farthest_first(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, labels, dist);
  CHECK(order == std::vector<lloyd::Index>{1, 2, 5, 3, 0});
  CHECK(dist[4] == -1.0);
  CHECK(dist[2] == 9.0);
}

TEMPLATE_TEST_CASE("LocalCandidates and CommCandidates over LocalComm offer the same points in the same order",
                   "[repair]", float, double) {
  using S = TestType;
  const lloyd::Index n = 400, d = 3, k = 6;
  lloyd::Rng rng(5);
  lloyd::Points<S> X(d, n);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    for (lloyd::Index j = 0; j < d; ++j) X(j, i) = static_cast<S>(rng.below(4));  // many ties and duplicates
    w[i] = static_cast<S>(rng.below(3));
    labels[i] = static_cast<int>(rng.below(2));
  }
  lloyd::Centres<S> C = lloyd::Centres<S>::Zero(d, k);
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::detail::Window ww;  // weights 0, 1, 2 and their sums, exactly
  ww.limbs = 2;
  ww.floor = -100;
  const lloyd::detail::LocalComm comm;
  lloyd::detail::LocalCandidates<S, Eigen::Dynamic> local(Xr, wr, C, labels);
  lloyd::detail::CommCandidates<S, Eigen::Dynamic, lloyd::detail::LocalComm> shared(Xr, wr, C, labels, ww, comm, 0);
  lloyd::detail::RepairCandidate<S, double> a;
  lloyd::detail::RepairCandidate<S, lloyd::detail::WideWeight> b;
  lloyd::Index offered = 0;
  while (local.next(a)) {
    REQUIRE(shared.next(b));
    CHECK(a.local == b.local);
    CHECK(a.from == b.from);
    CHECK(b.weight == lloyd::detail::WideWeight(a.weight, ww));
    CHECK(lloyd::detail::same_point(a.x, b.x, d));
    ++offered;
  }
  CHECK_FALSE(shared.next(b));
  CHECK(offered == (w.array() > 0).count());

  // The repair over either source moves the same points (clusters 2..5 are empty).
  std::vector<double> W(k, 0.0);
  std::vector<lloyd::detail::i128> Wl(static_cast<std::size_t>(2 * k), 0);  // two limbs per cluster
  for (lloyd::Index i = 0; i < n; ++i) {
    W[static_cast<std::size_t>(labels[i])] += static_cast<double>(w[i]);
    lloyd::detail::deposit(lloyd::detail::value_term(static_cast<double>(w[i])), ww.floor, Wl.data() + 2 * labels[i], 1,
                           false);
  }
  std::vector<lloyd::detail::WideWeight> Wf;
  for (lloyd::Index c = 0; c < k; ++c) Wf.emplace_back(Wl.data() + 2 * c, 1, 2);
  lloyd::Labels la = labels, lb = labels;
  const lloyd::Index ma = lloyd::detail::repair_empty_clusters(
      k, d, W.data(), la, [&] { return lloyd::detail::LocalCandidates<S, Eigen::Dynamic>(Xr, wr, C, la); });
  const lloyd::Index mb = lloyd::detail::repair_empty_clusters(k, d, Wf.data(), lb, [&] {
    return lloyd::detail::CommCandidates<S, Eigen::Dynamic, lloyd::detail::LocalComm>(Xr, wr, C, lb, ww, comm, 0);
  });
  CHECK(ma == k - 2);  // X has 64 distinct points: every empty cluster is repaired
  CHECK(mb == ma);
  CHECK(la == lb);
  for (lloyd::Index c = 0; c < k; ++c) CHECK(W[static_cast<std::size_t>(c)] > 0);
}
