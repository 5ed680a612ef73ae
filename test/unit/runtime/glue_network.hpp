// A network written as JSON in a test, in the form the programs carry it
// (ProgramInfo::networkCbor: CBOR), for hand-written ProgramInfos.
#ifndef EDGECUT_TEST_UNIT_RUNTIME_GLUE_NETWORK_HPP
#define EDGECUT_TEST_UNIT_RUNTIME_GLUE_NETWORK_HPP

#include <deque>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace edgecut::test {

// The bytes stay until the test program ends, as a glue's constant does.
inline std::string_view glueNetwork(std::string_view json) {
  static std::deque<std::string> kept;
  std::string& cbor = kept.emplace_back();
  nlohmann::json::to_cbor(nlohmann::json::parse(json), cbor);
  return cbor;
}

}  // namespace edgecut::test

#endif  // EDGECUT_TEST_UNIT_RUNTIME_GLUE_NETWORK_HPP
