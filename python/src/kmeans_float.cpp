// fit_kmeans for float32 input (every assignment policy of the registry).
#include "kmeans_fit.hpp"

template lloyd::Result<float> lloyd_py::fit_kmeans(const KMeansParams&, const Table<float>&, const float*,
                                                   const Table<float>&);
