#pragma once
// The KMeans configurations most tests fit are compiled once, in instances_float.cpp and
// instances_double.cpp, instead of in every test program: each test file that fits the default
// configuration saves ~20 s of compile time (~40 s under AddressSanitizer). This is the
// `extern template` pattern of docs/USAGE.md "Build time", which KMeans supports by defining its fit
// out of line (kmeans.hpp).
#include <lloyd/lloyd.hpp>

#define LLOYD_TEST_CONFIGURATIONS(PREFIX, S)                                     \
  PREFIX class lloyd::KMeans<S>;                                                 \
  PREFIX class lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given>;          \
  PREFIX class lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>;   \
  PREFIX class lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus>; \
  PREFIX class lloyd::KMeans<S, 2>;                                              \
  PREFIX class lloyd::KMeans<S, 2, lloyd::seeding::Given>;                       \
  PREFIX class lloyd::KMeans<S, 2, lloyd::seeding::RandomSample>;

#ifndef LLOYD_TEST_INSTANTIATE
LLOYD_TEST_CONFIGURATIONS(extern template, float)
LLOYD_TEST_CONFIGURATIONS(extern template, double)
#endif
