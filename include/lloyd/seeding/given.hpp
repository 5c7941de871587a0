#pragma once
// seeding::Given — start from centres the user supplies (D×K, one centre per column).
//
// The centres are stored in double (exact for float and double data) and checked when the fit
// starts: shape D×k, finite values in the data's range. Centres may coincide, as in scikit-learn: the
// first assignment leaves the later copies empty, and the update's empty-cluster repair relocates them
// (detail/empty_cluster_repair.hpp), so the fit still ends with k non-empty clusters whenever X has k
// distinct points (which the fit's input checks require). Deterministic: the multi-run driver runs
// once, whatever Options::n_init says.
//
// Contract: see seeding/random_sample.hpp.
#include <cmath>
#include <sstream>
#include <string>

#include "../detail/rng.hpp"
#include "../detail/sparse_points.hpp"
#include "../error.hpp"
#include "../types.hpp"

namespace lloyd {
namespace seeding {

class Given {
 public:
  static constexpr bool deterministic = true;

  Given() = default;
  /// centres: D×K, one centre per column (float or double).
  template <class Derived>
  explicit Given(const Eigen::MatrixBase<Derived>& centres) : centres_(centres.template cast<double>()) {}

  const Eigen::MatrixXd& centres() const { return centres_; }

  /// X: dense (PointsRef) or sparse (SparsePointsRef) points; only its dimension is read.
  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>&, int k, Rng&) const {
    return checked<Scalar, Dim>(X.rows(), k);
  }
  template <class Scalar>
  Centres<Scalar> operator()(const SparsePointsRef<Scalar>& X, const WeightsRef<Scalar>&, int k, Rng&) const {
    return checked<Scalar, Eigen::Dynamic>(X.rows(), k);
  }

 private:
  template <class Scalar, int Dim>
  Centres<Scalar, Dim> checked(Index d, int k) const {
    if (centres_.size() == 0) throw error("seeding::Given: no centres were given");
    if (centres_.rows() != d)
      throw error("seeding::Given: centres have dimension " + std::to_string(centres_.rows()) + " (rows) but X has " +
                  std::to_string(d));
    if (centres_.cols() != k)
      throw error("seeding::Given: " + std::to_string(centres_.cols()) +
                  " centres (columns) were given but parameter 'k' is " + std::to_string(k));
    Centres<Scalar, Dim> C = centres_.cast<Scalar>();
    for (Index c = 0; c < C.cols(); ++c)
      for (Index j = 0; j < C.rows(); ++j)
        if (!std::isfinite(C(j, c))) {
          std::ostringstream s;
          s << "seeding::Given: coordinate " << j << " of centre " << c << " is " << centres_(j, c)
            << (std::isfinite(centres_(j, c)) ? " (overflows the data's precision)" : "") << "; centres must be finite";
          throw error(s.str());
        }
    return C;
  }

  Eigen::MatrixXd centres_;
};

}  // namespace seeding
}  // namespace lloyd
