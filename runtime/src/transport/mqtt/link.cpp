#include "link.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <mosquitto.h>

#include "edgecut/runtime/auth.hpp"

namespace edgecut::mqtt {

namespace {

constexpr std::string_view kTopicRoot = "edgecut";
// Stats carry the actuator trace of a long run; anything larger than this on our channels is not
// ours. Frames are bounded by wire::kMaxSealedFrameBytes (a sealed frame is longer than a plain one).
constexpr std::size_t kMaxControlBytes = 16u * 1024 * 1024;
constexpr int kQos = 1;

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

std::span<const std::uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// What to do about a failure to connect, judged by its reason.
std::string howToFix(const std::string& why, bool psk) {
  if (why.find("OpenSSL") != std::string::npos || why.find("TLS") != std::string::npos) {
    return psk ? "the TLS-PSK handshake failed: check --psk-identity and the key in --psk-file against the "
                 "broker's psk_file"
               : "the broker's TLS failed";
  }
  if (why.find("refused the connection") != std::string::npos) return "check the broker's access settings";
  if (why.find("connection was lost") != std::string::npos && !psk) {
    return "the broker closed the connection: if its listener uses TLS-PSK, give --psk-identity ID and "
           "--psk-file FILE";
  }
  return "start a broker there, or name another with --broker HOST:PORT";
}

void initLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

// ---- settings and topics ----

std::string Broker::text() const {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

Broker parseBroker(std::string_view text) {
  Broker broker;
  std::string_view portText;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      throw Error(fmt::format("the broker address \"{}\" opens '[' but does not close it; write [ADDRESS]:PORT", text));
    }
    broker.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        throw Error(fmt::format("the broker address \"{}\" has \"{}\" after ']'; write [ADDRESS]:PORT", text, rest));
      }
      portText = rest.substr(1);
      if (portText.empty()) throw Error(fmt::format("the broker address \"{}\" has no port after ':'", text));
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) {
      throw Error(fmt::format("the broker address \"{}\" looks like an IPv6 address; write it as [ADDRESS]:PORT", text));
    }
    broker.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      portText = text.substr(colon + 1);
      if (portText.empty()) throw Error(fmt::format("the broker address \"{}\" has no port after ':'", text));
    }
  }
  if (broker.host.empty()) throw Error(fmt::format("the broker address \"{}\" has no host; write HOST:PORT", text));
  if (!portText.empty()) {
    unsigned port = 0;
    const auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (error != std::errc() || end != portText.data() + portText.size() || port == 0 || port > 65535) {
      throw Error(fmt::format("the broker port \"{}\" is not a number from 1 to 65535", portText));
    }
    broker.port = static_cast<std::uint16_t>(port);
  }
  return broker;
}

std::string readPskKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("cannot read the PSK key file {}", path));
  std::stringstream content;
  content << in.rdbuf();
  std::string key = content.str();
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
  if (key.empty()) throw Error(fmt::format("the PSK key file {} is empty; it holds the key as hexadecimal digits", path));
  for (const char c : key) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      throw Error(fmt::format("the PSK key file {} holds '{}'; it holds only the key, as hexadecimal digits "
                              "(as in the broker's psk_file)",
                              path, c));
    }
  }
  return key;
}

void checkNetworkName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    throw Error(fmt::format("the MQTT network name \"{}\" must have 1 to 64 characters", name));
  }
  for (const char c : name) {
    if (!isNameChar(c)) {
      throw Error(fmt::format("the MQTT network name \"{}\" contains '{}'; use letters, digits, '.', '_' and '-'",
                              name, c));
    }
  }
}

