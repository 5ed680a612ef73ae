// The start of every base and mote program, shared: parsing the options (options.def and every
// transport's), --help, the retry policy, the network key, the network, choosing and making the
// transport (transport/driver.hpp; before the network where it needs nothing of it), wrapping it
// in the authentication layer, and the run itself, with the errors it ends with.
// base::detail::run and mote::run give only what their side does once the transport is there.
#ifndef EDGECUT_RUNTIME_SRC_STARTUP_HPP
#define EDGECUT_RUNTIME_SRC_STARTUP_HPP

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/faults.hpp"
#include "edgecut/runtime/reliability.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/transport.hpp"
#include "options.hpp"

namespace edgecut::startup {

// What a side's run gets.
struct Started {
  const options::Given& options;
  // The base program's own arguments (argv[0] first, a null pointer last), for its main.
  std::vector<char*>& programArguments;
  sim::Network network;
  // How this program resends its requests and how long it waits for their replies.
  wire::RetryPolicy retry;
  sim::FaultSpec faults;
  // The base's network time (docs/design.md §9): none where the transport simulates it, else how
  // many times faster than the wall clock it runs (--time-scale).
  std::optional<double> timeScale;
  // A mote program's one mote (--node); none: it hosts every mote of the network.
  std::optional<NodeId> node;
  std::unique_ptr<Transport> transport;
};

// main() of a base or mote program: everything up to `run`, then `run`. `moteExecutable` is the
// base program's mote program (base::kMoteExecutable). Returns `run`'s exit status; 0 after
// --help or --print-network; 2 for a wrong command line ("PROGRAM: error: …" and where to get
// help, on stderr); 1 when an error ended the program ("PROGRAM: error: …", or an invalid
// network's diagnostics, which a mote program that its base started before loading the same
// network leaves to the base: Driver::makeMoteBeforeNetwork).
int start(options::Side side, int argc, char** argv, const ProgramInfo& program, const char* moteExecutable,
          const std::function<int(Started&)>& run);

}  // namespace edgecut::startup

#endif  // EDGECUT_RUNTIME_SRC_STARTUP_HPP
