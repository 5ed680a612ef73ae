#include "edgecut/runtime/key_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace edgecut::wire {

namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::optional<NetworkKey> loadNetworkKey(const std::string& path, std::string& error) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open key file '" + path + "': " + std::strerror(errno ? errno : ENOENT);
    return std::nullopt;
  }
  // A key file is 64 digits; reading a little more is enough to tell a wrong file.
  std::string text;
  char c;
  while (text.size() < 4096 && in.get(c)) text.push_back(c);
  std::size_t begin = 0, end = text.size();
  while (begin < end && isSpace(text[begin])) ++begin;
  while (end > begin && isSpace(text[end - 1])) --end;
  const std::string_view digits(text.data() + begin, end - begin);
  const std::string expected = "; it must hold the " + std::to_string(kNetworkKeyBytes) + "-byte key as " +
                               std::to_string(2 * kNetworkKeyBytes) + " hexadecimal digits";
  if (digits.size() != 2 * kNetworkKeyBytes) {
    error = "key file '" + path + "' holds " + std::to_string(digits.size()) + " characters" + expected;
    return std::nullopt;
  }
  NetworkKey key;
  for (std::size_t i = 0; i < kNetworkKeyBytes; ++i) {
    const int high = hexDigit(digits[2 * i]);
    const int low = hexDigit(digits[2 * i + 1]);
    if (high < 0 || low < 0) {
      error = "key file '" + path + "' has a character that is no hexadecimal digit at offset " +
              std::to_string(begin + 2 * i + (high < 0 ? 0 : 1)) + expected;
      return std::nullopt;
    }
    key.bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return key;
}

}  // namespace edgecut::wire
