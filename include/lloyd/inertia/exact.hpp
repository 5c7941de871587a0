#pragma once
// Deprecated path (1.0): the order-independent family is now "Reproducible…"; include inertia/reproducible.hpp.
// inertia::Exact is a deprecated alias of inertia::Reproducible, declared there.
#include "reproducible.hpp"
