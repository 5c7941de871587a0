// Fit once, save the model, load it later and assign new points: lloyd::save / lloyd::load
// (include/lloyd/io/model.hpp). The model file is an uncompressed .npz that numpy.load reads alone
// (docs/MODEL_FORMAT.md).
//
//   save_and_predict [MODEL]      (default: model.npz in the current directory)
#include <cstdio>
#include <cstring>
#include <lloyd/io/model.hpp>
#include <lloyd/lloyd.hpp>
#include <string>

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "model.npz";

  // 300 points around three centres, from a fixed seed.
  const double truth[3][2] = {{-4.0, 0.0}, {3.0, 3.0}, {2.0, -4.0}};
  lloyd::Rng rng(2026);
  lloyd::Points<float> X(2, 300);
  for (int i = 0; i < 300; ++i) {
    X(0, i) = static_cast<float>(truth[i % 3][0] + 0.6 * rng.normal());
    X(1, i) = static_cast<float>(truth[i % 3][1] + 0.6 * rng.normal());
  }

  lloyd::Options opt;
  opt.k = 3;
  opt.seed = 42;
  lloyd::KMeans<float> km(opt);
  const lloyd::Result<float> r = km.fit(X);
  lloyd::save(path, km);  // atomic: a temporary file renamed into place
  std::printf("fitted k = %d: inertia %.4f after %d iterations; saved %s\n", opt.k, r.inertia, r.n_iter, path.c_str());

  // Later, elsewhere: load the model and assign new points.
  const auto model = lloyd::load<lloyd::KMeans<float>>(path);
  lloyd::Points<float> Y(2, 3);
  Y << -3.5f, 2.5f, 2.0f, 0.5f, 3.5f, -3.0f;
  const lloyd::Labels y = model.predict(Y);
  for (int i = 0; i < Y.cols(); ++i)
    std::printf("point (%5.2f, %5.2f) -> cluster %d\n", Y(0, i), Y(1, i), static_cast<int>(y[i]));

  // The loaded centres are the fitted ones bit for bit, so the labels of X are the fit's labels.
  const bool same_centres = std::memcmp(model.centroids().data(), r.centroids.data(),
                                        sizeof(float) * static_cast<std::size_t>(r.centroids.size())) == 0;
  const bool same_labels = (model.predict(X).array() == r.labels.array()).all();
  std::printf("loaded model: inertia %.4f, centres %s, labels of X %s\n", model.fit_inertia(),
              same_centres ? "identical" : "DIFFERENT", same_labels ? "identical" : "DIFFERENT");
  std::printf("numpy: np.load(\"%s\")[\"centroids\"]  # the K x D centres\n", path.c_str());
  return same_centres && same_labels ? 0 : 1;
}
