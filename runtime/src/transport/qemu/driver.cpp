// The qemu transport's Driver (driver.hpp): its options, help, and the factories of both sides.
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "../driver.hpp"
#include "qemu_transport.hpp"

namespace edgecut::transport {

namespace {

const std::vector<options::Option> kOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
#undef EDGECUT_OPTION
};

// --firmware, else NAME_mote.elf beside this program, where the firmware build puts it
// (tools/cmake/EdgecutFirmware.cmake).
std::string firmware(const Setup& setup) {
  if (const std::optional<std::string> given = setup.options.value("--firmware")) return *given;
  if (setup.moteExecutable == nullptr)
    throw options::UsageError("this base program was built without EDGECUT_MOTE_EXECUTABLE; use --firmware FILE");
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw options::UsageError(fmt::format("cannot locate this program: {}; use --firmware FILE", error.message()));
  return (self.parent_path() / (std::string(setup.moteExecutable) + ".elf")).string();
}

std::unique_ptr<Transport> makeBase(const Setup& setup) {
  if (setup.key)
    throw options::UsageError("the firmware does not authenticate frames yet: run --transport qemu without a "
                              "network key");
  return std::make_unique<QemuBase>(setup.program, setup.network, setup.options.value("--qemu").value_or("qemu-system-arm"),
                                    firmware(setup));
}

std::unique_ptr<Transport> makeMote(const Setup&) {
  throw options::UsageError("under the qemu transport the motes run the firmware (NAME_mote.elf), which the base "
                            "program starts in QEMU; there is no mote program to run");
}

}  // namespace

extern const Driver qemuDriver{
    .name = "qemu",
    .help = "run the motes' Cortex-M4 firmware, one qemu-system-arm (mps2-an386) per mote, over serial lines",
    .moteUsage = "the base program starts the firmware in QEMU (--transport qemu); you do not run {0} with it.",
    .options = kOptions,
    // One base-side transport plays every mote's world (sensors, trace), as the sim's mote host.
    .hostsEveryMote = true,
    // A socket to QEMU loses nothing, so there are no resends and the traffic is the simulation's.
    .lossless = true,
    .simulatesTime = false,
    .makeBase = makeBase,
    .makeMote = makeMote,
};

}  // namespace edgecut::transport
