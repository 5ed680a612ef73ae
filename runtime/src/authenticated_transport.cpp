#include "edgecut/runtime/authenticated_transport.hpp"

#include "edgecut/runtime/frame.hpp"

namespace edgecut {

namespace {

bool isRequest(wire::Op op) {
  return op == wire::Op::HELLO || op == wire::Op::READ || op == wire::Op::WRITE || op == wire::Op::CALL;
}

}  // namespace

Transport::Event AuthenticatedTransport::next(std::vector<std::uint8_t>& frame,
                                              std::optional<Clock::time_point> deadline) {
  for (;;) {
    const Event event = inner_->next(frame, deadline);
    if (event != Event::frame) return event;
    std::span<const std::uint8_t> opened;
    if (!wire::openFrame(key_, frame, opened)) {
      ++forged_;
      continue;
    }
    frame.resize(opened.size());  // the tag was the tail
    if (replays_ == Replays::unchecked) return Event::frame;
    wire::Frame decoded;
    // A malformed but authentic frame is the host's to count; so is a reply.
    if (wire::decodeFrame(frame, decoded) == wire::Status::ok && isRequest(decoded.op) &&
        windows_[decoded.address.src].admit(decoded.address.seq) == wire::ReplayWindow::Verdict::tooOld) {
      ++replayed_;
      continue;
    }
    return Event::frame;
  }
}

bool AuthenticatedTransport::send(NodeId to, std::span<const std::uint8_t> frame) {
  sealed_.assign(frame.begin(), frame.end());
  sealed_.resize(frame.size() + wire::kMacBytes);
  const std::size_t length = wire::sealFrame(key_, sealed_, frame.size());
  // A frame that cannot be sealed is lost, like one the radio cannot carry.
  return length == 0 || inner_->send(to, std::span(sealed_).first(length));
}

void AuthenticatedTransport::reportStats(sim::HostStats& stats) {
  stats.forgedFrames = forged_;
  stats.replayedFrames = replayed_;
  inner_->reportStats(stats);
}

}  // namespace edgecut
