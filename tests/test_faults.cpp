// Faults: an exception thrown by the user's callback stops the fit cleanly — it propagates unchanged,
// the model keeps its previous state, nothing leaks (checked by the asan-ubsan preset), and the
// model can fit again afterwards.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "support.hpp"

namespace {
struct callback_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace

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
