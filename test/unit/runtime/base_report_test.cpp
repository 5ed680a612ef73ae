// The base runtime's accounting and report (totals, nodes, the actuator trace, the profile,
// joules, rates, lifetime, the timeline), and the sim transport's failures.
#include "base_runtime_fixture.hpp"

namespace edgecut::base {
namespace {
namespace base_report_test_cpp {

using namespace base_test;

TEST(BaseRuntime, TheReportHasTotalsNodesAndTheActuatorTrace) {
  Fixture f([](const wire::Frame& request) {
    return std::vector<Bytes>{request.op == wire::Op::WRITE ? ackFor(request) : resultFor(request, 30)};
  });
  f.transport->stats.actuatorWrites = {{2, "valve", 1}};
  f.transport->stats.malformedFrames = 1;
  f.transport->stats.operations = {{1, 0}, {2, 41}, {3, 0}, {5, 9}};
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  write(second.edgecut_mote_, kValve, 1);
  const sim::HostStats host = f.runtime->shutdown();
  ASSERT_TRUE(host.lostMotes.empty());
  const nlohmann::json report = makeReport(*f.runtime, host);
  EXPECT_EQ(report["energy"]["transmit"], 100.0 * 1 * 100) << "one value from d² = 100";
  EXPECT_EQ(report["operations"], 41 + 9) << "the motes' operations; the base's are free";
  EXPECT_EQ(report["energy"]["instructions"], 0.5 * 50) << "energy.instruction · O";
  EXPECT_EQ(report["energy"]["total"], 0.5 * 50 + 10000.0);
  EXPECT_EQ(report["messages"], 6) << "HELLO, CALL, WRITE each way";
  EXPECT_EQ(report["integers"], 3) << "the CALL's argument, the WRITE's value, the RESULT";
  EXPECT_EQ(report["malformed_frames"], 1);
  EXPECT_EQ(report["actuator_writes"], nlohmann::json::parse(R"([{"node": 2, "actuator": "valve", "value": 1}])"));
  EXPECT_EQ(report["program"], "soil.cpp");
  EXPECT_EQ(report["plan"], "onmote.json");
  ASSERT_EQ(report["nodes"].size(), 5u) << "the base and every mote";
  EXPECT_EQ(report["nodes"][0]["id"], 0);
  EXPECT_EQ(report["nodes"][2]["id"], 2);
  EXPECT_EQ(report["nodes"][2]["messages_sent"], 3);
  EXPECT_EQ(report["nodes"][2]["integers_sent"], 1);
  EXPECT_EQ(report["nodes"][2]["transmit"], 10000.0);
  EXPECT_EQ(report["nodes"][1]["messages_sent"], 0);
  EXPECT_EQ(report["nodes"][0]["operations"], 0) << "the base";
  EXPECT_EQ(report["nodes"][2]["operations"], 41);
  EXPECT_EQ(report["nodes"][4]["operations"], 9) << "mote 5";
  for (const nlohmann::json& node : report["nodes"]) EXPECT_EQ(node["lost"], false);
  const std::string summary = summarize(*f.runtime, host);
  EXPECT_EQ(summary,
            "edgecut: soil.cpp with plan onmote.json on 4 motes: 6 messages, 3 integers, " +
                std::to_string(report["bytes"].get<int>()) +
                " bytes; transmit energy 10000; 50 operations, instruction energy 25; energy 10025; 1 malformed "
                "frames dropped; 1 actuator writes\n");

  // Without mote 2's stats (its program died) what only it knows is unknown, not 0; what the other
  // motes reported stays, and mote 2 is marked lost.
  sim::HostStats partial = host;
  partial.lostMotes = {2};
  partial.actuatorWrites = {{5, "valve", 0}};
  partial.operations.erase(2);
  const nlohmann::json unknown = makeReport(*f.runtime, partial);
  EXPECT_TRUE(unknown["operations"].is_null());
  EXPECT_TRUE(unknown["nodes"][2]["operations"].is_null());
  EXPECT_EQ(unknown["nodes"][2]["lost"], true);
  EXPECT_EQ(unknown["nodes"][4]["operations"], 9) << "mote 5 reported";
  EXPECT_EQ(unknown["nodes"][4]["lost"], false);
  EXPECT_EQ(unknown["nodes"][0]["lost"], false) << "the base";
  EXPECT_EQ(unknown["actuator_writes"], nlohmann::json::parse(R"([{"node": 5, "actuator": "valve", "value": 0}])"));
  EXPECT_TRUE(unknown["energy"]["instructions"].is_null());
  EXPECT_TRUE(unknown["energy"]["total"].is_null());
  EXPECT_TRUE(unknown["duplicate_requests"].is_null());
  EXPECT_EQ(unknown["energy"]["transmit"], 10000.0);
  EXPECT_EQ(unknown["malformed_frames"], 1) << "what was counted stays counted";
  EXPECT_NE(summarize(*f.runtime, partial).find("; operations unknown: mote 2 lost (no stats)"), std::string::npos);
  partial.lostMotes = {1, 2, 3, 5};
  EXPECT_NE(summarize(*f.runtime, partial).find("; operations unknown: motes 1–3, 5 lost (no stats)"),
            std::string::npos);
}

TEST(BaseRuntime, TheReportsProfileJoinsTheBasesAndTheMotesPartsByFunctionKey) {
  constexpr FunctionId kMain = 0x10u;
  static constexpr NamedId kKeys[] = {{kAverage, "Soil::avgMoisture(int)"}, {kMain, "main()"}};
  ProgramInfo program = kProgram;
  program.functionKeys = kKeys;
  Fixture f(
      [](const wire::Frame& request) {
        return std::vector<Bytes>{request.op == wire::Op::WRITE ? ackFor(request) : resultFor(request, 30)};
      },
      std::chrono::milliseconds(50), program);
  // The motes ran avgMoisture twice, reading 16 times on their own mote.
  f.transport->stats.profile.emplace();
  f.transport->stats.profile->functions[kAverage] = {.runs = 2, .operations = 90};
  f.transport->stats.profile->calls[{kAverage, sim::CalleeKind::sensor, kMoisture}] = {.calls = 16};
  {
    EDGECUT_FUNCTION(kMain);  // as generated base.cpp opens main
    Soil first;
    call<int>(first.edgecut_mote_, kAverage, 8);
    call<int>(first.edgecut_mote_, kAverage, 8);
    write(first.edgecut_mote_, kValve, 1);
    read<int>(first.edgecut_mote_, kMoisture);
  }
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["profile"], nlohmann::json::parse(R"json({"functions": [
    {"key": "Soil::avgMoisture(int)", "id": 778928257, "runs_on_base": 0, "runs_on_motes": 2, "operations": 90,
     "calls": [{"sensor": "moisture", "calls": 16, "over_radio": 0, "integers_to_callee": 0, "integers_to_caller": 0}]},
    {"key": "main()", "id": 16, "runs_on_base": 1, "runs_on_motes": 0, "operations": 0,
     "calls": [{"function": "Soil::avgMoisture(int)", "id": 778928257, "calls": 2, "over_radio": 2,
                "integers_to_callee": 2, "integers_to_caller": 2},
               {"sensor": "moisture", "calls": 1, "over_radio": 1, "integers_to_callee": 0, "integers_to_caller": 1},
               {"actuator": "valve", "calls": 1, "over_radio": 1, "integers_to_callee": 1, "integers_to_caller": 0}]}
  ]})json")) << report["profile"].dump(2);

