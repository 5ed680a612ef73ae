// main() of mote programs once the shared startup (startup.hpp) made the transport, and the mote
// side's definition of MoteBinding.
#include "../startup.hpp"
#include "edgecut/runtime/mote_host.hpp"
#include "labelled_output.hpp"

namespace edgecut {

// On a mote, an instance of a [[mote]] class stands for the mote being served: MoteHost makes
// instances (Call::instance) while serving their mote. Call::cluster presets its members' nodes.
MoteBinding::MoteBinding(const char* /*moteClass*/) : node_(mote::detail::takeBindingNode()) {}

namespace mote {

int run(int argc, char** argv, const ProgramInfo& program, Dispatch dispatch, std::span<const ActuatorType> actuators) {
  return startup::start(options::Side::mote, argc, argv, program, nullptr, [&](startup::Started& started) {
    MoteHost host(program, dispatch, std::move(started.network), started.node);
    host.setPeerRetry(started.retry);
    host.setActuatorTypes(actuators);
    // Mote code's stdout and stderr reach this program's stderr, labelled by mote; a mote host the
    // base program started shares the base's, whose stdout is then the program's main's alone.
    detail::LabelledOutput output;
    // A base that goes away without a shutdown has reported its own error (or exited on
    // purpose); the host just stops, with a nonzero status.
    return host.serve(*started.transport);
  });
}

}  // namespace mote
}  // namespace edgecut
