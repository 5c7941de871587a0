#pragma once
// assignment::Elkan — exact bounds-based assignment: one upper bound per point and one lower bound per
// (point, centre) (Elkan 2003, without the full centre-centre matrix: the half distance to the nearest
// other centre is used). assignment::Bounds with one group per centre. Filters the most distance
// computations but keeps N·K bounds: for small K only. Memory: 2 doubles + K floats per point.
// Exact (BruteForce's labels): see bounds.hpp.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include "bounds.hpp"

namespace lloyd {
namespace assignment {

struct Elkan : NamedBounds<Elkan> {
  static constexpr const char* name = "elkan";
  static constexpr const char* description = "Elkan's bounds: one lower bound per point and centre";

  Elkan() : NamedBounds(kPerCentre) {}
};

}  // namespace assignment
}  // namespace lloyd
