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

// A node and its slot, found once where several tables of one network are looked up for it (a
// batch of runs reads three per run: test/bench/sim_scale/README.md). Only for the tables of the
// network it was found in.
struct NodeSlot {
  NodeId node = 0;
  std::size_t slot = sim::Network::kNoSlot;
  NodeSlot(const sim::Network& network, NodeId id) : node(id), slot(network.slot(id)) {}
};

template <class T>
class PerNode {
 public:
  // `network` must outlive the table.
  explicit PerNode(const sim::Network& network) : network_(network), entries_(network.motes().size() + 1) {}

  // The node's value, or nullptr if it has none.
  T* get(NodeId node) { return get(NodeSlot(network_, node)); }
  T* get(const NodeSlot& at) {
    if (at.slot == sim::Network::kNoSlot) {  // no node of the network: kept aside, as rare as it is
      const auto other = others_.find(at.node);
      return other == others_.end() ? nullptr : &other->second;
    }
    Entry& entry = entries_[at.slot];
    return entry.present ? &entry.value : nullptr;
  }
  bool contains(NodeId node) { return get(node) != nullptr; }
  bool contains(const NodeSlot& at) { return get(at) != nullptr; }
  // The node's value, a value-initialised one if it had none.
  T& operator[](NodeId node) { return (*this)[NodeSlot(network_, node)]; }
  T& operator[](const NodeSlot& at) {
    if (at.slot == sim::Network::kNoSlot) return others_[at.node];
    Entry& entry = entries_[at.slot];
    if (!entry.present) {
      entry.value = T{};
      entry.present = true;
    }
    return entry.value;
  }
  void erase(NodeId node) {
    const std::size_t slot = network_.slot(node);
    if (slot == sim::Network::kNoSlot) {
      others_.erase(node);
    } else {
      entries_[slot].present = false;
    }
  }

 private:
  // A value and whether it is there side by side, not a std::vector<bool> beside the values: one
  // read, where the bits cost a batch of a simulated day of meters about 60 instructions a run
  // (test/bench/sim_scale/README.md).
  struct Entry {
    T value{};
    bool present = false;
  };
  const sim::Network& network_;
  std::vector<Entry> entries_;
  std::unordered_map<NodeId, T> others_;
};

}  // namespace edgecut

#endif  // EDGECUT_RUNTIME_PER_NODE_HPP
