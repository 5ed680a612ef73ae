// Helpers shared by the runtime's unit tests.
#ifndef EDGECUT_TEST_UNIT_RUNTIME_TEST_BYTES_HPP
#define EDGECUT_TEST_UNIT_RUNTIME_TEST_BYTES_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edgecut/runtime/cbor.hpp"

namespace edgecut::test {

using Bytes = std::vector<std::uint8_t>;

// "1a 00 0f 42 40" -> bytes (spaces ignored).
inline Bytes hex(std::string_view text) {
  Bytes bytes;
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits.push_back(c);
  }
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

// Encodes with `write` into a large buffer and returns exactly the written bytes.
template <class F>
Bytes encoded(F&& write, std::size_t capacity = 4096) {
  Bytes buffer(capacity);
  wire::Writer out(buffer);
  write(out);
  if (!out.ok()) return {};
  buffer.resize(out.size());
  return buffer;
}

}  // namespace edgecut::test

#endif  // EDGECUT_TEST_UNIT_RUNTIME_TEST_BYTES_HPP
