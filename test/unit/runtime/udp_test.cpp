// The udp transport's shared pieces: addresses, the socket's deadlines and the control messages,
// sealed with a network key.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <thread>

#include <fmt/format.h>

#include "edgecut/runtime/sim/address.hpp"
#include "transport/control_seal.hpp"
#include "transport/udp/control.hpp"
#include "transport/udp/udp.hpp"
#include "transport/udp/udp_transport.hpp"

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
  stats.rejected = {4, 5, 6};
  stats.operations = {{6, 11}, {7, 5'000'000'000ull}};
  for (int i = 0; i < 100; ++i) stats.actuatorWrites.push_back({7, "valve", i});
  std::vector<sim::ActuatorWrite> collected;
  while (collected.size() < stats.actuatorWrites.size()) {
    const auto request = decodeStatsRequest(encode(StatsRequest{7, 42, collected.size(), false}));
    ASSERT_TRUE(request);
    EXPECT_EQ(request->run, 42u);
    const auto bytes = encodeStatsReply(*request, stats, 0xfedcba9876543210ull);
    EXPECT_LE(bytes.size(), kStatsChunkBytes + 32);
    const auto reply = decodeStatsReply(bytes);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->node, 7u);
    EXPECT_EQ(reply->from, collected.size());
    EXPECT_EQ(reply->total, 100u);
    EXPECT_EQ(reply->malformed, 3u);
    EXPECT_EQ(reply->operations, 5'000'000'000u) << "mote 7's own count";
    EXPECT_EQ(reply->generation, 0xfedcba9876543210ull);
    EXPECT_EQ(reply->rejected.forged, 4u);
    EXPECT_EQ(reply->rejected.replayed, 5u);
    EXPECT_EQ(reply->rejected.unsolicited, 6u);
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
  const auto request = encode(StatsRequest{1, 2, 3, true, 4});
  EXPECT_EQ(decodeStatsRequest(request)->generation, 4u);
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
  auto reply = encodeStatsReply(StatsRequest{1, 2, 0, false}, stats, 5);
  ASSERT_TRUE(decodeStatsReply(reply));
  reply.back() = 'x';  // the JSON is broken
  EXPECT_FALSE(decodeStatsReply(reply));
  const std::string notWrites = "[{\"node\": 1}]";
  auto wrong = encodeStatsReply(StatsRequest{1, 2, 0, false}, sim::HostStats{}, 5);
  wrong.resize(wrong.size() - 2);  // "[]"
  wrong.insert(wrong.end(), notWrites.begin(), notWrites.end());
  EXPECT_FALSE(decodeStatsReply(wrong)) << "more writes than the total, and not writes";
}

// A free loopback port: the kernel picks one, and it is released for the socket that binds it.
int freePort() {
  Endpoint anyPort = resolve("127.0.0.1:1", "test");
  reinterpret_cast<sockaddr_in&>(anyPort.address).sin_port = 0;
  Socket socket(anyPort);
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&bound), &length);
  return ntohs(bound.sin_port);
}

