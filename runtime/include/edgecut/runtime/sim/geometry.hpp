// Where nodes are, and the d² of the energy model. Header-only and dependency-free, so that the
// compiler (explain, plan checks) and the simulator compute distances the same way.
#ifndef EDGECUT_RUNTIME_SIM_GEOMETRY_HPP
#define EDGECUT_RUNTIME_SIM_GEOMETRY_HPP

namespace edgecut::sim {

// Positions have 2 or 3 coordinates; a missing z is 0.
struct Position {
  double x = 0;
  double y = 0;
  double z = 0;
};

// d² of the energy model. Kept squared (no sqrt) so that integer positions give exact energies.
inline double squaredDistance(const Position& a, const Position& b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  const double dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_GEOMETRY_HPP
