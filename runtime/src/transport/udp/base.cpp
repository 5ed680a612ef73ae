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

std::size_t UdpBase::maxFrameBytes() const { return udp::kMaxDatagramBytes; }

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

bool UdpBase::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  return send(to, sealedControl(udp::wrapRuntimeControl(message), state_->key));
}

Transport::Event UdpBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    switch (state_->socket.receive(frame, deadline)) {
      case udp::Socket::Outcome::datagram:
        if (!udp::isControl(frame)) return Event::frame;
        break;
      case udp::Socket::Outcome::oversized:
        return Event::malformed;
      case udp::Socket::Outcome::interrupted:
        continue;  // a signal the program handles; the deadline still holds
      case udp::Socket::Outcome::timeout:
        return Event::timeout;
    }
    const auto message = openedControl(frame, state_->key);
    if (!message) {
      ++rejected_.forged;
      continue;
    }
    const auto runtime = udp::runtimeControl(*message);
    if (!runtime) continue;  // a late stats reply: nobody asked for it now
    frame = std::vector<std::uint8_t>(runtime->begin(), runtime->end());  // (a view into it)
    return Event::control;
  }
}

sim::HostStats UdpBase::collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) {
  struct Collecting {
    std::string trace;  // the bytes of its trace so far (control.hpp)
    std::uint64_t malformed = 0;
    std::uint64_t operations = 0;
    sim::RejectedFrames rejected;
    std::uint64_t generation = 0;        // the mote's, from its replies: what its forget names
    std::optional<std::uint64_t> total;  // known after the first reply
    bool forgotten = false;              // the mote acknowledged forget: done
    Clock::time_point giveUp;            // the deadline, or sooner for a mote known to be silent
    bool complete() const { return total && trace.size() == *total; }
  };
  const Clock::time_point start = Clock::now();
  std::map<NodeId, Collecting> motes;
  for (const auto& [id, endpoint] : state_->motes) {
    motes[id].giveUp = silent.count(id) ? std::min(deadline, start + kSilentMoteWait) : deadline;
  }
  const std::uint64_t run = randomNumber();

  auto ask = [&](NodeId id, const Collecting& c) {
    const udp::StatsRequest request{id, run, c.trace.size(), c.complete(), c.generation};
    state_->socket.sendTo(state_->motes.at(id), sealedControl(udp::encode(request), state_->key));
  };
  // Whether a mote is still to be heard from; those past their time are given up on, and leave.
  std::vector<NodeId> givenUp;
  auto waiting = [&] {
    const auto now = Clock::now();
    bool any = false;
    for (auto it = motes.begin(); it != motes.end();) {
      if (!it->second.forgotten && now >= it->second.giveUp) {
        givenUp.push_back(it->first);
        it = motes.erase(it);
        continue;
      }
      any = any || !it->second.forgotten;
      ++it;
    }
    return any;
  };
  for (const auto& [id, c] : motes) ask(id, c);

  std::vector<std::uint8_t> bytes;
  auto retryAt = start + kStatsRetry;
  sim::HostStats stats;
  while (waiting()) {
    const auto now = Clock::now();
    if (now >= retryAt) {
      for (const auto& [id, c] : motes) {
        if (!c.forgotten) ask(id, c);
      }
      retryAt = now + kStatsRetry;
    }
    Clock::time_point wake = retryAt;
    for (const auto& [id, c] : motes) {
      if (!c.forgotten) wake = std::min(wake, c.giveUp);
    }
    const auto outcome = state_->socket.receive(bytes, wake);
    // Late frames, and late answers to the runtime's control messages.
    if (outcome != udp::Socket::Outcome::datagram || !udp::isControl(bytes) || udp::runtimeControl(bytes)) continue;
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
    if (reply->from != c.trace.size() || c.complete() || (c.total && *c.total != reply->total)) {
      continue;  // a repeated answer to an earlier request
    }
    c.total = reply->total;
    c.malformed = reply->malformed;
    c.operations = reply->operations;
    c.rejected = reply->rejected;
    c.generation = reply->generation;
    c.trace += reply->trace;
    ask(reply->node, c);
  }

  // Each mote's writes in its own order: motes share no clock, so the trace is grouped by mote.
  std::vector<std::string> unreadable;
  for (auto& [id, c] : motes) {
    std::optional<std::vector<sim::ActuatorWrite>> writes = udp::parseTrace(c.trace);
    if (!writes) {
      ++dropped_;
      unreadable.push_back(fmt::format("mote {}", id));
      stats.lostMotes.insert(id);
      continue;
    }
    stats.malformedFrames += c.malformed;
    stats.rejected += c.rejected;
    stats.operations[id] = c.operations;
    stats.actuatorWrites.insert(stats.actuatorWrites.end(), writes->begin(), writes->end());
  }
  std::vector<std::string> reasons;
  if (!givenUp.empty()) {
    std::vector<std::string> names;
    for (const NodeId id : givenUp) {
      names.push_back(fmt::format("mote {} at {}", id, state_->motes.at(id).text));
      stats.lostMotes.insert(id);
    }
    reasons.push_back(fmt::format("{} did not report {} actuator trace in time; is {} mote program running "
                                  "(--transport udp --node ID) with the same network?",
                                  fmt::join(names, ", "), names.size() == 1 ? "its" : "their",
                                  names.size() == 1 ? "its" : "each"));
  }
  if (!unreadable.empty()) {
    reasons.push_back(fmt::format("{} sent an actuator trace that is no JSON array of writes",
                                  fmt::join(unreadable, ", ")));
  }
  stats.whyLost = fmt::format("{}", fmt::join(reasons, "; "));
  return stats;
}

}  // namespace edgecut::transport
