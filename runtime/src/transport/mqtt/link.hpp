// The MQTT link that the base's and the motes' mqtt transports share (libmosquitto).
//
// Every node (the base is node 0) is one MQTT client. Topics, for a network named NET:
//
//   edgecut/NET/N/in        frames for node N, as published by any node (QoS 1)
//   edgecut/NET/N/status    "online" (retained, once N's subscriptions are acknowledged) or
//                           "offline" (retained; N's last will, so a crash or a lost connection
//                           says it too)
//   edgecut/NET/N/control   the base's requests to mote N at the end of a run (control.hpp); and
//                           the runtime's control messages (edgecut/runtime/control.hpp): the
//                           base's to mote N, the motes' to the base (N = 0), which carry the
//                           mote's id
//   edgecut/NET/N/stats     mote N's answers: its HostStats since it last forgot them
//
// NET names one deployment on a broker (several can share one); by default it is the program's
// name. Sessions are clean: every (re)connect subscribes again and says "online" again, and what
// was published to a node while it was away is lost (the caller times out) rather than delivered
// late, which could move an actuator long after the caller gave up. Frames for a node that is not
// online, or sent while the link itself is down, are held and published when both are up, until
// the hold time passes.
#ifndef EDGECUT_RUNTIME_TRANSPORT_MQTT_LINK_HPP
#define EDGECUT_RUNTIME_TRANSPORT_MQTT_LINK_HPP

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/edgecut.hpp"

struct mosquitto;
struct mosquitto_message;

namespace edgecut::mqtt {

using Clock = std::chrono::steady_clock;

// The link could not be set up, or a setting is invalid. The text says how to fix it.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::uint16_t kDefaultPort = 1883;

struct Broker {
  std::string host;
  std::uint16_t port = kDefaultPort;
  std::string text() const;  // "host:port", "[::1]:port"
};

// "host", "host:port", "[v6-address]:port". Throws Error naming the problem.
Broker parseBroker(std::string_view text);

// A pre-shared key for TLS-PSK to the broker.
struct Psk {
  std::string identity;
  std::string keyHex;  // what mosquitto_tls_psk_set takes, and the broker's psk_file holds
};

// Reads a key file: one line of hexadecimal digits (the key itself never appears on a command line).
// Throws Error naming the file and the problem.
std::string readPskKeyFile(const std::string& path);

// Throws Error if `name` cannot be the NET of the topics: it must be 1..64 characters of
// [A-Za-z0-9._-] (no '/', '+' or '#', which MQTT gives a meaning).
void checkNetworkName(std::string_view name);

// The default NET for a program: its file name without directories and extension, with any
// character outside [A-Za-z0-9._-] replaced by '_' ("samples/soil/soil.cpp" -> "soil"); for a
// program of several files, its first ("a/main.cpp, a/store.cpp" -> "main").
std::string defaultNetworkName(std::string_view programFile);

struct Settings {
  Broker broker;
  std::string network;      // NET; see checkNetworkName
  std::optional<Psk> psk;   // TLS-PSK to the broker when set
  // How long the first connection may take, and how long a lost broker may stay away before a
  // caller waiting on the link hears about it.
  std::chrono::milliseconds connectTimeout{5000};
  // How long a frame waits for its destination to be online (and the link to be up).
  std::chrono::milliseconds holdTime{5000};
  int keepAliveSeconds = 10;  // libmosquitto's minimum is 5
};

enum class Channel { in, status, control, stats };
const char* channelName(Channel channel);

// "edgecut/NET/N/CHANNEL"; "edgecut/NET/+/CHANNEL" for every node.
std::string topic(std::string_view network, NodeId node, Channel channel);
std::string topicForEveryNode(std::string_view network, Channel channel);

struct Address {
  NodeId node;
  Channel channel;
};
// The node and channel of a topic of `network`; nothing for any other topic.
std::optional<Address> parseTopic(std::string_view network, std::string_view topic);

inline constexpr std::string_view kOnline = "online";
inline constexpr std::string_view kOffline = "offline";

struct Message {
  Address address;
  std::vector<std::uint8_t> payload;
};

class Link {
 public:
  // Connects as node `self` and subscribes to `channels` (of `self`) and to every node's status
  // (and to `everyNode` channels of every node); returns once the broker acknowledged them and
  // `self` is online. Throws Error, naming the broker and why, if that does not happen within
  // settings.connectTimeout.
  Link(Settings settings, NodeId self, std::vector<Channel> channels, std::vector<Channel> everyNode = {});
  // Says "offline" and disconnects (waits briefly for the broker to take it).
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  const Settings& settings() const { return settings_; }
  NodeId self() const { return self_; }
  // "the MQTT broker 127.0.0.1:1883 (network soil)"
  std::string describe() const;

