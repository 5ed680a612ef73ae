// A value for some nodes of the network, kept in a table by Network::slot. The base keeps per-mote
// state (a mote's window, the time it was told, whether it was introduced) that every run of a
// batch of thousands reads: in a table in id order those reads go from one entry to its
// neighbour, where a hash table's nodes lie scattered and each read waits for memory.
#ifndef EDGECUT_RUNTIME_PER_NODE_HPP
#define EDGECUT_RUNTIME_PER_NODE_HPP

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "edgecut/runtime/sim/network.hpp"

namespace edgecut {

template <class T>
class PerNode {
 public:
  // `network` must outlive the table.
  explicit PerNode(const sim::Network& network)
      : network_(network), values_(network.motes().size() + 1), present_(network.motes().size() + 1, false) {}

  // The node's value, or nullptr if it has none.
  T* get(NodeId node) {
    const std::size_t slot = network_.slot(node);
    if (slot == sim::Network::kNoSlot) {  // no node of the network: kept aside, as rare as it is
      const auto other = others_.find(node);
      return other == others_.end() ? nullptr : &other->second;
    }
    return present_[slot] ? &values_[slot] : nullptr;
  }
  bool contains(NodeId node) { return get(node) != nullptr; }
  // The node's value, a value-initialised one if it had none.
  T& operator[](NodeId node) {
    const std::size_t slot = network_.slot(node);
    if (slot == sim::Network::kNoSlot) return others_[node];
    if (!present_[slot]) {
      values_[slot] = T{};
      present_[slot] = true;
    }
    return values_[slot];
  }
  void erase(NodeId node) {
    const std::size_t slot = network_.slot(node);
    if (slot == sim::Network::kNoSlot) {
      others_.erase(node);
    } else {
      present_[slot] = false;
    }
  }

 private:
  const sim::Network& network_;
  std::vector<T> values_;
  std::vector<bool> present_;
  std::unordered_map<NodeId, T> others_;
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_PER_NODE_HPP
