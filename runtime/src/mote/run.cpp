// main() of mote programs, and the mote side's definition of MoteBinding.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"

namespace edgecut {

// On a mote, an instance of a [[mote]] class stands for the mote being served: MoteHost makes
// instances (Call::instance) while serving their mote. Call::cluster presets its members' nodes.
MoteBinding::MoteBinding(const char* /*moteClass*/) : node_(mote::detail::takeBindingNode()) {}

namespace mote {

namespace {

void printUsage(const char* argv0, const ProgramInfo& program) {
  fmt::print(stderr,
             "{0}: the mote side of the edgecut program {1} (plan {2}).\n"
             "It hosts the network's motes and serves the base program's requests. You do not run\n"
             "it yourself: run the base program (usually built beside it with the suffix _base),\n"
             "which simulates the network and starts this program.\n"
             "\n"
             "usage: {0} --sim-fd N [--timeout-ms M]\n"
             "  serve the simulator's link on file descriptor N; a mote waits at most M ms\n"
             "  (default 2500) for another mote's answer\n"
             "(the udp and mqtt transports are not implemented yet)\n",
             argv0, program.programFile, program.planFile);
}

}  // namespace

int run(int argc, char** argv, const ProgramInfo& program, Dispatch dispatch) {
  const char* argv0 = argc > 0 ? argv[0] : "mote";
  int simFd = -1;
  long timeoutMs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--sim-fd" && i + 1 < argc) {
      char* end = nullptr;
      const long fd = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || fd < 0 || fd > 1'000'000) {
        fmt::print(stderr, "{}: --sim-fd needs a file descriptor, not \"{}\"\n", argv0, argv[i]);
        return 2;
      }
      simFd = static_cast<int>(fd);
    } else if (arg == "--timeout-ms" && i + 1 < argc) {
      char* end = nullptr;
      timeoutMs = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || timeoutMs <= 0) {
        fmt::print(stderr, "{}: --timeout-ms needs a positive number of milliseconds, not \"{}\"\n", argv0, argv[i]);
        return 2;
      }
    } else if (arg == "--help" || arg == "-h") {
      printUsage(argv0, program);
      return 0;
    } else {
      fmt::print(stderr, "{}: unknown argument \"{}\"\n\n", argv0, arg);
      printUsage(argv0, program);
      return 2;
    }
  }
  if (simFd < 0) {
    printUsage(argv0, program);
    return 2;
  }

  try {
    MoteHost host(program, dispatch);
    if (timeoutMs > 0) host.setPeerTimeout(std::chrono::milliseconds(timeoutMs));
    SimTransport transport(simFd);
    // A base that goes away without a shutdown has reported its own error (or exited on
    // purpose); the host just stops, with a nonzero status.
    return host.serve(transport);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: {}\n", argv0, e.what());
    return 1;
  }
}

}  // namespace mote
}  // namespace edgecut
