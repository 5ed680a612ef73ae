#include "edgecut/runtime/authenticated_transport.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "edgecut/runtime/control.hpp"
#include "edgecut/runtime/frame.hpp"

namespace edgecut {

namespace {

bool isRequest(wire::Op op) { return op == wire::Op::READ || op == wire::Op::WRITE || op == wire::Op::CALL; }

wire::Challenge challengeOf(std::span<const std::uint8_t> bytes) {
  wire::Challenge challenge{};
  std::memcpy(challenge.data(), bytes.data(), std::min(bytes.size(), challenge.size()));
  return challenge;
}

std::string nodeName(NodeId node) {
  return node == wire::kBaseNode ? std::string("the base") : fmt::format("mote {}", node);
}

}  // namespace

AuthenticatedTransport::AuthenticatedTransport(std::unique_ptr<Transport> inner, const wire::NetworkKey& key,
                                               IsLocal isLocal)
    : inner_(std::move(inner)), key_(key), isLocal_(std::move(isLocal)) {}

Transport::Event AuthenticatedTransport::next(std::vector<std::uint8_t>& frame,
                                              std::optional<Clock::time_point> deadline) {
  for (;;) {
    const Event event = inner_->next(frame, deadline);
    if (event == Event::control && !isLocal_(wire::kBaseNode)) openControl(frame);
    if (event != Event::frame) return event;
    if (const std::optional<Event> opened = open(frame)) return *opened;
  }
}

std::optional<Transport::Event> AuthenticatedTransport::open(std::vector<std::uint8_t>& bytes) {
  wire::Sealed parts;
  if (!wire::splitSealed(bytes, parts)) {  // no room for a tag: no sealed frame
    noteForged(nullptr);
    return std::nullopt;
  }
  wire::Frame frame;
  if (wire::decodeFrame(parts.frame, frame) != wire::Status::ok) return Event::malformed;
  const std::size_t plainBytes = parts.frame.size();
  if (!isLocal_(frame.address.dst)) {
    // Not for this program: a mote program has nobody to give it to; the base program carries it
    // on (the sim's medium), or finds that it went astray. Either way it stays as it came.
    if (!isLocal_(wire::kBaseNode)) return Event::malformed;
    std::vector<std::uint8_t> plain(parts.frame.begin(), parts.frame.end());
    if (relayed_.insert_or_assign(plain, bytes).second) {
      relayedOrder_.push_back(std::move(plain));
      if (relayedOrder_.size() > kRelayedFrames) {
        relayed_.erase(relayedOrder_.front());
        relayedOrder_.pop_front();
      }
    }
    bytes.resize(plainBytes);
    return Event::frame;
  }
  const PairKey key{frame.address.dst, frame.address.src};
  const bool authentic = frame.op == wire::Op::HELLO ? openHello(frame, parts, key) : openInSession(frame, parts, key);
  if (!authentic) return std::nullopt;
  bytes.resize(plainBytes);  // the envelope was the tail
  return Event::frame;
}

bool AuthenticatedTransport::openHello(const wire::Frame& frame, const wire::Sealed& parts, const PairKey& key) {
  const auto found = pairs_.find(key);
  if (found != pairs_.end()) {
    Pair& pair = found->second;
    // The answer to this node's HELLO: the session is the two challenges.
    if (pair.greeting && pair.greeting->seq == frame.address.seq &&
        wire::verify(key_, wire::Binding::helloAnswer, pair.greeting->challenge, parts)) {
      establish(pair, {pair.greeting->challenge, challengeOf(parts.challenge)}, false);
      pair.greeting.reset();
      return true;
    }
    // The same answer again (to a resend, or duplicated by the radio): the runtime ignores it.
    if (pair.current && challengeOf(parts.challenge) == pair.current->session.responder &&
        wire::verify(key_, wire::Binding::helloAnswer, pair.current->session.requester, parts)) {
      return true;
    }
  }
  if (!wire::verify(key_, wire::Binding::helloRequest, {}, parts)) {
    noteForged(&frame);
    return false;
  }
  const wire::Challenge requester = challengeOf(parts.challenge);
  Pair& pair = pairs_[key];
  const bool used = (pair.current && pair.current->session.requester == requester) ||
                    std::any_of(pair.ended.begin(), pair.ended.end(),
                                [&](const auto& ended) { return ended && ended->requester == requester; });
  if (used) {  // it opened a session before: a replay, which must not reset anything
    ++rejected_.replayed;
    return false;
  }
  // A resend of the HELLO being answered gets the same offer, so that either answer works.
  if (!pair.offer || pair.offer->session.requester != requester) {
    pair.offer = Offer{{requester, wire::newChallenge()}, frame.address.seq, {}};
  }
  pair.offer->helloSeq = frame.address.seq;
  std::copy(parts.tag.begin(), parts.tag.end(), pair.offer->helloTag.begin());
  answering_ = std::make_pair(key, frame.address.seq);
  return true;
}

bool AuthenticatedTransport::openInSession(const wire::Frame& frame, const wire::Sealed& parts, const PairKey& key) {
  const auto found = pairs_.find(key);
  if (found != pairs_.end()) {
    Pair& pair = found->second;
    auto inSession = [&](const wire::Session& session) {
      return wire::verify(key_, wire::Binding::session, wire::contextOf(session), parts);
    };
    if (pair.current && inSession(pair.current->session)) {
      if (isRequest(frame.op) &&
          pair.current->requests.admit(frame.address.seq) == wire::ReplayWindow::Verdict::tooOld) {
        ++rejected_.replayed;
        return false;
      }
      return true;
    }
    // The requester's first frame in the session this node offered: now it is the session.
    if (pair.offer && inSession(pair.offer->session)) {
      establish(pair, pair.offer->session, true);
      pair.offer.reset();
      if (isRequest(frame.op)) pair.current->requests.admit(frame.address.seq);
      return true;
    }
    // An ERROR bound to one of this node's requests: the peer had no session for it.
    if (frame.op == wire::Op::ERROR) {
      for (const SentRequest& sent : pair.sent) {
        if (sent.used && sent.seq == frame.address.seq &&
            wire::verify(key_, wire::Binding::answer, sent.tag, parts)) {
          return true;
        }
      }
      if (pair.greeting && pair.greeting->seq == frame.address.seq &&
          wire::verify(key_, wire::Binding::answer, pair.greeting->tag, parts)) {
        return true;
      }
    }
    for (const std::optional<wire::Session>& ended : pair.ended) {
      if (ended && inSession(*ended)) {
        ++rejected_.replayed;
        return false;
      }
    }
  }
  if (isRequest(frame.op) && (found == pairs_.end() || !found->second.current)) {
    // No session with its sender: this node restarted since (or never met it). Say so, and
    // nothing else, so that a requester that lost the session says HELLO again.
    ++rejected_.unsolicited;
    answerNotIntroduced(frame, parts);
    return false;
  }
  noteForged(&frame);
  return false;
}

void AuthenticatedTransport::establish(Pair& pair, const wire::Session& session, bool openedByPeer) {
  // The peer's sequence numbers start again only in a session the peer opened: only then does
  // the host's duplicate window for it start again (session()).
  const std::uint64_t id = openedByPeer || !pair.current ? ++sessions_ : pair.current->id;
  if (pair.current) {
    std::move_backward(pair.ended.begin(), pair.ended.end() - 1, pair.ended.end());
    pair.ended.front() = pair.current->session;
  }
  pair.current = Established{session, {}, id};
}

void AuthenticatedTransport::answerNotIntroduced(const wire::Frame& request, const wire::Sealed& parts) {
  std::array<std::uint8_t, 64> buffer;
  wire::Writer out(buffer);
  wire::encodeError(out, request.address.reply(), wire::ErrorCode::NOT_INTRODUCED, "");
  const std::size_t length = wire::seal(key_, wire::Binding::answer, parts.tag, buffer, out.size());
  if (out.ok() && length > 0) inner_->send(request.address.src, std::span(buffer).first(length));
}

void AuthenticatedTransport::noteForged(const wire::Frame* frame) {
  ++rejected_.forged;
  if (std::exchange(warnedForged_, true)) return;
  // Once: a node with another key or none would otherwise only show as a timeout.
  const std::string what =
      frame ? fmt::format("{} dropped a frame from {}", nodeName(frame->address.dst), nodeName(frame->address.src))
            : std::string("a frame too short to carry a tag was dropped");
  fmt::print(stderr,
             "edgecut: warning: {} that failed authentication: a node with another network key or none, or a "
             "forgery (the report counts them in rejected_frames)\n",
             what);
}

bool AuthenticatedTransport::sealFrom(const wire::Frame& decoded, std::span<const std::uint8_t> frame) {
  const PairKey key{decoded.address.src, decoded.address.dst};
  Pair& pair = pairs_[key];
  const bool answersHello = answering_ && answering_->first == key && answering_->second == decoded.address.seq &&
                            (decoded.op == wire::Op::HELLO || decoded.op == wire::Op::ERROR);
  if (answersHello) answering_.reset();
  sealed_.assign(frame.begin(), frame.end());
  auto sealAs = [&](wire::Binding binding, std::span<const std::uint8_t> context) {
    const std::size_t length = sealed_.size();
    sealed_.resize(length + wire::kMacBytes);
    return wire::seal(key_, binding, context, sealed_, length) > 0;
  };
  auto appendChallenge = [&](const wire::Challenge& challenge) {
    sealed_.insert(sealed_.end(), challenge.begin(), challenge.end());
  };
  if (answersHello) {
    if (!pair.offer) return false;
    if (decoded.op == wire::Op::ERROR) return sealAs(wire::Binding::answer, pair.offer->helloTag);  // a refusal
    appendChallenge(pair.offer->session.responder);
    return sealAs(wire::Binding::helloAnswer, pair.offer->session.requester);
  }
  if (decoded.op == wire::Op::HELLO) {
    if (!pair.greeting || pair.greeting->seq != decoded.address.seq) {
      pair.greeting = Greeting{decoded.address.seq, wire::newChallenge(), {}};
    }
    appendChallenge(pair.greeting->challenge);
    if (!sealAs(wire::Binding::helloRequest, {})) return false;
    std::copy(sealed_.end() - wire::kMacBytes, sealed_.end(), pair.greeting->tag.begin());
    return true;
  }
  if (!pair.current) return false;  // only a session's frames go without a HELLO
  if (!sealAs(wire::Binding::session, wire::contextOf(pair.current->session))) return false;
  if (isRequest(decoded.op)) {
    // Remembered so that an answer bound to it can be checked; a resend has the same tag.
    auto same = std::find_if(pair.sent.begin(), pair.sent.end(),
                             [&](const SentRequest& sent) { return sent.used && sent.seq == decoded.address.seq; });
    SentRequest& slot = same != pair.sent.end() ? *same : pair.sent[pair.nextSent++ % kSentRequests];
    slot = {decoded.address.seq, {}, true};
    std::copy(sealed_.end() - wire::kMacBytes, sealed_.end(), slot.tag.begin());
  }
  return true;
}

bool AuthenticatedTransport::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  if (!isLocal_(wire::kBaseNode)) return inner_->sendControl(to, message);  // a mote's answer
  sealed_.assign(message.begin(), message.end());
  sealed_.resize(message.size() + wire::kMacBytes);  // zeros: no session yet
  const auto found = pairs_.find({wire::kBaseNode, to});
  if (found != pairs_.end() && found->second.current) {
    wire::seal(key_, wire::Binding::sessionControl, wire::contextOf(found->second.current->session), sealed_,
               message.size());
  }
  return inner_->sendControl(to, sealed_);
}

