// The sim transport's Driver (driver.hpp): its options, help, and the factories of both sides.
#include <unistd.h>

#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "../driver.hpp"
#include "sim_transport.hpp"

namespace edgecut::transport {

namespace {

using options::UsageError;

const std::vector<options::Option> kOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
#undef EDGECUT_OPTION
};

// The mote program: --mote-exe, else the one the build put beside this program.
std::string moteProgram(const SetupBeforeNetwork& setup) {
  std::filesystem::path path;
  if (const std::optional<std::string> given = setup.options.value("--mote-exe")) {
    path = *given;
  } else if (setup.moteExecutable != nullptr) {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) throw UsageError(fmt::format("cannot locate this program: {}; use --mote-exe PATH", error.message()));
    path = self.parent_path() / setup.moteExecutable;
  } else {
    throw UsageError("this base program was built without EDGECUT_MOTE_EXECUTABLE; use --mote-exe PATH");
  }
  if (::access(path.c_str(), X_OK) != 0) {
    throw UsageError(fmt::format("cannot run the mote program {}; build it, or name it with --mote-exe PATH",
                                 path.string()));
  }
  return path.string();
}

// Neither side reads the network (Driver::makeBaseBeforeNetwork): the base passes --network on.
std::unique_ptr<Transport> makeBase(const SetupBeforeNetwork& setup) {
  return std::make_unique<SimBase>(moteProgram(setup), setup.moteRetry, setup.keyFile, setup.networkFile);
}

std::unique_ptr<Transport> makeMote(const SetupBeforeNetwork& setup) {
  if (!setup.options.has("--sim-fd")) throw UsageError("the sim transport needs --sim-fd N (the base program passes it)");
  const auto fd = options::number(setup.options, "--sim-fd", 0, 0, 1'000'000, "a file descriptor");
  return std::make_unique<SimMote>(static_cast<int>(fd));
}

}  // namespace

extern const Driver simDriver{
    .name = "sim",
    .help = "simulate the network: the base starts one mote program hosting every mote",
    .moteUsage = "the base program starts it (with --sim-fd) to host every mote of a simulated network;\n"
                 "you do not run it yourself.",
    .options = kOptions,
    .hostsEveryMote = true,
    .lossless = true,
    .simulatesTime = true,
    .makeBaseBeforeNetwork = makeBase,
    .makeMoteBeforeNetwork = makeMote,
};

}  // namespace edgecut::transport
