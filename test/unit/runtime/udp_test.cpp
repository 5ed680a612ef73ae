// The udp transport's shared pieces: addresses, the socket's deadlines and the control messages,
// sealed with a network key.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <thread>

#include <fmt/format.h>

#include "edgecut/runtime/sim/address.hpp"
#include "loopback.hpp"
#include "transport/control_seal.hpp"
#include "transport/udp/control.hpp"
#include "transport/udp/udp.hpp"
#include "transport/udp/udp_transport.hpp"

namespace edgecut::udp {
namespace {
namespace udp_test_cpp {

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

// The base's side of a collection (base.cpp), played here: the trace's bytes chunk by chunk, from
// a mote whose generation is kGeneration.
constexpr std::uint64_t kGeneration = 0xfedcba9876543210ull;
std::string collect(NodeId node, std::string_view trace, const sim::HostStats& stats) {
  std::string collected;
  for (;;) {
    const auto request = decodeStatsRequest(encode(StatsRequest{node, 42, collected.size(), false}));
    EXPECT_TRUE(request);
    if (!request) return collected;
    EXPECT_EQ(request->run, 42u);
    const auto bytes = encodeStatsReply(*request, trace, stats, kGeneration);
    EXPECT_LE(bytes.size(), kStatsChunkBytes + 64);
    const auto reply = decodeStatsReply(bytes);
    EXPECT_TRUE(reply);
    if (!reply) return collected;
    EXPECT_EQ(reply->node, node);
    EXPECT_EQ(reply->from, collected.size());
    EXPECT_EQ(reply->total, trace.size());
    EXPECT_EQ(reply->malformed, 3u);
    EXPECT_EQ(reply->generation, kGeneration);
    EXPECT_EQ(reply->rejected.forged, stats.rejected.forged);
    EXPECT_EQ(reply->rejected.replayed, stats.rejected.replayed);
    EXPECT_EQ(reply->rejected.unsolicited, stats.rejected.unsolicited);
    EXPECT_FALSE(reply->forgot);
    collected += reply->trace;
    if (collected.size() == reply->total) return collected;
    EXPECT_FALSE(reply->trace.empty());
  }
}

TEST(Control, StatsRoundTripInChunks) {
  sim::HostStats stats;
  stats.malformedFrames = 3;
  stats.rejected = {4, 5, 6};
  stats.operations = {{6, 11}, {7, 5'000'000'000ull}};
  for (int i = 0; i < 100; ++i) stats.actuatorWrites.push_back({7, "valve", i});
  const std::string trace = traceText(stats.actuatorWrites);
  EXPECT_EQ(decodeStatsReply(encodeStatsReply(StatsRequest{7, 42, 0, false}, trace, stats, kGeneration))->operations,
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

  const std::string trace = R"([{"node":1,"actuator":"led","value":true}])";
  auto reply = encodeStatsReply(StatsRequest{1, 2, 0, false}, trace, sim::HostStats{}, 5);
  ASSERT_TRUE(decodeStatsReply(reply));
  reply.push_back(']');
  EXPECT_FALSE(decodeStatsReply(reply)) << "more bytes than the trace has";
  EXPECT_FALSE(parseTrace(trace.substr(0, trace.size() - 1))) << "the JSON is broken";
  EXPECT_FALSE(parseTrace(R"([{"node": 1}])")) << "not writes";
  EXPECT_FALSE(parseTrace(R"({"node": 1})")) << "not an array";
}

using test::loopback::freePort;
using test::loopback::loopback;

// A network of the base and mote 1 on loopback ports.
sim::Network oneMote(int basePort, int motePort) {
  return sim::Network::parse(fmt::format(
      R"({{"base": {{"position": [0, 0], "address": "{}"}},
          "motes": [{{"id": 1, "position": [0, 0], "address": "{}"}}]}})",
      loopback(basePort), loopback(motePort)));
}

// The base and mote 1 on free loopback ports, with a network key of bytes `fill`.
struct KeyedPair {
  explicit KeyedPair(std::uint8_t fill) { key.bytes.fill(fill); }
  wire::NetworkKey key;
  int basePort = freePort();
  int motePort = freePort();
  sim::Network network = oneMote(basePort, motePort);
};

// With a network key, the base's control messages must carry a valid tag, and a forget works only
// with the generation the mote's last replies carried: forged ones and a recorded forget sent
// again in a later run erase nothing, and are counted.
TEST(Control, AKeyedMoteForgetsOnlyWhatAnAuthenticFreshForgetNames) {
  const KeyedPair pair(7);
  const auto& [key, basePort, motePort, network] = pair;
  transport::UdpMote mote(network, 1, key);
  Socket base(resolve(loopback(basePort), "the base"));
  const Endpoint moteAddress = resolve(loopback(motePort), "mote 1");
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
  EXPECT_EQ(reply->total, reply->trace.size()) << "a short trace comes whole";
  const auto writes = parseTrace(reply->trace);
  ASSERT_TRUE(writes);
  EXPECT_EQ(writes->size(), 1u);
  EXPECT_EQ(reply->rejected.forged, 1u);
  EXPECT_EQ(reply->rejected.replayed, 1u);
}

// The base's side: with a network key, a STATS reply without a valid tag is dropped and counted as
// forged, and changes nothing in what the base collects.
TEST(Control, AKeyedBaseTakesOnlySealedStats) {
  const KeyedPair pair(9);
  const auto& [key, basePort, motePort, network] = pair;
  transport::UdpBase base(network, key);
  std::thread mote([&] {
    Socket socket(resolve(loopback(motePort), "mote 1"));
    const Endpoint baseAddress = resolve(loopback(basePort), "the base");
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
      socket.sendTo(baseAddress, encodeStatsReply(*request, traceText(forged.actuatorWrites), forged, 7));
      socket.sendTo(baseAddress, transport::sealedControl(
                                     encodeStatsReply(*request, traceText(stats.actuatorWrites), stats, 7), key));
      ++answered;
    }
  });
  const sim::HostStats collected = base.collectStats(Clock::now() + std::chrono::seconds(5), {});
  mote.join();
  ASSERT_EQ(collected.actuatorWrites.size(), 1u);
  EXPECT_EQ(collected.actuatorWrites[0].value, 1);
  EXPECT_EQ(base.rejected().forged, 2u) << "the forged reply to the request and to the forget";
}

// The runtime's control messages (edgecut/runtime/control.hpp), which run a mote's periodic tasks:
// with a network key each side takes only those with a valid tag, as for the stats. A RUN_TASK
// without one, or with a byte changed under it, never reaches the mote host, and is counted as
// forged; the base counts forged TASK_DONEs the same way.
TEST(Control, KeyedSidesTakeOnlySealedRuntimeControlMessages) {
  const KeyedPair pair(5);
  const auto& [key, basePort, motePort, network] = pair;
  transport::UdpMote mote(network, 1, key);
  transport::UdpBase base(network, key);
  const std::vector<std::uint8_t> message{0x89, 0x02, 0x07, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x60};  // a RUN_TASK
  const std::vector<std::uint8_t> unsealed = wrapRuntimeControl(message);
  std::vector<std::uint8_t> tampered = transport::sealedControl(unsealed, key);
  tampered[2] ^= 1;
  std::vector<std::uint8_t> bytes;
  auto soon = [] { return Clock::now() + std::chrono::milliseconds(300); };

  Socket attacker(resolve(loopback(freePort()), "the attacker"));
  for (const auto& datagram : {unsealed, tampered}) {
    attacker.sendTo(resolve(loopback(motePort), "mote 1"), datagram);
    attacker.sendTo(resolve(loopback(basePort), "the base"), datagram);
  }
  ASSERT_TRUE(base.sendControl(1, message));
  EXPECT_EQ(mote.next(bytes, soon()), Transport::Event::control) << "past the two forged ones";
  EXPECT_EQ(bytes, message) << "the message as the base sent it, without its envelope";
  ASSERT_TRUE(mote.sendControl(0, message));
  EXPECT_EQ(base.next(bytes, soon()), Transport::Event::control);
  EXPECT_EQ(bytes, message);
  EXPECT_EQ(base.rejected().forged, 2u);
  EXPECT_EQ(mote.next(bytes, Clock::now() + std::chrono::milliseconds(50)), Transport::Event::timeout);

  // The mote reports its count with its stats.
  attacker.sendTo(resolve(loopback(motePort), "mote 1"), transport::sealedControl(encode(StatsRequest{1, 1}), key));
  ASSERT_EQ(mote.next(bytes, soon()), Transport::Event::stats);
  sim::HostStats stats;
  mote.reportStats(stats);
  EXPECT_EQ(stats.rejected.forged, 2u);
}

}  // namespace udp_test_cpp
}  // namespace
}  // namespace edgecut::udp
