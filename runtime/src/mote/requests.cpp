// A hosted mote's requests to other nodes (mote_host.hpp): a READ or WRITE of another mote's
// sensor or actuator, a CALL of a helper on the base, each introduced by a HELLO first, resent by
// the peer retry policy and waited for while the host serves what arrives.
#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "labelled_output.hpp"

namespace edgecut::mote {

bool MoteHost::exchange(NodeId peer, const std::string& what, bool hello, const Encode& encode,
                        std::vector<std::uint8_t>& bytes, wire::Frame& reply) {
  HostedMote& self = *serving_;
  const NodeId me = self.state->id;
  const wire::Address address{self.nextSeq++, me, peer};
  std::vector<std::uint8_t> request(wire::kMaxFrameBytes);
  wire::Writer out(request);
  encode(out, address);
  if (!out.ok() || out.size() > frameLimit()) {
    fault(wire::ErrorCode::BAD_VALUE, fmt::format("mote {}: the {} to {} does not fit in a frame of {} bytes", me,
                                                  what, nodeName(peer), frameLimit()));
    return false;
  }
  auto linkGone = [&] {
    closed_ = true;
    fault(wire::ErrorCode::FAULT, fmt::format("the link went away while mote {} waited for {}'s answer to {}",
                                              me, nodeName(peer), what));
    return false;
  };

  const Transport::Clock::time_point start = Transport::Clock::now();
  const Transport::Clock::time_point deadline = start + peerRetry_.deadline;
  for (unsigned sends = 0;;) {
    // The same bytes every time: the peer's duplicate window knows a resend by its sequence number.
    if (!transport_->send(peer, out.written())) return linkGone();
    if (sends++ > 0) ++stats_.retransmissions;
    const std::optional<std::chrono::milliseconds> resendAt = peerRetry_.sendTime(sends);
    const Transport::Clock::time_point until = resendAt ? std::min(deadline, start + *resendAt) : deadline;
    for (bool waiting = true; waiting;) {
      std::vector<std::uint8_t> incoming;
      // Pushes made before this request keep their own resends and deadlines (pushes.cpp).
      switch (transport_->next(incoming, std::min(until, resendDuePushes()))) {
        case Transport::Event::frame:
          break;
        case Transport::Event::timeout:
          if (Transport::Clock::now() < until) continue;  // a push's resend was due
          if (until < deadline) {
            waiting = false;  // resend
            continue;
          }
          fault(wire::ErrorCode::TIMEOUT,
                fmt::format("{} did not answer mote {}'s {} within {} ms ({})", nodeName(peer), me, what,
                            peerRetry_.deadline.count(),
                            sends == 1 ? std::string("sent once") : fmt::format("sent {} times", sends)));
          return false;
        case Transport::Event::malformed:
          ++stats_.malformedFrames;
          continue;
        case Transport::Event::stats:
          transport_->reportStats(statsToReport());
          continue;
        case Transport::Event::shutdown:
          stopping_ = true;
          fault(wire::ErrorCode::FAULT,
                fmt::format("the network shut down while mote {} waited for {}'s answer to {}", me, nodeName(peer),
                            what));
          return false;
        case Transport::Event::closed:
          return linkGone();
        case Transport::Event::control:
          if (!answerControl(incoming)) return linkGone();
          continue;
      }
      wire::Frame frame;
      const bool awaited = wire::decodeFrame(incoming, frame) == wire::Status::ok && frame.address.src == peer &&
                           frame.address.dst == me && frame.address.seq == address.seq &&
                           (frame.op == wire::Op::ERROR || frame.op == (hello ? wire::Op::HELLO : wire::Op::RESULT));
      if (awaited) {
        bytes = std::move(incoming);
        return wire::decodeFrame(bytes, reply) == wire::Status::ok;  // the same bytes decoded again
      }
      // Another mote's request (the awaited member's own READ among them): serve it meanwhile.
      const Reply answer = serveFrame(incoming);
      if (!answer.frame.empty() && !transport_->send(answer.to, answer.frame)) return linkGone();
    }
  }
}

bool MoteHost::greet(NodeId peer, std::vector<std::uint8_t>& bytes, wire::Frame& reply) {
  HostedMote& self = *serving_;
  const NodeId me = self.state->id;
  auto hello = [&](wire::Writer& out, const wire::Address& a) {
    wire::encodeHello(out, a, program_.fingerprint, self.epoch);
  };
  if (!exchange(peer, "HELLO", true, hello, bytes, reply)) return false;
  if (reply.op == wire::Op::ERROR) {
    fault(static_cast<wire::ErrorCode>(reply.number),
          fmt::format("{} refused mote {}'s HELLO: {}", nodeName(peer), me, reply.message));
    return false;
  }
  if (reply.number != program_.fingerprint) {
    fault(wire::ErrorCode::FINGERPRINT_MISMATCH,
          fmt::format("{} runs program fingerprint {:#018x}, but mote {} runs {:#018x}", nodeName(peer), reply.number,
                      me, program_.fingerprint));
    return false;
  }
  self.greeted.insert(peer);
  return true;
}

bool MoteHost::askPeer(NodeId peer, wire::Op op, std::uint32_t id, const Encode& encode,
                       std::vector<std::uint8_t>& bytes, wire::Frame& reply) {
  if (fault_) return false;  // the request being served already failed: no more radio traffic
  HostedMote& self = *serving_;
  const NodeId me = self.state->id;
  const std::string what = describe(op, id);
  if (peer != sim::Network::kBase && network_.mote(peer) == nullptr) {
    fault(wire::ErrorCode::FAULT, fmt::format("mote {} cannot send {} to node {}, which is no mote", me, what, peer));
    return false;
  }
  if (transport_ == nullptr) {
    fault(wire::ErrorCode::FAULT,
          fmt::format("mote {} cannot send {} to {}: the host serves no transport", me, what, nodeName(peer)));
    return false;
  }
  // Mote code runs for the base, whose HELLO introduced both sides: a mote never greets the base.
  if (peer == sim::Network::kBase && !self.peers.knows(peer)) {
    fault(wire::ErrorCode::NOT_INTRODUCED,
          fmt::format("mote {} cannot send {} to the base, which has not said HELLO to it", me, what));
    return false;
  }
  const bool toBase = peer == sim::Network::kBase;
  // A peer that restarted answers NOT_INTRODUCED without doing anything: greet it again and send
  // the request once more, as a new request. (A base that forgot this mote greets it itself.)
  for (bool again = !toBase;; again = false) {
    if (!toBase && !self.greeted.count(peer) && !greet(peer, bytes, reply)) return false;
    if (!exchange(peer, what, false, encode, bytes, reply)) return false;
    const bool forgotUs =
        reply.op == wire::Op::ERROR && static_cast<wire::ErrorCode>(reply.number) == wire::ErrorCode::NOT_INTRODUCED;
    if (!forgotUs || !again) break;
    self.greeted.erase(peer);
  }
  if (reply.op == wire::Op::ERROR) {
    fault(static_cast<wire::ErrorCode>(reply.number),
          fmt::format("{} failed mote {}'s {}: {}", nodeName(peer), me, what, reply.message));
    return false;
  }
  return true;
}

}  // namespace edgecut::mote
