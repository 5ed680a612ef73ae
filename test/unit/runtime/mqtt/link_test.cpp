// The MQTT link: topic naming, settings, and behaviour against a real mosquitto (statuses, last
// will, holding frames, hostile payloads, reconnecting after a broker restart).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/frame.hpp"
#include "transport/mqtt/link.hpp"
#include "test_broker.hpp"

namespace edgecut::mqtt {
namespace {

using test::TestBroker;
using namespace std::chrono_literals;

std::span<const std::uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string text(const std::vector<std::uint8_t>& payload) { return std::string(payload.begin(), payload.end()); }

std::string errorOf(auto&& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

Settings settingsFor(const TestBroker& broker, std::string network = "net") {
  Settings settings;
  settings.broker = parseBroker(broker.address());
  settings.network = std::move(network);
  settings.connectTimeout = 3s;
  settings.holdTime = 3s;
  settings.keepAliveSeconds = 5;
  return settings;
}

// ---- names ----

TEST(MqttTopics, OneTopicPerNodeAndChannel) {
  EXPECT_EQ(topic("soil", 3, Channel::in), "edgecut/soil/3/in");
  EXPECT_EQ(topic("soil", 0, Channel::status), "edgecut/soil/0/status");
  EXPECT_EQ(topic("soil", 12, Channel::control), "edgecut/soil/12/control");
  EXPECT_EQ(topic("soil", 4294967295u, Channel::stats), "edgecut/soil/4294967295/stats");
  EXPECT_EQ(topicForEveryNode("soil", Channel::status), "edgecut/soil/+/status");
}

TEST(MqttTopics, ParsesOnlyItsOwnNetworksTopics) {
  for (const Channel channel : {Channel::in, Channel::status, Channel::control, Channel::stats}) {
    const auto address = parseTopic("soil", topic("soil", 7, channel));
    ASSERT_TRUE(address);
    EXPECT_EQ(address->node, 7u);
    EXPECT_EQ(address->channel, channel);
  }
  for (const char* other : {"edgecut/other/3/in", "edgecut/soil/03/in", "edgecut/soil//in", "edgecut/soil/3/out",
                            "edgecut/soil/3/in/more", "edgecut/soil/-3/in", "edgecut/soil/4294967296/in",
                            "edgecut/soil/3", "edgecut/soilx/3/in", "other/soil/3/in"}) {
    EXPECT_FALSE(parseTopic("soil", other)) << other;
  }
}

TEST(MqttSettings, BrokerAddresses) {
  EXPECT_EQ(parseBroker("localhost").text(), "localhost:1883");
  EXPECT_EQ(parseBroker("10.0.0.5:8883").text(), "10.0.0.5:8883");
  EXPECT_EQ(parseBroker("[::1]:1884").host, "::1");
  EXPECT_EQ(parseBroker("[::1]:1884").text(), "[::1]:1884");
  EXPECT_EQ(errorOf([] { parseBroker("host:0"); }), "the broker port \"0\" is not a number from 1 to 65535");
  EXPECT_EQ(errorOf([] { parseBroker("host:http"); }), "the broker port \"http\" is not a number from 1 to 65535");
  EXPECT_EQ(errorOf([] { parseBroker("host:"); }), "the broker address \"host:\" has no port after ':'");
  EXPECT_EQ(errorOf([] { parseBroker(":1883"); }), "the broker address \":1883\" has no host; write HOST:PORT");
  EXPECT_EQ(errorOf([] { parseBroker("::1"); }),
            "the broker address \"::1\" looks like an IPv6 address; write it as [ADDRESS]:PORT");
  EXPECT_EQ(errorOf([] { parseBroker("[::1"); }),
            "the broker address \"[::1\" opens '[' but does not close it; write [ADDRESS]:PORT");
}

TEST(MqttSettings, NetworkNames) {
  EXPECT_EQ(defaultNetworkName("samples/soil/soil.cpp"), "soil");
  EXPECT_EQ(defaultNetworkName("my prog+1.cc"), "my_prog_1");
  EXPECT_EQ(defaultNetworkName(""), "edgecut");
  EXPECT_EQ(defaultNetworkName("/a/meters/main.cpp, /a/meters/store.cpp"), "main");
  EXPECT_EQ(errorOf([] { checkNetworkName("soil-2.b_c"); }), "(no error)");
  EXPECT_EQ(errorOf([] { checkNetworkName("a/b"); }),
            "the MQTT network name \"a/b\" contains '/'; use letters, digits, '.', '_' and '-'");
  EXPECT_EQ(errorOf([] { checkNetworkName("#"); }),
            "the MQTT network name \"#\" contains '#'; use letters, digits, '.', '_' and '-'");
  EXPECT_EQ(errorOf([] { checkNetworkName(""); }), "the MQTT network name \"\" must have 1 to 64 characters");
}

TEST(MqttSettings, PskKeyFile) {
  test::TempDir dir;
  test::writeFile(dir.file("good"), "00112233aabbCCDD\n");
  EXPECT_EQ(readPskKeyFile(dir.file("good")), "00112233aabbCCDD");
  test::writeFile(dir.file("bad"), "secret\n");
  EXPECT_EQ(errorOf([&] { readPskKeyFile(dir.file("bad")); }),
            "the PSK key file " + dir.file("bad") +
                " holds 's'; it holds only the key, as hexadecimal digits (as in the broker's psk_file)");
  test::writeFile(dir.file("empty"), "\n");
  EXPECT_EQ(errorOf([&] { readPskKeyFile(dir.file("empty")); }),
            "the PSK key file " + dir.file("empty") + " is empty; it holds the key as hexadecimal digits");
  EXPECT_EQ(errorOf([&] { readPskKeyFile(dir.file("missing")); }), "cannot read the PSK key file " + dir.file("missing"));
}

// ---- against a broker ----

TEST(MqttBroker, NoBrokerIsAnErrorWithinTheConnectTimeout) {
  Settings settings;
  settings.broker = parseBroker("127.0.0.1:" + std::to_string(test::freePort()));
  settings.network = "net";
  settings.connectTimeout = 1500ms;
  const auto start = Clock::now();
  const std::string error = errorOf([&] { Link link(settings, 1, {Channel::in}); });
  const auto took = Clock::now() - start;
  EXPECT_EQ(error, "cannot connect to the MQTT broker " + settings.broker.text() +
                       " within 1500 ms (Connection refused); start a broker there, or name another with "
                       "--broker HOST:PORT");
  EXPECT_GE(took, 1500ms);
  EXPECT_LT(took, 4s);  // the deadline, plus stopping the client thread
}

TEST(MqttBroker, FramesGoToTheDestinationsTopic) {
  TestBroker broker;
  Link mote(settingsFor(broker), 1, {Channel::in});
  Link base(settingsFor(broker), 0, {Channel::in});
  // A spy subscribed to every node's frames sees which topic each one went to.
  Link spy(settingsFor(broker), 99, {}, {Channel::in});
  ASSERT_TRUE(base.publish(1, Channel::in, bytes("to mote 1")));
  Message message;
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "to mote 1");
  EXPECT_EQ(message.address.node, 1u);
  EXPECT_EQ(message.address.channel, Channel::in);
  ASSERT_TRUE(mote.publish(0, Channel::in, bytes("to the base")));
  ASSERT_EQ(base.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "to the base");

  ASSERT_EQ(spy.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(message.address.node, 1u);
  EXPECT_EQ(text(message.payload), "to mote 1");
  ASSERT_EQ(spy.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(message.address.node, 0u);
  EXPECT_EQ(text(message.payload), "to the base");
  // Nothing else: a node gets only its own topic.
  EXPECT_EQ(mote.next(message, Clock::now() + 200ms), Link::Wait::timeout);
}

TEST(MqttBroker, OnlineWhileConnectedOfflineAfterACleanExit) {
  TestBroker broker;
  Link observer(settingsFor(broker), 0, {});
  {
    Link mote(settingsFor(broker), 4, {Channel::in});
    EXPECT_TRUE(observer.waitForStatus(4, true, Clock::now() + 3s));
  }
  EXPECT_TRUE(observer.waitForStatus(4, false, Clock::now() + 3s));
  // The status is retained: a node that connects later learns it at once. Retained statuses on
  // different topics arrive in no set order, so it waits for each.
  Link late(settingsFor(broker), 5, {});
  EXPECT_TRUE(late.waitForStatus(4, false, Clock::now() + 3s));
  EXPECT_TRUE(late.waitForStatus(0, true, Clock::now() + 3s));
  EXPECT_EQ(late.online(4), false);
  EXPECT_EQ(late.online(0), true);
}

TEST(MqttBroker, FramesWaitForTheirDestinationToComeOnline) {
  TestBroker broker;
  Link base(settingsFor(broker), 0, {Channel::in});
  ASSERT_TRUE(base.publish(2, Channel::in, bytes("first")));
  ASSERT_TRUE(base.publish(2, Channel::in, bytes("second")));
  Link mote(settingsFor(broker), 2, {Channel::in});
  Message message;
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "first");
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "second");
}

TEST(MqttBroker, HeldFramesExpireAfterTheHoldTime) {
  TestBroker broker;
  Settings settings = settingsFor(broker);
  settings.holdTime = 200ms;
  Link base(settings, 0, {Channel::in});
  ASSERT_TRUE(base.publish(2, Channel::in, bytes("stale")));
  std::this_thread::sleep_for(400ms);
  Link mote(settingsFor(broker), 2, {Channel::in});
  ASSERT_TRUE(base.publish(2, Channel::in, bytes("fresh")));
  Message message;
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "fresh");
}

TEST(MqttBroker, HostilePayloadsAreDroppedAndCounted) {
  TestBroker broker;
  Link mote(settingsFor(broker), 1, {Channel::in});
  Link attacker(settingsFor(broker), 2, {});
  ASSERT_TRUE(attacker.waitForStatus(1, true, Clock::now() + 3s));
  // A status that is neither "online" nor "offline", and a payload larger than any sealed frame;
  // the largest sealed frame (a frame of kMaxFrameBytes and its envelope, auth.hpp) goes through.
  ASSERT_TRUE(attacker.publishAndWait(1, Channel::status, bytes("maybe"), Clock::now() + 3s));
  const std::vector<std::uint8_t> huge(wire::kMaxSealedFrameBytes + 1, 0x41);
  ASSERT_TRUE(attacker.publishAndWait(1, Channel::in, huge, Clock::now() + 3s));
  const std::vector<std::uint8_t> largest(wire::kMaxSealedFrameBytes, 0x42);
  ASSERT_TRUE(attacker.publishAndWait(1, Channel::in, largest, Clock::now() + 3s));
  ASSERT_TRUE(attacker.publishAndWait(1, Channel::in, bytes("after"), Clock::now() + 3s));
  Message message;
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(message.payload, largest);
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "after");
  EXPECT_EQ(mote.dropped(), 2u);
  EXPECT_EQ(mote.online(1), true);  // the bogus status changed nothing
}

