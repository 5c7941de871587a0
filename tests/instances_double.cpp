// Compiles the double test configurations of instances.hpp once for all test programs.
#define LLOYD_TEST_INSTANTIATE
#include "instances.hpp"

LLOYD_TEST_CONFIGURATIONS(template, double)
