// The base's transport factory: THE place that maps --transport NAME to a transport
// (transports.def), and the sim's and udp's factories.
#include <fmt/format.h>

#include "../take_option.hpp"
#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut::base {

std::unique_ptr<Transport> makeTransport(std::string_view name, const TransportSetup& setup) {
#define EDGECUT_TRANSPORT(id, spelling, help) \
  if (name == spelling) return make_##id##_transport(setup);
#include "edgecut/runtime/transports.def"
  return nullptr;
}

std::unique_ptr<Transport> make_sim_transport(const TransportSetup& setup) {
  return std::make_unique<SimTransport>(setup.moteProgram(), setup.moteRetry, setup.keyFile, setup.networkFile);
}

std::unique_ptr<Transport> make_udp_transport(const TransportSetup& setup) {
  return std::make_unique<UdpTransport>(setup.network);
}

#ifndef EDGECUT_WITH_MQTT
std::unique_ptr<Transport> make_mqtt_transport(const TransportSetup&) {
  throw edgecut::detail::UsageError(
      "this program was built without the mqtt transport: install libmosquitto-dev and configure edgecut again");
}
#endif
void AuthenticatedTransport::send(std::span<const std::uint8_t> frame) {
  std::vector<std::uint8_t> sealed(frame.begin(), frame.end());
  sealed.resize(frame.size() + wire::kMacBytes);
  sealed.resize(wire::sealFrame(key_, sealed, frame.size()));
  inner_->send(sealed);
}

std::optional<std::vector<std::uint8_t>> AuthenticatedTransport::receive(Clock::time_point deadline) {
  for (;;) {
    std::optional<std::vector<std::uint8_t>> bytes = inner_->receive(deadline);
    if (!bytes) return bytes;
    std::span<const std::uint8_t> frame;
    if (wire::openFrame(key_, *bytes, frame)) {
      bytes->resize(frame.size());  // the tag was the tail
      return bytes;
    }
    ++forged_;
  }
}

}  // namespace edgecut::base
