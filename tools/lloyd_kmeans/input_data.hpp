#pragma once
// lloyd_kmeans' INPUT as D×N points: a regular .npy file whose dtype is the chosen precision in this
// machine's byte order is memory-mapped (lloyd/io/map_npy.hpp), so its N×D values stay in the page
// cache instead of being copied into the process's memory; anything else (CSV, a pipe, standard
// input, another dtype or byte order) is read into memory (lloyd/io/input.hpp). The fit sees the
// same values at an address with the same alignment either way (the mapped data must start at a
// multiple of 64 bytes, as numpy.save writes it), so the results are the same bits.
#include <lloyd/io/input.hpp>
#include <lloyd/io/map_npy.hpp>
#include <memory>
#include <string>

namespace lloyd_cli {

/// The data of INPUT, mapped or read.
template <class Scalar>
struct InputData {
  std::unique_ptr<lloyd::io::MappedNpy<Scalar>> mapped;  // set when the file is mapped
  lloyd::io::Matrix<Scalar> table;                       // the data otherwise

  const Scalar* data() const { return mapped ? mapped->data() : table.points.data(); }
  lloyd::Index rows() const { return mapped ? mapped->rows() : table.rows(); }  ///< N
  lloyd::Index cols() const { return mapped ? mapped->cols() : table.cols(); }  ///< D
};

/// Data starting at this multiple from the start of a .npy file is mapped: 64 is numpy's alignment
/// and at least Eigen's, so vectorised loops see the alignment a table read into memory has.
inline constexpr std::size_t kMapAlignment = 64;

/// Maps INPUT when it can (see the top of this file), reads it through `input` otherwise. `access`
/// is the fit's reading pattern (sequential passes for Lloyd, random rows for mini-batch).
template <class Scalar>
InputData<Scalar> load_input(const std::string& path, lloyd::io::Input& input, lloyd::io::MapAccess access) {
  InputData<Scalar> in;
  if (input.is_npy() && lloyd::io::npy_mappable<Scalar>(path, kMapAlignment))
    in.mapped.reset(new lloyd::io::MappedNpy<Scalar>(path, access));
  else in.table = input.read<Scalar>();
  return in;
}

}  // namespace lloyd_cli
