#pragma once
// Deprecated path (1.0): the order-independent family is now "Reproducible…"; include update/reproducible_mean.hpp.
// update::ExactMean is a deprecated alias of update::ReproducibleMean, declared there.
#include "reproducible_mean.hpp"
