// The mqtt transport's control messages: the base asking a mote for its stats at the end of a
// run, and the mote's answers (link.hpp's control and stats topics). JSON text, and with a
// network key a tag after it (../control_seal.hpp):
//
//   on N/control   {"run": R}                  ->  on N/stats   {"run": R, "generation": G, "stats": {…}}
//   on N/control   {"run": R, "forget": G}     ->  on N/stats   {"run": R, "forgot": G}
//
// R is a number the base draws once per run: answers must carry it. G is one the mote draws at
// its start and after each forget; a forget names the G of the stats the base took, so it works
// once: a repeat is answered again without forgetting anything, and one recorded and sent again
// in a later run (its G is gone) forgets nothing: the mote drops it as replayed. The control topics
// carry the runtime's control messages too (edgecut/runtime/control.hpp, CBOR, which no command
// parses as), sealed the same way. Without libmosquitto, for the fuzzers too.
#ifndef EDGECUT_RUNTIME_TRANSPORT_MQTT_CONTROL_HPP
#define EDGECUT_RUNTIME_TRANSPORT_MQTT_CONTROL_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "edgecut/runtime/sim/host_stats.hpp"

namespace edgecut::mqtt {

struct Command {
  std::uint64_t run = 0;
  std::optional<std::uint64_t> forget;  // the generation to forget; none: send the stats
};

struct Answer {
  std::uint64_t run = 0;
  std::optional<std::uint64_t> forgot;  // the generation forgotten; none: these are the stats
  std::uint64_t generation = 0;         // the stats': what a forget names
  std::optional<sim::HostStats> stats;
};

std::vector<std::uint8_t> encode(const Command& command);
std::vector<std::uint8_t> encode(const Answer& answer);
// Nothing if `message` is not one (malformed JSON, missing or mistyped fields, malformed stats).
std::optional<Command> decodeCommand(std::span<const std::uint8_t> message);
std::optional<Answer> decodeAnswer(std::span<const std::uint8_t> message);

}  // namespace edgecut::mqtt

#endif  // EDGECUT_RUNTIME_TRANSPORT_MQTT_CONTROL_HPP
