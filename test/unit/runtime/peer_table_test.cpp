// The mote's peer table (peer_table.hpp) and what a mote keeps for senders: bounded whatever they
// send, forged sources kept out.
#include <gtest/gtest.h>

#include <string>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "edgecut/runtime/peer_table.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace peer_table_test_cpp {

using test::Bytes;
using test::encoded;

TEST(PeerTable, AdmitsUpToItsCapacityThenEvictsTheLeastRecentlyHeard) {
  PeerTable table;
  bool evicted = true;
  for (NodeId node = 1; node <= PeerTable::kCapacity; ++node) {
    table.admit(node, evicted);
    EXPECT_FALSE(evicted);
  }
  EXPECT_EQ(table.size(), PeerTable::kCapacity);
  ASSERT_NE(table.find(1), nullptr);  // 1 is heard again: 2 is now the least recently heard
  table.admit(100, evicted);
  EXPECT_TRUE(evicted);
  EXPECT_EQ(table.size(), PeerTable::kCapacity);
  EXPECT_TRUE(table.knows(1));
  EXPECT_FALSE(table.knows(2));
  EXPECT_TRUE(table.knows(100));
}

TEST(PeerTable, NeverEvictsTheBaseNorAPeerWhoseRequestIsInProgress) {
  PeerTable table;
  bool evicted = false;
  table.admit(wire::kBaseNode, evicted);  // the oldest
  PeerTable::Peer& busy = table.admit(1, evicted);
  std::span<const std::uint8_t> kept;
  ASSERT_EQ(busy.window.admit(7, kept), wire::DuplicateWindow::Verdict::fresh);  // being handled
  for (NodeId node = 2; node < PeerTable::kCapacity; ++node) table.admit(node, evicted);
  table.admit(500, evicted);
  EXPECT_TRUE(evicted);
  EXPECT_TRUE(table.knows(wire::kBaseNode));
  EXPECT_TRUE(table.knows(1));
  EXPECT_FALSE(table.knows(2)) << "the least recently heard peer that may go";
}

TEST(PeerTable, AdmittingAKnownPeerKeepsItsEntry) {
  PeerTable table;
  bool evicted = false;
  PeerTable::Peer& first = table.admit(3, evicted);
  first.epoch = 42;
  EXPECT_EQ(table.admit(3, evicted).epoch, 42u);
  EXPECT_FALSE(evicted);
  EXPECT_EQ(table.size(), 1u);
}

// ---- the mote host: HELLOs from many sources ----

constexpr Fingerprint kFingerprint = 0x7ab1e;
constexpr FunctionId kPing = 1;
constexpr std::uint32_t kEpoch = 0x80000001u;
constexpr NodeId kMotes = 40;

bool dispatch(Call& call) { return call.function() == kPing ? call.reply(1) : call.unknownFunction(); }

std::string fortyMotes() {
  std::string motes;
  for (NodeId id = 1; id <= kMotes; ++id) {
    motes += fmt::format(R"({}{{"id": {}, "position": [{}, 0]}})", id == 1 ? "" : ", ", id, id);
  }
  return R"({"motes": [)" + motes + "]}";
}

const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "peers.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(fortyMotes()),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = {},
    .actuators = {},
    .moteClasses = {},
};

class ManyPeers : public ::testing::Test {
 protected:
  // The reply of mote 1 to `request`; empty: none.
  Bytes send(const Bytes& request) {
    const auto reply = host_.handle(request);
    return Bytes(reply.begin(), reply.end());
  }
  Bytes hello(NodeId from) {
    return send(encoded([&](wire::Writer& w) { wire::encodeHello(w, {seq_++, from, 1}, kFingerprint, kEpoch); }));
  }
  wire::Frame ping(NodeId from) {
    reply_ = send(encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq_++, from, 1}, kPing); }));
    wire::Frame frame;
    EXPECT_EQ(wire::decodeFrame(reply_, frame), wire::Status::ok);
    return frame;
  }

  MoteHost host_{kProgram, &dispatch};
  std::uint32_t seq_ = 1;
  Bytes reply_;
};

TEST_F(ManyPeers, HellosFromNodesOutsideTheNetworkAreDroppedAndCountedKeepingNothing) {
  for (NodeId forged = kMotes + 1; forged <= kMotes + 1000; ++forged) EXPECT_TRUE(hello(forged).empty());
  EXPECT_EQ(host_.stats().malformedFrames, 1000u);
  EXPECT_EQ(host_.stats().evictedPeers, 0u);
  ASSERT_FALSE(hello(0).empty());
  EXPECT_EQ(ping(0).op, wire::Op::RESULT);
}

TEST_F(ManyPeers, AFullTableEvictsTheLeastRecentlyHeardPeerButServesTheBaseThroughout) {
  ASSERT_FALSE(hello(0).empty());
  for (NodeId from = 2; from <= kMotes; ++from) {
    ASSERT_FALSE(hello(from).empty());
    ASSERT_EQ(ping(0).op, wire::Op::RESULT) << "the base needs no new HELLO after mote " << from << "'s";
  }
  // The base and the 15 latest of motes 2..40 fit: motes 2..25 were evicted.
  EXPECT_EQ(host_.stats().evictedPeers, kMotes - 1 - (PeerTable::kCapacity - 1));
  EXPECT_EQ(ping(kMotes).op, wire::Op::RESULT);
  const wire::Frame forgotten = ping(2);
  ASSERT_EQ(forgotten.op, wire::Op::ERROR);
  EXPECT_EQ(static_cast<wire::ErrorCode>(forgotten.number), wire::ErrorCode::NOT_INTRODUCED);
  ASSERT_FALSE(hello(2).empty()) << "an evicted peer introduces itself again";
  EXPECT_EQ(ping(2).op, wire::Op::RESULT);
}

}  // namespace peer_table_test_cpp
}  // namespace
}  // namespace edgecut::mote
