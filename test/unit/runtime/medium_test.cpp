// The medium's accounting, checked against energies computed by hand.
#include <gtest/gtest.h>

#include "edgecut/runtime/sim/medium.hpp"

namespace edgecut::sim {
namespace {
namespace medium_test_cpp {

// base (0,0); mote 1 at (3,4): d²(1,base)=25; mote 2 at (6,8): d²(2,1)=25, d²(2,base)=100;
// mote 3 at (0,12): d²(3,2)=36+16=52, d²(3,base)=144; mote 4 at (9,12): no route.
// Routes: 3 -> 2 -> 1 -> (straight to the destination).
const char* const kNetwork = R"({
  "base": {"position": [0, 0]},
  "motes": [
    {"id": 1, "position": [3, 4]},
    {"id": 2, "position": [6, 8]},
    {"id": 3, "position": [0, 12]},
    {"id": 4, "position": [9, 12]}
  ],
  "routes": {"3": 2, "2": 1}
})";

std::vector<std::pair<NodeId, NodeId>> hops(const Medium& medium, NodeId src, NodeId dst) {
  std::vector<std::pair<NodeId, NodeId>> result;
  for (const Hop& hop : medium.path(src, dst)) result.emplace_back(hop.from, hop.to);
  return result;
}

using Hops = std::vector<std::pair<NodeId, NodeId>>;

TEST(Medium, FollowsRoutesHopByHop) {
  const Network network = Network::parse(kNetwork);
  const Medium medium(network, 100);
  EXPECT_EQ(hops(medium, 3, 0), (Hops{{3, 2}, {2, 1}, {1, 0}}));
  EXPECT_EQ(hops(medium, 2, 0), (Hops{{2, 1}, {1, 0}}));
  EXPECT_EQ(hops(medium, 1, 0), (Hops{{1, 0}}));
  EXPECT_EQ(hops(medium, 4, 0), (Hops{{4, 0}})) << "no route: straight to the destination";
  EXPECT_EQ(hops(medium, 0, 3), (Hops{{0, 3}})) << "the base sends straight";
  EXPECT_EQ(hops(medium, 3, 1), (Hops{{3, 2}, {2, 1}})) << "stops where the destination is";
  EXPECT_EQ(hops(medium, 2, 4), (Hops{{2, 1}, {1, 4}}));
  EXPECT_TRUE(hops(medium, 2, 2).empty());
  EXPECT_THROW(medium.path(9, 0), NetworkError);
}

TEST(Medium, PutsEveryHopInTheBucketOfItsNetworkTime) {
  const Network network = Network::parse(kNetwork);
  Medium medium(network, 100);
  // At 1.5 minutes mote 3 sends 2 values to the base over three hops (3→2, 2→1, 1→0): the second
  // bucket, (60 s, 120 s]. Motes hear two of the hops; the third ends at the base.
  medium.carry(3, 0, 2, 10, 90'000);
  // At 2 minutes the base writes to mote 4 (free, one hop), in that bucket too.
  medium.carry(0, 4, 1, 7, 120'000);
  // At 0, a HELLO reply from mote 1: the first bucket.
  medium.carry(1, 0, 0, 5, 0);
  const std::vector<Interval>& buckets = medium.timeline().buckets();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0], (Interval{.messages = 1, .bytes = 5, .moteBytesSent = 5}));
  EXPECT_EQ(buckets[1], (Interval{.messages = 4, .bytes = 37, .moteBytesSent = 30, .moteBytesReceived = 27,
                                  .transmit = 100.0 * 2 * (52 + 25 + 25)}));
  EXPECT_EQ(medium.timeline().widthMs(), 60'000u);
}

TEST(Medium, AccountsEveryMoteHopAtItsDistance) {
  const Network network = Network::parse(kNetwork);
  Medium medium(network, 100);
  // Mote 3 sends 2 data values to the base in a 10-byte frame: three hops.
  medium.carry(3, 0, 2, 10);
  EXPECT_EQ(medium.traffic().at(3).transmit, 100.0 * 2 * 52);
  EXPECT_EQ(medium.traffic().at(2).transmit, 100.0 * 2 * 25);
  EXPECT_EQ(medium.traffic().at(1).transmit, 100.0 * 2 * 25);
  for (NodeId relay : {1u, 2u, 3u}) {
    EXPECT_EQ(medium.traffic().at(relay).messagesSent, 1u);
    EXPECT_EQ(medium.traffic().at(relay).dataValuesSent, 2u);
    EXPECT_EQ(medium.traffic().at(relay).bytesSent, 10u);
  }
  // Mote 4 has no route: one hop of d² = 81 + 144 = 225.
  medium.carry(4, 0, 1, 6);
  EXPECT_EQ(medium.traffic().at(4).transmit, 100.0 * 225);
  // A frame without data values (a HELLO reply, a WRITE ack) costs nothing but is counted.
  medium.carry(1, 0, 0, 5);
  EXPECT_EQ(medium.traffic().at(1).transmit, 5000.0);
  EXPECT_EQ(medium.traffic().at(1).messagesSent, 2u);
  EXPECT_EQ(medium.traffic().at(1).bytesSent, 15u);

  const NodeTraffic total = medium.total();
  EXPECT_EQ(total.transmit, 10400.0 + 5000 + 5000 + 22500);
  EXPECT_EQ(total.messagesSent, 5u);
  EXPECT_EQ(total.dataValuesSent, 7u);
  EXPECT_EQ(total.bytesSent, 3 * 10u + 6 + 5);
}

TEST(Medium, TheBaseTransmitsForFreeButIsCounted) {
  const Network network = Network::parse(kNetwork);
  Medium medium(network, 100);
  medium.carry(0, 3, 4, 20);
  EXPECT_EQ(medium.traffic().at(0).transmit, 0.0);
  EXPECT_EQ(medium.traffic().at(0).messagesSent, 1u);
  EXPECT_EQ(medium.traffic().at(0).dataValuesSent, 4u);
  EXPECT_EQ(medium.traffic().at(0).bytesSent, 20u);
  EXPECT_EQ(medium.traffic().at(3).messagesSent, 0u) << "receiving is not transmitting";
}

TEST(Medium, EveryHopsReceiverHearsItsBytes) {
  const Network network = Network::parse(kNetwork);
  Medium medium(network, 100);
  // 3 -> 2 -> 1 -> base: the relays hear the frame before they forward it, the base at the end.
  medium.carry(3, 0, 2, 10);
  EXPECT_EQ(medium.traffic().at(3).bytesReceived, 0u);
  EXPECT_EQ(medium.traffic().at(2).bytesReceived, 10u);
  EXPECT_EQ(medium.traffic().at(1).bytesReceived, 10u);
  EXPECT_EQ(medium.traffic().at(0).bytesReceived, 10u);
  // The base's frame to mote 4 goes straight there; nobody else hears it.
  medium.carry(0, 4, 1, 7);
  EXPECT_EQ(medium.traffic().at(4).bytesReceived, 7u);
  EXPECT_EQ(medium.traffic().at(1).bytesReceived, 10u);
  EXPECT_EQ(medium.total().bytesReceived, 3 * 10u + 7);
  EXPECT_EQ(medium.total().bytesReceived, medium.total().bytesSent) << "every byte sent is heard once";
}

TEST(Medium, ListsEveryNodeEvenSilentOnes) {
  const Network network = Network::parse(kNetwork);
  const Medium medium(network, 1);
  std::vector<NodeId> ids;
  for (const auto& [id, traffic] : medium.traffic()) ids.push_back(id);
  EXPECT_EQ(ids, (std::vector<NodeId>{0, 1, 2, 3, 4}));
}

// Without routes every frame takes one hop, which the medium accounts without building a path:
// the same figures as the path would give, and the same error for a node the network lacks.
TEST(Medium, WithoutRoutesAFrameTakesOneHopAccountedAsThePathWouldBe) {
  const Network network = Network::parse(R"({"base": {"position": [0, 0]},
    "motes": [{"id": 1, "position": [3, 4]}, {"id": 7, "position": [6, 8]}]})");
  Medium medium(network, 100.0);
  EXPECT_EQ(hops(medium, 7, 1), (Hops{{7, 1}}));
  EXPECT_EQ(medium.carry(7, 1, 2, 10, 60000), 1u);
  EXPECT_EQ(medium.carry(0, 7, 1, 5, 60000), 1u);
  const auto traffic = medium.traffic();
  EXPECT_EQ(traffic.at(7).transmit, 100.0 * 2 * 25);
  EXPECT_EQ(traffic.at(7).messagesSent, 1u);
  EXPECT_EQ(traffic.at(7).bytesReceived, 5u);
  EXPECT_EQ(traffic.at(1).bytesReceived, 10u);
  EXPECT_EQ(traffic.at(0).messagesSent, 1u);
  EXPECT_EQ(traffic.at(0).transmit, 0.0) << "the base transmits for free";
  EXPECT_EQ(medium.total().bytesSent, 15u);
  EXPECT_THROW(medium.carry(7, 9, 1, 5, 60000), NetworkError);
  EXPECT_THROW(medium.carry(2, 0, 1, 5, 60000), NetworkError);
  EXPECT_EQ(medium.total().messagesSent, 2u) << "a frame to or from no node is not accounted";
}

}  // namespace medium_test_cpp
}  // namespace
}  // namespace edgecut::sim
