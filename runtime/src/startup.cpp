#include "startup.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "edgecut/runtime/authenticated_transport.hpp"
#include "edgecut/runtime/key_file.hpp"
#include "transport/driver.hpp"

namespace edgecut::startup {

namespace {

using options::Side;
using options::UsageError;

const std::vector<options::Option> kCommonOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
};

// Every option a program may be given: the common ones, then each transport's.
std::vector<std::span<const options::Option>> optionTables() {
  std::vector<std::span<const options::Option>> tables{kCommonOptions};
  for (const transport::Driver* driver : transport::drivers()) tables.push_back(driver->options);
  return tables;
}

// `text`'s lines after the first indented by `indent` spaces.
std::string indented(const std::string& text, std::size_t indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

void printHelp(Side side, const std::string& argv0, const ProgramInfo& program) {
  const bool base = side == Side::base;
  std::string text =
      base ? fmt::format("{}: the base program of {} (plan {}), built with edgecut.\n"
                         "It runs the program on the network, whose motes run the mote program, reached through a "
                         "transport (--transport NAME):\n",
                         argv0, program.programFile, program.planFile)
           : fmt::format("{}: the mote side of the edgecut program {} (plan {}).\n"
                         "It serves the base program's requests for the network's motes, through a transport "
                         "(--transport NAME):\n",
                         argv0, program.programFile, program.planFile);
  const transport::Driver* defaultDriver = transport::drivers().front();
  for (const transport::Driver* driver : transport::drivers()) {
    const std::string marker = driver == defaultDriver ? " (default)" : "";
    if (base) {
      text += fmt::format("  {:<6} {}{}\n", driver->name, driver->help, marker);
    } else {
      const std::string usage = fmt::format(fmt::runtime(driver->moteUsage), argv0);
      text += fmt::format("  {}{}: {}\n", driver->name, marker, indented(usage, 4));
    }
  }
  text += base ? "\nedgecut options (everything else goes to the program; \"--\" ends them):\n" : "\noptions:\n";
  text += options::helpLines(kCommonOptions, side);
  for (const transport::Driver* driver : transport::drivers()) {
    const std::string lines = options::helpLines(driver->options, side);
    if (!lines.empty()) text += fmt::format("\noptions of --transport {}:\n{}", driver->name, lines);
  }
  std::fputs(text.c_str(), stderr);
}

// The transport --transport names (the first one by default). Options of another transport are
// a mistake: they would do nothing.
const transport::Driver& chooseTransport(const options::Given& given, Side side) {
  const transport::Driver* chosen = transport::drivers().front();
  if (const std::optional<std::string> name = given.value("--transport")) {
    chosen = transport::find(*name);
    if (chosen == nullptr) {
      throw UsageError(fmt::format("--transport {}: there is no such transport; use one of {}", *name,
                                   transport::names()));
    }
  }
  for (const transport::Driver* driver : transport::drivers()) {
    if (driver == chosen) continue;
    for (const options::Option& option : driver->options) {
      const bool ownedByChosen = std::any_of(chosen->options.begin(), chosen->options.end(), [&](const auto& own) {
        return std::string_view(own.spelling) == option.spelling;
      });
      if (option.isFor(side) && given.has(option.spelling) && !ownedByChosen) {
        throw UsageError(fmt::format("{} is for --transport {}", option.spelling, driver->name));
      }
    }
  }
  return *chosen;
}

// A mote program's --node, checked against the transport and the network.
std::optional<NodeId> moteNode(const options::Given& given, const transport::Driver& driver,
                               const sim::Network& network) {
  if (!given.has("--node")) {
    if (driver.hostsEveryMote) return std::nullopt;
    throw UsageError(fmt::format("the {} transport needs --node ID: the mote this process is", driver.name));
  }
  if (driver.hostsEveryMote) {
    throw UsageError(fmt::format(
        "--node is for transports where each mote is its own process; the {} transport hosts every mote",
        driver.name));
  }
  const auto node = static_cast<NodeId>(options::number(given, "--node", 0, 0, UINT32_MAX, "a mote id"));
  if (network.mote(node) == nullptr) throw UsageError(fmt::format("--node {}: the network has no such mote", node));
  return node;
}

wire::RetryPolicy retryPolicy(const options::Given& given, Side side) {
  constexpr std::uint64_t kDay = 86'400'000;  // ms: longer is a mistake, and would overflow the clock's arithmetic
  const wire::RetryPolicy defaults{.deadline = side == Side::base ? wire::RetryPolicy{}.deadline : wire::kMoteDeadline};
  wire::RetryPolicy retry;
  retry.deadline = std::chrono::milliseconds(options::number(given, "--timeout-ms", defaults.deadline.count(), 1, kDay,
                                                             "a positive number of milliseconds up to a day"));
  retry.firstWait = std::chrono::milliseconds(options::number(given, "--retry-ms", defaults.firstWait.count(), 1, kDay,
                                                              "a positive number of milliseconds up to a day"));
  retry.retries = static_cast<unsigned>(
      options::number(given, "--retries", defaults.retries, 0, 1000, "a number of resends up to 1000"));
  return retry;
}

// A requester gives up at its deadline, so the resends that would go out after it never do: says
// so when --retries asks for more than fit, rather than let the count be capped unseen.
void warnAboutResendsPastTheDeadline(const wire::RetryPolicy& retry, const std::string& speaker) {
  std::vector<std::string> times;  // when each resend that fits goes out, in ms
  for (unsigned attempt = 1; attempt <= retry.retries; ++attempt) {
    const std::optional<std::chrono::milliseconds> at = retry.sendTime(attempt);
    if (!at) break;
    times.push_back(std::to_string(at->count()));
  }
  if (times.size() == retry.retries) return;
  std::string schedule = fmt::format("the first would go out at {} ms", retry.firstWait.count());
  if (!times.empty()) {
    const std::string last = times.back();
    times.pop_back();
    schedule = times.empty() ? fmt::format("it goes out at {} ms", last)
                             : fmt::format("they go out at {} and {} ms", fmt::join(times, ", "), last);
    times.push_back(last);
  }
  const std::size_t fit = times.size();
  fmt::print(stderr,
             "{}: warning: --retries {}: {} in --timeout-ms {} (with --retry-ms {} {}); a request is given up at its "
             "deadline, so raise --timeout-ms or lower --retries\n",
             speaker, retry.retries,
             fit == 0 ? std::string("no resend fits")
                      : fmt::format("only {} resend{} fit{}", fit, fit == 1 ? "" : "s", fit == 1 ? "s" : ""),
             retry.deadline.count(), retry.firstWait.count(), schedule);
}

// Network time: simulated where the transport simulates it (--time-scale would mean nothing), else
// the wall clock, --time-scale times faster.
std::optional<double> timeScale(const options::Given& given, const transport::Driver& driver) {
  if (driver.simulatesTime) {
    if (!given.has("--time-scale")) return std::nullopt;
    std::string realTime;
    for (const transport::Driver* other : transport::drivers())
      if (!other->simulatesTime) realTime += fmt::format("{}--transport {}", realTime.empty() ? "" : ", ", other->name);
    throw UsageError(fmt::format("--time-scale is for transports whose network time is the wall clock ({}); "
                                 "the {} transport simulates it", realTime, driver.name));
  }
  return static_cast<double>(
      options::number(given, "--time-scale", 1, 1, 1'000'000'000, "a whole number from 1 to 1000000000"));
}

sim::FaultSpec faultSpec(const options::Given& given) {
  const std::optional<std::string> text = given.value("--faults");
  if (!text) return {};
  try {
    return sim::parseFaults(*text);
  } catch (const sim::FaultSpecError& e) {
    throw UsageError(fmt::format("--faults: {}", e.what()));
  }
}

}  // namespace

int start(Side side, int argc, char** argv, const ProgramInfo& program, const char* moteExecutable,
          const std::function<int(Started&)>& run) {
  const bool base = side == Side::base;
  const std::string argv0 = argc > 0 ? argv[0] : base ? "base" : "mote";
  // The base program's messages say they are edgecut's (its program prints its own); a mote
  // program's say which program, since several may share a terminal.
  const std::string speaker = base ? "edgecut" : argv0;
  // A mote program that its base started before loading the same network (Driver::
  // makeMoteBeforeNetwork) leaves reporting an invalid one to the base, which prints it once.
  bool networkReportedByBase = false;
  try {
    std::vector<char*> rest;
    const options::Given given = options::parse(argc, argv, side, optionTables(), rest);
    if (given.has("--help")) {
      printHelp(side, argv0, program);
      return 0;
    }
    if (!base && argc <= 1) {  // a mote program run by hand: say what it is
      printHelp(side, argv0, program);
      return 2;
    }
    if (!base && rest.size() > 2) throw UsageError(fmt::format("unknown argument \"{}\"", rest[1]));
    if (given.has("--print-network")) {
      sim::builtInNetwork(program);  // checked, as for a run; what it carries is the normalised JSON
      fmt::print("{}\n", nlohmann::json::from_cbor(program.networkCbor).dump(2));
      return 0;
    }
    const transport::Driver& driver = chooseTransport(given, side);
    // Every option is checked before the network is loaded, which takes a while and may start after
    // the mote program does (Driver::makeBaseBeforeNetwork): a wrong command line starts nothing.
    wire::RetryPolicy retry = retryPolicy(given, side);
    sim::FaultSpec faults = faultSpec(given);
    const std::optional<double> scale = timeScale(given, driver);
    if (base && driver.lossless && !faults.any() && !given.has("--retries")) retry.retries = 0;
    // A mote host that serves every mote was started by the base, which has warned already.
    if (given.has("--retries") && (base || !driver.hostsEveryMote)) warnAboutResendsPastTheDeadline(retry, speaker);
    const std::string keyFile = given.value("--key-file").value_or(program.keyFile ? program.keyFile : "");
    std::optional<wire::NetworkKey> key;
    if (!keyFile.empty()) {
      std::string error;
      key = wire::loadNetworkKey(keyFile, error);
      if (!key) throw UsageError(error);
    }
    // A mote waiting for another mote gives up at half the base's deadline, so that the base still
    // waits when the mote's ERROR saying why arrives.
    wire::RetryPolicy moteRetry = retry;
    moteRetry.deadline = retry.deadline / 2;
    const transport::SetupBeforeNetwork beforeNetwork{.program = program,
                                                      .options = given,
                                                      .timeout = retry.deadline,
                                                      .moteExecutable = moteExecutable,
                                                      .moteRetry = moteRetry,
                                                      .keyFile = keyFile,
                                                      .networkFile = given.value("--network").value_or(""),
                                                      .key = key};
    std::unique_ptr<Transport> transport;
    if (base && driver.makeBaseBeforeNetwork != nullptr) transport = driver.makeBaseBeforeNetwork(beforeNetwork);
    if (!base && driver.makeMoteBeforeNetwork != nullptr) {
      transport = driver.makeMoteBeforeNetwork(beforeNetwork);
      networkReportedByBase = true;
    }
    // If the network is invalid, a mote program started above is stopped as `transport` goes.
    Started started{given, rest, sim::loadNetwork(program, given.value("--network")), retry, std::move(faults),
                    scale, std::nullopt, std::move(transport)};
    if (!base) started.node = moteNode(given, driver, started.network);
    if (!started.transport) {
      const transport::Setup setup{beforeNetwork, started.network, started.node};
      started.transport = base ? driver.makeBase(setup) : driver.makeMote(setup);
    }
    // With a network key every frame is sealed and opened in this one layer, whatever the transport.
    if (key) {
      AuthenticatedTransport::IsLocal isLocal;
      if (base) {
        isLocal = [](NodeId node) { return node == wire::kBaseNode; };
      } else if (started.node) {
        isLocal = [only = *started.node](NodeId node) { return node == only; };
      } else {
        std::set<NodeId> motes;  // a copy: the mote host takes the network
        for (const sim::MoteSpec& mote : started.network.motes()) motes.insert(mote.id);
        isLocal = [motes = std::move(motes)](NodeId node) { return motes.count(node) > 0; };
      }
      started.transport = std::make_unique<AuthenticatedTransport>(std::move(started.transport), *key, isLocal);
    }
    return run(started);
  } catch (const UsageError& e) {
    fmt::print(stderr, "{}: error: {}\n(run {} --help for {} options)\n", speaker, e.what(), argv0,
               base ? "edgecut's" : "its");
    return 2;
  } catch (const sim::InvalidNetwork& e) {
    if (!networkReportedByBase) fmt::print(stderr, "{}", e.what());  // clang-style diagnostics, at file:line:col
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: {}\n", speaker, e.what());
    return 1;
  }
}

}  // namespace edgecut::startup
