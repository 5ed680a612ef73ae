// What a transport is to the rest of the runtime: one Driver, defined in its folder
// (transport/<name>/driver.cpp) and listed on one line of transports.def. The shared startup
// (startup.hpp) finds it by --transport NAME, takes its options, and makes its base or mote side.
// docs/architecture.md, "Adding a transport", says how to add one.
#ifndef EDGECUT_RUNTIME_SRC_TRANSPORT_DRIVER_HPP
#define EDGECUT_RUNTIME_SRC_TRANSPORT_DRIVER_HPP

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "../options.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/auth.hpp"
#include "edgecut/runtime/reliability.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut::transport {

// What a transport's factory may need before the network is loaded; each takes what it uses. Made
// by the shared startup.
struct SetupBeforeNetwork {
  const ProgramInfo& program;
  // Every option given (the transport reads its own options.def's).
  const options::Given& options;
  // The program's own request deadline (--timeout-ms).
  std::chrono::milliseconds timeout;
  // The base's side: the mote program's file name beside the base program (null: not built in),
  // for a transport that starts the mote program itself; how that mote program resends its
  // requests to other motes (its --retries, --retry-ms, --timeout-ms); and the network key file
  // and the network file in use, which it needs too ("" without authentication, "" for the
  // built-in network).
  const char* moteExecutable = nullptr;
  wire::RetryPolicy moteRetry = {};
  std::string keyFile = {};
  std::string networkFile = {};
  // The network key, for a transport's own control messages (its frames are sealed above it, by
  // AuthenticatedTransport): none without authentication.
  std::optional<wire::NetworkKey> key = std::nullopt;
};

// What a factory made once the network is loaded may need: the above, and the network.
struct Setup : SetupBeforeNetwork {
  const sim::Network& network;
  // A mote program's side: the one mote this process hosts (--node); none: every mote.
  std::optional<NodeId> node = std::nullopt;
};

struct Driver {
  const char* name;  // --transport NAME
  // One line for the base program's --help.
  const char* help;
  // How a mote program is run with this transport, for its usage text; {0} is the program.
  const char* moteUsage;
  // Its options.def.
  std::span<const options::Option> options;
  // One mote program hosts every mote (then --node is refused), or each mote is its own process
  // (then --node is required).
  bool hostsEveryMote;
  // Frames are never lost: without --faults a resend could only come from a loaded machine, and
  // would add radio traffic that makes a run's energy depend on the load, so there are none.
  bool lossless;
  // Network time is simulated (docs/design.md §9): runFor jumps from one task run to the next.
  // Otherwise it is the wall clock, which the base's --time-scale compresses.
  bool simulatesTime;
  // The two sides, made once the network is loaded. Each throws options::UsageError for options
  // that do not fit, and std::runtime_error when the transport cannot be set up.
  std::unique_ptr<Transport> (*makeBase)(const Setup& setup) = nullptr;
  std::unique_ptr<Transport> (*makeMote)(const Setup& setup) = nullptr;
  // Instead of those, the two sides of a transport whose base side starts the mote program and
  // needs nothing of the network for it (the sim; udp, mqtt and qemu read the motes and their
  // addresses from it): made before the network is loaded, once the options are checked, so that
  // the mote program loads the network while the base does rather than after it (at 10,000 motes
  // each takes about 0.1 s: test/bench/sim_scale/README.md). The mote program is given the same
  // network, so an invalid one is reported by the base alone: the mote side ends with status 1
  // without a word.
  std::unique_ptr<Transport> (*makeBaseBeforeNetwork)(const SetupBeforeNetwork& setup) = nullptr;
  std::unique_ptr<Transport> (*makeMoteBeforeNetwork)(const SetupBeforeNetwork& setup) = nullptr;
};

// Every transport, in transports.def's order; the first is the default.
std::span<const Driver* const> drivers();
// The transport called `name`; nullptr if there is none.
const Driver* find(std::string_view name);
// "sim, udp, mqtt", for messages.
std::string names();

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_SRC_TRANSPORT_DRIVER_HPP