std::string defaultNetworkName(std::string_view programFile) {
  // A program of several files lists them ("a/main.cpp, a/store.cpp"): the first names it.
  std::string_view name = programFile.substr(0, programFile.find(", "));
  if (const auto slash = name.find_last_of('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  if (const auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  std::string result(name.substr(0, 64));
  for (char& c : result) {
    if (!isNameChar(c)) c = '_';
  }
  return result.empty() ? std::string("edgecut") : result;
}

const char* channelName(Channel channel) {
  switch (channel) {
    case Channel::in:
      return "in";
    case Channel::status:
      return "status";
    case Channel::control:
      return "control";
    case Channel::stats:
      return "stats";
  }
  return "?";
}

std::string topic(std::string_view network, NodeId node, Channel channel) {
  return fmt::format("{}/{}/{}/{}", kTopicRoot, network, node, channelName(channel));
}

std::string topicForEveryNode(std::string_view network, Channel channel) {
  return fmt::format("{}/{}/+/{}", kTopicRoot, network, channelName(channel));
}

std::optional<Address> parseTopic(std::string_view network, std::string_view text) {
  const std::string prefix = fmt::format("{}/{}/", kTopicRoot, network);
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const std::string_view nodeText = text.substr(0, slash);
  const std::string_view channelText = text.substr(slash + 1);
  NodeId node = 0;
  const auto [end, error] = std::from_chars(nodeText.data(), nodeText.data() + nodeText.size(), node);
  // One spelling per node: no leading zeros, so "03" is not node 3.
  if (error != std::errc() || end != nodeText.data() + nodeText.size() || (nodeText.size() > 1 && nodeText[0] == '0')) {
    return std::nullopt;
  }
  for (const Channel channel : {Channel::in, Channel::status, Channel::control, Channel::stats}) {
    if (channelText == channelName(channel)) return Address{node, channel};
  }
  return std::nullopt;
}

// ---- Link ----

Link::Link(Settings settings, NodeId self, std::vector<Channel> channels, std::vector<Channel> everyNode)
    : settings_(std::move(settings)), self_(self) {
  checkNetworkName(settings_.network);
  initLibrary();
  for (const Channel channel : channels) subscriptions_.push_back(topic(settings_.network, self_, channel));
  subscriptions_.push_back(topicForEveryNode(settings_.network, Channel::status));
  for (const Channel channel : everyNode) subscriptions_.push_back(topicForEveryNode(settings_.network, channel));

  // The pid keeps two processes that claim the same node from taking over each other's session.
  const std::string clientId = fmt::format("edgecut-{}-{}-{}", settings_.network, self_, ::getpid());
  client_ = mosquitto_new(clientId.c_str(), /*clean_session=*/true, this);
  if (client_ == nullptr) throw Error("cannot create an MQTT client (out of memory)");
  auto fail = [&](const std::string& why) {
    mosquitto_loop_stop(client_, true);
    mosquitto_destroy(client_);
    client_ = nullptr;
    throw Error(why);
  };

  const std::string statusTopic = topic(settings_.network, self_, Channel::status);
  mosquitto_will_set(client_, statusTopic.c_str(), static_cast<int>(kOffline.size()), kOffline.data(), kQos, true);
  if (settings_.psk) {
    const int rc = mosquitto_tls_psk_set(client_, settings_.psk->keyHex.c_str(), settings_.psk->identity.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) fail(fmt::format("cannot use TLS-PSK with the MQTT broker: {}", mosquitto_strerror(rc)));
  }
  mosquitto_connect_callback_set(client_, &Link::onConnect);
  mosquitto_disconnect_callback_set(client_, &Link::onDisconnect);
  mosquitto_subscribe_callback_set(client_, &Link::onSubscribe);
  mosquitto_message_callback_set(client_, &Link::onMessage);
  mosquitto_publish_callback_set(client_, &Link::onPublish);
  mosquitto_log_callback_set(client_, &Link::onLog);
  // Every frame is a small request or reply that someone waits for: no Nagle delay.
  mosquitto_int_option(client_, MOSQ_OPT_TCP_NODELAY, 1);
  // Quick to come back after a broker restart, without hammering a broker that stays away.
  mosquitto_reconnect_delay_set(client_, 1, 2, false);

  // The client's thread takes no signals: they are for the program (a mote's SIGTERM).
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  int rc = mosquitto_loop_start(client_);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (rc != MOSQ_ERR_SUCCESS) fail(fmt::format("cannot start the MQTT client's thread: {}", mosquitto_strerror(rc)));
  rc = mosquitto_connect_async(client_, settings_.broker.host.c_str(), settings_.broker.port, settings_.keepAliveSeconds);
  if (rc != MOSQ_ERR_SUCCESS) {
    // The client thread retries; what went wrong the first time explains a failure to connect.
    std::lock_guard lock(mutex_);
    lastError_ = rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquitto_strerror(rc);
  }

  const Clock::time_point deadline = Clock::now() + settings_.connectTimeout;
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return subscribed_ || refused_.has_value(); });
  if (subscribed_) return;
  const std::optional<std::string> refused = refused_;
  lock.unlock();
  const std::string why = refused ? fmt::format("the broker refused the connection: {}", *refused) : lostReason();
  fail(fmt::format("cannot connect to the MQTT broker {} within {} ms ({}); {}", settings_.broker.text(),
                   settings_.connectTimeout.count(), why, howToFix(why, settings_.psk.has_value())));
}

