// main() of mote programs, and the mote side's definition of MoteBinding.
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "../take_option.hpp"
#include "edgecut/runtime/key_file.hpp"
#include "edgecut/runtime/mote_auth.hpp"
#include "edgecut/runtime/mote_host.hpp"

namespace edgecut {

// On a mote, an instance of a [[mote]] class stands for the mote being served: MoteHost makes
// instances (Call::instance) while serving their mote. Call::cluster presets its members' nodes.
MoteBinding::MoteBinding(const char* /*moteClass*/) : node_(mote::detail::takeBindingNode()) {}

namespace mote {

namespace {

using edgecut::detail::UsageError;

struct Options {
#define EDGECUT_OPTION(field, spelling, valueName, help) std::optional<std::string> field;
#include "options.def"
};

Options parseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    bool matched = false;
#define EDGECUT_OPTION(field, spelling, valueName, help) \
  matched = matched || edgecut::detail::takeOption(argc, argv, i, spelling, valueName, options.field);
#include "options.def"
    if (!matched) throw UsageError(fmt::format("unknown argument \"{}\"", argv[i]));
  }
  return options;
}

// A nonnegative decimal number up to `max`, for option `name`.
std::uint64_t parseNumber(const std::string& text, const char* name, const char* what, std::uint64_t max) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > max) {
    throw UsageError(fmt::format("{} needs {}, not \"{}\"", name, what, text));
  }
  return value;
}

void printUsage(const char* argv0, const ProgramInfo& program) {
  fmt::print(stderr,
             "{0}: the mote side of the edgecut program {1} (plan {2}).\n"
             "It serves the base program's requests for the network's motes:\n"
             "  sim: the base program starts it (with --sim-fd) to host every mote of a simulated network;\n"
             "       you do not run it yourself.\n"
             "  udp: run one on each device: {0} --transport udp --node ID [--network FILE]\n"
             "       hosts mote ID, listening on its \"address\" in the network, until SIGINT or SIGTERM.\n"
             "  mqtt: run one on each device: {0} --transport mqtt --node ID [--broker HOST:PORT]\n"
             "       hosts mote ID on the broker's topic edgecut/NET/ID/in, until SIGINT or SIGTERM.\n"
             "\noptions:\n",
             argv0, program.programFile, program.planFile);
#define EDGECUT_OPTION(field, spelling, valueName, help) \
  fmt::print(stderr, "  {:<22} {}\n", std::string(spelling) + (*valueName ? " " valueName : ""), help);
#include "options.def"
}

}  // namespace

int run(int argc, char** argv, const ProgramInfo& program, Dispatch dispatch) {
  const char* argv0 = argc > 0 ? argv[0] : "mote";
  try {
    const Options options = parseOptions(argc, argv);
    if (options.help) {
      printUsage(argv0, program);
      return 0;
    }
    const std::string transportName = options.transport.value_or("sim");
    if (transportName == "sim" && !options.simFd) {
      // Run by hand without options: say what this program is.
      printUsage(argv0, program);
      return 2;
    }
    TransportSetup setup{program, sim::loadNetwork(program, options.network), std::nullopt, std::nullopt};
#define EDGECUT_OPTION(field, spelling, valueName, help) setup.mqtt.field = options.field;
#include "edgecut/runtime/mqtt/options.def"
#undef EDGECUT_OPTION
    if (const char* option = setup.mqtt.firstGiven(); option != nullptr && transportName != "mqtt") {
      throw UsageError(fmt::format("{} is for --transport mqtt", option));
    }
    if (options.simFd) setup.simFd = static_cast<int>(parseNumber(*options.simFd, "--sim-fd", "a file descriptor", 1'000'000));
    if (options.node) {
      setup.node = static_cast<NodeId>(parseNumber(*options.node, "--node", "a mote id", UINT32_MAX));
      if (setup.network.mote(*setup.node) == nullptr) {
        throw UsageError(fmt::format("--node {}: the network has no such mote", *setup.node));
      }
    }
    wire::RetryPolicy peerRetry{.deadline = std::chrono::milliseconds(2500)};
    if (options.timeoutMs) {
      const auto ms = parseNumber(*options.timeoutMs, "--timeout-ms", "a positive number of milliseconds", 86'400'000);
      if (ms == 0) throw UsageError("--timeout-ms needs a positive number of milliseconds, not \"0\"");
      peerRetry.deadline = std::chrono::milliseconds(ms);
    }
    if (options.retryMs) {
      const auto ms = parseNumber(*options.retryMs, "--retry-ms", "a positive number of milliseconds", 86'400'000);
      if (ms == 0) throw UsageError("--retry-ms needs a positive number of milliseconds, not \"0\"");
      peerRetry.firstWait = std::chrono::milliseconds(ms);
    }
    if (options.retries) {
      peerRetry.retries = static_cast<unsigned>(parseNumber(*options.retries, "--retries", "a number of resends up to 1000", 1000));
    }
    std::unique_ptr<Transport> transport;
    try {
      transport = makeTransport(transportName, setup);
    } catch (const TransportUsageError& e) {
      throw UsageError(e.what());
    }
    if (!transport) {
      throw UsageError(fmt::format("--transport {}: there is no such transport; use one of {}", transportName,
                                   edgecut::detail::transportNames()));
    }
    // With a network key every frame is sealed and opened in this one layer, whatever the transport.
    const char* keyFile = options.keyFile ? options.keyFile->c_str() : program.keyFile;
    if (keyFile != nullptr) {
      std::string error;
      const std::optional<wire::NetworkKey> key = wire::loadNetworkKey(keyFile, error);
      if (!key) throw std::runtime_error(error);
      transport = std::make_unique<AuthenticatedTransport>(std::move(transport), *key);
    }
    MoteHost host(program, dispatch, setup.network, setup.node);
    host.setPeerRetry(peerRetry);
    // A base that goes away without a shutdown has reported its own error (or exited on
    // purpose); the host just stops, with a nonzero status.
    return host.serve(*transport);
  } catch (const UsageError& e) {
    fmt::print(stderr, "{}: error: {}\n(run {} --help for its options)\n", argv0, e.what(), argv0);
    return 2;
  } catch (const sim::InvalidNetwork& e) {
    fmt::print(stderr, "{}", e.what());  // clang-style diagnostics, at file:line:col
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: {}\n", argv0, e.what());
    return 1;
  }
}

}  // namespace mote
}  // namespace edgecut
