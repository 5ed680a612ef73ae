// A node's network address as written in a network ("address": "10.0.0.7:47001"): host, a colon,
// a port 1..65535. IPv6 hosts go in brackets ("[::1]:47001"). Header-only and dependency-free, so
// that the compiler's plan checks and the runtime accept exactly the same texts.
#ifndef EDGECUT_RUNTIME_SIM_ADDRESS_HPP
#define EDGECUT_RUNTIME_SIM_ADDRESS_HPP

#include <cstdint>
#include <optional>
#include <string_view>

namespace edgecut::sim {

struct HostPort {
  std::string_view host;  // without the brackets of an IPv6 address
  std::uint16_t port = 0;
};

// The host and port of `text`, or nothing if it is not "host:port".
inline std::optional<HostPort> splitHostPort(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // an IPv6 address needs brackets, or the port is ambiguous
  }
  for (char c : host) {
    if (c == ' ' || c == '[' || c == ']' || c == '/') return std::nullopt;
  }
  if (port.empty() || port.size() > 5) return std::nullopt;
  std::uint32_t number = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (number == 0 || number > 65535) return std::nullopt;
  return HostPort{host, static_cast<std::uint16_t>(number)};
}

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_ADDRESS_HPP