Link::~Link() {
  if (client_ == nullptr) return;
  {
    // A clean exit says "offline" itself: the broker sends the last will only when a connection
    // is lost.
    std::unique_lock lock(mutex_);
    if (connected_) {
      int mid = 0;
      if (publishNow(topic(settings_.network, self_, Channel::status), bytesOf(kOffline), true, &mid) ==
          MOSQ_ERR_SUCCESS) {
        acknowledged_[mid] = false;
        changed_.wait_for(lock, std::chrono::seconds(1), [&] { return acknowledged_[mid] || !connected_; });
      }
    }
  }
  mosquitto_disconnect(client_);
  mosquitto_loop_stop(client_, false);
  mosquitto_destroy(client_);
}

std::string Link::describe() const {
  return fmt::format("the MQTT broker {} (network {})", settings_.broker.text(), settings_.network);
}

bool Link::sendable(NodeId node) const {
  const auto status = status_.find(node);
  return subscribed_ && status != status_.end() && status->second;
}

int Link::publishNow(const std::string& topicName, std::span<const std::uint8_t> payload, bool retain, int* mid) {
  return mosquitto_publish(client_, mid, topicName.c_str(), static_cast<int>(payload.size()), payload.data(), kQos,
                           retain);
}

void Link::flushHeld() {
  const Clock::time_point now = Clock::now();
  std::set<NodeId> blocked;  // keeps the order of frames to one node
  std::erase_if(held_, [&](Held& held) {
    if (held.until < now) return true;
    if (blocked.count(held.node) || !sendable(held.node)) {
      blocked.insert(held.node);
      return false;
    }
    if (publishNow(topic(settings_.network, held.node, held.channel), held.payload, false, nullptr) == MOSQ_ERR_SUCCESS) {
      return true;
    }
    blocked.insert(held.node);
    return false;
  });
}

bool Link::publish(NodeId node, Channel channel, std::span<const std::uint8_t> payload) {
  if (payload.size() > kMaxControlBytes) return false;
  std::lock_guard lock(mutex_);
  flushHeld();
  const bool queued = std::any_of(held_.begin(), held_.end(), [&](const Held& h) { return h.node == node; });
  if (!queued && sendable(node)) {
    const int rc = publishNow(topic(settings_.network, node, channel), payload, false, nullptr);
    if (rc == MOSQ_ERR_SUCCESS) return true;
    if (rc == MOSQ_ERR_PAYLOAD_SIZE || rc == MOSQ_ERR_OVERSIZE_PACKET) return false;
  }
  held_.push_back({node, channel, std::vector<std::uint8_t>(payload.begin(), payload.end()),
                   Clock::now() + settings_.holdTime});
  return true;
}

bool Link::publishAndWait(NodeId node, Channel channel, std::span<const std::uint8_t> payload,
                          Clock::time_point deadline, std::optional<NodeId> reader) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!changed_.wait_until(lock, deadline, [&] { return sendable(reader.value_or(node)); })) return false;
    int mid = 0;
    if (publishNow(topic(settings_.network, node, channel), payload, false, &mid) != MOSQ_ERR_SUCCESS) {
      // The link went down between the check and the publish: wait for it to come back.
      changed_.wait_until(lock, std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
      continue;
    }
    acknowledged_[mid] = false;
    const bool acked = changed_.wait_until(lock, deadline, [&] { return acknowledged_[mid]; });
    acknowledged_.erase(mid);
    return acked;
  }
}

Link::Wait Link::next(Message& message, std::optional<Clock::time_point> deadline) {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return !inbox_.empty(); };
  if (deadline) {
    changed_.wait_until(lock, *deadline, ready);
  } else {
    changed_.wait(lock, ready);
  }
  if (!inbox_.empty()) {
    message = std::move(inbox_.front());
    inbox_.pop_front();
    return Wait::message;
  }
  if (!connected_ && Clock::now() - downSince_ >= settings_.connectTimeout) return Wait::brokerLost;
  return Wait::timeout;
}

std::optional<bool> Link::online(NodeId node) const {
  std::lock_guard lock(mutex_);
  const auto status = status_.find(node);
  if (status == status_.end()) return std::nullopt;
  return status->second;
}

std::vector<NodeId> Link::onlineNodes() const {
  std::lock_guard lock(mutex_);
  std::vector<NodeId> nodes;
  for (const auto& [node, up] : status_) {
    if (up) nodes.push_back(node);
  }
  return nodes;
}

bool Link::waitForStatus(NodeId node, bool wanted, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline, [&] {
    const auto status = status_.find(node);
    return status != status_.end() && status->second == wanted;
  });
}

bool Link::connected() const {
  std::lock_guard lock(mutex_);
  return connected_;
}