  f.transport->stats.profile.reset();
  EXPECT_TRUE(makeReport(*f.runtime, f.transport->stats)["profile"].is_null())
      << "without the motes' part the profile is unknown";
}

// Round figures, so that the joules come out exact: 2 V, 1 kbit/s, 10/20/30 mA, listening 1 % of
// the time when idle.
constexpr RadioInfo kTestRadio{.name = "test-radio",
                               .volts = 2,
                               .cpuMilliamps = 10,
                               .transmitMilliamps = 20,
                               .listenMilliamps = 30,
                               .bitsPerSecond = 1000,
                               .cpuHertz = 1e6,
                               .cyclesPerOperation = 4,
                               .listenDutyCycle = 0.01};

ProgramInfo withRadio(const RadioInfo* radio) {
  ProgramInfo program = kProgram;
  program.radio = radio;
  return program;
}

TEST(BaseRuntime, UnderARadioTheReportGivesEachMotesJoules) {
  const ProgramInfo program = withRadio(&kTestRadio);
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  const nlohmann::json& node = report["nodes"][2];
  ASSERT_EQ(node["id"], 2);
  const auto sent = node["bytes_sent"].get<double>();
  const auto heard = node["bytes_received"].get<double>();
  EXPECT_GT(sent, 0);
  EXPECT_GT(heard, 0);
  // A byte is 8 ms on air at 1 kbit/s: 8 ms · 20 mA · 2 V = 0.32 mJ sent, 8 ms · 30 mA · 2 V heard.
  EXPECT_DOUBLE_EQ(node["joules"]["transmit"].get<double>(), sent * 0.32e-3);
  EXPECT_DOUBLE_EQ(node["joules"]["listen"].get<double>(), heard * 0.48e-3);
  EXPECT_EQ(node["joules"]["cpu"], 0.0) << "no operations counted";
  EXPECT_DOUBLE_EQ(node["joules"]["total"].get<double>(), sent * 0.32e-3 + heard * 0.48e-3);
  EXPECT_EQ(report["nodes"][1]["joules"]["total"], 0.0) << "mote 1 was bound, never spoken to";
  EXPECT_FALSE(report["nodes"][0].contains("joules")) << "the base is on mains power";
  EXPECT_EQ(report["joules"]["radio"], "test-radio");
  EXPECT_DOUBLE_EQ(report["joules"]["total"].get<double>(), node["joules"]["total"].get<double>());
  EXPECT_EQ(report["nodes"][0]["bytes_received"], node["bytes_sent"]) << "the base heard mote 2's replies";
  EXPECT_NE(summarize(*f.runtime, f.runtime->shutdown()).find("motes' energy under radio test-radio: "),
            std::string::npos);
}

TEST(BaseRuntime, OverNetworkTimeTheReportGivesRatesPerHourIdleListeningAndTheLifetime) {
  ProgramInfo program = withRadio(&kTestRadio);
  const BatteryInfo battery{.milliampHours = 1, .volts = 2};  // 1 mAh · 3.6 · 2 V = 7.2 J
  program.battery = &battery;
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);
  f.runtime->runFor(std::chrono::hours(2));
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["duration_s"], 7200.0);
  // Two hours: every rate is half the count.
  EXPECT_DOUBLE_EQ(report["per_hour"]["messages"].get<double>(), report["messages"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["bytes"].get<double>(), report["bytes"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["transmit"].get<double>(), report["energy"]["transmit"].get<double>() / 2);
  EXPECT_DOUBLE_EQ(report["per_hour"]["energy"].get<double>(), report["energy"]["total"].get<double>() / 2);
  const nlohmann::json& node = report["nodes"][2];
  ASSERT_EQ(node["id"], 2);
  const auto sent = node["bytes_sent"].get<double>();
  const auto heard = node["bytes_received"].get<double>();
  // Idle listening: 1 % of 7200 s at 30 mA · 2 V = 72 s · 0.06 W = 4.32 J, on every mote.
  EXPECT_DOUBLE_EQ(node["joules"]["listen"].get<double>(), heard * 0.48e-3 + 4.32);
  EXPECT_DOUBLE_EQ(report["nodes"][1]["joules"]["total"].get<double>(), 4.32) << "mote 1 only listened";
  const double spent = sent * 0.32e-3 + heard * 0.48e-3 + 4.32;
  EXPECT_DOUBLE_EQ(node["joules"]["total"].get<double>(), spent);
  EXPECT_DOUBLE_EQ(node["per_hour"]["joules"].get<double>(), spent / 2);
  EXPECT_DOUBLE_EQ(node["per_hour"]["bytes_sent"].get<double>(), sent / 2);
  EXPECT_EQ(report["nodes"][0]["per_hour"]["messages_sent"], report["nodes"][0]["messages_sent"].get<double>() / 2);
  // Mote 2 spends the most: `spent` J in 7200 s, so 7.2 J last 7.2 / (spent / 7200) s, or
  // 7.2 · 7200 / spent / 86400 = 0.6 / spent days.
  EXPECT_EQ(report["lifetime"]["mote"], 2);
  EXPECT_DOUBLE_EQ(report["lifetime"]["days"].get<double>(), 0.6 / spent);
}

TEST(BaseRuntime, TheTimelineCoversTheRunAndSumsToTheTotals) {
  const ProgramInfo program = withRadio(&kTestRadio);
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil first;
  Soil second;
  call<int>(second.edgecut_mote_, kAverage, 8);  // at 0: HELLO, CALL and their answers
  f.runtime->runFor(std::chrono::minutes(90));  // quiet, but for idle listening
  sim::HostStats host = f.runtime->shutdown();
  const nlohmann::json unknown = makeReport(*f.runtime, host)["timeline"];
  EXPECT_EQ(unknown["energy"], nullptr) << "the host did not say when its operations ran";
  EXPECT_EQ(unknown["joules"], nullptr);
  // As a mote host says it: 10 operations at 1.5 minutes on mote 2, in the second bucket.
  host.operations[2] += 10;
  host.operationsOverTime.emplace();
  host.operationsOverTime->at(90'000).operations = 10;
  const nlohmann::json report = makeReport(*f.runtime, host);
  const nlohmann::json& timeline = report["timeline"];
  EXPECT_EQ(timeline["bucket_s"], 60.0);
  ASSERT_EQ(timeline["messages"].size(), 90u) << "(0, 1 min], …, (89, 90 min]";
  EXPECT_EQ(timeline["messages"][0], report["messages"]);
  for (int minute = 1; minute < 90; ++minute) EXPECT_EQ(timeline["messages"][minute], 0) << minute;
  // The RESULT carries one value from mote 2, d² = 100: 100 · 100 = 10000.
  EXPECT_EQ(timeline["transmit"][0], 10000.0);
  EXPECT_EQ(timeline["energy"][0], 10000.0);
  EXPECT_EQ(timeline["energy"][1], 0.5 * 10) << "energy.instruction · the operations of minute 2";
  // A quiet minute: the idle listening of four motes, 1 % of 60 s at 30 mA · 2 V each.
  EXPECT_DOUBLE_EQ(timeline["joules"][45].get<double>(), 4 * 0.01 * 60 * 0.06);
  // The operations' cpu: 10 · 4 cycles / 1 MHz · 10 mA · 2 V.
  EXPECT_DOUBLE_EQ(timeline["joules"][1].get<double>(), 4 * 0.01 * 60 * 0.06 + 10 * 4 / 1e6 * 0.02);
  double energy = 0, joules = 0, bytes = 0;
  for (int bucket = 0; bucket < 90; ++bucket) {
    energy += timeline["energy"][bucket].get<double>();
    joules += timeline["joules"][bucket].get<double>();
    bytes += timeline["bytes"][bucket].get<double>();
  }
  // Summed in another order than the report's totals: equal but for rounding.
  EXPECT_NEAR(energy, report["energy"]["total"].get<double>(), 1e-9 * energy);
  EXPECT_NEAR(joules, report["joules"]["total"].get<double>(), 1e-9 * joules);
  EXPECT_EQ(bytes, report["bytes"].get<double>());
}

TEST(BaseRuntime, WithoutNetworkTimeThereAreNoRatesNorLifetime) {
  ProgramInfo program = withRadio(&kTestRadio);
  const BatteryInfo battery{.milliampHours = 2600, .volts = 3};
  program.battery = &battery;
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; },
            std::chrono::milliseconds(50), program);
  Soil soil;
  call<int>(soil.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_EQ(report["duration_s"], 0.0);
  EXPECT_EQ(report["per_hour"], nullptr);
  EXPECT_EQ(report["nodes"][1]["per_hour"], nullptr);
  EXPECT_EQ(report["lifetime"], nullptr);
  EXPECT_EQ(report["timeline"], nullptr);
}

TEST(BaseRuntime, WithoutARadioTheReportHasNoJoules) {
  Fixture f([](const wire::Frame& request) { return std::vector<Bytes>{resultFor(request, 30)}; });
  Soil soil;
  call<int>(soil.edgecut_mote_, kAverage, 8);
  const nlohmann::json report = makeReport(*f.runtime, f.runtime->shutdown());
  EXPECT_FALSE(report.contains("joules"));
  for (const nlohmann::json& node : report["nodes"]) EXPECT_FALSE(node.contains("joules"));
  EXPECT_EQ(summarize(*f.runtime, sim::HostStats{}).find("joules"), std::string::npos);
}

}  // namespace base_report_test_cpp
}  // namespace
}  // namespace edgecut::base

