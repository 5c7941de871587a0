// fit_bisecting for float input (every assignment policy of the registry).
#include "bisecting_fit.hpp"

template lloyd_py::BisectingFit<float> lloyd_py::fit_bisecting(const BisectingParams&, const Table<float>&,
                                                               const float*);
