// main() of base programs: options, the sim, the user's main, the summary and the report.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../take_option.hpp"
#include "edgecut/runtime/base_runtime.hpp"
#include "edgecut/runtime/key_file.hpp"

namespace edgecut::base::detail {

namespace {

struct Options {
#define EDGECUT_OPTION(field, spelling, valueName, help) std::optional<std::string> field;
#include "options.def"
};

using edgecut::detail::UsageError;

// Takes edgecut's options out of argv; what is left (argv[0] first) goes to the program's main.
// "--" ends edgecut's options and is not passed on.
Options parseOptions(int argc, char** argv, std::vector<char*>& rest) {
  Options options;
  rest.push_back(argv[0]);
  int i = 1;
  for (; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    bool matched = false;
#define EDGECUT_OPTION(field, spelling, valueName, help) \
  matched = matched || edgecut::detail::takeOption(argc, argv, i, spelling, valueName, options.field);
#include "options.def"
    if (!matched) rest.push_back(argv[i]);
  }
  for (; i < argc; ++i) rest.push_back(argv[i]);
  rest.push_back(nullptr);  // argv[argc] is a null pointer, as for any main
  return options;
}

void printHelp(const char* argv0, const ProgramInfo& program) {
  fmt::print(stderr,
             "{}: the base program of {} (plan {}), built with edgecut.\n"
             "It runs the program on a simulated network whose motes are hosted by the mote program,\n"
             "or (--transport udp or mqtt) on a real network whose motes each run the mote program.\n"
             "\nedgecut options (everything else goes to the program; \"--\" ends them):\n",
             argv0, program.programFile, program.planFile);
#define EDGECUT_OPTION(field, spelling, valueName, help) \
  fmt::print(stderr, "  {:<22} {}\n", std::string(spelling) + (*valueName ? " " valueName : ""), help);
#include "options.def"
}

// A positive whole number (zero too if `zeroAllowed`), or `otherwise` if the option is absent.
long long parseCount(const char* option, const std::optional<std::string>& text, long long otherwise,
                     bool zeroAllowed, const char* what) {
  if (!text) return otherwise;
  long long value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0 || (value == 0 && !zeroAllowed)) {
    throw UsageError(fmt::format("{} needs {}, not \"{}\"", option, what, *text));
  }
  return value;
}

wire::RetryPolicy parseRetryPolicy(const Options& options) {
  const wire::RetryPolicy defaults;
  wire::RetryPolicy retry;
  retry.deadline = std::chrono::milliseconds(
      parseCount("--timeout-ms", options.timeoutMs, defaults.deadline.count(), false, "a positive number of milliseconds"));
  retry.firstWait = std::chrono::milliseconds(
      parseCount("--retry-ms", options.retryMs, defaults.firstWait.count(), false, "a positive number of milliseconds"));
  const long long retries = parseCount("--retries", options.retries, defaults.retries, true, "a number of resends");
  if (retries > 1000) throw UsageError(fmt::format("--retries needs at most 1000 resends, not {}", retries));
  retry.retries = static_cast<unsigned>(retries);
  return retry;
}

sim::FaultSpec parseFaultOption(const std::optional<std::string>& text) {
  if (!text) return {};
  try {
    return sim::parseFaults(*text);
  } catch (const sim::FaultSpecError& e) {
    throw UsageError(fmt::format("--faults: {}", e.what()));
  }
}

// The mote program: --mote-exe, else `moteExecutable` beside this program.
std::string findMoteProgram(const std::optional<std::string>& option, const char* moteExecutable) {
  std::filesystem::path path;
  if (option) {
    path = *option;
  } else if (moteExecutable != nullptr) {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) throw UsageError(fmt::format("cannot locate this program: {}; use --mote-exe PATH", error.message()));
    path = self.parent_path() / moteExecutable;
  } else {
    throw UsageError("this base program was built without EDGECUT_MOTE_EXECUTABLE; use --mote-exe PATH");
  }
  if (::access(path.c_str(), X_OK) != 0) {
    throw UsageError(fmt::format("cannot run the mote program {}; build it, or name it with --mote-exe PATH",
                                 path.string()));
  }
  return path.string();
}