// With a network key, the base's control messages must carry a valid tag, and a forget works only
// with the generation the mote's last replies carried: forged ones and a recorded forget sent
// again in a later run erase nothing, and are counted.
TEST(Control, AKeyedMoteForgetsOnlyWhatAnAuthenticFreshForgetNames) {
  wire::NetworkKey key;
  key.bytes.fill(7);
  const int basePort = freePort();
  const int motePort = freePort();
  const sim::Network network = sim::Network::parse(fmt::format(
      R"({{"base": {{"position": [0, 0], "address": "127.0.0.1:{}"}},
          "motes": [{{"id": 1, "position": [0, 0], "address": "127.0.0.1:{}"}}]}})",
      basePort, motePort));
  transport::UdpMote mote(network, 1, key);
  Socket base(resolve(fmt::format("127.0.0.1:{}", basePort), "the base"));
  const Endpoint moteAddress = resolve(fmt::format("127.0.0.1:{}", motePort), "mote 1");
  sim::HostStats stats;
  std::vector<std::uint8_t> bytes;
  auto soon = [] { return Clock::now() + std::chrono::milliseconds(300); };
  // Sends `datagram` to the mote and returns its answer, if it gives one.
  auto ask = [&](const std::vector<std::uint8_t>& datagram) -> std::optional<StatsReply> {
    base.sendTo(moteAddress, datagram);
    if (mote.next(bytes, soon()) != Transport::Event::stats) return std::nullopt;
    mote.reportStats(stats);
    if (base.receive(bytes, soon()) != Socket::Outcome::datagram) return std::nullopt;
    const auto message = transport::openedControl(bytes, key);
    EXPECT_TRUE(message) << "the mote seals its replies";
    return message ? decodeStatsReply(*message) : std::nullopt;
  };
  auto sealed = [&](const StatsRequest& request) { return transport::sealedControl(encode(request), key); };
  auto run = [&](std::uint64_t number) {  // one base run's collection: returns its forget
    const auto reply = ask(sealed({1, number, 0, false, 0}));
    EXPECT_TRUE(reply);
    const auto forget = sealed({1, number, reply ? reply->total : 0, true, reply ? reply->generation : 0});
    const auto forgot = ask(forget);
    EXPECT_TRUE(forgot && forgot->forgot);
    return forget;
  };

  stats.actuatorWrites.push_back({1, "valve", 1});
  const auto firstForget = run(1);
  EXPECT_TRUE(stats.actuatorWrites.empty());
  run(2);
  stats.actuatorWrites.push_back({1, "valve", 0});  // the third run opens the valve again

  EXPECT_FALSE(ask(encode(StatsRequest{1, 3, 1, true, 0}))) << "no tag: dropped";
  EXPECT_FALSE(ask(firstForget)) << "the first run's forget, recorded and sent again: dropped";
  EXPECT_EQ(stats.actuatorWrites.size(), 1u) << "nothing was erased";
  const auto reply = ask(sealed({1, 3, 0, false, 0}));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->total, 1u);
  EXPECT_EQ(reply->rejected.forged, 1u);
  EXPECT_EQ(reply->rejected.replayed, 1u);
}

// The base's side: with a network key, a STATS reply without a valid tag is dropped and counted as
// forged, and changes nothing in what the base collects.
TEST(Control, AKeyedBaseTakesOnlySealedStats) {
  wire::NetworkKey key;
  key.bytes.fill(9);
  const int basePort = freePort();
  const int motePort = freePort();
  const sim::Network network = sim::Network::parse(fmt::format(
      R"({{"base": {{"position": [0, 0], "address": "127.0.0.1:{}"}},
          "motes": [{{"id": 1, "position": [0, 0], "address": "127.0.0.1:{}"}}]}})",
      basePort, motePort));
  transport::UdpBase base(network, key);
  std::thread mote([&] {
    Socket socket(resolve(fmt::format("127.0.0.1:{}", motePort), "mote 1"));
    const Endpoint baseAddress = resolve(fmt::format("127.0.0.1:{}", basePort), "the base");
    sim::HostStats stats;
    stats.actuatorWrites.push_back({1, "valve", 1});
    std::vector<std::uint8_t> bytes;
    for (int answered = 0; answered < 2;) {
      if (socket.receive(bytes, Clock::now() + std::chrono::seconds(5)) != Socket::Outcome::datagram) return;
      const auto message = transport::openedControl(bytes, key);
      const auto request = message ? decodeStatsRequest(*message) : std::nullopt;
      if (!request) continue;
      sim::HostStats forged = stats;
      forged.actuatorWrites.push_back({1, "valve", 0});  // a write that never happened
      socket.sendTo(baseAddress, encodeStatsReply(*request, forged, 7));
      socket.sendTo(baseAddress, transport::sealedControl(encodeStatsReply(*request, stats, 7), key));
      ++answered;
    }
  });
  const sim::HostStats collected = base.collectStats(Clock::now() + std::chrono::seconds(5));
  mote.join();
  ASSERT_EQ(collected.actuatorWrites.size(), 1u);
  EXPECT_EQ(collected.actuatorWrites[0].value, 1);
  EXPECT_EQ(base.rejected().forged, 2u) << "the forged reply to the request and to the forget";
}

}  // namespace
}  // namespace edgecut::udp
