#pragma once
// assignment::Hamerly — exact bounds-based assignment: one upper bound per point and ONE lower bound
// (on the distance to the second-nearest centre), plus the half distance from each centre to its
// nearest other centre (Hamerly 2010). assignment::Bounds with one group. Best for small K (≲ 20) and
// moderate D. Memory: 2 doubles + 1 float per point. Exact (BruteForce's labels): see bounds.hpp.
//
// Assignment policy contract: see assignment/brute_force.hpp.
#include "bounds.hpp"

namespace lloyd {
namespace assignment {

struct Hamerly : NamedBounds<Hamerly> {
  static constexpr const char* name = "hamerly";
  static constexpr const char* description = "Hamerly's bounds: one upper, one lower bound per point";

  Hamerly() : NamedBounds(1) {}
};

}  // namespace assignment
}  // namespace lloyd
