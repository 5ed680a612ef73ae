// The sim transport: the base program starts the mote program as a child process hosting every
// mote, connected by a socketpair carrying record_channel.hpp's records. The medium in the base
// process relays and accounts every frame, mote to mote too.
#ifndef EDGECUT_RUNTIME_TRANSPORT_SIM_SIM_TRANSPORT_HPP
#define EDGECUT_RUNTIME_TRANSPORT_SIM_SIM_TRANSPORT_HPP

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "edgecut/runtime/reliability.hpp"
#include "edgecut/runtime/transport.hpp"
#include "record_channel.hpp"

namespace edgecut::transport {

// The base's side: the mote host is its child.
class SimBase final : public Transport {
 public:
  // Starts `moteExecutable --sim-fd N`. `moteRetry` is how a mote resends its requests to another
  // mote and how long it waits for the reply (--retries, --retry-ms and --timeout-ms of the mote
  // program); keep its deadline below the base's, so that the base hears why a mote gave up.
  // `keyFile` and `networkFile`, if not empty, are passed on as the mote host's --key-file and
  // --network. Throws std::runtime_error if the process cannot be made; a program that cannot run
  // closes the link.
  explicit SimBase(const std::string& moteExecutable, std::optional<wire::RetryPolicy> moteRetry = std::nullopt,
                   const std::string& keyFile = "", const std::string& networkFile = "");
  ~SimBase() override;

  std::string describe() const override;
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  std::string whyClosed() const override { return whyClosed_; }
  std::uint64_t dropped() const override { return dropped_; }
  bool relaysBetweenMotes() const override { return true; }
  bool batchesTasks() const override { return true; }
  bool flush() override;
  // Shuts the host down and returns the stats it reports as it goes. Its one host has every
  // mote's stats, so `silent` changes nothing, and no mote is lost alone: it throws instead.
  sim::HostStats collectStats(Clock::time_point deadline, const std::set<NodeId>& silent) override;

 private:
  struct Ending {
    bool clean;        // exit status 0
    std::string text;  // "exited with status 3", "was killed by signal 11 (Segmentation fault)"
  };
  // Records why the link is gone (`what` the host did, and how it ended).
  void linkBroke(const char* what);
  // Waits up to `deadline` for the child to exit; nothing if it is still running then.
  std::optional<Ending> reap(Clock::time_point deadline);

  std::string executable_;
  pid_t pid_ = -1;
  std::unique_ptr<sim::RecordChannel> channel_;
  std::uint64_t dropped_ = 0;
  std::string whyClosed_;
};

// A mote program's side: the record link the base program handed over (--sim-fd).
class SimMote final : public Transport {
 public:
  explicit SimMote(int fd) : channel_(fd) {}
  std::string describe() const override { return "the simulator's link"; }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override;
  bool sendControl(NodeId to, std::span<const std::uint8_t> message) override;
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) override;
  void reportStats(sim::HostStats& stats) override;

 private:
  sim::RecordChannel channel_;
};

}  // namespace edgecut::transport

#endif  // EDGECUT_RUNTIME_TRANSPORT_SIM_SIM_TRANSPORT_HPP
