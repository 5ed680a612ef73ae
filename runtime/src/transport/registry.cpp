// The transports of transports.def, by name: THE place a name becomes a transport.
#include <array>

#include "driver.hpp"

namespace edgecut::transport {

#define EDGECUT_TRANSPORT(id) extern const Driver id##Driver;
#include "transports.def"

namespace {

constexpr std::array kDrivers{
#define EDGECUT_TRANSPORT(id) &id##Driver,
#include "transports.def"
};

}  // namespace

std::span<const Driver* const> drivers() { return kDrivers; }

const Driver* find(std::string_view name) {
  for (const Driver* driver : kDrivers) {
    if (name == driver->name) return driver;
  }
  return nullptr;
}

std::string names() {
  std::string list;
  for (const Driver* driver : kDrivers) list += std::string(list.empty() ? "" : ", ") + driver->name;
  return list;
}

}  // namespace edgecut::transport
