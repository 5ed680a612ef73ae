// The serial transport's Driver (driver.hpp): its options, help, and the factories of both sides.
#include <vector>

#include "../driver.hpp"
#include "serial_transport.hpp"

namespace edgecut::transport {

namespace {

const std::vector<options::Option> kOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
#undef EDGECUT_OPTION
};

serial::Link openDevice(const Setup& setup) {
  const std::optional<std::string> device = setup.options.value("--device");
  if (!device) throw options::UsageError("the serial transport needs --device PATH (a tty or a UNIX socket)");
  return serial::Link::open(*device);
}

std::unique_ptr<Transport> makeBase(const Setup& setup) { return std::make_unique<SerialBase>(openDevice(setup)); }

std::unique_ptr<Transport> makeMote(const Setup& setup) { return std::make_unique<SerialMote>(openDevice(setup)); }

}  // namespace

extern const Driver serialDriver{
    .name = "serial",
    .help = "the motes hang off a serial line (--device PATH): SLIP frames with a CRC-16",
    .moteUsage = "serve every mote on the far end of a serial line: {0} --transport serial --device PATH",
    .options = kOptions,
    .hostsEveryMote = true,
    // A line drops and damages bytes: resend.
    .lossless = false,
    .simulatesTime = false,
    .makeBase = makeBase,
    .makeMote = makeMote,
};

}  // namespace edgecut::transport
