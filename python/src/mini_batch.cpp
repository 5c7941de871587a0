// MiniBatch<Scalar>: lloyd::MiniBatchKMeans with the seeding chosen at run time, kept alive between
// partial_fit calls (its per-centre weights and generator are the stream).
#include <lloyd/error.hpp>

#include "core.hpp"

namespace lloyd_py {

template <class Scalar>
struct MiniBatch<Scalar>::Impl {
  lloyd::MiniBatchKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>> est;
};

template <class Scalar>
MiniBatch<Scalar>::MiniBatch(const lloyd::MiniBatchOptions& options, Init init, const Table<Scalar>& given)
    : impl_(new Impl{
          lloyd::MiniBatchKMeans<Scalar, Eigen::Dynamic, AnySeeding<Scalar>>(options, make_seeding(init, given))}) {}

template <class Scalar>
MiniBatch<Scalar>::~MiniBatch() = default;

template <class Scalar>
lloyd::Result<Scalar> MiniBatch<Scalar>::fit(const Table<Scalar>& X, const Scalar* w) {
  return impl_->est.fit(X.points(), Eigen::Map<const lloyd::Weights<Scalar>>(w, X.rows));
}

template <class Scalar>
lloyd::Result<Scalar> MiniBatch<Scalar>::partial_fit(const Table<Scalar>& X, const Scalar* w) {
  return impl_->est.partial_fit(X.points(), Eigen::Map<const lloyd::Weights<Scalar>>(w, X.rows));
}

Init parse_init(const std::string& name) {
  if (name == "local-search") return Init::LocalSearch;
  if (name == "k-means++") return Init::KMeansPlusPlus;
  if (name == "random") return Init::Random;
  if (name == "given") return Init::Given;
  throw lloyd::error("unknown init '" + name + "'");
}

template class MiniBatch<float>;
template class MiniBatch<double>;

}  // namespace lloyd_py
