#pragma once
// Deprecated path (1.0): the order-independent family is now "Reproducible…"; include seeding/reproducible_kmeans_parallel.hpp.
// seeding::ExactKMeansParallel is a deprecated alias of seeding::ReproducibleKMeansParallel, declared there.
#include "reproducible_kmeans_parallel.hpp"
