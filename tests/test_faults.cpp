// Faults: an exception thrown by the user's callback, or an allocation that fails on an OpenMP worker
// thread, stops the fit cleanly — it propagates unchanged (never std::terminate), the model keeps its
// previous state, nothing leaks (checked by the asan-ubsan preset), and the model can fit again
// afterwards.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "support.hpp"

namespace {
struct callback_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Allocation failures injected on worker threads: while armed, once `countdown` more allocations
// have been made on OpenMP threads other than the first, every allocation there throws std::bad_alloc.
[[maybe_unused]] std::atomic<bool> g_armed{false};
[[maybe_unused]] std::atomic<long> g_countdown{0};
[[maybe_unused]] std::atomic<long> g_injected{0};

[[maybe_unused]] bool on_worker_thread() {
#ifdef _OPENMP
  return omp_in_parallel() && omp_get_thread_num() != 0;
#else
  return false;
#endif
}
}  // namespace

// ThreadSanitizer's runtime defines operator new itself, so under TSan the allocation failures are
// not injected (the test says it skipped); every other build replaces operator new below.
#if defined(__SANITIZE_THREAD__)
#define LLOYD_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LLOYD_TEST_TSAN 1
#endif
#endif

#ifndef LLOYD_TEST_TSAN
// The replacements pair malloc with free; g++ cannot see that through its inlining and warns (a false
// positive: every operator new of this program is the one below).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n) {
  if (g_armed.load(std::memory_order_relaxed) && on_worker_thread() && g_countdown.fetch_sub(1) <= 0) {
    ++g_injected;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// Every other form goes to the same malloc/free, so no allocation of the program (Catch2 uses the
// nothrow form) is freed by a different allocator (AddressSanitizer checks the pairs).
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return operator new(n);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#endif

TEMPLATE_TEST_CASE("a callback that throws stops the fit and the exception propagates", "[faults]", float, double) {
  using S = TestType;
  // Uniform data: no natural clusters, so every run takes many iterations.
  const lloyd::Points<S> X = test::uniform<S>(3, 2000, 1);
  lloyd::Options opt;
  opt.k = 8;
  opt.tol = 0;
  opt.n_init = 3;
  opt.record_history = true;  // history buffers must be released too
  lloyd::KMeans<S> km(opt);

  for (int throw_at : {0, 1, 3}) {
    for (int throw_run : {0, 2}) {
      int calls = 0;
      km.set_callback([&](const lloyd::Iteration<S>& it) {
        ++calls;
        if (it.run == throw_run && it.iteration == throw_at) throw callback_failure("stop here");
        return true;
      });
      INFO("throw at run " << throw_run << " iteration " << throw_at);
      CHECK_THROWS_MATCHES(km.fit(X), callback_failure, Catch::Message("stop here"));
      CHECK(calls >= throw_at + 1);
      CHECK_FALSE(km.fitted());  // a failed fit does not leave half-made centres behind
    }
  }

  // After a good fit, a failing fit keeps the earlier model.
  km.set_callback(nullptr);
  const auto good = km.fit(X);
  km.set_callback([](const lloyd::Iteration<S>& it) -> bool {
    if (it.iteration == 2) throw std::bad_alloc();
    return true;
  });
  CHECK_THROWS_AS(km.fit(X), std::bad_alloc);
  CHECK(km.centroids() == good.centroids);
  // And the model still works.
  km.set_callback(nullptr);
  const auto again = km.fit(X);
  CHECK(again.centroids == good.centroids);
  CHECK((km.predict(X).array() == good.labels.array()).all());
}

namespace {
// Fails worker-thread allocations of km.fit(X) after 0, 3, 30, 300 of them: every injected failure
// must reach the caller as std::bad_alloc, and the failed fit must keep the earlier model.
template <class KM, class S>
long inject_worker_faults(KM& km, const lloyd::Points<S>& X) {
  const auto good = km.fit(X);
  long injected_total = 0;
  for (long after : {0L, 3L, 30L, 300L}) {
    INFO("fail after " << after << " worker allocations");
    g_countdown = after;
    g_injected = 0;
    g_armed = true;
    bool threw = false;
    try {
      km.fit(X);
    } catch (const std::bad_alloc&) {
      threw = true;
    }
    g_armed = false;
    CHECK(threw == (g_injected > 0));
    CHECK(km.centroids() == good.centroids);
    injected_total += g_injected;
  }
  CHECK(km.fit(X).centroids == good.centroids);
  return injected_total;
}
}  // namespace

TEMPLATE_TEST_CASE("out of memory on a worker thread stops the fit with std::bad_alloc", "[faults]", float, double) {
#if defined(_OPENMP) && !defined(LLOYD_TEST_TSAN)
  using S = TestType;
  omp_set_num_threads(4);
  {
    INFO("k-means++ seeding and update::Mean (their own parallel regions)");
    // N·D ≥ detail::kMinParallelWork, so update::Mean's block sums run on threads. Their partials are
    // Eigen matrices (Eigen allocates with malloc, not operator new), so failures may not be injected
    // here: the check is that any that are reach the caller; ParallelExceptions itself is tested with
    // failures on a worker thread in test_parallel.
    const lloyd::Points<S> X = test::uniform<S>(8, 40000, 4);
    lloyd::Options opt;
    opt.k = 12;
    opt.n_init = 1;
    opt.max_iter = 5;
    lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::BruteForce, lloyd::update::Mean>
        km(opt);
    inject_worker_faults(km, X);
  }
  struct Shape {
    int k;
    lloyd::Index d;
    const char* assignment;  // what assignment::Auto picks for it
  };
  long injected_total = 0;
  for (const Shape shape : {Shape{4, 2, "brute force"}, Shape{12, 8, "Elkan"}, Shape{40, 8, "Yinyang"}}) {
    INFO(shape.assignment);
    // Enough points for every loop of the fit to run on threads.
    const lloyd::Points<S> X = test::uniform<S>(shape.d, 20000, 3);
    lloyd::Options opt;
    opt.k = shape.k;
    opt.n_init = 2;
    opt.max_iter = 5;
    lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample> km(opt);
    injected_total += inject_worker_faults(km, X);
  }
  CHECK(injected_total > 0);
#elif defined(LLOYD_TEST_TSAN)
  WARN("SKIPPED: under ThreadSanitizer operator new is the runtime's, so no failure can be injected");
#else
  SUCCEED("built without OpenMP: no worker threads");
#endif
}
