// Tests of lloyd/detail/parallel.hpp: chunking covers every index once; sums do not depend on threads.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

TEST_CASE("for_each_chunk visits every index exactly once", "[parallel]") {
  for (lloyd::Index n : {0, 1, 255, 256, 257, 10000}) {
    std::vector<int> hits(static_cast<std::size_t>(n), 0);
    lloyd::detail::for_each_chunk(n, [&](lloyd::Index b, lloyd::Index e) {
      for (lloyd::Index i = b; i < e; ++i) ++hits[static_cast<std::size_t>(i)];
    });
    for (int h : hits) CHECK(h == 1);
  }
}

TEST_CASE("chunked_sum is bit-identical for any thread count", "[parallel]") {
  lloyd::Rng rng(3);
  std::vector<double> v(100000);
  for (auto& x : v) x = rng.normal() * 1e6;
  auto sum = [&] {
    return lloyd::detail::chunked_sum(static_cast<lloyd::Index>(v.size()), [&](lloyd::Index b, lloyd::Index e) {
      double s = 0;
      for (lloyd::Index i = b; i < e; ++i) s += v[static_cast<std::size_t>(i)];
      return s;
    });
  };
  // The reference: chunk sums added in chunk order, computed serially here.
  double ref = 0;
  for (std::size_t b = 0; b < v.size(); b += lloyd::detail::kChunk) {
    double s = 0;
    for (std::size_t i = b; i < std::min(v.size(), b + lloyd::detail::kChunk); ++i) s += v[i];
    ref += s;
  }
#ifdef _OPENMP
  for (int t : {1, 2, 3, 8}) {
    omp_set_num_threads(t);
    CHECK(sum() == ref);
  }
#else
  CHECK(sum() == ref);
#endif
  const auto count =
      lloyd::detail::chunked_count(static_cast<lloyd::Index>(v.size()), [&](lloyd::Index b, lloyd::Index e) {
        lloyd::Index c = 0;
        for (lloyd::Index i = b; i < e; ++i) c += v[static_cast<std::size_t>(i)] > 0;
        return c;
      });
  CHECK(count == std::count_if(v.begin(), v.end(), [](double x) { return x > 0; }));
}

TEMPLATE_TEST_CASE("a fit gives identical bits with 1, 2 and 8 threads", "[parallel]", float, double) {
#ifdef _OPENMP
  using S = TestType;
  const auto X = test::uniform<S>(5, 3000, 17);
  lloyd::Options opt;
  opt.k = 16;
  opt.n_init = 2;
  omp_set_num_threads(1);
  const auto ref = lloyd::KMeans<S>(opt).fit(X);
  for (int t : {2, 8}) {
    omp_set_num_threads(t);
    const auto r = lloyd::KMeans<S>(opt).fit(X);
    CHECK(r.centroids == ref.centroids);
    CHECK(r.labels == ref.labels);
    CHECK(r.inertia == ref.inertia);
  }
#else
  SUCCEED("built without OpenMP: the fingerprint test compares against the OpenMP build");
#endif
}

TEST_CASE("small loops do not start a parallel region; large ones may", "[parallel]") {
  using lloyd::detail::use_threads;
  CHECK_FALSE(use_threads(1, 1e12));                                   // one chunk: nothing to share
  CHECK_FALSE(use_threads(100, lloyd::detail::kMinParallelWork / 2));  // too little work
  CHECK(use_threads(2, lloyd::detail::kMinParallelWork));
  // 3000 points × cost 5 is far below the threshold: every chunk runs outside a parallel region.
  bool any_parallel = false;
  lloyd::detail::for_each_chunk(
      3000,
      [&](lloyd::Index, lloyd::Index) {
#ifdef _OPENMP
        if (omp_in_parallel()) any_parallel = true;
#endif
      },
      lloyd::detail::kChunk, 5.0);
  CHECK_FALSE(any_parallel);
#ifdef _OPENMP
  // Large work with 2 threads: the region is started (results are the same either way).
  omp_set_num_threads(2);
  int in_parallel = 0;
  lloyd::detail::for_each_chunk(
      3000,
      [&](lloyd::Index, lloyd::Index) {
        if (omp_in_parallel()) {
#pragma omp atomic
          ++in_parallel;
        }
      },
      lloyd::detail::kChunk, 1e4);
  CHECK(in_parallel == static_cast<int>(lloyd::detail::num_chunks(3000)));
  const auto big = lloyd::detail::chunked_count(
      3000, [&](lloyd::Index b, lloyd::Index e) { return omp_in_parallel() ? e - b : lloyd::Index(0); },
      lloyd::detail::kChunk, 1e4);
  const auto small = lloyd::detail::chunked_count(
      3000, [&](lloyd::Index b, lloyd::Index e) { return omp_in_parallel() ? e - b : lloyd::Index(0); },
      lloyd::detail::kChunk, 1.0);
  CHECK(big == 3000);
  CHECK(small == 0);
#endif
}

