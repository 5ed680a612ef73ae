// The mote's transport factory: THE place that maps --transport NAME to a transport
// (transports.def), and the sim's and udp's factories.
#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"

namespace edgecut::mote {

std::unique_ptr<Transport> makeTransport(std::string_view name, const TransportSetup& setup) {
#define EDGECUT_TRANSPORT(id, spelling, help) \
  if (name == spelling) return make_##id##_transport(setup);
#include "edgecut/runtime/transports.def"
  return nullptr;
}

std::unique_ptr<Transport> make_sim_transport(const TransportSetup& setup) {
  if (!setup.simFd) throw TransportUsageError("the sim transport needs --sim-fd N (the base program passes it)");
  if (setup.node) {
    throw TransportUsageError("--node is for transports where each mote is its own process; the sim hosts every mote");
  }
  return std::make_unique<SimTransport>(*setup.simFd);
}

std::unique_ptr<Transport> make_udp_transport(const TransportSetup& setup) {
  if (!setup.node) throw TransportUsageError("the udp transport needs --node ID: the mote this process is");
  if (setup.simFd) throw TransportUsageError("--sim-fd is for the sim transport");
  return std::make_unique<UdpTransport>(setup.network, *setup.node);
}

#ifndef EDGECUT_WITH_MQTT
std::unique_ptr<Transport> make_mqtt_transport(const TransportSetup&) {
  throw TransportUsageError(
      "this program was built without the mqtt transport: install libmosquitto-dev and configure edgecut again");
}
#endif

}  // namespace edgecut::mote
