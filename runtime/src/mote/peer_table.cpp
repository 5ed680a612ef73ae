#include "edgecut/runtime/peer_table.hpp"

#include <algorithm>

#include "edgecut/runtime/frame.hpp"

namespace edgecut::mote {

PeerTable::Peer* PeerTable::find(NodeId node) {
  const auto found = std::find_if(peers_.begin(), peers_.end(), [&](const Peer& peer) { return peer.node == node; });
  if (found == peers_.end()) return nullptr;
  found->heard = ++clock_;
  return &*found;
}

bool PeerTable::knows(NodeId node) const {
  return std::any_of(peers_.begin(), peers_.end(), [&](const Peer& peer) { return peer.node == node; });
}

PeerTable::Peer& PeerTable::admit(NodeId node, bool& evicted) {
  evicted = false;
  if (Peer* known = find(node)) return *known;
  if (peers_.size() < kCapacity) {
    peers_.push_back(Peer{.node = node, .heard = ++clock_, .window = {}});
    return peers_.back();
  }
  Peer* oldest = nullptr;
  for (Peer& peer : peers_) {
    if (peer.node == wire::kBaseNode || peer.window.handling()) continue;
    if (oldest == nullptr || peer.heard < oldest->heard) oldest = &peer;
  }
  // kCapacity exceeds the requests a host can have in progress, plus the base: one is free.
  *oldest = Peer{.node = node, .heard = ++clock_, .window = {}};
  evicted = true;
  return *oldest;
}

}  // namespace edgecut::mote