  // Publishes with QoS 1; held (see above) if the link is down or `node` is not online. False if
  // the payload can never be published (too large for MQTT).
  bool publish(NodeId node, Channel channel, std::span<const std::uint8_t> payload);
  // Publishes to `node`'s `channel` once `reader` (default: `node`) is online, and waits until the
  // broker acknowledged it (QoS 1 PUBACK); false at the deadline.
  bool publishAndWait(NodeId node, Channel channel, std::span<const std::uint8_t> payload,
                      Clock::time_point deadline, std::optional<NodeId> reader = std::nullopt);

  enum class Wait { message, timeout, brokerLost };
  // The next message of a subscribed channel (statuses are kept, not returned), until `deadline`
  // (forever if none). brokerLost: the deadline passed while the link was down and had been down
  // longer than settings.connectTimeout; lostReason() says why.
  Wait next(Message& message, std::optional<Clock::time_point> deadline);

  // What the broker last said about `node`'s status (retained "online"/"offline"); nothing if it
  // has not said anything.
  std::optional<bool> online(NodeId node) const;
  std::vector<NodeId> onlineNodes() const;
  // Waits until `node`'s status is `wanted`; false at the deadline.
  bool waitForStatus(NodeId node, bool wanted, Clock::time_point deadline);

  bool connected() const;
  // Why the link is (or was last) down: libmosquitto's reason, and its latest error log line.
  std::string lostReason() const;
  // Payloads on our channels that could not be ours (wrong topic shape, oversized) are dropped
  // and counted here.
  std::uint64_t dropped() const;
  // How many times the link came back after losing the broker.
  std::uint64_t reconnects() const;

 private:
  struct Held {
    NodeId node;
    Channel channel;
    std::vector<std::uint8_t> payload;
    Clock::time_point until;
  };
  static void onConnect(mosquitto* client, void* self, int rc);
  static void onDisconnect(mosquitto* client, void* self, int rc);
  static void onSubscribe(mosquitto* client, void* self, int mid, int count, const int* granted);
  static void onMessage(mosquitto* client, void* self, const mosquitto_message* message);
  static void onPublish(mosquitto* client, void* self, int mid);
  static void onLog(mosquitto* client, void* self, int level, const char* text);

  // With mutex_ held:
  bool sendable(NodeId node) const;
  int publishNow(const std::string& topic, std::span<const std::uint8_t> payload, bool retain, int* mid);
  void flushHeld();

  Settings settings_;
  NodeId self_;
  std::vector<std::string> subscriptions_;
  mosquitto* client_ = nullptr;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool connected_ = false;
  bool subscribed_ = false;   // this connection's subscriptions are acknowledged, "online" said
  bool everConnected_ = false;
  int pendingSubscriptions_ = 0;
  std::optional<std::string> refused_;  // the broker refused the connection (CONNACK)
  std::string lastError_;               // the latest reason the link is down, for messages
  Clock::time_point downSince_ = Clock::now();
  std::deque<Message> inbox_;
  std::vector<Held> held_;
  std::map<NodeId, bool> status_;
  std::map<int, bool> acknowledged_;  // mids of publishAndWait, true once PUBACKed
  std::uint64_t dropped_ = 0;
  std::uint64_t reconnects_ = 0;

  mutable std::mutex logMutex_;  // never held while taking mutex_
  std::string lastLogError_;     // libmosquitto's latest error log line (a TLS failure, …)
};

}  // namespace edgecut::mqtt

#endif  // EDGECUT_RUNTIME_TRANSPORT_MQTT_LINK_HPP
