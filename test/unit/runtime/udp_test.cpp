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

// The base's side of a collection (base.cpp), played here: the trace's bytes chunk by chunk.
std::string collect(NodeId node, std::string_view trace, const sim::HostStats& stats) {
  std::string collected;
  for (;;) {
    const auto request = decodeStatsRequest(encode(StatsRequest{node, 42, collected.size(), false}));
    EXPECT_TRUE(request);
    if (!request) return collected;
    EXPECT_EQ(request->run, 42u);
    const auto bytes = encodeStatsReply(*request, trace, stats);
    EXPECT_LE(bytes.size(), kStatsChunkBytes + 32);
    const auto reply = decodeStatsReply(bytes);
    EXPECT_TRUE(reply);
    if (!reply) return collected;
    EXPECT_EQ(reply->node, node);
    EXPECT_EQ(reply->from, collected.size());
    EXPECT_EQ(reply->total, trace.size());
    EXPECT_EQ(reply->malformed, 3u);
    EXPECT_FALSE(reply->forgot);
    collected += reply->trace;
    if (collected.size() == reply->total) return collected;
    EXPECT_FALSE(reply->trace.empty());
  }
}

TEST(Control, StatsRoundTripInChunks) {
  sim::HostStats stats;
  stats.malformedFrames = 3;
  stats.operations = {{6, 11}, {7, 5'000'000'000ull}};
  for (int i = 0; i < 100; ++i) stats.actuatorWrites.push_back({7, "valve", i});
  const std::string trace = traceText(stats.actuatorWrites);
  EXPECT_EQ(decodeStatsReply(encodeStatsReply(StatsRequest{7, 42, 0, false}, trace, stats))->operations,
            5'000'000'000u)
      << "mote 7's own count";
  const auto collected = parseTrace(collect(7, trace, stats));
  ASSERT_TRUE(collected);
  ASSERT_EQ(collected->size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ((*collected)[i].value, i);
}

// A legitimate large write (a WRITE frame carries up to 64 KiB, whose JSON is larger still) travels
// in chunks like any other: no reply is larger than a chunk, let alone a datagram.
TEST(Control, AWriteLargerThanADatagramTravelsInChunks) {
  sim::HostStats stats;
  stats.malformedFrames = 3;
  stats.actuatorWrites.push_back({1, "pattern", nlohmann::json(std::vector<int>(60'000, 10))});
  stats.actuatorWrites.push_back({1, "valve", 1});
  const std::string trace = traceText(stats.actuatorWrites);
  ASSERT_GT(trace.size(), kMaxDatagramBytes);
  const auto collected = parseTrace(collect(1, trace, stats));
  ASSERT_TRUE(collected);
  ASSERT_EQ(collected->size(), 2u);
  EXPECT_EQ((*collected)[0].value.size(), 60'000u);
  EXPECT_EQ((*collected)[1].actuator, "valve");
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

  const std::string trace = R"([{"node":1,"actuator":"led","value":true}])";
  auto reply = encodeStatsReply(StatsRequest{1, 2, 0, false}, trace, sim::HostStats{});
  ASSERT_TRUE(decodeStatsReply(reply));
  reply.push_back(']');
  EXPECT_FALSE(decodeStatsReply(reply)) << "more bytes than the trace has";
  EXPECT_FALSE(parseTrace(trace.substr(0, trace.size() - 1))) << "the JSON is broken";
  EXPECT_FALSE(parseTrace(R"([{"node": 1}])")) << "not writes";
  EXPECT_FALSE(parseTrace(R"({"node": 1})")) << "not an array";
}

}  // namespace
}  // namespace edgecut::udp
