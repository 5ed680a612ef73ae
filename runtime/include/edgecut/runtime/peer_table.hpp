// The nodes a hosted mote knows: those whose HELLO with the program's fingerprint arrived, each
// with its boot epoch and its duplicate window (reliability.hpp). A mote answers requests only
// from these, so this table is the one thing a sender makes a mote keep for it.
//
// It is bounded: at most kCapacity peers, so that HELLOs from any number of forged sources cost a
// mote a fixed amount of memory. When it is full, a new peer takes the place of the least recently
// heard one that has no request in progress; the base is never evicted, since every mote has it,
// and its window is what keeps its resent requests from running twice. An evicted peer that sends
// again gets NOT_INTRODUCED and says HELLO again, as after a restart (runtime/README.md,
// "Reliability"); a request it had answered and resends then runs again. The mote host serves at
// most kMaxNestedRequests requests at once, fewer than kCapacity − 1, so a peer can always be
// evicted.
#ifndef EDGECUT_RUNTIME_PEER_TABLE_HPP
#define EDGECUT_RUNTIME_PEER_TABLE_HPP

#include <cstddef>
#include <cstdint>
#include <deque>

#include "edgecut/edgecut.hpp"
#include "edgecut/runtime/reliability.hpp"

namespace edgecut::mote {

// How many requests a mote host serves inside each other (a mote waiting for another serves the
// frames that arrive meanwhile, which may wait in turn). A frame that arrives deeper is dropped,
// as a busy radio would; its sender resends it. Real programs nest two or three deep.
inline constexpr std::size_t kMaxNestedRequests = 8;

class PeerTable {
 public:
  static constexpr std::size_t kCapacity = 16;
  static_assert(kCapacity > kMaxNestedRequests + 1, "a full table must always have a peer to evict");

  struct Peer {
    NodeId node = 0;
    std::uint32_t epoch = 0;    // its boot epoch, from its HELLO
    std::uint64_t session = 0;  // Transport::session's, where a layer authenticates sessions
    std::uint64_t heard = 0;    // when it was last heard, on the table's own clock
    wire::DuplicateWindow window;
  };

  // `node`'s entry, marked as heard now; null if it never said HELLO or was evicted since.
  Peer* find(NodeId node);
  bool knows(NodeId node) const;
  // `node`'s entry, marked as heard now, made if it is new (its epoch 0, its window empty). In a
  // full table the least recently heard peer without a request in progress, never the base, makes
  // room; `evicted` says whether one did.
  Peer& admit(NodeId node, bool& evicted);
  // Forgets every peer (the mote restarted).
  void clear() { peers_.clear(); }
  std::size_t size() const { return peers_.size(); }

 private:
  // Grows one entry at a time up to kCapacity: a host with thousands of motes (the sim) keeps only
  // the few peers each has. A deque, so that a peer admitted while a request of another is served
  // (nested) leaves that one's entry where it is.
  std::deque<Peer> peers_;
  std::uint64_t clock_ = 0;
};

}  // namespace edgecut::mote

#endif  // EDGECUT_RUNTIME_PEER_TABLE_HPP
