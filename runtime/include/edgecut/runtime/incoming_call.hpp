// A CALL being dispatched where it arrived: on the mote it addresses (mote::Call adds that mote's
// instances and clusters), or on the base, for a helper that a mote calls there (base::Call).
// Generated dispatchers are written against this one interface on both sides. A dispatcher ends
// every path with exactly one of reply(), replyVoid(), badArguments() and unknownFunction(), and
// returns its result: false only if the reply could not be encoded.
//
// Like frame.hpp, this is heap-free and exception-free.
#ifndef EDGECUT_RUNTIME_INCOMING_CALL_HPP
#define EDGECUT_RUNTIME_INCOMING_CALL_HPP

#include <string_view>

#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"

namespace edgecut::wire {

class IncomingCall {
 public:
  // `reply` receives the reply frame.
  IncomingCall(const Frame& request, Writer& reply) : request_(request), reply_(reply) {}
  IncomingCall(const IncomingCall&) = delete;
  IncomingCall& operator=(const IncomingCall&) = delete;

  FunctionId function() const { return static_cast<FunctionId>(request_.number); }
  // The node that calls: the base, or (on the base) a mote.
  NodeId caller() const { return request_.address.src; }

  // Decodes the arguments into `args`; false if their number or types differ.
  template <class... Args>
  bool arguments(Args&... args) const {
    return decodeArguments(request_.value, args...) == Status::ok;
  }

  template <class T>
  bool reply(const T& value) {
    reply_.reset();
    encodeResult(reply_, request_.address.reply(), value);
    return reply_.ok();
  }
  bool replyVoid() {
    reply_.reset();
    encodeVoidResult(reply_, request_.address.reply());
    return reply_.ok();
  }
  // Answers with an ERROR frame.
  bool error(ErrorCode code, std::string_view message) {
    reply_.reset();
    encodeError(reply_, request_.address.reply(), code, message);
    return reply_.ok();
  }
  bool badArguments() { return error(ErrorCode::BAD_ARGUMENTS, describe(ErrorCode::BAD_ARGUMENTS)); }
  bool unknownFunction() { return error(ErrorCode::UNKNOWN_FUNCTION, describe(ErrorCode::UNKNOWN_FUNCTION)); }

 protected:
  const Frame& request_;
  Writer& reply_;
};

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_INCOMING_CALL_HPP
