// What base and mote code share about mote instances: the definition of edgecut::idOf, which
// edgecut.hpp declares. Included by base.hpp and mote.hpp (a program includes one of them).
#ifndef EDGECUT_RUNTIME_BINDING_HPP
#define EDGECUT_RUNTIME_BINDING_HPP

#include "edgecut/edgecut.hpp"

namespace edgecut {

// EDGECUT_MOTE_CLASS gives every [[mote]] class the member edgecut_mote_.
template <class M>
NodeId idOf(const M& mote) {
  return mote.edgecut_mote_.node();
}

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_BINDING_HPP
