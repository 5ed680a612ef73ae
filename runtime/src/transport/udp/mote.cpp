// The udp transport's mote side (udp_transport.hpp): one mote per process.
#include <signal.h>
#include <sys/socket.h>

#include <cerrno>

#include <map>

#include <fmt/format.h>

#include "../control_seal.hpp"
#include "control.hpp"
#include "udp.hpp"
#include "udp_transport.hpp"

namespace edgecut::transport {

namespace {

volatile sig_atomic_t stopRequested = 0;
// The socket a stop wakes: the handler sends it an empty datagram (sendto is async-signal-safe),
// so that a stop arriving just before a blocking wait still ends it.
int wakeSocket = -1;
sockaddr_storage wakeAddress;
socklen_t wakeAddressLength = 0;

void requestStop(int) {
  const int savedErrno = errno;
  stopRequested = 1;
  if (wakeSocket >= 0) {
    ::sendto(wakeSocket, "", 0, MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&wakeAddress), wakeAddressLength);
  }
  errno = savedErrno;
}

}  // namespace

struct UdpMote::State {
  NodeId self;
  std::map<NodeId, udp::Endpoint> peers;  // every node, the base (0) among them
  udp::Socket socket;
  std::optional<wire::NetworkKey> key;
  std::optional<udp::StatsRequest> statsRequest;  // the request behind the last stats event
  // The trace a base run collects (control.hpp), made at its first request.
  struct Trace {
    std::uint64_t run = 0;
    std::string text;
    std::size_t writes = 0;  // how many of the host's writes it holds: those a forget drops
  };
  std::optional<Trace> trace;
  std::uint64_t generation = randomNumber();  // what a forget must name (control.hpp)
  std::optional<std::uint64_t> forgotten;     // the generation forgotten last
  sim::RejectedFrames rejected;               // control messages, since the last report

  State(const sim::Network& network, NodeId self, const std::optional<wire::NetworkKey>& key)
      : self(self), peers(endpoints(network)), socket(peers.at(self)), key(key) {
    // The socket's own address, as bound (a wildcard host is reached on loopback).
    wakeAddressLength = sizeof wakeAddress;
    ::getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&wakeAddress), &wakeAddressLength);
    wakeSocket = socket.fd();
    struct sigaction action {};
    action.sa_handler = requestStop;  // no SA_RESTART: a blocking wait returns EINTR
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
  }
  ~State() {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    wakeSocket = -1;
  }

  static std::map<NodeId, udp::Endpoint> endpoints(const sim::Network& network) {
    std::map<NodeId, udp::Endpoint> endpoints;
    endpoints.emplace(sim::Network::kBase, udp::endpointOf(network, sim::Network::kBase));
    for (const sim::MoteSpec& mote : network.motes()) endpoints.emplace(mote.id, udp::endpointOf(network, mote.id));
    return endpoints;
  }
};

UdpMote::UdpMote(const sim::Network& network, NodeId self, const std::optional<wire::NetworkKey>& key)
    : state_(std::make_unique<State>(network, self, key)) {}

UdpMote::~UdpMote() = default;

std::string UdpMote::describe() const {
  return fmt::format("mote {}'s udp transport at {}", state_->self, state_->peers.at(state_->self).text);
}

Transport::Event UdpMote::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    if (stopRequested) return Event::shutdown;
    switch (state_->socket.receive(frame, deadline)) {
      case udp::Socket::Outcome::datagram:
        break;
      case udp::Socket::Outcome::oversized:
        return Event::malformed;
      case udp::Socket::Outcome::timeout:
        return Event::timeout;
      case udp::Socket::Outcome::interrupted:
        continue;  // the flag says whether it was a stop
    }
    if (frame.empty() && stopRequested) return Event::shutdown;  // the stop's wake-up
    if (!udp::isControl(frame)) return Event::frame;  // the host decodes it, and counts it if malformed
    const auto message = openedControl(frame, state_->key);
    if (!message) {
      ++state_->rejected.forged;
      continue;
    }
    if (const auto runtime = udp::runtimeControl(*message)) {
      frame = std::vector<std::uint8_t>(runtime->begin(), runtime->end());  // (a view into it)
      return Event::control;
    }
    const auto request = udp::decodeStatsRequest(*message);
    if (!request || request->node != state_->self) return Event::malformed;
    if (request->forget && request->generation != state_->generation && request->generation != state_->forgotten) {
      // A forget of a generation already gone: recorded and sent again, it must not erase the
      // trace of the run now going on.
      ++state_->rejected.replayed;
      continue;
    }
    state_->statsRequest = request;
    return Event::stats;
  }
}

std::size_t UdpMote::maxFrameBytes() const { return udp::kMaxDatagramBytes; }

bool UdpMote::send(NodeId to, std::span<const std::uint8_t> frame) {
  auto peer = state_->peers.find(to);
  if (peer == state_->peers.end()) return true;  // no such node: lost, like a frame to nobody
  try {
    state_->socket.sendTo(peer->second, frame);
  } catch (const udp::UdpError&) {
    // Too large for a datagram: lost; the requester's timeout reports it.
  }
  return true;  // there is no link that could be gone
}

bool UdpMote::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  return send(to, sealedControl(udp::wrapRuntimeControl(message), state_->key));
}

void UdpMote::reportStats(sim::HostStats& stats) {
  if (!state_->statsRequest) return;  // a stop: nobody asked
  const udp::StatsRequest request = *std::exchange(state_->statsRequest, std::nullopt);
  stats.rejected += std::exchange(state_->rejected, {});
  std::optional<State::Trace>& trace = state_->trace;
  const bool known = trace && trace->run == request.run;
  if (!request.forget && !known) {
    trace = State::Trace{request.run, udp::traceText(stats.actuatorWrites), stats.actuatorWrites.size()};
  } else if (request.forget && known && request.generation == state_->generation) {
    auto& writes = stats.actuatorWrites;
    writes.erase(writes.begin(), writes.begin() + static_cast<std::ptrdiff_t>(std::min(trace->writes, writes.size())));
    stats.malformedFrames = 0;
    stats.rejected = {};
    // Zeroed, not erased: the host counts into these entries.
    for (auto& [node, operations] : stats.operations) operations = 0;
    if (stats.operationsOverTime) stats.operationsOverTime.emplace();
    if (stats.profile) stats.profile->zero();
    state_->forgotten = std::exchange(state_->generation, randomNumber());
    trace.reset();
  }
  // A reply never exceeds a chunk and its tag (control.hpp), so it always fits in a datagram.
  const std::string_view text = trace ? std::string_view(trace->text) : std::string_view("[]");
  state_->socket.sendTo(state_->peers.at(sim::Network::kBase),
                        sealedControl(udp::encodeStatsReply(request, text, stats, state_->generation), state_->key));
}

}  // namespace edgecut::transport
