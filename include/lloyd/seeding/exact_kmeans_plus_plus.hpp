#pragma once
// Deprecated path (1.0): the order-independent family is now "Reproducible…"; include seeding/reproducible_kmeans_plus_plus.hpp.
// seeding::ExactKMeansPlusPlus is a deprecated alias of seeding::ReproducibleKMeansPlusPlus, declared there.
#include "reproducible_kmeans_plus_plus.hpp"
