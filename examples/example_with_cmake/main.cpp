// Smallest program using an installed lloyd through find_package(lloyd CONFIG).
#include <iostream>
#include <lloyd/lloyd.hpp>

int main() {
  lloyd::Points<float> X(1, 6);
  X << 0.f, 0.1f, 0.2f, 10.f, 10.1f, 10.2f;
  lloyd::Options opt;
  opt.k = 2;
  lloyd::KMeans<float> km(opt);
  const auto r = km.fit(X);
  std::cout << "lloyd " << LLOYD_VERSION_STRING << " inertia " << r.inertia << "\n";
  const bool ok = r.labels[0] == r.labels[2] && r.labels[3] == r.labels[5] && r.labels[0] != r.labels[3];
  return ok ? 0 : 1;
}