void AuthenticatedTransport::openControl(std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < wire::kMacBytes) return;  // none of the base's: the host finds it malformed
  wire::Sealed parts;
  parts.signedBytes = std::span<const std::uint8_t>(bytes).first(bytes.size() - wire::kMacBytes);
  parts.tag = std::span<const std::uint8_t>(bytes).last(wire::kMacBytes);
  wire::Control control;
  if (wire::decodeControl(parts.signedBytes, control) == wire::Status::ok) {
    const auto found = pairs_.find({control.mote, wire::kBaseNode});
    if (found != pairs_.end() && found->second.offer &&
        wire::verify(key_, wire::Binding::sessionControl, wire::contextOf(found->second.offer->session), parts)) {
      establish(found->second, found->second.offer->session, true);
      found->second.offer.reset();
    }
  }
  bytes.resize(bytes.size() - wire::kMacBytes);
}

bool AuthenticatedTransport::send(NodeId to, std::span<const std::uint8_t> frame) {
  wire::Frame decoded;
  // Nothing above sends such bytes; and a frame that cannot be sealed is lost, like one the radio
  // cannot carry: the requester's timeout reports it.
  if (wire::decodeFrame(frame, decoded) != wire::Status::ok) return true;
  if (!isLocal_(decoded.address.src)) {  // relayed: as it came
    const auto found = relayed_.find(std::vector<std::uint8_t>(frame.begin(), frame.end()));
    return found == relayed_.end() || inner_->send(to, found->second);
  }
  return !sealFrom(decoded, frame) || inner_->send(to, sealed_);
}

sim::RejectedFrames AuthenticatedTransport::rejected() const {
  sim::RejectedFrames all = rejected_;
  all += inner_->rejected();
  return all;
}

std::size_t AuthenticatedTransport::airBytes(std::span<const std::uint8_t> frame) const {
  return frame.empty() ? 0 : frame.size() + wire::envelopeBytes(frame[0]);
}

std::optional<std::uint64_t> AuthenticatedTransport::session(NodeId local, NodeId peer) const {
  const auto found = pairs_.find({local, peer});
  return found != pairs_.end() && found->second.current ? found->second.current->id : 0;
}

void AuthenticatedTransport::reportStats(sim::HostStats& stats) {
  stats.rejected += std::exchange(rejected_, {});
  inner_->reportStats(stats);
}

}  // namespace edgecut
