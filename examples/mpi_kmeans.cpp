// k-means over MPI: every rank reads only its own rows of an .npy file (N×D, float32 or float64),
// the ranks fit together with lloyd::distributed::MpiKMeans, and rank 0 writes the centres.
//
//   mpirun -np 4 ./mpi_kmeans data.npy --k 100 --out centres.npy
//   mpirun -np 2 ./mpi_kmeans --generate 1000000x32 --k 50 data.npy   # write synthetic blobs first
//
// Options: --k K (8) --seed S (0) --n-init R (1) --max-iter M (300) --tol T (1e-4) --out FILE
//          --generate NxD (rank 0 writes K Gaussian blobs of N points in D dimensions to the file first)
//          --check (rank 0 also runs the one-process fit of the whole file and reports whether the
//          result is bit-identical).
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <lloyd/distributed/mpi.hpp>
#include <lloyd/inertia/reproducible.hpp>
#include <lloyd/io/npy.hpp>
#include <lloyd/kmeans.hpp>
#include <lloyd/update/reproducible_mean.hpp>
#include <string>
#include <vector>

#include "args.hpp"

namespace {

struct Shape {
  lloyd::Index n = 0, d = 0;
  lloyd::io::detail::NpyItems items;  // item size and byte order
  std::size_t offset = 0;
};

// Reads only the .npy header: shape, item size and byte order, and where the data start.
Shape npy_shape(const std::string& path) {
  lloyd::io::InputFile in(path);
  std::string head;
  lloyd::io::detail::read_npy_preamble(in, head);
  const lloyd::io::NpyHeader h = lloyd::io::parse_npy_header(head.data(), head.size(), path);
  Shape s;
  s.items = lloyd::io::detail::check_float_table(h, path);
  s.n = s.items.n;
  s.d = s.items.d;
  s.offset = h.data_offset;
  return s;
}

// Rows [b, e) of the file as D×(e−b) points: one seek, one read.
template <class Scalar>
lloyd::Points<Scalar> read_rows(const std::string& path, const Shape& s, lloyd::Index b, lloyd::Index e) {
  lloyd::Points<Scalar> X(s.d, e - b);
  const std::size_t bytes = static_cast<std::size_t>((e - b) * s.d) * s.items.size;
  if (bytes == 0) return X;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw lloyd::error(path + ": cannot open");
  std::vector<char> raw(bytes);
  const long at = static_cast<long>(s.offset + static_cast<std::size_t>(b * s.d) * s.items.size);
  const bool ok = std::fseek(f, at, SEEK_SET) == 0 && std::fread(raw.data(), 1, bytes, f) == bytes;
  std::fclose(f);
  if (!ok) throw lloyd::error(path + ": cannot read rows " + std::to_string(b) + " to " + std::to_string(e));
  lloyd::io::detail::convert_items(raw.data(), s.items, X.data(), (e - b) * s.d, s.d, path);
  return X;
}

template <class Scalar>
int run(const std::string& path, const Shape& s, lloyd::Options o, const std::string& out, bool check, int rank,
        int size) {
  const lloyd::Index b = s.n * rank / size, e = s.n * (rank + 1) / size;
  const double t0 = MPI_Wtime();
  const lloyd::Points<Scalar> X = read_rows<Scalar>(path, s, b, e);
  const double t1 = MPI_Wtime();
  lloyd::distributed::MpiKMeans<Scalar> km(o);
  MPI_Barrier(MPI_COMM_WORLD);
  const double t2 = MPI_Wtime();
  const auto r = km.fit(X);
  const double t3 = MPI_Wtime();
  double fit_time = t3 - t2, read_time = t1 - t0;
  MPI_Allreduce(MPI_IN_PLACE, &fit_time, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, &read_time, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0) {
    std::printf("%d ranks, %ld points x %ld dims (%s), k = %d: inertia %.17g, %d iterations (converged: %s)\n", size,
                static_cast<long>(s.n), static_cast<long>(s.d), s.items.size == 4 ? "float32" : "float64", o.k,
                r.inertia, r.n_iter, r.converged ? "yes" : "no");
    std::printf("read %.3f s, fit %.3f s (%.2f ms per iteration incl. seeding)\n", read_time, fit_time,
                1e3 * fit_time / std::max(1, r.n_iter));
    if (!out.empty()) {
      lloyd::io::write_npy(out, r.centroids);
      std::printf("wrote %s (%d x %ld centres)\n", out.c_str(), o.k, static_cast<long>(s.d));
    }
    if (check) {
      const lloyd::Points<Scalar> all = read_rows<Scalar>(path, s, 0, s.n);
      using Ref = lloyd::KMeans<Scalar, Eigen::Dynamic, lloyd::seeding::ReproducibleKMeansPlusPlus,
                                lloyd::assignment::Auto, lloyd::update::ReproducibleMean, lloyd::inertia::Reproducible>;
      const auto t4 = std::chrono::steady_clock::now();
      const auto ref = Ref(o).fit(all);
      const double one = std::chrono::duration<double>(std::chrono::steady_clock::now() - t4).count();
      const bool same = ref.centroids == r.centroids && ref.inertia == r.inertia && ref.n_iter == r.n_iter &&
                        ref.labels.segment(b, e - b) == r.labels;
      std::printf("one-process fit: %.3f s, result %s\n", one, same ? "IDENTICAL" : "DIFFERENT");
      if (!same) return 1;
    }
  }
  return 0;
}

void generate(const std::string& path, const std::string& nxd, int k, std::uint64_t seed) {
  const auto x = nxd.find('x');
  if (x == std::string::npos) throw std::invalid_argument("--generate wants NxD, e.g. 100000x16");
  const lloyd::Index n = std::stoll(nxd.substr(0, x)), d = std::stoll(nxd.substr(x + 1));
  lloyd::Rng rng(seed ^ 0x5eed);
  Eigen::MatrixXd C(d, k);
  for (lloyd::Index c = 0; c < k; ++c)
    for (lloyd::Index j = 0; j < d; ++j) C(j, c) = 3 * rng.normal();  // overlapping blobs: Lloyd needs many iterations
  lloyd::Points<float> X(d, n);
  for (lloyd::Index i = 0; i < n; ++i) {
    const lloyd::Index c = static_cast<lloyd::Index>(rng.below(static_cast<std::uint64_t>(k)));
    for (lloyd::Index j = 0; j < d; ++j) X(j, i) = static_cast<float>(C(j, c) + rng.normal());
  }
  lloyd::io::write_npy(path, X);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int status = 0;
  try {
    Args args(argc, argv, {"--check"});
    lloyd::Options o;
    o.k = static_cast<int>(args.get_int("--k", 8));
    o.seed = static_cast<std::uint64_t>(args.get_int("--seed", 0));
    o.n_init = static_cast<int>(args.get_int("--n-init", 1));
    o.max_iter = static_cast<int>(args.get_int("--max-iter", 300));
    o.tol = std::stod(args.get("--tol", "1e-4"));
    const std::string out = args.get("--out", "");
    const std::string gen = args.get("--generate", "");
    const bool check = args.flag("--check");
    args.finish();
    if (args.positional().size() != 1)
      throw std::invalid_argument(
          "usage: mpi_kmeans DATA.npy [--k K] [--seed S] [--n-init R] [--max-iter M] [--tol T] "
          "[--out CENTRES.npy] [--generate NxD] [--check]");
    const std::string path = args.positional()[0];
    if (!gen.empty()) {
      if (rank == 0) generate(path, gen, o.k, o.seed);
      MPI_Barrier(MPI_COMM_WORLD);
    }
    const Shape s = npy_shape(path);
    status = s.items.size == 4 ? run<float>(path, s, o, out, check, rank, size)
                               : run<double>(path, s, o, out, check, rank, size);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpi_kmeans (rank %d): %s\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Finalize();
  return status;
}