std::string Link::lostReason() const {
  std::string reason;
  {
    std::lock_guard lock(mutex_);
    reason = lastError_;
  }
  std::lock_guard lock(logMutex_);
  if (!lastLogError_.empty() && lastLogError_ != reason) {
    reason = reason.empty() ? lastLogError_ : fmt::format("{}; {}", reason, lastLogError_);
  }
  return reason.empty() ? std::string("no answer") : reason;
}

std::uint64_t Link::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

std::uint64_t Link::reconnects() const {
  std::lock_guard lock(mutex_);
  return reconnects_;
}

// ---- callbacks (libmosquitto's thread) ----

void Link::onConnect(mosquitto* client, void* self, int rc) {
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.mutex_);
  if (rc != 0) {
    link.refused_ = mosquitto_connack_string(rc);
    link.lastError_ = *link.refused_;
    link.changed_.notify_all();
    return;
  }
  link.connected_ = true;
  if (link.everConnected_) {
    ++link.reconnects_;
    std::fprintf(stderr, "edgecut: node %u: reconnected to %s\n", static_cast<unsigned>(link.self_),
                 link.describe().c_str());
  }
  link.everConnected_ = true;
  link.pendingSubscriptions_ = static_cast<int>(link.subscriptions_.size());
  for (const std::string& subscription : link.subscriptions_) {
    mosquitto_subscribe(client, nullptr, subscription.c_str(), kQos);
  }
  link.changed_.notify_all();
}

void Link::onSubscribe(mosquitto* /*client*/, void* self, int /*mid*/, int count, const int* granted) {
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.mutex_);
  for (int i = 0; i < count; ++i) {
    if (granted[i] > 2) {  // 0x80: the broker refused the subscription (an ACL)
      link.refused_ = "it refused a subscription (check the broker's access control list for edgecut/" +
                      link.settings_.network + "/#)";
    }
  }
  if (--link.pendingSubscriptions_ > 0) return;
  // Subscribed: frames published to us from now on reach us, so we are online.
  link.publishNow(topic(link.settings_.network, link.self_, Channel::status), bytesOf(kOnline), true, nullptr);
  link.subscribed_ = true;
  link.flushHeld();
  link.changed_.notify_all();
}

void Link::onDisconnect(mosquitto* /*client*/, void* self, int rc) {
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.mutex_);
  const bool wasConnected = link.connected_;
  link.connected_ = false;
  link.subscribed_ = false;
  link.downSince_ = Clock::now();
  // Statuses come again (retained) with the next subscription; until then nobody is known online.
  link.status_.clear();
  if (rc != 0) {
    link.lastError_ = mosquitto_strerror(rc);
    if (wasConnected) {
      std::fprintf(stderr, "edgecut: node %u: lost %s (%s); reconnecting\n", static_cast<unsigned>(link.self_),
                   link.describe().c_str(), link.lastError_.c_str());
    }
  }
  link.changed_.notify_all();
}

void Link::onMessage(mosquitto* /*client*/, void* self, const mosquitto_message* message) {
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.mutex_);
  const std::optional<Address> address = parseTopic(link.settings_.network, message->topic);
  const auto size = static_cast<std::size_t>(std::max(0, message->payloadlen));
  const auto* data = static_cast<const std::uint8_t*>(message->payload);
  if (!address) {
    ++link.dropped_;
    return;
  }
  if (address->channel == Channel::status) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (text == kOnline || text == kOffline) {
      link.status_[address->node] = text == kOnline;
      if (text == kOnline) link.flushHeld();
      link.changed_.notify_all();
    } else {
      ++link.dropped_;
    }
    return;
  }
  // A retained frame or command would be delivered again on every subscribe: never ours.
  const std::size_t limit = address->channel == Channel::in ? wire::kMaxSealedFrameBytes : kMaxControlBytes;
  if (message->retain || size > limit) {
    ++link.dropped_;
    return;
  }
  link.inbox_.push_back({*address, std::vector<std::uint8_t>(data, data + size)});
  link.changed_.notify_all();
}

void Link::onPublish(mosquitto* /*client*/, void* self, int mid) {
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.mutex_);
  if (const auto waiting = link.acknowledged_.find(mid); waiting != link.acknowledged_.end()) {
    waiting->second = true;
    link.changed_.notify_all();
  }
}

void Link::onLog(mosquitto* /*client*/, void* self, int level, const char* text) {
  if ((level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) == 0) return;
  // libmosquitto logs from inside calls made with mutex_ held (publish): keep this lock separate.
  Link& link = *static_cast<Link*>(self);
  std::lock_guard lock(link.logMutex_);
  link.lastLogError_ = text;
}

}  // namespace edgecut::mqtt
