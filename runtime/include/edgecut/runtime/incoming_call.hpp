// A CALL being dispatched where it arrived: on the mote it addresses (mote::Call adds that mote's
// instances and clusters), or on the base, for a helper that a mote calls there (base::Call).
// Generated dispatchers are written against this one interface on both sides. A dispatcher ends
// every path with exactly one of reply(), replyVoid(), badArguments() and unknownFunction(), and
// returns its result: false only if the reply could not be encoded.
//
// Like frame.hpp, this is heap-free and exception-free.
#ifndef EDGECUT_RUNTIME_INCOMING_CALL_HPP
#define EDGECUT_RUNTIME_INCOMING_CALL_HPP

#include <array>
#include <cstdint>
#include <cstdio>
#include <span>
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

  // Decodes the arguments into `args`; false if their number differs or one does not fit its
  // parameter's type (range, sign, integer or float, bool: values.hpp, fits), which
  // badArguments() then names.
  template <class... Args>
  bool arguments(Args&... args) {
    if constexpr (!EDGECUT_WIRE_COMPACT && sizeof...(Args) == 0) {
      // On hosts, a call without arguments (a periodic task's run, 14.4 million in a simulated
      // day of meters: test/bench/sim_scale/README.md) is an empty array, one byte.
      if (request_.value.size() == 1 && request_.value[0] == 0x80) return true;
    }
    if constexpr (!EDGECUT_WIRE_COMPACT) {
      // On hosts, first straight from the array: each argument is then read once rather than
      // walked, walked again and read (the base's pushes of a simulated day,
      // test/bench/sim_scale/README.md). A value decoded whole is one item, so when they all
      // decode and end the array, the item by item reading below would have taken them too; when
      // not, it reads them again, to say which one does not fit. (The frame's value was checked
      // well formed when it was decoded: decodeFrame.)
      Reader direct(request_.value);
      std::uint64_t count = 0;
      if (direct.arrayHeader(count) && count == sizeof...(Args) && (wire::decode(direct, args) && ...) &&
          direct.atEnd()) {
        return true;
      }
    }
    Reader in(request_.value);
    std::uint64_t count = 0;
    if (!in.arrayHeader(count)) return false;
    if (count != sizeof...(Args)) {
      argumentCount_ = count;
      parameterCount_ = sizeof...(Args);
      return false;
    }
    std::size_t index = 0;
    return (argument(in, ++index, args) && ...);
  }

  template <class T>
  bool reply(const T& value) {
    answer_ = Answer::result;
    reply_.reset();
    if (!EDGECUT_WIRE_COMPACT && resultUnwanted_) return true;
    encodeResult(reply_, request_.address.reply(), value);
    return reply_.ok();
  }
  bool replyVoid() {
    answer_ = Answer::result;
    reply_.reset();
    if (!EDGECUT_WIRE_COMPACT && resultUnwanted_) return true;
    encodeVoidResult(reply_, request_.address.reply());
    return reply_.ok();
  }
  // Answers with an ERROR frame.
  bool error(ErrorCode code, std::string_view message) {
    answer_ = Answer::error;
    reply_.reset();
    encodeError(reply_, request_.address.reply(), code, message);
    return reply_.ok();
  }
  // Answers BAD_ARGUMENTS, saying which argument did not fit and why, as arguments() found.
  bool badArguments() {
    std::array<char, 256> message{};
    if (argumentCount_ != parameterCount_) {
      std::snprintf(message.data(), message.size(), "the call has %llu argument%s, the function takes %zu; nothing ran",
                    static_cast<unsigned long long>(argumentCount_), argumentCount_ == 1 ? "" : "s", parameterCount_);
    } else if (misfitArgument_ > 0) {
      std::snprintf(message.data(), message.size(),
                    "argument %zu, %s, does not fit its parameter's type%s%s (%s); nothing ran", misfitArgument_,
                    misfit_.value.data(), misfitType_ ? " " : "", misfitType_ ? misfitType_ : "",
                    misfit_.explanation());
    } else {
      return error(ErrorCode::BAD_ARGUMENTS, describe(ErrorCode::BAD_ARGUMENTS));
    }
    return error(ErrorCode::BAD_ARGUMENTS, message.data());
  }
  bool unknownFunction() { return error(ErrorCode::UNKNOWN_FUNCTION, describe(ErrorCode::UNKNOWN_FUNCTION)); }
  // What the dispatcher answered last: the host need not decode every reply to find out.
  enum class Answer : std::uint8_t { none, result, error };
  Answer answer() const { return answer_; }
  // Nobody reads a RESULT of this call (a periodic task's run): reply() and replyVoid() only say
  // that it ended well, without encoding a frame. An ERROR is still written, for its message.
  void leaveResultUnwritten() { resultUnwanted_ = true; }

 protected:
  const Frame& request_;
  Writer& reply_;

 private:
  // Decodes argument number `index` (from 1) into `value`; what does not fit is recorded.
  template <class T>
  bool argument(Reader& in, std::size_t index, T& value) {
    const std::size_t start = in.position();
    if (!in.skip()) return false;
    const std::span<const std::uint8_t> item = in.consumed(start);
    if (decodeFitting(item, value, misfit_)) return true;
    misfitArgument_ = index;
    misfitType_ = scalarTypeName<T>();
    return false;
  }

  std::uint64_t argumentCount_ = 0;  // as the call had them, when they were not as many as
  std::size_t parameterCount_ = 0;   // the function's parameters
  std::size_t misfitArgument_ = 0;   // from 1; 0: none
  const char* misfitType_ = nullptr;
  Misfit misfit_;
  Answer answer_ = Answer::none;
  bool resultUnwanted_ = false;
};

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_INCOMING_CALL_HPP
