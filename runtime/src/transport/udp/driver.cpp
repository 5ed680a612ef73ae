// The udp transport's Driver (driver.hpp): its options, help, and the factories of both sides.
#include <vector>

#include "../driver.hpp"
#include "udp_transport.hpp"

namespace edgecut::transport {

namespace {

const std::vector<options::Option> kOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
#undef EDGECUT_OPTION
};

std::unique_ptr<Transport> makeBase(const Setup& setup) { return std::make_unique<UdpBase>(setup.network, setup.key); }

std::unique_ptr<Transport> makeMote(const Setup& setup) {
  return std::make_unique<UdpMote>(setup.network, *setup.node, setup.key);
}

}  // namespace

extern const Driver udpDriver{
    .name = "udp",
    .help = "every node is its own process, reached over UDP at its \"address\" in the network",
    .moteUsage = "run one on each device: {0} --transport udp --node ID [--network FILE]\n"
                 "hosts mote ID, listening on its \"address\" in the network, until SIGINT or SIGTERM.",
    .options = kOptions,
    .hostsEveryMote = false,
    .lossless = false,
    .simulatesTime = false,
    .makeBase = makeBase,
    .makeMote = makeMote,
};

}  // namespace edgecut::transport
