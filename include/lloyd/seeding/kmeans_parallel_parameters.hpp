#pragma once
// The parameters of k-means‖, shared by seeding::KMeansParallel and seeding::ReproducibleKMeansParallel
// (and read by distributed::MpiKMeans), so that both policies have the same fields, defaults and
// checks.
#include <string>

#include "../error.hpp"

namespace lloyd {
namespace seeding {

struct KMeansParallelParameters {
  /// Expected candidates per round (ℓ); 0 means 2k.
  double oversampling = 0;
  /// Sampling rounds after the first centre.
  int rounds = 5;
  /// Trials of the greedy k-means++ that reduces the candidates (0: 2 + ⌊ln k⌋).
  int trials = 0;

  /// Throws lloyd::error naming `policy` and the parameter when a value is out of range.
  void check(const char* policy) const {
    const std::string p = std::string(policy) + ": parameter ";
    if (!(oversampling >= 0)) throw error(p + "'oversampling' must be >= 0");
    if (rounds < 0) throw error(p + "'rounds' must be >= 0");
    if (trials < 0) throw error(p + "'trials' must be >= 0");
  }
};

}  // namespace seeding
}  // namespace lloyd
