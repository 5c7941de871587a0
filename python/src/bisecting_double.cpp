// fit_bisecting for double input (every assignment policy of the registry).
#include "bisecting_fit.hpp"

template lloyd_py::BisectingFit<double> lloyd_py::fit_bisecting(const BisectingParams&, const Table<double>&,
                                                                const double*);
