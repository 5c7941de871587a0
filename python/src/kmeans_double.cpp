// fit_kmeans for float64 input (every assignment policy of the registry).
#include "kmeans_fit.hpp"

template lloyd::Result<double> lloyd_py::fit_kmeans(const KMeansParams&, const Table<double>&, const double*,
                                                    const Table<double>&);
