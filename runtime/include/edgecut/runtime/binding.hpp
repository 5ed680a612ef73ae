// What base and mote code share about mote instances and clusters: the definition of
// edgecut::idOf, which edgecut.hpp declares, and ClusterAccess, through which the runtimes fill
// clusters. Included by base.hpp and mote.hpp (a program includes one of them).
#ifndef EDGECUT_RUNTIME_BINDING_HPP
#define EDGECUT_RUNTIME_BINDING_HPP

#include <type_traits>
#include <utility>
#include <vector>

#include "edgecut/edgecut.hpp"

namespace edgecut {

// EDGECUT_MOTE_CLASS gives every [[mote]] class the member edgecut_mote_.
template <class M>
NodeId idOf(const M& mote) {
  return mote.edgecut_mote_.node();
}

// The runtimes' way into a cluster's private parts (edgecut.hpp makes it a friend). Not for
// programs.
struct ClusterAccess {
  template <class M>
  static NodeList idsOf(const std::vector<M>& motes) {
    NodeList ids;
    ids.reserve(motes.size());
    for (const M& mote : motes) ids.push_back(idOf(mote));
    return ids;
  }
  static void setMembers(ClusterBase& cluster, NodeList members, NodeId head) {
    cluster.members_ = std::move(members);
    cluster.head_ = head;
  }
  template <class M>
  static std::vector<M>& motes(Cluster<M>& cluster) {
    return cluster.motes_;
  }
  // The mote class of a cluster class C (which derives from Cluster<M>).
  template <class M>
  static M memberOf(const Cluster<M>*);
  template <class C>
  using MemberOf = decltype(memberOf(static_cast<const C*>(nullptr)));
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_BINDING_HPP