// Runs the program's main; an exception that ends it is reported here, as an error exit.
int runProgram(int (*userMain)(int, char**), std::vector<char*>& args) {
  try {
    return userMain(static_cast<int>(args.size() - 1), args.data());
  } catch (const NoMoteAvailable& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const RemoteTimeout& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const RemoteError& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const LinkError& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "edgecut: error: the program ended with an uncaught exception: {}\n", e.what());
  }
  return 1;
}

}  // namespace

int run(int argc, char** argv, const ProgramInfo& program, int (*userMain)(int, char**),
        const char* moteExecutable, Dispatch dispatch) {
  const char* argv0 = argc > 0 ? argv[0] : "base";
  try {
    std::vector<char*> args;
    const Options options = parseOptions(argc, argv, args);
    if (options.help) {
      printHelp(argv0, program);
      return 0;
    }
    if (options.printNetwork) {
      fmt::print("{}\n", sim::builtInNetwork(program).json().dump(2));
      return 0;
    }
    wire::RetryPolicy retry = parseRetryPolicy(options);
    const sim::FaultSpec faults = parseFaultOption(options.faults);
    const std::string transportName = options.transport.value_or("sim");
    // The sim's radio loses nothing without --faults: a resend there could only come from a slow
    // (loaded) machine, and would add radio traffic that makes a run's energy depend on the load.
    if (transportName == "sim" && !faults.any() && !options.retries) retry.retries = 0;
    sim::Network network = sim::loadNetwork(program, options.network);
    // A mote waiting for another mote gives up at half the base's deadline, so that the base still
    // waits when the mote's ERROR saying why arrives.
    wire::RetryPolicy moteRetry = retry;
    moteRetry.deadline = retry.deadline / 2;
    TransportSetup setup{program, network, [&] { return findMoteProgram(options.moteExe, moteExecutable); },
                         moteRetry, retry.deadline};
#define EDGECUT_OPTION(field, spelling, valueName, help) setup.mqtt.field = options.field;
#include "edgecut/runtime/mqtt/options.def"
#undef EDGECUT_OPTION
    if (const char* option = setup.mqtt.firstGiven(); option != nullptr && transportName != "mqtt") {
      throw UsageError(fmt::format("{} is for --transport mqtt", option));
    }
    const std::string keyFile = options.keyFile.value_or(program.keyFile ? program.keyFile : "");
    setup.keyFile = keyFile;
    setup.networkFile = options.network.value_or("");
    std::unique_ptr<Transport> transport = makeTransport(transportName, setup);
    if (!transport) {
      throw UsageError(fmt::format("--transport {}: there is no such transport; use one of {}", transportName,
                                   edgecut::detail::transportNames()));
    }
    // With a network key every frame is sealed and opened in this one layer, whatever the transport.
    if (!keyFile.empty()) {
      std::string error;
      const std::optional<wire::NetworkKey> key = wire::loadNetworkKey(keyFile, error);
      if (!key) throw UsageError(error);
      transport = std::make_unique<AuthenticatedTransport>(std::move(transport), *key);
    }
    if (options.moteExe && transportName != "sim") {
      throw UsageError(fmt::format("--mote-exe is for the sim; with --transport {} start each mote program yourself",
                                   transportName));
    }
    Runtime runtime(program, std::move(network), std::move(transport), retry, faults);
    runtime.serveCalls(dispatch);
    int status = runProgram(userMain, args);
    std::fflush(stdout);  // the program's output comes before the summary

    std::optional<sim::HostStats> host;
    try {
      host = runtime.shutdown();
    } catch (const LinkError& e) {
      fmt::print(stderr, "edgecut: error: {}\n", e.what());
      status = 1;
    }
    fmt::print(stderr, "{}", summarize(runtime, host));
    if (options.report) {
      std::ofstream out(*options.report);
      out << makeReport(runtime, host).dump(2) << '\n';
      if (!out.flush()) {
        fmt::print(stderr, "edgecut: error: cannot write the report {}\n", *options.report);
        status = 1;
      }
    }
    return status;
  } catch (const UsageError& e) {
    fmt::print(stderr, "edgecut: error: {}\n(run {} --help for edgecut's options)\n", e.what(), argv0);
    return 2;
  } catch (const sim::InvalidNetwork& e) {
    fmt::print(stderr, "{}", e.what());  // clang-style diagnostics, at file:line:col
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
    return 1;
  }
}

}  // namespace edgecut::base::detail