namespace {

int thread_number() {
#ifdef _OPENMP
  return omp_in_parallel() ? omp_get_thread_num() : 0;
#else
  return 0;
#endif
}

// 64 chunks with enough stated work to run on threads.
constexpr lloyd::Index kN = 64 * lloyd::detail::kChunk;
constexpr double kCost = 1e6;

// A loop body whose allocation fails on a worker thread: the first thread waits in its first chunk
// until another thread has taken a chunk (and thrown std::bad_alloc there). Without OpenMP, chunk 5
// fails instead.
struct FailOnWorker {
  std::atomic<bool> worker_failed{false};
  void operator()(lloyd::Index b) {
#ifdef _OPENMP
    if (thread_number() != 0) {
      worker_failed = true;
      throw std::bad_alloc();
    }
    for (int i = 0; i < 10000 && !worker_failed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
#endif
    if (b == 5 * lloyd::detail::kChunk) throw std::bad_alloc();
  }
  void reset() { worker_failed = false; }
};

}  // namespace

TEST_CASE("an exception thrown on a worker thread reaches the caller (no std::terminate)", "[parallel][faults]") {
  using lloyd::Index;
#ifdef _OPENMP
  omp_set_num_threads(4);
#endif
  FailOnWorker fail;
  CHECK_THROWS_AS(lloyd::detail::for_each_chunk(
                      kN, [&](Index b, Index) { fail(b); }, lloyd::detail::kChunk, kCost),
                  std::bad_alloc);
  fail.reset();
  CHECK_THROWS_AS(lloyd::detail::chunked_sum(
                      kN,
                      [&](Index b, Index) {
                        fail(b);
                        return 1.0;
                      },
                      lloyd::detail::kChunk, kCost),
                  std::bad_alloc);
  fail.reset();
  CHECK_THROWS_AS(lloyd::detail::chunked_count(
                      kN,
                      [&](Index b, Index) {
                        fail(b);
                        return Index(1);
                      },
                      lloyd::detail::kChunk, kCost),
                  std::bad_alloc);
#ifdef _OPENMP
  CHECK(fail.worker_failed);
#endif
  // The loops still work afterwards.
  CHECK(lloyd::detail::chunked_count(
            kN, [](Index b, Index e) { return e - b; }, lloyd::detail::kChunk, kCost) == kN);
}

TEST_CASE("the exception of the first failing chunk is rethrown, whatever the thread count", "[parallel][faults]") {
  using lloyd::Index;
  for (int threads : {1, 2, 4}) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    INFO(threads << " threads");
    // Chunks 9, 30 and 50 fail: the caller sees chunk 9's exception, as a serial loop would throw it.
    try {
      lloyd::detail::for_each_chunk(
          kN,
          [&](Index b, Index) {
            const Index c = b / lloyd::detail::kChunk;
            if (c == 50 || c == 30 || c == 9) throw std::runtime_error("chunk " + std::to_string(c));
          },
          lloyd::detail::kChunk, kCost);
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "chunk 9");
    }
  }
}

TEST_CASE("ParallelExceptions in a hand-written region with an ordered part", "[parallel][faults]") {
  // The pattern of a region that sums blocks in order (update/mean.hpp): the loop body and its ordered
  // part both run through the helper; after a failure every later block is skipped, the blocks before
  // it are complete, and the exception reaches the caller after the region.
  using lloyd::Index;
#ifdef _OPENMP
  omp_set_num_threads(4);
#endif
  const Index nb = 40;
  std::vector<Index> order;
  lloyd::detail::ParallelExceptions errors;
#ifdef _OPENMP
#pragma omp parallel
#endif
  {
    std::vector<Index> block;
#ifdef _OPENMP
#pragma omp for ordered schedule(static, 1)
#endif
    for (Index bl = 0; bl < nb; ++bl) {
      errors.run(bl, [&] {
        block.assign(1, bl);
        if (bl == 17) throw std::bad_alloc();
      });
#ifdef _OPENMP
#pragma omp ordered
#endif
      errors.run(bl, [&] { order.push_back(block[0]); });
    }
  }
  CHECK(errors.failed());
  CHECK_THROWS_AS(errors.rethrow(), std::bad_alloc);
  REQUIRE(order.size() == 17);
  for (Index i = 0; i < 17; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
  lloyd::detail::ParallelExceptions none;
  none.run(0, [] {});
  CHECK_FALSE(none.failed());
  CHECK_NOTHROW(none.rethrow());
}
