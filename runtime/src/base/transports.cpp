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
  return std::make_unique<SimTransport>(setup.moteProgram(), setup.moteRetry);
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

}  // namespace edgecut::base
