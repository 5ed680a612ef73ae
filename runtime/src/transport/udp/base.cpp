// The udp transport's base side (udp_transport.hpp).
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "../control_seal.hpp"
#include "control.hpp"
#include "udp.hpp"
#include "udp_transport.hpp"

namespace edgecut::transport {

namespace {

// How long the base waits for a mote's stats before asking it again.
constexpr std::chrono::milliseconds kStatsRetry{100};

}  // namespace

struct UdpBase::State {
  udp::Endpoint local;
  std::map<NodeId, udp::Endpoint> motes;
  udp::Socket socket;
  std::optional<wire::NetworkKey> key;

  State(const sim::Network& network, const std::optional<wire::NetworkKey>& key)
      : local(udp::endpointOf(network, sim::Network::kBase)), motes(endpoints(network)), socket(local), key(key) {}

  static std::map<NodeId, udp::Endpoint> endpoints(const sim::Network& network) {
    std::map<NodeId, udp::Endpoint> endpoints;
    for (const sim::MoteSpec& mote : network.motes()) endpoints.emplace(mote.id, udp::endpointOf(network, mote.id));
    return endpoints;
  }
};

UdpBase::UdpBase(const sim::Network& network, const std::optional<wire::NetworkKey>& key)
    : state_(std::make_unique<State>(network, key)) {}

UdpBase::~UdpBase() = default;

std::string UdpBase::describe() const { return fmt::format("the udp transport at {}", state_->local.text); }

bool UdpBase::send(NodeId to, std::span<const std::uint8_t> frame) {
  auto peer = state_->motes.find(to);
  if (peer == state_->motes.end()) return true;  // not a mote of the network: nobody to deliver to
  try {
    state_->socket.sendTo(peer->second, frame);
  } catch (const udp::UdpError& e) {
    whyClosed_ = e.what();
    return false;
  }
  return true;
}

Transport::Event UdpBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    switch (state_->socket.receive(frame, deadline)) {
      case udp::Socket::Outcome::datagram:
        if (udp::isControl(frame)) continue;  // a late stats reply: nobody asked for it now
        return Event::frame;
      case udp::Socket::Outcome::oversized:
        return Event::malformed;
      case udp::Socket::Outcome::interrupted:
        continue;  // a signal the program handles; the deadline still holds
      case udp::Socket::Outcome::timeout:
        return Event::timeout;
    }
  }
}

sim::HostStats UdpBase::collectStats(Clock::time_point deadline) {
  struct Collecting {
    std::vector<sim::ActuatorWrite> writes;
    std::uint64_t malformed = 0;
    std::uint64_t operations = 0;
    sim::RejectedFrames rejected;
    std::uint64_t generation = 0;        // the mote's, from its replies: what its forget names
    std::optional<std::uint64_t> total;  // known after the first reply
    bool forgotten = false;              // the mote acknowledged forget: done
    bool complete() const { return total && writes.size() == *total; }
  };
  std::map<NodeId, Collecting> motes;
  for (const auto& [id, endpoint] : state_->motes) motes[id];
  const std::uint64_t run = randomNumber();

  auto ask = [&](NodeId id, const Collecting& c) {
    const udp::StatsRequest request{id, run, c.writes.size(), c.complete(), c.generation};
    state_->socket.sendTo(state_->motes.at(id), sealedControl(udp::encode(request), state_->key));
  };
  auto pending = [&] {
    return std::any_of(motes.begin(), motes.end(), [](const auto& m) { return !m.second.forgotten; });
  };
  for (const auto& [id, c] : motes) ask(id, c);

  std::vector<std::uint8_t> bytes;
  auto retryAt = Clock::now() + kStatsRetry;
  while (pending()) {
    const auto now = Clock::now();
    if (now >= deadline) {
      std::vector<std::string> silent;
      for (const auto& [id, c] : motes) {
        if (!c.forgotten) silent.push_back(fmt::format("mote {} at {}", id, state_->motes.at(id).text));
      }
      throw std::runtime_error(fmt::format(
          "{} did not report {} actuator trace in time; is {} mote program running (--transport udp --node "
          "ID) with the same network?",
          fmt::join(silent, ", "), silent.size() == 1 ? "its" : "their", silent.size() == 1 ? "its" : "each"));
    }
    if (now >= retryAt) {
      for (const auto& [id, c] : motes) {
        if (!c.forgotten) ask(id, c);
      }
      retryAt = now + kStatsRetry;
    }
    const auto outcome = state_->socket.receive(bytes, std::min(deadline, retryAt));
    if (outcome != udp::Socket::Outcome::datagram || !udp::isControl(bytes)) continue;  // late frames
    const auto message = openedControl(bytes, state_->key);
    if (!message) {
      ++rejected_.forged;
      continue;
    }
    const auto reply = udp::decodeStatsReply(*message);
    if (!reply) {
      ++dropped_;
      continue;
    }
    auto it = motes.find(reply->node);
    if (reply->run != run || it == motes.end() || it->second.forgotten) continue;  // stale or repeated
    Collecting& c = it->second;
    if (reply->forgot) {
      c.forgotten = c.complete();
      continue;
    }
    if (reply->from != c.writes.size() || c.complete()) continue;  // a repeated answer to an earlier request
    c.total = reply->total;
    c.malformed = reply->malformed;
    c.operations = reply->operations;
    c.rejected = reply->rejected;
    c.generation = reply->generation;
    c.writes.insert(c.writes.end(), reply->writes.begin(), reply->writes.end());
    if (c.writes.size() > *c.total) c.writes.resize(*c.total);
    ask(reply->node, c);
  }

  // Each mote's writes in its own order: motes share no clock, so the trace is grouped by mote.
  sim::HostStats stats;
  for (auto& [id, c] : motes) {
    stats.malformedFrames += c.malformed;
    stats.rejected += c.rejected;
    stats.operations[id] = c.operations;
    stats.actuatorWrites.insert(stats.actuatorWrites.end(), c.writes.begin(), c.writes.end());
  }
  return stats;
}

}  // namespace edgecut::transport