// ---- the sim transport (its own header) with stand-in mote programs: failures end in errors,
// never in hangs ----

namespace edgecut::base {
namespace {
namespace base_report_test_cpp {

using namespace base_test;

// Writes an executable shell script and returns its path.
std::string script(const std::string& name, const std::string& body) {
  const std::string path = ::testing::TempDir() + name;
  {
    std::ofstream out(path);
    out << "#!/bin/sh\n" << body << "\n";
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

TEST(SimBase, AMoteHostThatDiesIsALinkErrorSayingHow) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>(script("edgecut_dies.sh", "exit 3")),
                  std::chrono::milliseconds(2000));
  Soil soil;
  const std::string message = messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); });
  // Whether the base notices on sending or on receiving depends on timing; either way it says how.
  EXPECT_NE(message.find("the mote host " + ::testing::TempDir() + "edgecut_dies.sh"), std::string::npos) << message;
  EXPECT_NE(message.find("(exited with status 3)"), std::string::npos) << message;
  const sim::HostStats host = runtime.shutdown();
  EXPECT_EQ(host.lostMotes.size(), 4u) << "every mote's stats are lost with the host";
  EXPECT_EQ(host.whyLost, "") << "the error was reported once";
}

TEST(SimBase, AMoteHostThatHangsTimesOutAndIsStopped) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>(script("edgecut_hangs.sh", "exec sleep 30")),
                  std::chrono::milliseconds(100));
  Soil soil;
  const auto start = Clock::now();
  EXPECT_EQ(messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); }),
            "mote 1 did not answer READ moisture within 100 ms (the HELLO before it was sent once)");
  const sim::HostStats host = runtime.shutdown();
  EXPECT_EQ(host.lostMotes.size(), 4u) << "it does not report stats either";
  EXPECT_NE(host.whyLost.find("did not report its stats in time"), std::string::npos) << host.whyLost;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  // ~Runtime stops the child; the test would leave a sleeping process otherwise.
}

TEST(SimBase, AMissingMoteProgramIsALinkError) {
  Runtime runtime(kProgram, std::make_unique<transport::SimBase>("/nonexistent/mote"), std::chrono::milliseconds(2000));
  Soil soil;
  const std::string message = messageOf([&] { read<int>(soil.edgecut_mote_, kMoisture); });
  EXPECT_NE(message.find("exited with status 127"), std::string::npos) << message;
}

}  // namespace base_report_test_cpp
}  // namespace
}  // namespace edgecut::base
