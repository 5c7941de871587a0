// fit_spherical for float32 input (every assignment policy of the registry).
#include "spherical_fit.hpp"

template lloyd::Result<float> lloyd_py::fit_spherical(const KMeansParams&, const Table<float>&, const float*,
                                                      const Table<float>&);
