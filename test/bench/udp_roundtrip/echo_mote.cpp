// The mote program of the udp_roundtrip benchmark: serves Echo::echo (echo_glue.hpp).
#include <edgecut/runtime/mote.hpp>

#include "echo_glue.hpp"

namespace {

bool dispatch(edgecut::mote::Call& call) {
  if (call.function() != echo_glue::kEcho) return call.unknownFunction();
  int value = 0;
  if (!call.arguments(value)) return call.badArguments();
  return call.reply(value + 1);
}

}  // namespace

int main(int argc, char** argv) { return edgecut::mote::run(argc, argv, echo_glue::kProgram, &dispatch); }
