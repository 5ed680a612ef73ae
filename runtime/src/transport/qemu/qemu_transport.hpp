// The qemu transport: the base program starts one `qemu-system-arm -M mps2-an386` per mote of the
// network, each running the motes' firmware (firmware/, the target NAME_mote_firmware) with its
// UART on a UNIX socket, and speaks the serial transport's packets (serial/slip.hpp) over each.
// As on sim, the base relays every frame, so its medium accounts them all.
//
// Firmware has no network file: the base side plays the rest of the mote's world. A firmware asks
// for a sample (sensorRead) and gets the next value of that mote's source in the network, exactly
// as the simulator's mote host would read it; it reports each actuator write, which goes into the
// actuator trace; at shutdown it sends its counters (moteStats). So the output and the trace are
// the simulation's.
//
// Every QEMU is stopped when the transport goes (the end of a run, an error), and dies with the base
// program if that is killed (PR_SET_PDEATHSIG), so that Ctrl-C leaves none behind.
#ifndef EDGECUT_RUNTIME_TRANSPORT_QEMU_QEMU_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_QEMU_QEMU_TRANSPORT_HPP

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../serial/link.hpp"
#include "edgecut/runtime/abi.hpp"
#include "edgecut/runtime/sim/host_stats.hpp"
#include "edgecut/runtime/sim/network.hpp"
#include "edgecut/runtime/sim/sensors.hpp"
#include "edgecut/runtime/transport.hpp"

namespace edgecut::transport {

class QemuBase final : public Transport {
 public:
  // Starts `qemu` (a program name or path) with `firmware` for every mote of `network`, and
  // connects to each one's UART. Throws std::runtime_error naming the command when a QEMU does
  // not start or its UART does not come up.
  QemuBase(const ProgramInfo& program, const sim::Network& network, const std::string& qemu,
           const std::string& firmware);
  ~QemuBase() override;

  std::string describe() const override;
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return whyClosed_; }
  // Damaged packets on every line, and packets of a kind the base side does not take.
  std::uint64_t dropped() const override;
  bool relaysBetweenMotes() const override { return true; }
  std::size_t maxFrameBytes() const override { return serial::kFirmwareFrameBytes; }
  // Sends each firmware SHUTDOWN and gathers its counters, with the actuator trace the base side
  // recorded; a mote that does not answer by `deadline` is lost.
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override;

 private:
  struct Mote {
    NodeId id = 0;
    pid_t pid = -1;
    std::string command;  // for messages
    std::unique_ptr<serial::Link> link;
    std::map<std::string, sim::SensorSource, std::less<>> sensors;
    bool stopped = false;  // sent its moteStats
  };
  enum class Handled { frame, control, consumed, closed };
  // Serves what the base side answers itself (samples, actuator writes, stats); says what was left.
  Handled handle(Mote& mote, std::uint8_t kind, std::vector<std::uint8_t>& payload);
  Mote* find(NodeId id);
  void stopAll();

  const ProgramInfo& program_;  // the generated glue's, which lives as long as the program
  std::string directory_;  // the sockets' temporary directory
  std::vector<Mote> motes_;
  std::size_t nextToPoll_ = 0;  // round robin, so that one busy mote cannot starve the others
  std::string whyClosed_;
  std::uint64_t unexpected_ = 0;
  sim::HostStats stats_;  // what the base side recorded: the actuator trace, the firmware's counters
};

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_TRANSPORT_QEMU_QEMU_TRANSPORT_HPP
