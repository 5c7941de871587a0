#pragma once
// seeding::Given — start from centres the user supplies (D×K, one centre per column).
//
// The centres are stored in double (exact for float and double data) and checked when the fit
// starts: shape D×k, finite values, no two centres identical. Deterministic: the multi-run driver
// runs once, whatever Options::n_init says.
//
// Contract: see seeding/random_sample.hpp.
#include <cmath>
#include <sstream>
#include <string>

#include "../detail/distance.hpp"
#include "../detail/rng.hpp"
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

  template <class Scalar, int Dim>
  Centres<Scalar, Dim> operator()(const PointsRef<Scalar, Dim>& X, const WeightsRef<Scalar>&, int k, Rng&) const {
    if (centres_.size() == 0) throw error("seeding::Given: no centres were given");
    if (centres_.rows() != X.rows())
      throw error("seeding::Given: centres have dimension " + std::to_string(centres_.rows()) + " (rows) but X has " +
                  std::to_string(X.rows()));
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
    for (Index a = 0; a < C.cols(); ++a)
      for (Index b = a + 1; b < C.cols(); ++b)
        if (detail::same_point(C.col(a).data(), C.col(b).data(), C.rows()))
          throw error("seeding::Given: centres " + std::to_string(a) + " and " + std::to_string(b) +
                      " are identical; k clusters need k distinct centres");
    return C;
  }

 private:
  Eigen::MatrixXd centres_;
};

}  // namespace seeding
}  // namespace lloyd
