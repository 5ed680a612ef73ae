// The udp transport's shared pieces: addresses, the socket's deadlines and the control messages.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "edgecut/runtime/sim/address.hpp"
#include "transport/udp/udp.hpp"

namespace edgecut::udp {
namespace {

TEST(Address, SplitsHostAndPort) {
  auto split = sim::splitHostPort("10.0.0.7:47001");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->host, "10.0.0.7");
  EXPECT_EQ(split->port, 47001);
  split = sim::splitHostPort("[::1]:1");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->host, "::1");
  EXPECT_EQ(split->port, 1);
  EXPECT_TRUE(sim::splitHostPort("gateway.local:65535"));
  for (const char* bad : {"", "10.0.0.7", ":47001", "h:", "h:0", "h:65536", "h:1x", "::1:5683", "[]:1", "[::1:1",
                          "a b:1", "h:123456"}) {
    EXPECT_FALSE(sim::splitHostPort(bad)) << bad;
  }
}

TEST(Socket, ReceiveGivesUpAtTheDeadline) {
  Endpoint anyPort = resolve("127.0.0.1:1", "test");
  reinterpret_cast<sockaddr_in&>(anyPort.address).sin_port = 0;  // the kernel picks a free one
  Socket socket(anyPort);
  std::vector<std::uint8_t> bytes;
  const auto start = Clock::now();
  EXPECT_EQ(socket.receive(bytes, start + std::chrono::milliseconds(30)), Socket::Outcome::timeout);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(30));
}

TEST(Socket, AnUnresolvableOrBusyAddressIsAClearError) {
  EXPECT_THROW(resolve("10.0.0.7", "mote 3"), UdpError);
  try {
    resolve("10.0.0.7", "mote 3");
  } catch (const UdpError& e) {
    EXPECT_STREQ(e.what(), "mote 3: the address \"10.0.0.7\" is not host:port");
  }
}

TEST(Control, StatsRoundTripInChunks) {
  sim::HostStats stats;
  stats.malformedFrames = 3;
  stats.operations = {{6, 11}, {7, 5'000'000'000ull}};
  for (int i = 0; i < 100; ++i) stats.actuatorWrites.push_back({7, "valve", i});
  std::vector<sim::ActuatorWrite> collected;
  while (collected.size() < stats.actuatorWrites.size()) {
    const auto request = decodeStatsRequest(encode(StatsRequest{7, 42, collected.size(), false}));
    ASSERT_TRUE(request);
    EXPECT_EQ(request->run, 42u);
    const auto bytes = encodeStatsReply(*request, stats);
    EXPECT_LE(bytes.size(), kStatsChunkBytes + 32);
    const auto reply = decodeStatsReply(bytes);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->node, 7u);
    EXPECT_EQ(reply->from, collected.size());
    EXPECT_EQ(reply->total, 100u);
    EXPECT_EQ(reply->malformed, 3u);
    EXPECT_EQ(reply->operations, 5'000'000'000u) << "mote 7's own count";
    EXPECT_FALSE(reply->forgot);
    ASSERT_FALSE(reply->writes.empty());
    collected.insert(collected.end(), reply->writes.begin(), reply->writes.end());
  }
  ASSERT_EQ(collected.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(collected[i].value, i);
}

TEST(Control, MalformedMessagesAreRefused) {
  EXPECT_FALSE(isControl({}));
  const std::vector<std::uint8_t> frame{0x12, 0x01, 0x00, 0x01, 0x01};
  EXPECT_FALSE(isControl(frame));
  EXPECT_FALSE(decodeStatsRequest(frame));
  const auto request = encode(StatsRequest{1, 2, 3, true});
  EXPECT_TRUE(isControl(request));
  for (std::size_t cut = 0; cut < request.size(); ++cut) {
    EXPECT_FALSE(decodeStatsRequest(std::span(request).first(cut))) << cut;
  }
  auto trailing = request;
  trailing.push_back(0);
  EXPECT_FALSE(decodeStatsRequest(trailing));
  EXPECT_FALSE(decodeStatsReply(request)) << "a request is no reply";

  sim::HostStats stats;
  stats.actuatorWrites.push_back({1, "led", true});
  auto reply = encodeStatsReply(StatsRequest{1, 2, 0, false}, stats);
  ASSERT_TRUE(decodeStatsReply(reply));
  reply.back() = 'x';  // the JSON is broken
  EXPECT_FALSE(decodeStatsReply(reply));
  const std::string notWrites = "[{\"node\": 1}]";
  auto wrong = encodeStatsReply(StatsRequest{1, 2, 0, false}, sim::HostStats{});
  wrong.resize(wrong.size() - 2);  // "[]"
  wrong.insert(wrong.end(), notWrites.begin(), notWrites.end());
  EXPECT_FALSE(decodeStatsReply(wrong)) << "more writes than the total, and not writes";
}

}  // namespace
}  // namespace edgecut::udp
