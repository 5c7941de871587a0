// fit_spherical for float64 input (every assignment policy of the registry).
#include "spherical_fit.hpp"

template lloyd::Result<double> lloyd_py::fit_spherical(const KMeansParams&, const Table<double>&, const double*,
                                                       const Table<double>&);
