// Conversions between JSON (how the network and the report spell values) and CBOR (how values
// cross the radio). Host side.
#ifndef EDGECUT_RUNTIME_SIM_JSON_CBOR_HPP
#define EDGECUT_RUNTIME_SIM_JSON_CBOR_HPP

#include <cstdint>
#include <span>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/cbor.hpp"

namespace edgecut::sim {

// Writes `value` as one CBOR item: integers stay integers, objects become maps with text keys.
void writeJson(wire::Writer& out, const nlohmann::json& value);

// Reads one CBOR item that makes up all of `item`; false if it is not one well-formed item.
bool readJson(std::span<const std::uint8_t> item, nlohmann::json& value);

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_JSON_CBOR_HPP
