// The mqtt transport's Driver (driver.hpp): its options, help, and the factories of both sides.
// Without libmosquitto (EDGECUT_WITH_MQTT off, mqtt/CMakeLists.txt) the transport is still listed,
// and choosing it says how to get it.
#include <vector>

#include <fmt/format.h>

#include "../driver.hpp"

#if EDGECUT_WITH_MQTT
#include "mqtt_transport.hpp"
#endif

namespace edgecut::transport {

namespace {

using options::UsageError;

const std::vector<options::Option> kOptions{
#define EDGECUT_OPTION(sides, spelling, valueName, help) {options::Sides::sides, spelling, valueName, help},
#include "options.def"
#undef EDGECUT_OPTION
};

#if EDGECUT_WITH_MQTT

// A mote is a daemon started by hand: it waits this long for the broker, whatever its requests'
// deadline.
constexpr std::chrono::milliseconds kMoteConnectTimeout{5000};

// The settings options.def gives: the broker (default 127.0.0.1:1883), NET (default
// mqtt::defaultNetworkName of the program), the PSK (identity and key file go together);
// `timeout` is both the connect timeout and the hold time.
mqtt::Settings settings(const Setup& setup, std::chrono::milliseconds timeout) {
  const options::Given& given = setup.options;
  mqtt::Settings settings;
  try {
    settings.broker = mqtt::parseBroker(given.value("--broker").value_or(fmt::format("127.0.0.1:{}", mqtt::kDefaultPort)));
    settings.network = given.value("--mqtt-network").value_or(mqtt::defaultNetworkName(setup.program.programFile));
    mqtt::checkNetworkName(settings.network);
    const std::optional<std::string> identity = given.value("--psk-identity");
    const std::optional<std::string> keyFile = given.value("--psk-file");
    if (identity.has_value() != keyFile.has_value()) {
      throw UsageError(identity ? "--psk-identity needs --psk-file FILE, the file with the key"
                                : "--psk-file needs --psk-identity ID, the identity the broker knows the key by");
    }
    if (identity) {
      if (identity->empty()) throw UsageError("--psk-identity needs a non-empty identity");
      settings.psk = mqtt::Psk{*identity, mqtt::readPskKeyFile(*keyFile)};
    }
  } catch (const mqtt::Error& e) {
    throw UsageError(e.what());
  }
  settings.connectTimeout = timeout;
  settings.holdTime = timeout;
  return settings;
}

std::unique_ptr<Transport> makeBase(const Setup& setup) {
  return std::make_unique<MqttBase>(settings(setup, setup.timeout), setup.network, setup.key);
}

std::unique_ptr<Transport> makeMote(const Setup& setup) {
  return std::make_unique<MqttMote>(settings(setup, kMoteConnectTimeout), *setup.node, setup.key);
}

#else

std::unique_ptr<Transport> unbuilt(const Setup&) {
  throw UsageError(
      "this program was built without the mqtt transport: install libmosquitto-dev and configure edgecut again");
}
constexpr auto makeBase = unbuilt;
constexpr auto makeMote = unbuilt;

#endif

}  // namespace

extern const Driver mqttDriver{
    .name = "mqtt",
    .help = "every node is its own process, exchanging frames through an MQTT broker (--broker)",
    .moteUsage = "run one on each device: {0} --transport mqtt --node ID [--broker HOST:PORT]\n"
                 "hosts mote ID on the broker's topic edgecut/NET/ID/in, until SIGINT or SIGTERM.",
    .options = kOptions,
    .hostsEveryMote = false,
    .lossless = false,
    .simulatesTime = false,
    .makeBase = makeBase,
    .makeMote = makeMote,
};

}  // namespace edgecut::transport
