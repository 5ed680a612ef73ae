// What the base runtime's tests share (base_runtime_test.cpp, base_report_test.cpp): a scripted
// transport that hosts every mote, the program it runs, and a fixture around the runtime.
#pragma once
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>

#include "edgecut/runtime/authenticated_transport.hpp"
#include "edgecut/runtime/base_runtime.hpp"
#include "glue_network.hpp"
#include "sealed_peer.hpp"
#include "test_bytes.hpp"
#include "transport/sim/sim_transport.hpp"

namespace edgecut::base::base_test {

using test::Bytes;
using test::encoded;

constexpr SensorId kMoisture = 0xf3073b6fu;
constexpr ActuatorId kValve = 0x626144c1u;
constexpr FunctionId kAverage = 0x2e6d8081u;
constexpr FunctionId kUnnamed = 0x77u;
constexpr Fingerprint kFingerprint = 0x0123456789abcdefull;
constexpr std::uint32_t kMoteEpoch = 0x80000007u;

struct Soil {
  EDGECUT_MOTE_CLASS("Soil")
};
struct Lamp {
  EDGECUT_MOTE_CLASS("Lamp")
};

constexpr NamedId kSensors[] = {{kMoisture, "moisture"}};
constexpr NamedId kActuators[] = {{kValve, "valve"}};
constexpr NamedId kFunctions[] = {{kAverage, "Soil::avgMoisture"}};
constexpr const char* kSoilSensors[] = {"moisture"};
constexpr const char* kSoilActuators[] = {"valve"};
constexpr const char* kLampActuators[] = {"lamp"};
constexpr MoteClassInfo kClasses[] = {{"Soil", kSoilSensors, kSoilActuators},
                                      {"Lamp", std::span<const char* const>(), kLampActuators}};

// Motes 1 and 2 are Soil motes at d² 25 and 100; mote 3 is a lamp; mote 5 routes through mote 1.
const ProgramInfo kProgram{
    .fingerprint = kFingerprint,
    .programFile = "soil.cpp",
    .planFile = "onmote.json",
    .networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 1, "position": [3, 4], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
      {"id": 2, "position": [6, 8], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]},
      {"id": 3, "position": [0, 1], "actuators": ["lamp"]},
      {"id": 5, "position": [3, 8], "sensors": {"moisture": {"constant": 1}}, "actuators": ["valve"]}
    ], "routes": {"5": 1}})"),
    .instructionCost = 0.5,
    .transmitCost = 100,
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kClasses,
    .functions = kFunctions,
};

// Answers each request with whatever `mote` returns (nothing: the request is never answered). A
// real mote would say HELLO back; by default this one does. Like the sim's mote host, it hosts
// every mote, and the base relays the frames between them.
class ScriptedTransport final : public Transport {
 public:
  using Mote = std::function<std::vector<Bytes>(const wire::Frame&)>;
  explicit ScriptedTransport(Mote mote) : mote_(std::move(mote)) {}

  std::string describe() const override { return "the scripted motes"; }
  bool send(NodeId to, std::span<const std::uint8_t> frame) override {
    if (broken) return false;
    wire::Frame request;
    EXPECT_EQ(wire::decodeFrame(frame, request), wire::Status::ok);
    EXPECT_EQ(to, request.address.dst) << "a frame is sent to its destination";
    requests.push_back(request.op);
    if (request.op == wire::Op::HELLO && !scriptHello) {
      pending.push_back(encoded([&](wire::Writer& w) { wire::encodeHello(w, request.address.reply(), kFingerprint, kMoteEpoch); }));
      return true;
    }
    for (Bytes& reply : mote_(request)) pending.push_back(std::move(reply));
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (broken) return Event::closed;
    if (pending.empty()) return Event::timeout;  // as if the deadline passed
    frame = std::move(pending.front());
    pending.pop_front();
    return Event::frame;
  }
  std::string whyClosed() const override { return "the scripted motes died"; }
  bool relaysBetweenMotes() const override { return relays; }
  std::size_t maxFrameBytes() const override { return frameBytes; }
  sim::HostStats collectStats(Clock::time_point, const std::set<NodeId>& silentMotes) override {
    shutDown = true;
    silent = silentMotes;
    return stats;
  }

  std::deque<Bytes> pending;
  std::vector<wire::Op> requests;
  bool scriptHello = false;
  bool broken = false;
  bool shutDown = false;
  bool relays = true;
  std::size_t frameBytes = wire::kMaxFrameBytes;
  sim::HostStats stats;
  std::set<NodeId> silent;  // what collectStats was told

 private:
  Mote mote_;
};

template <class T>
Bytes resultFor(const wire::Frame& request, const T& value) {
  return encoded([&](wire::Writer& w) { wire::encodeResult(w, request.address.reply(), value); });
}
inline Bytes ackFor(const wire::Frame& request) {
  return encoded([&](wire::Writer& w) { wire::encodeVoidResult(w, request.address.reply()); });
}

struct Fixture {
  explicit Fixture(ScriptedTransport::Mote mote, std::chrono::milliseconds timeout = std::chrono::milliseconds(50),
                   const ProgramInfo& program = kProgram)
      : Fixture(std::move(mote), wire::RetryPolicy{.deadline = timeout}, program) {}
  Fixture(ScriptedTransport::Mote mote, const wire::RetryPolicy& retry, const ProgramInfo& program = kProgram) {
    auto owned = std::make_unique<ScriptedTransport>(std::move(mote));
    transport = owned.get();
    runtime = std::make_unique<Runtime>(program, std::move(owned), retry);
  }
  ScriptedTransport* transport;
  std::unique_ptr<Runtime> runtime;
};

inline std::string messageOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}
}  // namespace edgecut::base::base_test
