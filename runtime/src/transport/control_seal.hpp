// A transport's own control messages (the udp and mqtt transports' stats requests and replies)
// with a network key: the message, then a tag (auth.hpp's control binding). Without a key they go
// as they are. Header only, for the transports and the fuzzers.
#ifndef EDGECUT_RUNTIME_SRC_TRANSPORT_CONTROL_SEAL_HPP
#define EDGECUT_RUNTIME_SRC_TRANSPORT_CONTROL_SEAL_HPP

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "edgecut/runtime/auth.hpp"

namespace edgecut::transport {

// With `key`, `message` with its tag after it; without, `message`.
inline std::vector<std::uint8_t> sealedControl(std::vector<std::uint8_t> message,
                                               const std::optional<wire::NetworkKey>& key) {
  if (!key) return message;
  const std::size_t length = message.size();
  message.resize(length + wire::kMacBytes);
  wire::sealControl(*key, message, length);
  return message;
}

// The message in what arrived: without `key` all of it, with it the bytes before a valid tag;
// nothing if the tag is not valid (a forgery).
inline std::optional<std::span<const std::uint8_t>> openedControl(std::span<const std::uint8_t> received,
                                                                  const std::optional<wire::NetworkKey>& key) {
  if (!key) return received;
  std::span<const std::uint8_t> message;
  if (!wire::openControl(*key, received, message)) return std::nullopt;
  return message;
}

// A random number, for a control protocol's run and generation numbers.
inline std::uint64_t randomNumber() {
  const wire::Challenge random = wire::newChallenge();
  std::uint64_t number = 0;
  static_assert(sizeof number == sizeof random);
  std::memcpy(&number, random.data(), sizeof number);
  return number;
}

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_SRC_TRANSPORT_CONTROL_SEAL_HPP