TEST(MqttBroker, ReconnectsAfterTheBrokerRestarts) {
  TestBroker broker;
  Link base(settingsFor(broker), 0, {Channel::in});
  Link mote(settingsFor(broker), 1, {Channel::in});
  ASSERT_TRUE(base.waitForStatus(1, true, Clock::now() + 3s));

  broker.stop();
  Message message;
  // Within the connect timeout a lost broker is just a timeout; beyond it, the caller hears why.
  EXPECT_EQ(base.next(message, Clock::now() + 100ms), Link::Wait::timeout);
  EXPECT_FALSE(base.connected());
  EXPECT_EQ(base.next(message, Clock::now() + 3500ms), Link::Wait::brokerLost);
  EXPECT_NE(base.lostReason(), "no answer");  // the system's reason, e.g. "Broken pipe"

  // Sent while the broker is away: held, and published once both ends are back.
  ASSERT_TRUE(base.publish(1, Channel::in, bytes("while away")));
  broker.start();
  ASSERT_EQ(mote.next(message, Clock::now() + 10s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "while away");
  EXPECT_TRUE(base.connected());
  EXPECT_EQ(base.reconnects(), 1u);
  EXPECT_EQ(mote.reconnects(), 1u);
  // Both said "online" again (the broker kept nothing: persistence is off).
  EXPECT_EQ(base.online(1), true);
  EXPECT_EQ(mote.online(0), true);
  ASSERT_TRUE(mote.publish(0, Channel::in, bytes("back")));
  ASSERT_EQ(base.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "back");
}

TEST(MqttBroker, ClosesPromptlyWhileTheBrokerIsAway) {
  TestBroker broker;
  auto link = std::make_unique<Link>(settingsFor(broker), 1, std::vector<Channel>{Channel::in});
  broker.stop();
  std::this_thread::sleep_for(300ms);  // the client thread is between reconnect attempts now
  const auto start = Clock::now();
  link.reset();
  EXPECT_LT(Clock::now() - start, 1500ms);
}

// ---- TLS-PSK to the broker ----

constexpr const char* kPskConfig = "psk_hint edgecut\npsk_file @DIR@/psk\nuse_identity_as_username true\n";

TEST(MqttTlsPsk, ConnectsWithTheRightKey) {
  TestBroker broker(kPskConfig, {{"psk", "mote-1:00112233445566778899aabbccddeeff\nbase:ffeeddccbbaa99887766554433221100\n"}});
  Settings moteSettings = settingsFor(broker);
  moteSettings.psk = Psk{"mote-1", "00112233445566778899aabbccddeeff"};
  Settings baseSettings = settingsFor(broker);
  baseSettings.psk = Psk{"base", "ffeeddccbbaa99887766554433221100"};
  Link mote(moteSettings, 1, {Channel::in});
  Link base(baseSettings, 0, {Channel::in});
  ASSERT_TRUE(base.publish(1, Channel::in, bytes("over TLS")));
  Message message;
  ASSERT_EQ(mote.next(message, Clock::now() + 3s), Link::Wait::message);
  EXPECT_EQ(text(message.payload), "over TLS");
}

TEST(MqttTlsPsk, AWrongKeyOrNoKeyFailsClearly) {
  TestBroker broker(kPskConfig, {{"psk", "mote-1:00112233445566778899aabbccddeeff\n"}});
  Settings settings = settingsFor(broker);
  settings.connectTimeout = 1500ms;
  settings.psk = Psk{"mote-1", "0badc0de0badc0de0badc0de0badc0de"};
  const std::string start = "cannot connect to the MQTT broker " + settings.broker.text() + " within 1500 ms (";
  // OpenSSL's words for the alert vary with its version; what to do does not.
  const std::string wrongKey = errorOf([&] { Link link(settings, 1, {Channel::in}); });
  EXPECT_TRUE(wrongKey.starts_with(start)) << wrongKey;
  EXPECT_NE(wrongKey.find("OpenSSL Error["), std::string::npos) << wrongKey;
  EXPECT_TRUE(wrongKey.ends_with("); the TLS-PSK handshake failed: check --psk-identity and the key in --psk-file "
                                 "against the broker's psk_file"))
      << wrongKey;
  settings.psk.reset();
  const std::string noKey = errorOf([&] { Link link(settings, 1, {Channel::in}); });
  EXPECT_EQ(noKey, start + "The connection was lost.); the broker closed the connection: if its listener uses "
                           "TLS-PSK, give --psk-identity ID and --psk-file FILE");
}

}  // namespace
}  // namespace edgecut::mqtt
