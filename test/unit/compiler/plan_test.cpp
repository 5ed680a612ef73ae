// The placement plan parser: JSON syntax, plan validation and the diagnostics' exact text.
#include "edgecut/compiler/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>

namespace edgecut::compiler {
namespace {

namespace fs = std::filesystem;

struct Parsed {
  std::optional<PlacementPlan> plan;
  std::string diagnostics;
};

Parsed parse(const std::string& text, const std::string& file = "plan.json") {
  DiagnosticSink sink;
  sink.setFileText(file, text);
  Parsed parsed;
  parsed.plan = parsePlan(file, text, sink);
  parsed.diagnostics = sink.render();
  return parsed;
}

// Parses text that must be rejected and returns the rendered diagnostics.
std::string errors(const std::string& text) {
  Parsed parsed = parse(text);
  EXPECT_FALSE(parsed.plan.has_value()) << "accepted:\n" << text;
  // DUMP=1 prints the diagnostics as a terminal shows them, to check carets by eye.
  if (std::getenv("DUMP")) std::fprintf(stderr, "%s", parsed.diagnostics.c_str());
  return parsed.diagnostics;
}

// A plan around an inline network whose motes are `motes` (the text of the array's elements).
std::string withMotes(const std::string& motes, const std::string& rest = "") {
  return "{\"network\": {\"motes\": [\n" + motes + "\n]" + rest + "}}\n";
}

std::string loc(const SourceLocation& location) {
  return location.file + ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
}

// A scratch directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() / ("edgecut_plan_test_" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& relative, const std::string& text) const {
    fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string path(const std::string& relative) const { return (path_ / relative).string(); }

 private:
  fs::path path_;
};

// ---- a valid plan -------------------------------------------------------------------------------

const char* const kFullPlan = R"json({
  "network": {
    "base": { "position": [0, -2.5] },
    "motes": [
      { "id": 1, "class": "Thermo", "position": [30, 40], "path": "/floors/3/312",
        "sensors": { "temperature": { "values": [21, 22, 23] }, "humidity": 55 },
        "actuators": ["led", "buzzer"], "address": "10.0.0.1:5683" },
      { "id": 2, "class": "Thermo", "position": [31.5, 40],
        "sensors": { "temperature": { "random": { "min": 10, "max": 30, "seed": 7 } },
                     "light": { "constant": 0.5 } } },
      { "id": 3, "position": [32, 41] }
    ],
    "clusters": [ { "name": "room312", "members": [1, 2, 3], "head": 3 } ],
    "routes": { "1": 3, "2": 3, "3": 0 }
  },
  "profile": "mcu",
  "energy": { "instruction": 2, "transmit": 50.5, "radio": "tmote-sky",
              "budget": { "flash_bytes": 1000, "ram_bytes": 2048, "ops_per_call": 500 } },
  "placement": { "Room::average": "mote", "to_fahrenheit": "base", "scale(int)": "auto" }
}
)json";

TEST(Plan, ParsesAFullPlan) {
  Parsed parsed = parse(kFullPlan);
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.diagnostics, "");
  const PlacementPlan& plan = *parsed.plan;

  EXPECT_EQ(plan.file, "plan.json");
  EXPECT_EQ(plan.text, kFullPlan);
  EXPECT_EQ(plan.inputFiles, std::vector<std::string>{"plan.json"});
  EXPECT_EQ(plan.profile, "mcu");
  EXPECT_EQ(loc(plan.profileLocation), "plan.json:16:14");
  EXPECT_EQ(plan.energy.instruction, 2.0);
  EXPECT_EQ(plan.energy.transmit, 50.5);
  EXPECT_EQ(plan.energy.flashBytes, 1000.0);
  EXPECT_EQ(plan.energy.ramBytes, 2048.0);
  EXPECT_EQ(plan.energy.opsPerCall, 500.0);
  EXPECT_EQ(loc(plan.energy.budgetLocation), "plan.json:18:25");
  ASSERT_TRUE(plan.energy.radio);
  EXPECT_EQ(plan.energy.radio->name, "tmote-sky");

  ASSERT_EQ(plan.placements.size(), 3u);
  EXPECT_EQ(plan.placements[0].key, "Room::average");
  EXPECT_EQ(plan.placements[0].side, Side::Mote);
  EXPECT_EQ(loc(plan.placements[0].keyLocation), "plan.json:19:18");
  EXPECT_EQ(loc(plan.placements[0].valueLocation), "plan.json:19:35");
  EXPECT_EQ(plan.placements[1].key, "to_fahrenheit");
  EXPECT_EQ(plan.placements[1].side, Side::Base);
  EXPECT_EQ(loc(plan.placements[1].keyLocation), "plan.json:19:43");
  EXPECT_EQ(plan.placements[2].key, "scale(int)");
  EXPECT_EQ(plan.placements[2].side, Side::Auto);

  const Network& network = plan.network;
  EXPECT_EQ(network.file, "plan.json");
  EXPECT_EQ(loc(network.location), "plan.json:2:14");
  EXPECT_EQ(network.basePosition.x, 0.0);
  EXPECT_EQ(network.basePosition.y, -2.5);
  ASSERT_EQ(network.motes.size(), 3u);

  const PlanMote& one = network.motes[0];
  EXPECT_EQ(one.id, 1u);
  EXPECT_EQ(one.className, "Thermo");
  EXPECT_EQ(one.position.x, 30.0);
  EXPECT_EQ(one.position.y, 40.0);
  EXPECT_EQ(one.path, "/floors/3/312");
  EXPECT_EQ(one.actuators, (std::vector<std::string>{"led", "buzzer"}));
  EXPECT_EQ(one.address, "10.0.0.1:5683");
  EXPECT_EQ(loc(one.location), "plan.json:5:7");
  ASSERT_EQ(one.sensors.size(), 2u);
  const SensorSource& temperature = one.sensors.at("temperature");
  EXPECT_EQ(temperature.kind, SensorSource::Kind::Values);
  EXPECT_EQ(*temperature.values, (std::vector<nlohmann::json>{21, 22, 23}));
  EXPECT_EQ(loc(temperature.location), "plan.json:6:37");
  const SensorSource& humidity = one.sensors.at("humidity");  // a bare number is a constant
  EXPECT_EQ(humidity.kind, SensorSource::Kind::Constant);
  EXPECT_EQ(*humidity.values, std::vector<nlohmann::json>{55});

  const PlanMote& two = network.motes[1];
  EXPECT_EQ(two.id, 2u);
  EXPECT_EQ(two.position.x, 31.5);
  EXPECT_EQ(two.path, "");
  EXPECT_TRUE(two.actuators.empty());
  const SensorSource& random = two.sensors.at("temperature");
  EXPECT_EQ(random.kind, SensorSource::Kind::Random);
  EXPECT_EQ(random.min, 10.0);
  EXPECT_EQ(random.max, 30.0);
  EXPECT_EQ(random.seed, 7u);
  const SensorSource& light = two.sensors.at("light");
  EXPECT_EQ(light.kind, SensorSource::Kind::Constant);
  EXPECT_EQ(*light.values, std::vector<nlohmann::json>{0.5});

  EXPECT_EQ(network.motes[2].className, "");
  EXPECT_TRUE(network.motes[2].sensors.empty());

  ASSERT_EQ(network.clusters.size(), 1u);
  EXPECT_EQ(network.clusters[0].name, "room312");
  EXPECT_EQ(network.clusters[0].members, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(network.clusters[0].head, 3u);
  EXPECT_EQ(loc(network.clusters[0].location), "plan.json:13:19");

  EXPECT_EQ(network.routes, (std::map<std::uint32_t, std::uint32_t>{{1, 3}, {2, 3}, {3, 0}}));

  // The network as read, with integers kept as integers, and the shorthand source spelled out for
  // the simulator.
  nlohmann::json expected = nlohmann::json::parse(kFullPlan)["network"];
  expected["motes"][0]["sensors"]["humidity"] = nlohmann::json{{"constant", 55}};
  EXPECT_EQ(network.json, expected);
  EXPECT_EQ(network.json.dump(), expected.dump());
  EXPECT_NE(network.json.dump().find("\"id\":1,"), std::string::npos);

  ASSERT_NE(network.findMote(2), nullptr);
  EXPECT_EQ(network.findMote(2)->id, 2u);
  EXPECT_EQ(network.findMote(4), nullptr);
  EXPECT_EQ(network.findMote(0), nullptr);
}

TEST(Plan, SideNames) {
  EXPECT_STREQ(sideName(Side::Mote), "mote");
  EXPECT_STREQ(sideName(Side::Base), "base");
  EXPECT_STREQ(sideName(Side::Auto), "auto");
}

TEST(Plan, DefaultsForOptionalSections) {
  Parsed parsed = parse(R"({"network": {"motes": []}})");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->profile, "linux");
  EXPECT_FALSE(parsed.plan->profileLocation.valid());
  EXPECT_EQ(parsed.plan->energy.instruction, 1.0);
  EXPECT_EQ(parsed.plan->energy.transmit, 100.0);
  EXPECT_TRUE(parsed.plan->placements.empty());
  EXPECT_TRUE(parsed.plan->network.motes.empty());
  EXPECT_EQ(parsed.plan->network.basePosition.x, 0.0);
  EXPECT_EQ(parsed.plan->network.json, nlohmann::json::parse(R"({"motes": []})"));
}

TEST(Plan, StringsAreDecoded) {
  Parsed parsed = parse(
      R"({"network": {"motes": [{"id": 1, "position": [0, 0], "class": "Caf\u00e9\ud83d\ude00\t\"q\"/\\"}]},)"
      "\n \"placement\": {\"ns::f(const char *)\": \"base\"}}");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->network.motes[0].className, "Caf\xC3\xA9\xF0\x9F\x98\x80\t\"q\"/\\");
  EXPECT_EQ(parsed.plan->placements[0].key, "ns::f(const char *)");
}

TEST(Plan, UnknownTopLevelKeyHasDidYouMean) {
  EXPECT_EQ(errors("{\n  \"network\": {\"motes\": []},\n  \"placment\": {}\n}\n"),
            "plan.json:3:3: error: unknown key 'placment' in the plan; did you mean 'placement'?\n"
            "  \"placment\": {}\n"
            "  ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"xyzzy\": 1}"),
            "plan.json:1:28: error: unknown key 'xyzzy' in the plan; expected 'network', 'profile', 'energy', "
            "'placement', 'periods' or 'security'\n"
            "{\"network\": {\"motes\": []}, \"xyzzy\": 1}\n"
            "                           ^\n"
            "1 error generated.\n");
}

TEST(Plan, PlanMustBeAnObjectWithANetwork) {
  EXPECT_EQ(errors("[1, 2]"),
            "plan.json:1:1: error: a plan must be a JSON object with a \"network\" and a \"placement\", not an "
            "array\n"
            "[1, 2]\n"
            "^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{ \"placement\": {} }"),
            "plan.json:1:1: error: the plan has no 'network'; add \"network\": { \"motes\": [...] } or the path "
            "of a network file, e.g. \"network\": \"network.json\"\n"
            "{ \"placement\": {} }\n"
            "^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{ \"network\": 42 }"),
            "plan.json:1:14: error: 'network' must be an object or the path of a network file, not a number\n"
            "{ \"network\": 42 }\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{ \"network\": {} }"),
            "plan.json:1:14: error: the network has no 'motes'; add \"motes\": [{\"id\": 1, \"position\": [x, y], "
            "...}]\n"
            "{ \"network\": {} }\n"
            "             ^\n"
            "1 error generated.\n");
}

TEST(Plan, Profile) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"profile\": \"arduino\"}"),
            "plan.json:2:13: error: unknown profile 'arduino'; use \"linux\" (anything goes) or \"mcu\" "
            "(freestanding: no heap, iostream or exceptions)\n"
            " \"profile\": \"arduino\"}\n"
            "            ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"profile\": 1}"),
            "plan.json:2:13: error: 'profile' must be \"linux\" or \"mcu\", not a number\n"
            " \"profile\": 1}\n"
            "            ^\n"
            "1 error generated.\n");
  Parsed linuxProfile = parse("{\"network\": {\"motes\": []}, \"profile\": \"linux\"}");
  ASSERT_TRUE(linuxProfile.plan);
  EXPECT_EQ(linuxProfile.plan->profile, "linux");
}

TEST(Plan, Budget) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": 1000}}"),
            "plan.json:1:49: error: 'budget' must be an object such as {\"flash_bytes\": 16384, "
            "\"ops_per_call\": 10000}, not a number\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": 1000}}\n"
            "                                                ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash\": 1, \"ops_per_call\": -5}}}"),
            "plan.json:1:50: error: unknown key 'flash' in 'budget'; expected 'flash_bytes', 'ram_bytes' or "
            "'ops_per_call'\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash\": 1, \"ops_per_call\": -5}}}\n"
            "                                                 ^\n"
            "plan.json:1:78: error: 'ops_per_call' must be from 0 to 1000000000000, not -5\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash\": 1, \"ops_per_call\": -5}}}\n"
            "                                                                             ^\n"
            "2 errors generated.\n");
  Parsed none = parse("{\"network\": {\"motes\": []}}");
  ASSERT_TRUE(none.plan);
  EXPECT_FALSE(none.plan->energy.flashBytes);
  EXPECT_FALSE(none.plan->energy.opsPerCall);
}

TEST(Plan, Battery) {
  Parsed parsed = parse("{\"network\": {\"motes\": []},\n"
                        " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mah\": 2600, \"volts\": 3.0}}}");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  ASSERT_TRUE(parsed.plan->energy.battery);
  EXPECT_EQ(parsed.plan->energy.battery->milliampHours, 2600);
  EXPECT_EQ(parsed.plan->energy.battery->volts, 3.0);
  EXPECT_EQ(loc(parsed.plan->energy.battery->location), "plan.json:2:46");
  Parsed none = parse("{\"network\": {\"motes\": []}, \"energy\": {\"radio\": \"tmote-sky\"}}");
  ASSERT_TRUE(none.plan);
  EXPECT_FALSE(none.plan->energy.battery);
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"energy\": {\"battery\": {\"mah\": 2600, \"volts\": 3.0}}}"),
            "plan.json:2:24: error: a 'battery' needs a radio: the lifetime is the battery's energy over what the "
            "radio model says each mote spends\n"
            " \"energy\": {\"battery\": {\"mah\": 2600, \"volts\": 3.0}}}\n"
            "                       ^\n"
            "plan.json:2:24: note: add \"radio\": \"tmote-sky\" (a preset, a radio file or the figures) beside "
            "\"battery\" in 'energy'\n"
            " \"energy\": {\"battery\": {\"mah\": 2600, \"volts\": 3.0}}}\n"
            "                       ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"energy\": {\"radio\": \"tmote-sky\", "
                   "\"battery\": {\"mah\": 0, \"volts\": \"3\", \"amps\": 1}}}"),
            "plan.json:2:71: error: unknown key 'amps' in 'battery'; expected 'mah' or 'volts'\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mah\": 0, \"volts\": \"3\", \"amps\": 1}}}\n"
            "                                                                      ^\n"
            "plan.json:2:54: error: 'mah' must be above 0, not 0\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mah\": 0, \"volts\": \"3\", \"amps\": 1}}}\n"
            "                                                     ^\n"
            "plan.json:2:54: note: give the battery's charge in mAh, such as 2600 for two AA cells\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mah\": 0, \"volts\": \"3\", \"amps\": 1}}}\n"
            "                                                     ^\n"
            "plan.json:2:66: error: 'volts' must be a number, not a string\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mah\": 0, \"volts\": \"3\", \"amps\": 1}}}\n"
            "                                                                 ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mha\": 2600}}}"),
            "plan.json:2:47: error: unknown key 'mha' in 'battery'; did you mean 'mah'?\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mha\": 2600}}}\n"
            "                                              ^\n"
            "plan.json:2:46: error: 'battery' has no 'volts'; add \"volts\": a number such as 3.0 for two AA cells\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": {\"mha\": 2600}}}\n"
            "                                             ^\n"
            "2 errors generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"energy\": {\"radio\": \"tmote-sky\", \"battery\": 2600}}"),
            "plan.json:2:46: error: 'battery' must be an object such as {\"mah\": 2600, \"volts\": 3.0}, not a "
            "number\n"
            " \"energy\": {\"radio\": \"tmote-sky\", \"battery\": 2600}}\n"
            "                                             ^\n"
            "1 error generated.\n");
}

TEST(Plan, Energy) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"energy\": {\"instruction\": -1, \"transmit\": \"high\", \"radoi\": \"cc2420\"}}"),
            "plan.json:2:52: error: unknown key 'radoi' in 'energy'; did you mean 'radio'?\n"
            " \"energy\": {\"instruction\": -1, \"transmit\": \"high\", \"radoi\": \"cc2420\"}}\n"
            "                                                   ^\n"
            "plan.json:2:28: error: 'instruction' must be from 0 to 1000000000, not -1\n"
            " \"energy\": {\"instruction\": -1, \"transmit\": \"high\", \"radoi\": \"cc2420\"}}\n"
            "                           ^\n"
            "plan.json:2:44: error: 'transmit' must be a number, not a string\n"
            " \"energy\": {\"instruction\": -1, \"transmit\": \"high\", \"radoi\": \"cc2420\"}}\n"
            "                                           ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": [1, 100]}"),
            "plan.json:1:38: error: 'energy' must be an object such as {\"instruction\": 1.0, \"transmit\": 100.0}, "
            "not an array\n"
            "{\"network\": {\"motes\": []}, \"energy\": [1, 100]}\n"
            "                                     ^\n"
            "1 error generated.\n");
}

// ---- the radio ----------------------------------------------------------------------------------

// A plan whose energy.radio is `radio` (JSON text), all on line 2.
std::string withRadio(const std::string& radio) {
  return "{\"network\": {\"motes\": []},\n \"energy\": {\"radio\": " + radio + "}}";
}

// An inline radio with every figure; `extra` goes first, `without` is left out.
std::string radioObject(const std::string& extra = "", const std::string& without = "") {
  std::string figures;
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"volts", "3"}, {"cpu_ma", "2"}, {"transmit_ma", "20"}, {"listen_ma", "25"},
           {"bitrate_bps", "1000"}, {"cpu_hz", "1e6"}, {"cycles_per_operation", "5"},
           {"listen_duty_cycle", "0.01"}})
    if (key != without) figures += ", \"" + key + "\": " + value;
  return "{" + (extra.empty() ? figures.substr(2) : extra + figures) + "}";
}

TEST(PlanRadio, APresetByName) {
  Parsed parsed = parse(withRadio("\"tmote-sky\""));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  ASSERT_TRUE(parsed.plan->energy.radio);
  const RadioModel& radio = *parsed.plan->energy.radio;
  EXPECT_EQ(radio.name, "tmote-sky");
  EXPECT_EQ(loc(radio.location), "plan.json:2:22");
  // The figures of compiler/radios/tmote-sky.json: CC2420 and MSP430 as Contiki runs them.
  EXPECT_EQ(radio.volts, 3.0);
  EXPECT_EQ(radio.cpuMilliamps, 1.8);
  EXPECT_EQ(radio.transmitMilliamps, 17.4);
  EXPECT_EQ(radio.listenMilliamps, 18.8);
  EXPECT_EQ(radio.bitsPerSecond, 250000.0);
  EXPECT_EQ(radio.cpuHertz, 3900000.0);
  EXPECT_EQ(radio.cyclesPerOperation, 4.0);
  EXPECT_EQ(parsed.plan->inputFiles, std::vector<std::string>{"plan.json"}) << "a preset is no input file";
}

TEST(PlanRadio, NoRadioNoModel) {
  Parsed parsed = parse("{\"network\": {\"motes\": []}, \"energy\": {\"transmit\": 1}}");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_FALSE(parsed.plan->energy.radio);
}

TEST(PlanRadio, EveryPresetIsAValidRadio) {
  std::vector<std::string> presets = radioPresetNames();
  EXPECT_NE(std::find(presets.begin(), presets.end(), "tmote-sky"), presets.end());
  for (const std::string& preset : presets) {
    ASSERT_TRUE(radioPresetText(preset)) << preset;
    Parsed parsed = parse(withRadio("\"" + preset + "\""));
    ASSERT_TRUE(parsed.plan) << preset << ":\n" << parsed.diagnostics;
    EXPECT_EQ(parsed.plan->energy.radio->name, preset);
    // Each figure says where it comes from.
    nlohmann::json json = nlohmann::json::parse(*radioPresetText(preset));
    for (const char* figure : {"volts", "cpu_ma", "transmit_ma", "listen_ma", "bitrate_bps", "cpu_hz",
                               "cycles_per_operation", "listen_duty_cycle"})
      EXPECT_TRUE(json["sources"].contains(figure)) << preset << " gives no source for " << figure;
  }
  EXPECT_FALSE(radioPresetText("cc2420"));
}

TEST(PlanRadio, InlineFigures) {
  Parsed parsed = parse(withRadio(radioObject("\"summary\": \"a test mote\", \"sources\": {\"volts\": \"a guess\"}")));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  const RadioModel& radio = *parsed.plan->energy.radio;
  EXPECT_EQ(radio.name, "inline");
  EXPECT_EQ(radio.volts, 3.0);
  EXPECT_EQ(radio.cpuMilliamps, 2.0);
  EXPECT_EQ(radio.transmitMilliamps, 20.0);
  EXPECT_EQ(radio.listenMilliamps, 25.0);
  EXPECT_EQ(radio.bitsPerSecond, 1000.0);
  EXPECT_EQ(radio.cpuHertz, 1e6);
  EXPECT_EQ(radio.cyclesPerOperation, 5.0);
  EXPECT_EQ(radio.listenDutyCycle, 0.01);
}

TEST(PlanRadio, WrongKindsAndUnknownPresets) {
  EXPECT_EQ(errors(withRadio("2420")),
            "plan.json:2:22: error: 'radio' must be a preset's name such as \"tmote-sky\", the path of a radio "
            "file, or an object of radio figures, not a number\n"
            " \"energy\": {\"radio\": 2420}}\n"
            "                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("\"\"")),
            "plan.json:2:22: error: 'radio' is empty; name a preset such as \"tmote-sky\", or give the path of a "
            "radio file relative to the plan\n"
            " \"energy\": {\"radio\": \"\"}}\n"
            "                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("\"tmote_sky\"")),
            "plan.json:2:22: error: unknown radio preset 'tmote_sky'; did you mean 'tmote-sky'?\n"
            " \"energy\": {\"radio\": \"tmote_sky\"}}\n"
            "                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("\"cc2420\"")),
            "plan.json:2:22: error: unknown radio preset 'cc2420'; the presets are 'tmote-sky', or give the path "
            "of a radio file ending in .json\n"
            " \"energy\": {\"radio\": \"cc2420\"}}\n"
            "                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("\"radios/mine.json\"")),
            "plan.json:2:22: error: cannot open radio file 'radios/mine.json': No such file or directory\n"
            " \"energy\": {\"radio\": \"radios/mine.json\"}}\n"
            "                     ^\n"
            "1 error generated.\n");
}

TEST(PlanRadio, EveryFigureIsRequiredAndChecked) {
  EXPECT_EQ(errors(withRadio(radioObject("", "listen_ma"))),
            "plan.json:2:22: error: the radio has no 'listen_ma' (current while receiving, mA); add it\n"
            " \"energy\": {\"radio\": {\"volts\": 3, \"cpu_ma\": 2, \"transmit_ma\": 20, \"bitrate_bps\": 1000, "
            "\"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                     ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("{\"volts\": 3, \"transmit_ma\": 20, \"listen_ma\": 25, \"bitrate_bps\": 1000, "
                             "\"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}")),
            "plan.json:2:22: error: the radio has no 'cpu_ma' (current with the MCU active, mA) and 'cpu_hz' (MCU "
            "clock, Hz); add them\n"
            " \"energy\": {\"radio\": {\"volts\": 3, \"transmit_ma\": 20, \"listen_ma\": 25, \"bitrate_bps\": 1000, "
            "\"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                     ^\n"
            "1 error generated.\n");
  // A misspelt figure is reported once, as misspelt, not also as missing.
  EXPECT_EQ(errors(withRadio(radioObject("\"volt\": 3", "volts"))),
            "plan.json:2:23: error: unknown key 'volt' in the radio; did you mean 'volts'?\n"
            " \"energy\": {\"radio\": {\"volt\": 3, \"cpu_ma\": 2, \"transmit_ma\": 20, \"listen_ma\": 25, "
            "\"bitrate_bps\": 1000, \"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withRadio("{\"volts\": -3, \"cpu_ma\": \"2\", \"transmit_ma\": 20, \"listen_ma\": 25, "
                             "\"bitrate_bps\": 0, \"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}")),
            "plan.json:2:32: error: 'volts' must be from 0 to 1000, not -3\n"
            " \"energy\": {\"radio\": {\"volts\": -3, \"cpu_ma\": \"2\", \"transmit_ma\": 20, \"listen_ma\": 25, "
            "\"bitrate_bps\": 0, \"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                               ^\n"
            "plan.json:2:46: error: 'cpu_ma' must be a number, not a string\n"
            " \"energy\": {\"radio\": {\"volts\": -3, \"cpu_ma\": \"2\", \"transmit_ma\": 20, \"listen_ma\": 25, "
            "\"bitrate_bps\": 0, \"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                                             ^\n"
            "plan.json:2:102: error: 'bitrate_bps' must be from 1 to 1000000000000, not 0\n"
            " \"energy\": {\"radio\": {\"volts\": -3, \"cpu_ma\": \"2\", \"transmit_ma\": 20, \"listen_ma\": 25, "
            "\"bitrate_bps\": 0, \"cpu_hz\": 1e6, \"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                                                                                                     ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors(withRadio(radioObject("\"summary\": 1, \"sources\": {\"bitrate\": \"x\", \"volts\": 3}"))),
            "plan.json:2:34: error: 'summary' must be a string saying what hardware this is, not a number\n"
            " \"energy\": {\"radio\": {\"summary\": 1, \"sources\": {\"bitrate\": \"x\", \"volts\": 3}, \"volts\": 3, "
            "\"cpu_ma\": 2, \"transmit_ma\": 20, \"listen_ma\": 25, \"bitrate_bps\": 1000, \"cpu_hz\": 1e6, "
            "\"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                                 ^\n"
            "plan.json:2:49: error: unknown key 'bitrate' in 'sources'; expected 'volts', 'cpu_ma', 'transmit_ma', "
            "'listen_ma', 'bitrate_bps', 'cpu_hz', 'cycles_per_operation' or 'listen_duty_cycle'\n"
            " \"energy\": {\"radio\": {\"summary\": 1, \"sources\": {\"bitrate\": \"x\", \"volts\": 3}, \"volts\": 3, "
            "\"cpu_ma\": 2, \"transmit_ma\": 20, \"listen_ma\": 25, \"bitrate_bps\": 1000, \"cpu_hz\": 1e6, "
            "\"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                                                ^\n"
            "plan.json:2:74: error: the source of 'volts' must be a string, not a number\n"
            " \"energy\": {\"radio\": {\"summary\": 1, \"sources\": {\"bitrate\": \"x\", \"volts\": 3}, \"volts\": 3, "
            "\"cpu_ma\": 2, \"transmit_ma\": 20, \"listen_ma\": 25, \"bitrate_bps\": 1000, \"cpu_hz\": 1e6, "
            "\"cycles_per_operation\": 5, \"listen_duty_cycle\": 0.01}}}\n"
            "                                                                         ^\n"
            "3 errors generated.\n");
}

TEST(Plan, SecurityNamesTheKeyFile) {
  Parsed parsed = parse("{\"network\": {\"motes\": []}, \"security\": {\"key_file\": \"keys/network.key\"}}",
                        "deploy/plan.json");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->keyFile, "deploy/keys/network.key") << "relative to the plan";
  EXPECT_EQ(loc(parsed.plan->keyFileLocation), "deploy/plan.json:1:53");
  Parsed without = parse("{\"network\": {\"motes\": []}}");
  ASSERT_TRUE(without.plan);
  EXPECT_EQ(without.plan->keyFile, "");

  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"security\": {\"key\": \"000102\"}}"),
            "plan.json:2:15: error: the plan must not hold the network key itself; put it in a file readable only "
            "by the programs and name that file with \"key_file\"\n"
            " \"security\": {\"key\": \"000102\"}}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"security\": {\"keyfile\": \"network.key\"}}"),
            "plan.json:2:15: error: unknown key 'keyfile' in 'security'; did you mean 'key_file'?\n"
            " \"security\": {\"keyfile\": \"network.key\"}}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"security\": {}}"),
            "plan.json:2:14: error: 'security' has no 'key_file'; add \"key_file\": \"network.key\" naming the file "
            "that holds the network key\n"
            " \"security\": {}}\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"security\": {\"key_file\": \"\"}}"),
            "plan.json:2:27: error: 'key_file' is an empty path; give the key file's path relative to the plan\n"
            " \"security\": {\"key_file\": \"\"}}\n"
            "                          ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n \"security\": \"network.key\"}"),
            "plan.json:2:14: error: 'security' must be an object such as {\"key_file\": \"network.key\"}, not a "
            "string\n"
            " \"security\": \"network.key\"}\n"
            "             ^\n"
            "1 error generated.\n");
}

TEST(Plan, PlacementValues) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"placement\": {\n"
                   "  \"f\": \"remote\",\n"
                   "  \"g\": true,\n"
                   "  \"\": \"base\",\n"
                   "  \"h\": \"base\"\n"
                   "}}"),
            "plan.json:2:8: error: invalid placement 'remote' for 'f'; use \"mote\", \"base\" or \"auto\"\n"
            "  \"f\": \"remote\",\n"
            "       ^\n"
            "plan.json:3:8: error: placement of 'g' must be \"mote\", \"base\", \"auto\" or a list of groups such "
            "as [{\"motes\": [1, 2], \"side\": \"mote\"}, {\"side\": \"base\"}], not a boolean\n"
            "  \"g\": true,\n"
            "       ^\n"
            "plan.json:4:3: error: empty function name in 'placement'; use a qualified name such as "
            "\"Room::average\"\n"
            "  \"\": \"base\",\n"
            "  ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"placement\": [\"f\"]}"),
            "plan.json:1:41: error: 'placement' must be an object mapping function names to \"mote\", \"base\", "
            "\"auto\" or a list of groups, not an array\n"
            "{\"network\": {\"motes\": []}, \"placement\": [\"f\"]}\n"
            "                                        ^\n"
            "1 error generated.\n");
}

TEST(Plan, Periods) {
  Parsed parsed = parse("{\"network\": {\"motes\": []},\n"
                        " \"periods\": {\"Meter::sample\": \"30s\", \"Meter::check\": \"2h\"}}");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  const std::vector<PeriodEntry>& periods = parsed.plan->periods;
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].key, "Meter::sample");
  EXPECT_EQ(periods[0].written, "30s");
  EXPECT_EQ(periods[0].milliseconds, 30'000u);
  EXPECT_EQ(loc(periods[0].keyLocation), "plan.json:2:14");
  EXPECT_EQ(loc(periods[0].valueLocation), "plan.json:2:31");
  EXPECT_EQ(periods[1].key, "Meter::check");
  EXPECT_EQ(periods[1].milliseconds, 7'200'000u);
}

TEST(Plan, PeriodValues) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"periods\": {\n"
                   "  \"a\": \"5m\",\n"
                   "  \"b\": \"0s\",\n"
                   "  \"c\": 30,\n"
                   "  \"\": \"1s\",\n"
                   "  \"d\": \"1min\"\n"
                   "}}"),
            "plan.json:2:8: error: unknown unit 'm' in the period \"5m\"; use ms, s, min or h, as in \"5min\"\n"
            "  \"a\": \"5m\",\n"
            "       ^\n"
            "plan.json:3:8: error: the period \"0s\" is zero; a periodic task needs a period of at least 1ms\n"
            "  \"b\": \"0s\",\n"
            "       ^\n"
            "plan.json:4:8: error: the period of 'c' must be a string such as \"30s\" or \"1min\", not a number\n"
            "  \"c\": 30,\n"
            "       ^\n"
            "plan.json:5:3: error: empty function name in 'periods'; use a periodic task's qualified name such as "
            "\"Meter::sample\"\n"
            "  \"\": \"1s\",\n"
            "  ^\n"
            "4 errors generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"periods\": [\"30s\"]}"),
            "plan.json:1:39: error: 'periods' must be an object mapping periodic tasks to periods such as "
            "{\"Meter::sample\": \"30s\"}, not an array\n"
            "{\"network\": {\"motes\": []}, \"periods\": [\"30s\"]}\n"
            "                                      ^\n"
            "1 error generated.\n");
}

// ---- per-group placement ----------------------------------------------------------------------

// A plan over four motes, two in the greenhouse and two in the field (a cluster), that places 'f'
// with `groups` (the text of the list's elements).
std::string withGroups(const std::string& groups) {
  return "{\"network\": {\"motes\": [\n"
         "  {\"id\": 1, \"position\": [1, 0], \"path\": \"/greenhouse/a\"},\n"
         "  {\"id\": 2, \"position\": [2, 0], \"path\": \"/greenhouse/b\"},\n"
         "  {\"id\": 3, \"position\": [3, 0], \"path\": \"/field/a\"},\n"
         "  {\"id\": 4, \"position\": [4, 0], \"path\": \"/field/b\"}],\n"
         " \"clusters\": [{\"name\": \"field\", \"members\": [3, 4]}]},\n"
         " \"placement\": {\"f\": [\n" + groups + "\n]}}\n";
}

TEST(PlanGroups, ParsesEachSelector) {
  Parsed parsed = parse(withGroups("{\"motes\": [2, 1], \"side\": \"mote\"},\n"
                                   "{\"cluster\": \"field\", \"side\": \"auto\"},\n"
                                   "{\"path\": \"/greenhouse/\", \"side\": \"base\"},\n"
                                   "{\"side\": \"base\"}"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  ASSERT_EQ(parsed.plan->placements.size(), 1u);
  const std::vector<PlacementGroup>& groups = parsed.plan->placements[0].groups;
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].selector, PlacementGroup::Selector::Motes);
  EXPECT_EQ(groups[0].motes, (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(groups[0].side, Side::Mote);
  EXPECT_EQ(groups[0].label(), "motes 2, 1");
  EXPECT_EQ(loc(groups[0].location), "plan.json:8:1");
  EXPECT_EQ(loc(groups[0].selectorLocation), "plan.json:8:11");
  EXPECT_EQ(loc(groups[0].sideLocation), "plan.json:8:27");
  EXPECT_EQ(groups[1].selector, PlacementGroup::Selector::Cluster);
  EXPECT_EQ(groups[1].label(), "cluster 'field'");
  EXPECT_EQ(groups[1].side, Side::Auto);
  EXPECT_EQ(groups[2].selector, PlacementGroup::Selector::Path);
  EXPECT_EQ(groups[2].label(), "path '/greenhouse'") << "a trailing '/' is dropped, as Region::path does";
  EXPECT_EQ(groups[3].selector, PlacementGroup::Selector::Rest);
  EXPECT_EQ(groups[3].label(), "the other motes");
}

TEST(PlanGroups, UnknownMotesClustersAndPaths) {
  EXPECT_EQ(errors(withGroups("{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
                              "{\"cluster\": \"feild\", \"side\": \"base\"},\n"
                              "{\"path\": \"/greenhous\", \"side\": \"base\"},\n"
                              "{\"path\": \"orchard\", \"side\": \"base\"}")),
            "plan.json:8:15: error: unknown mote id 7; the network's motes are 1, 2, 3 and 4\n"
            "{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
            "              ^\n"
            "plan.json:8:18: error: mote 1 is listed twice in this group; remove one\n"
            "{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
            "                 ^\n"
            "plan.json:9:13: error: unknown cluster 'feild'; did you mean 'field'?\n"
            "{\"cluster\": \"feild\", \"side\": \"base\"},\n"
            "            ^\n"
            "plan.json:10:10: error: path '/greenhous' holds no mote of the network; did you mean '/greenhouse'?\n"
            "{\"path\": \"/greenhous\", \"side\": \"base\"},\n"
            "         ^\n"
            "plan.json:11:10: error: 'path' must start with '/', such as \"/greenhouse\", not \"orchard\"\n"
            "{\"path\": \"orchard\", \"side\": \"base\"}\n"
            "         ^\n"
            "5 errors generated.\n");
}

TEST(PlanGroups, MalformedGroups) {
  EXPECT_EQ(errors(withGroups("{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
                              "{\"motes\": []},\n"
                              "\"mote\",\n"
                              "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}")),
            "plan.json:8:16: error: a group selects its motes by one of 'motes', 'cluster' or 'path', but this "
            "one has both 'motes' and 'path'; make them two groups\n"
            "{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
            "               ^\n"
            "plan.json:8:2: note: 'motes' given here\n"
            "{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
            " ^\n"
            "plan.json:9:11: error: 'motes' is empty; list the ids of the motes this group runs on, e.g. [1, 2]\n"
            "{\"motes\": []},\n"
            "          ^\n"
            "plan.json:9:1: error: the group has no 'side'; add \"side\": \"mote\", \"base\" or \"auto\"\n"
            "{\"motes\": []},\n"
            "^\n"
            "plan.json:10:1: error: a group of 'f' must be an object such as {\"motes\": [1, 2], \"side\": \"mote\"}, "
            "not a string\n"
            "\"mote\",\n"
            "^\n"
            "plan.json:11:33: error: unknown key 'sides' in a group of 'f'; did you mean 'side'?\n"
            "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}\n"
            "                                ^\n"
            "plan.json:11:30: error: the 'side' of a group of 'f' must be \"mote\", \"base\" or \"auto\", not a number\n"
            "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}\n"
            "                             ^\n"
            "6 errors generated.\n");
  EXPECT_EQ(errors(withGroups("")),
            "plan.json:7:21: error: the group list of 'f' is empty; give groups such as [{\"motes\": [1, 2], "
            "\"side\": \"mote\"}, {\"side\": \"base\"}], or one side for every mote, e.g. \"mote\"\n"
            " \"placement\": {\"f\": [\n"
            "                    ^\n"
            "1 error generated.\n");
}

TEST(PlanGroups, AGroupAfterTheDefaultIsUnreachable) {
  EXPECT_EQ(errors(withGroups("{\"side\": \"base\"},\n{\"motes\": [1], \"side\": \"mote\"}")),
            "plan.json:9:1: error: this group of 'f' is unreachable: the group before it has no selector, so it "
            "takes every mote left; move the group without a selector to the end\n"
            "{\"motes\": [1], \"side\": \"mote\"}\n"
            "^\n"
            "plan.json:8:1: note: the group without a selector is here\n"
            "{\"side\": \"base\"},\n"
            "^\n"
            "1 error generated.\n");
}

TEST(PlanGroups, ANetworkWithoutClustersSaysHowToSelect) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0]}", "}, \"placement\": {\"f\": [{\"cluster\": \"x\", \"side\": \"mote\"}]")),
            "plan.json:3:37: error: unknown cluster 'x'; the network names no cluster: add one to its \"clusters\" "
            "with a \"name\", or select the motes by \"motes\" or \"path\"\n"
            "]}, \"placement\": {\"f\": [{\"cluster\": \"x\", \"side\": \"mote\"}]}}\n"
            "                                    ^\n"
            "1 error generated.\n");
}

// ---- JSON syntax --------------------------------------------------------------------------------

TEST(PlanSyntax, MissingCommaInObject) {
  EXPECT_EQ(errors("{\n  \"network\": {\"motes\": []}\n  \"profile\": \"mcu\"\n}\n"),
            "plan.json:3:3: error: expected ',' or '}' after object member\n"
            "  \"profile\": \"mcu\"\n"
            "  ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, MissingCommaInArray) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [\n  {\"id\": 1, \"position\": [1 2]}]}}"),
            "plan.json:2:28: error: expected ',' or ']' after array element\n"
            "  {\"id\": 1, \"position\": [1 2]}]}}\n"
            "                           ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, MissingColon) {
  EXPECT_EQ(errors("{\"network\" {}}"),
            "plan.json:1:12: error: expected ':' after object key\n"
            "{\"network\" {}}\n"
            "           ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, TrailingCommas) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n}"),
            "plan.json:1:26: error: JSON does not allow a trailing comma; remove this ','\n"
            "{\"network\": {\"motes\": []},\n"
            "                         ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": [1, ]}}"),
            "plan.json:1:25: error: JSON does not allow a trailing comma; remove this ','\n"
            "{\"network\": {\"motes\": [1, ]}}\n"
            "                        ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, Comments) {
  EXPECT_EQ(errors("{\n  // the network\n  \"network\": {\"motes\": []}\n}"),
            "plan.json:2:3: error: JSON does not allow comments; remove this comment\n"
            "  // the network\n"
            "  ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": /* inline */ {\"motes\": []}}"),
            "plan.json:1:13: error: JSON does not allow comments; remove this comment\n"
            "{\"network\": /* inline */ {\"motes\": []}}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, NonFiniteNumbersAndBadLiterals) {
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": NaN}}"),
            "plan.json:1:25: error: NaN and Infinity are not valid JSON numbers; use a finite number\n"
            "{\"energy\": {\"transmit\": NaN}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": -Infinity}}"),
            "plan.json:1:25: error: NaN and Infinity are not valid JSON numbers; use a finite number\n"
            "{\"energy\": {\"transmit\": -Infinity}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": 1e999}}"),
            "plan.json:1:25: error: number '1e999' is out of range\n"
            "{\"energy\": {\"transmit\": 1e999}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": True}"),
            "plan.json:1:13: error: invalid literal 'True'; JSON's literals are 'true', 'false' and 'null', in "
            "lower case\n"
            "{\"network\": True}\n"
            "            ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": nul}"),
            "plan.json:1:13: error: invalid literal 'nul'; JSON's literals are 'true', 'false' and 'null'\n"
            "{\"network\": nul}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, UnquotedStringValue) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"placement\": {\"f\": mote}}"),
            "plan.json:1:47: error: expected a JSON value; strings must be in double quotes\n"
            "{\"network\": {\"motes\": []}, \"placement\": {\"f\": mote}}\n"
            "                                              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": [1, , 2]}}"),
            "plan.json:1:27: error: expected a JSON value before ','\n"
            "{\"network\": {\"motes\": [1, , 2]}}\n"
            "                          ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, BadNumbers) {
  EXPECT_EQ(errors("{\"a\": 012}"),
            "plan.json:1:7: error: JSON numbers cannot have leading zeros\n"
            "{\"a\": 012}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 1.}"),
            "plan.json:1:9: error: expected a digit after the decimal point\n"
            "{\"a\": 1.}\n"
            "        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": .5}"),
            "plan.json:1:7: error: JSON numbers need a digit before the decimal point (write 0.5, not .5)\n"
            "{\"a\": .5}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": +5}"),
            "plan.json:1:7: error: JSON numbers cannot start with '+'; remove it\n"
            "{\"a\": +5}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 1e}"),
            "plan.json:1:9: error: expected a digit in the exponent\n"
            "{\"a\": 1e}\n"
            "        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 0x1F}"),
            "plan.json:1:8: error: unexpected 'x' in number\n"
            "{\"a\": 0x1F}\n"
            "       ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, Strings) {
  EXPECT_EQ(errors("{'network': {}}"),
            "plan.json:1:2: error: JSON strings must be in double quotes, not single quotes\n"
            "{'network': {}}\n"
            " ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{network: {}}"),
            "plan.json:1:2: error: object keys must be strings in double quotes\n"
            "{network: {}}\n"
            " ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"net.json}\n"),
            "plan.json:1:13: error: missing terminating '\"' character\n"
            "{\"network\": \"net.json}\n"
            "            ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\\qb\"}"),
            "plan.json:1:15: error: invalid escape sequence '\\q' in string; JSON allows \\\" \\\\ \\/ \\b \\f \\n "
            "\\r \\t and \\uXXXX\n"
            "{\"network\": \"a\\qb\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\\u12G4\"}"),
            "plan.json:1:15: error: expected four hex digits after '\\u'\n"
            "{\"network\": \"a\\u12G4\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"\\udc00\"}"),
            "plan.json:1:14: error: unpaired UTF-16 surrogate in '\\u' escape; a low surrogate must follow a "
            "high one\n"
            "{\"network\": \"\\udc00\"}\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\tb\"}"),
            "plan.json:1:15: error: unescaped control character U+0009 in string; write it as an escape such as "
            "\\t or \\u0009\n"
            "{\"network\": \"a\tb\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"caf\xE9\"}"),
            "plan.json:1:17: error: invalid UTF-8 in string; JSON text must be UTF-8\n"
            "{\"network\": \"caf<E9>\"}\n"
            "                ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, EndOfFileNotesTheOpenBracket) {
  EXPECT_EQ(errors("{\n  \"network\": {\"motes\": [\n"),
            "plan.json:3:1: error: expected a JSON value\n"
            "plan.json:2:24: note: to match this '['\n"
            "  \"network\": {\"motes\": [\n"
            "                       ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}"),
            "plan.json:1:26: error: expected ',' or '}' after object member\n"
            "{\"network\": {\"motes\": []}\n"
            "                         ^\n"
            "plan.json:1:1: note: to match this '{'\n"
            "{\"network\": {\"motes\": []}\n"
            "^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, EmptyFileAndTrailingText) {
  EXPECT_EQ(errors(""), "plan.json:1:1: error: expected a JSON value, but the file is empty\n1 error generated.\n");
  EXPECT_EQ(errors("  \n"),
            "plan.json:2:1: error: expected a JSON value, but the file is empty\n1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}}\n}\n"),
            "plan.json:2:1: error: unexpected text after the JSON value; a JSON file holds exactly one value\n"
            "}\n"
            "^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}}, {}"),
            "plan.json:1:27: error: unexpected ',' after the top-level value; a JSON file holds exactly one value\n"
            "{\"network\": {\"motes\": []}}, {}\n"
            "                          ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, DuplicateKeys) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"profile\": \"linux\",\n"
                   " \"profile\": \"mcu\"}"),
            "plan.json:3:2: error: duplicate key 'profile'; each key may appear only once\n"
            " \"profile\": \"mcu\"}\n"
            " ^\n"
            "plan.json:2:2: note: first given here\n"
            " \"profile\": \"linux\",\n"
            " ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, DuplicateKeysInBigObjects) {
  std::string placement;
  for (int i = 0; i < 100; ++i) placement += "\"f" + std::to_string(i) + "\": \"base\", ";
  placement += "\"f42\": \"mote\"";
  std::string rendered = errors("{\"network\": {\"motes\": []}, \"placement\": {" + placement + "}}");
  EXPECT_EQ(rendered.substr(0, rendered.find('\n')),
            "plan.json:1:1532: error: duplicate key 'f42'; each key may appear only once");
  EXPECT_NE(rendered.find("plan.json:1:662: note: first given here"), std::string::npos);
}

TEST(PlanSyntax, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "{\"network\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  std::string rendered = errors(deep);
  EXPECT_EQ(rendered.substr(0, rendered.find('\n')),
            "plan.json:1:524: error: JSON nesting is too deep (more than 512 levels)");
}

TEST(PlanSyntax, ByteOrderMarkAndCrlfAreAccepted) {
  Parsed parsed = parse("\xEF\xBB\xBF{\r\n\"network\": {\"motes\": []},\r\n\"profile\": \"mcu\"\r\n}\r\n");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(loc(parsed.plan->profileLocation), "plan.json:3:12");
}

// ---- motes --------------------------------------------------------------------------------------

TEST(PlanMotes, Ids) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0]},\n"
                             "{\"id\": 0, \"position\": [0, 0]},\n"
                             "{\"id\": -3, \"position\": [0, 0]},\n"
                             "{\"id\": \"4\", \"position\": [0, 0]},\n"
                             "{\"id\": 2.5, \"position\": [0, 0]},\n"
                             "{\"id\": 4294967296, \"position\": [0, 0]},\n"
                             "{\"position\": [0, 0]},\n"
                             "{\"id\": 1, \"position\": [0, 0]}")),
            "plan.json:3:8: error: mote 'id' must be a positive integer; 0 is the base station\n"
            "{\"id\": 0, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:4:8: error: mote 'id' must be a positive integer, not -3\n"
            "{\"id\": -3, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:5:8: error: mote 'id' must be a positive integer, not a string\n"
            "{\"id\": \"4\", \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:6:8: error: mote 'id' must be a positive integer, not 2.5\n"
            "{\"id\": 2.5, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:7:8: error: mote 'id' 4294967296 is too large; the largest mote id is 4294967295\n"
            "{\"id\": 4294967296, \"position\": [0, 0]},\n"
            "       ^\n"
            "plan.json:8:1: error: mote has no 'id'; add \"id\": N with a positive integer N\n"
            "{\"position\": [0, 0]},\n"
            "^\n"
            "plan.json:9:8: error: duplicate mote id 1; each mote needs its own id\n"
            "{\"id\": 1, \"position\": [0, 0]}\n"
            "       ^\n"
            "plan.json:2:8: note: mote 1 was first defined here\n"
            "{\"id\": 1, \"position\": [0, 0]},\n"
            "       ^\n"
            "7 errors generated.\n");
}

TEST(PlanMotes, FieldsAndUnknownKeys) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
                             " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
                             "{\"id\": 2, \"address\": 7},\n"
                             "{\"id\": 3, \"position\": [1, \"2\"]},\n"
                             "7")),
            "plan.json:3:53: error: unknown key 'sensor' in mote 1; did you mean 'sensors'?\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                                                    ^\n"
            "plan.json:2:57: error: 'class' must be a string naming a [[mote]] class, not a number\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                                                        ^\n"
            "plan.json:2:23: error: 'position' must be an array of two or three numbers, [x, y] or [x, y, z], not an "
            "array of 1 element\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                      ^\n"
            "plan.json:2:36: error: 'path' must start with '/', e.g. \"/floors/3/312\"\n"
            "{\"id\": 1, \"position\": [0], \"path\": \"floors/3\", \"class\": 3,\n"
            "                                   ^\n"
            "plan.json:3:32: error: duplicate actuator 'led' in mote 1; list it once\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                               ^\n"
            "plan.json:3:16: note: first listed here\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "               ^\n"
            "plan.json:3:39: error: actuator name 'two words' is not an identifier; it must match its setter, "
            "e.g. setLed() is 'led'\n"
            " \"actuators\": [\"led\", \"valve\", \"led\", \"two words\"], \"sensor\": {}},\n"
            "                                      ^\n"
            "plan.json:4:1: error: mote 2 has no 'position'; add \"position\": [x, y]\n"
            "{\"id\": 2, \"address\": 7},\n"
            "^\n"
            "plan.json:4:22: error: 'address' must be a string such as \"10.0.0.7:5683\", not a number\n"
            "{\"id\": 2, \"address\": 7},\n"
            "                     ^\n"
            "plan.json:5:27: error: the y coordinate must be a number, not a string\n"
            "{\"id\": 3, \"position\": [1, \"2\"]},\n"
            "                          ^\n"
            "plan.json:6:1: error: each mote must be an object such as {\"id\": 1, \"position\": [x, y]}, not a "
            "number\n"
            "7\n"
            "^\n"
            "10 errors generated.\n");
}

// ---- sensor sources -----------------------------------------------------------------------------

std::string sensorErrors(const std::string& sensors) {
  return errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n" + sensors + "\n}}"));
}

TEST(PlanSensors, ExactlyOneKnownSource) {
  EXPECT_EQ(sensorErrors("\"a\": {},\n"
                         "\"b\": {\"constant\": 1, \"values\": [1]},\n"
                         "\"c\": {\"value\": [1]},\n"
                         "\"d\": \"high\",\n"
                         "\"e f\": 1"),
            "plan.json:3:6: error: sensor 'a' has no source; use {\"constant\": N}, {\"values\": [...]}, "
            "{\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or {\"csv\": {\"file\": \"trace.csv\"}}\n"
            "\"a\": {},\n"
            "     ^\n"
            "plan.json:4:22: error: sensor 'b' has more than one source; keep only one of 'constant' and 'values'\n"
            "\"b\": {\"constant\": 1, \"values\": [1]},\n"
            "                     ^\n"
            "plan.json:4:7: note: first source given here\n"
            "\"b\": {\"constant\": 1, \"values\": [1]},\n"
            "      ^\n"
            "plan.json:5:7: error: unknown source 'value' for sensor 'c'; did you mean 'values'?\n"
            "\"c\": {\"value\": [1]},\n"
            "      ^\n"
            "plan.json:6:6: error: the source of sensor 'd' must be a number or one of {\"constant\": N}, "
            "{\"values\": [...]}, {\"random\": {\"min\": A, \"max\": B, \"seed\": S}} or {\"csv\": {\"file\": "
            "\"trace.csv\"}}, not a string\n"
            "\"d\": \"high\",\n"
            "     ^\n"
            "plan.json:7:1: error: sensor name 'e f' is not an identifier; it must match its getter, e.g. "
            "getTemperature() is 'temperature'\n"
            "\"e f\": 1\n"
            "^\n"
            "5 errors generated.\n");
}

TEST(PlanSensors, ConstantAndValues) {
  EXPECT_EQ(sensorErrors("\"a\": {\"constant\": \"1\"},\n"
                         "\"b\": {\"values\": []},\n"
                         "\"c\": {\"values\": [1, null, 3]},\n"
                         "\"d\": {\"values\": 4}"),
            "plan.json:3:19: error: 'constant' must be a number, not a string\n"
            "\"a\": {\"constant\": \"1\"},\n"
            "                  ^\n"
            "plan.json:4:17: error: 'values' of sensor 'b' is empty; give at least one number\n"
            "\"b\": {\"values\": []},\n"
            "                ^\n"
            "plan.json:5:21: error: 'values' must hold only numbers, not null\n"
            "\"c\": {\"values\": [1, null, 3]},\n"
            "                    ^\n"
            "plan.json:6:17: error: 'values' must be an array of numbers, not a number\n"
            "\"d\": {\"values\": 4}\n"
            "                ^\n"
            "4 errors generated.\n");
}

TEST(PlanSensors, Random) {
  EXPECT_EQ(sensorErrors("\"a\": {\"random\": {\"min\": 60, \"max\": 10, \"seed\": 3}},\n"
                         "\"b\": {\"random\": {\"min\": 1, \"max\": 2, \"seed\": -1}},\n"
                         "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
                         "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}"),
            "plan.json:3:25: error: 'min' (60) is greater than 'max' (10); swap them\n"
            "\"a\": {\"random\": {\"min\": 60, \"max\": 10, \"seed\": 3}},\n"
            "                        ^\n"
            "plan.json:4:46: error: 'seed' must be a whole number from 0 to 18446744073709551615, not -1\n"
            "\"b\": {\"random\": {\"min\": 1, \"max\": 2, \"seed\": -1}},\n"
            "                                             ^\n"
            "plan.json:5:28: error: unknown key 'sed' in 'random'; did you mean 'seed'?\n"
            "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
            "                           ^\n"
            "plan.json:5:17: error: 'random' needs 'min', e.g. {\"min\": 10, \"max\": 60, \"seed\": 1}\n"
            "\"c\": {\"random\": {\"max\": 2, \"sed\": 1}},\n"
            "                ^\n"
            "plan.json:6:25: error: 'min' must be an integer, not 1.5\n"
            "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}\n"
            "                        ^\n"
            "plan.json:6:37: error: 'max' must be an integer, not a string\n"
            "\"d\": {\"random\": {\"min\": 1.5, \"max\": \"9\", \"seed\": 1}}\n"
            "                                    ^\n"
            "6 errors generated.\n");
  Parsed parsed = parse(
      withMotes(R"({"id": 1, "position": [0, 0], "sensors": {"t": {"random": {"min": -5, "max": -5, "seed": 0}}}})"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->network.motes[0].sensors.at("t").min, -5.0);
  EXPECT_EQ(parsed.plan->network.motes[0].sensors.at("t").seed, 0u);
}

// ---- clusters and routes ------------------------------------------------------------------------

TEST(PlanClusters, MembersAndHead) {
  const std::string motes = "{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}, "
                            "{\"id\": 3, \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"clusters\": [\n"
                                    "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
                                    "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
                                    "{\"members\": [2], \"head\": 7}]")),
            "plan.json:5:30: error: cluster 'a' names mote 9, which is not in the network\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                             ^\n"
            "plan.json:5:33: error: mote 1 is listed twice in cluster 'a'\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                                ^\n"
            "plan.json:5:27: note: first listed here\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                          ^\n"
            "plan.json:5:45: error: head 3 of cluster 'a' is not one of its members; add it to 'members' or "
            "choose a member\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "                                            ^\n"
            "plan.json:6:10: error: duplicate cluster name 'a'; each cluster needs its own name\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "         ^\n"
            "plan.json:5:10: note: 'a' was first defined here\n"
            "{\"name\": \"a\", \"members\": [1, 9, 1], \"head\": 3},\n"
            "         ^\n"
            "plan.json:6:30: error: unknown key 'hed' in cluster 'a'; did you mean 'head'?\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "                             ^\n"
            "plan.json:6:26: error: cluster 'a' has no members; list at least one mote id\n"
            "{\"name\": \"a\", \"members\": [], \"hed\": 1},\n"
            "                         ^\n"

            "plan.json:7:1: error: cluster has no 'name'; add \"name\": \"...\"\n"
            "{\"members\": [2], \"head\": 7}]}}\n"
            "^\n"
            "plan.json:7:26: error: head 7 of cluster is not a mote in the network\n"
            "{\"members\": [2], \"head\": 7}]}}\n"
            "                         ^\n"
            "8 errors generated.\n");
}

TEST(PlanClusters, AGivenHeadIsKept) {
  Parsed parsed = parse(withMotes("{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}",
                                  ",\n\"clusters\": [{\"name\": \"a\", \"members\": [2, 1], \"head\": 1}]"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(parsed.plan->network.clusters[0].members, (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(parsed.plan->network.clusters[0].head, 1u);
  EXPECT_FALSE(parsed.plan->network.clusters[0].headChosen);
}

TEST(PlanClusters, AMissingHeadIsChosenAndWrittenForTheSimulator) {
  // Base at (0, 0). Members' d^2 to the head plus the head's to the base:
  //   head 1 (10,0): 100 + 400 + 100 = 600;  head 2 (20,0): 100 + 100 + 400 = 600;
  //   head 3 (30,0): 400 + 100 + 900 = 1400.  A tie: the lowest id, 1.
  Parsed tie = parse(withMotes(
      "{\"id\": 3, \"position\": [30, 0]}, {\"id\": 2, \"position\": [20, 0]}, "
      "{\"id\": 1, \"position\": [10, 0]}",
      ",\n\"clusters\": [{\"name\": \"a\", \"members\": [3, 2, 1]}]"));
  ASSERT_TRUE(tie.plan) << tie.diagnostics;
  EXPECT_EQ(tie.plan->network.clusters[0].head, 1u);
  EXPECT_TRUE(tie.plan->network.clusters[0].headChosen);
  EXPECT_EQ(tie.plan->network.json["clusters"][0]["head"], 1);
  // Along a line away from the base, the mote nearest the base wins:
  Parsed middle = parse(withMotes(
      "{\"id\": 1, \"position\": [0, 48]}, {\"id\": 2, \"position\": [0, 58]}, "
      "{\"id\": 3, \"position\": [0, 68]}",
      ",\n\"clusters\": [{\"name\": \"a\", \"members\": [1, 2, 3]}]"));
  ASSERT_TRUE(middle.plan) << middle.diagnostics;
  // head 1: 100 + 400 + 2304 = 2804; head 2: 100 + 100 + 3364 = 3564; head 3: 1600 + 100 + 4624.
  EXPECT_EQ(middle.plan->network.clusters[0].head, 1u);
}

TEST(PlanRoutes, KeysAndNextHops) {
  const std::string motes = "{\"id\": 1, \"position\": [0, 0]}, {\"id\": 2, \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}")),
            "plan.json:4:12: error: route key 'a' is not a mote id; write the sending mote's id as a string, e.g. "
            "\"1\": 3\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "           ^\n"
            "plan.json:4:20: error: route key '01' is not a mote id; write the sending mote's id as a string, e.g. "
            "\"1\": 3\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                   ^\n"
            "plan.json:4:29: error: route for mote 5, which is not in the network\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                            ^\n"
            "plan.json:4:42: error: next hop 9 of mote 1 is not in the network; use a mote id or 0 for the base\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                                         ^\n"
            "plan.json:4:50: error: next hop of mote 2 must be a mote id or 0 for the base, not a string\n"
            "\"routes\": {\"a\": 1, \"01\": 2, \"5\": 1, \"1\": 9, \"2\": \"1\"}}}\n"
            "                                                 ^\n"
            "5 errors generated.\n");
}

TEST(PlanRoutes, CyclesAreReported) {
  std::string motes;
  for (int id = 1; id <= 5; ++id)
    motes += (id > 1 ? ", " : "") + std::string("{\"id\": ") + std::to_string(id) + ", \"position\": [0, 0]}";
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {\n"
                                    "  \"4\": 2,\n"
                                    "  \"2\": 3,\n"
                                    "  \"3\": 2,\n"
                                    "  \"1\": 0,\n"
                                    "  \"5\": 5\n"
                                    "}")),
            "plan.json:6:3: error: routes form a cycle: 2 -> 3 -> 2; every route must lead to the base (0)\n"
            "  \"2\": 3,\n"
            "  ^\n"
            "plan.json:7:3: note: mote 3 routes to 2 here\n"
            "  \"3\": 2,\n"
            "  ^\n"
            "plan.json:9:3: error: routes form a cycle: 5 -> 5; every route must lead to the base (0)\n"
            "  \"5\": 5\n"
            "  ^\n"
            "2 errors generated.\n");
  Parsed chain = parse(withMotes(motes, R"(, "routes": {"1": 2, "2": 3, "3": 0, "4": 3})"));
  ASSERT_TRUE(chain.plan) << chain.diagnostics;
  EXPECT_EQ(chain.plan->network.routes, (std::map<std::uint32_t, std::uint32_t>{{1, 2}, {2, 3}, {3, 0}, {4, 3}}));
}

TEST(PlanNetwork, BaseNeedsAPosition) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [], \"base\": {}}}"),
            "plan.json:1:35: error: 'base' has no 'position'; add \"position\": [x, y] (or leave 'base' out for "
            "[0, 0])\n"
            "{\"network\": {\"motes\": [], \"base\": {}}}\n"
            "                                  ^\n"
            "1 error generated.\n");
}

TEST(PlanNetwork, UnknownKeysAndBase) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}"),
            "plan.json:1:27: error: unknown key 'cluster' in the network; did you mean 'clusters'?\n"
            "{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}\n"
            "                          ^\n"
            "plan.json:1:51: error: unknown key 'pos' in 'base'; expected 'position' or 'address'\n"
            "{\"network\": {\"motes\": [], \"cluster\": [], \"base\": {\"pos\": [1, 2]}}}\n"
            "                                                  ^\n"
            "2 errors generated.\n");
}

// Addresses are "host:port" (runtime/include/edgecut/runtime/sim/address.hpp), for the base as for
// motes: the udp transport listens and sends there.
TEST(PlanNetwork, Addresses) {
  Parsed good = parse(withMotes(R"({"id": 1, "position": [0, 0], "address": "[::1]:47001"})",
                                R"(, "base": {"position": [1, 2], "address": "gateway.local:47000"})"));
  ASSERT_TRUE(good.plan) << good.diagnostics;
  EXPECT_EQ(good.plan->network.baseAddress, "gateway.local:47000");
  EXPECT_EQ(good.plan->network.motes.at(0).address, "[::1]:47001");

  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"address\": \"10.0.0.7\"},\n"
                             "{\"id\": 2, \"position\": [0, 0], \"address\": \"::1:5683\"}",
                             ",\n\"base\": {\"position\": [0, 0], \"address\": \"10.0.0.1:70000\"}")),
            "plan.json:5:41: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"10.0.0.1:70000\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "\"base\": {\"position\": [0, 0], \"address\": \"10.0.0.1:70000\"}}}\n"
            "                                        ^\n"
            "plan.json:2:42: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"10.0.0.7\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "{\"id\": 1, \"position\": [0, 0], \"address\": \"10.0.0.7\"},\n"
            "                                         ^\n"
            "plan.json:3:42: error: 'address' must be \"host:port\" with a port from 1 to 65535, such as "
            "\"10.0.0.7:5683\", not \"::1:5683\"; write an IPv6 host in brackets, e.g. \"[::1]:5683\"\n"
            "{\"id\": 2, \"position\": [0, 0], \"address\": \"::1:5683\"}\n"
            "                                         ^\n"
            "3 errors generated.\n");
  EXPECT_EQ(errors(withMotes("", R"(, "base": {"position": [0, 0], "address": 47000})")),
            "plan.json:3:44: error: 'address' must be a string such as \"10.0.0.7:5683\", not a number\n"
            "], \"base\": {\"position\": [0, 0], \"address\": 47000}}}\n"
            "                                           ^\n"
            "1 error generated.\n");
}

TEST(Plan, ReportsErrorsFromEverySection) {
  std::string rendered = errors(
      "{\"network\": {\"motes\": [{\"id\": 1}]}, \"profile\": \"win\", \"energy\": {\"transmit\": -1},"
      " \"placement\": {\"f\": \"nowhere\"}}");
  EXPECT_NE(rendered.find("mote 1 has no 'position'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("unknown profile 'win'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("'transmit' must be from 0 to 1000000000, not -1"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("invalid placement 'nowhere'"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("4 errors generated."), std::string::npos) << rendered;
}

TEST(Plan, BigNetworksParse) {
  std::string motes;
  const int count = 20000;
  for (int id = 1; id <= count; ++id) {
    if (id > 1) motes += ",\n";
    motes += "{\"id\": " + std::to_string(id) + ", \"class\": \"Thermo\", \"position\": [" + std::to_string(id % 100) +
             ", " + std::to_string(id / 100) + "], \"sensors\": {\"temperature\": {\"values\": [1, 2, 3]}}}";
  }
  std::string routes;
  for (int id = 2; id <= count; ++id) {
    if (id > 2) routes += ", ";
    routes += '"';
    routes += std::to_string(id);
    routes += "\": ";
    routes += std::to_string(id - 1);
  }
  Parsed parsed = parse(withMotes(motes, ", \"routes\": {" + routes + ", \"1\": 0}"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics.substr(0, 2000);
  EXPECT_EQ(parsed.plan->network.motes.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(parsed.plan->network.routes.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(loc(parsed.plan->network.motes.back().location), "plan.json:" + std::to_string(count + 1) + ":1");
}

// The same mistake on many motes is one error that names them as ranges, at the first of them.
TEST(Plan, TheSameMistakeOnAThousandMotesIsOneError) {
  const std::set<int> emptyValues = {1, 2, 3, 7, 9, 10, 11, 12};
  std::string motes;
  std::string routes;
  for (int id = 1; id <= 1000; ++id) {
    motes += (id > 1 ? ",\n" : "") + std::string("{\"id\": ") + std::to_string(id) + ", \"positon\": [0, 0]" +
             (emptyValues.count(id) ? ", \"sensors\": {\"t\": {\"values\": []}}" : "") + "}";
    if (id > 500) routes += (id > 501 ? ", \"" : "\"") + std::to_string(id) + "\": 2000";
  }
  EXPECT_EQ(errors(withMotes(motes, ",\n\"routes\": {" + routes + "}")),
            "plan.json:2:11: error: unknown key 'positon' in motes 1\u20131000; did you mean 'position'?\n"
            "{\"id\": 1, \"positon\": [0, 0], \"sensors\": {\"t\": {\"values\": []}}},\n"
            "          ^\n"
            "plan.json:2:58: error: motes 1\u20133, 7, 9\u201312: 'values' of sensor 't' is empty; give at least one "
            "number\n"
            "{\"id\": 1, \"positon\": [0, 0], \"sensors\": {\"t\": {\"values\": []}}},\n"
            "                                                         ^\n"
            "plan.json:1003:19: error: next hop 2000 of motes 501\u20131000 is not in the network; use a mote id or 0 "
            "for the base\n"  // its line, some 7,000 bytes, is too long to show (as clang does)
            "3 errors generated.\n");
}

// ---- files --------------------------------------------------------------------------------------

TEST(PlanFiles, NetworkInItsOwnFile) {
  TempDir dir;
  const std::string networkText = "{\n  \"motes\": [{\"id\": 1, \"position\": [3, 4]}]\n}\n";
  const std::string planText = "{\n  \"network\": \"nets/network.json\",\n  \"placement\": {\"f\": \"mote\"}\n}\n";
  std::string networkFile = dir.write("nets/network.json", networkText);
  std::string planFile = dir.write("plan.json", planText);

  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  EXPECT_EQ(plan->file, planFile);
  EXPECT_EQ(plan->network.file, networkFile);
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, networkFile}));
  EXPECT_EQ(plan->text, planText + networkText);
  EXPECT_EQ(plan->network.json, nlohmann::json::parse(networkText));
  ASSERT_EQ(plan->network.motes.size(), 1u);
  EXPECT_EQ(plan->network.motes[0].position.y, 4.0);
  EXPECT_EQ(loc(plan->network.motes[0].location), networkFile + ":2:13");
  EXPECT_EQ(loc(plan->network.location), networkFile + ":1:1");
  EXPECT_EQ(loc(plan->placements[0].keyLocation), planFile + ":3:17");
}

TEST(PlanFiles, ErrorsInTheNetworkFilePointThere) {
  TempDir dir;
  std::string networkFile = dir.write("network.json", "{\n  \"motes\": [{\"id\": 1, \"position\": [3, 4], \"clas\": \"T\"}]\n}\n");
  std::string planFile = dir.path("plan.json");
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", sink));
  EXPECT_EQ(sink.render(), networkFile + ":2:43: error: unknown key 'clas' in mote 1; did you mean 'class'?\n"
                           "  \"motes\": [{\"id\": 1, \"position\": [3, 4], \"clas\": \"T\"}]\n"
                           "                                          ^\n"
                           "1 error generated.\n");

  dir.write("network.json", "{\"motes\": []\n");
  DiagnosticSink syntax;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", syntax));
  EXPECT_EQ(syntax.render(), networkFile + ":2:1: error: expected ',' or '}' after object member\n" +
                                 networkFile + ":1:1: note: to match this '{'\n"
                                 "{\"motes\": []\n"
                                 "^\n"
                                 "1 error generated.\n");

  dir.write("network.json", "[]");
  DiagnosticSink array;
  EXPECT_FALSE(parsePlan(planFile, "{\"network\": \"network.json\"}", array));
  EXPECT_EQ(array.render(), networkFile + ":1:1: error: a network file must hold a JSON object with \"motes\", not "
                                          "an array\n"
                                          "[]\n"
                                          "^\n"
                                          "1 error generated.\n");
}

TEST(PlanFiles, MissingNetworkFile) {
  TempDir dir;
  std::string planFile = dir.path("plan.json");
  EXPECT_EQ(errors("{\n  \"network\": \"nets/x.json\"\n}"),
            "plan.json:2:14: error: cannot open network file 'nets/x.json': No such file or directory\n"
            "  \"network\": \"nets/x.json\"\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"\"}"),
            "plan.json:1:13: error: 'network' is an empty path; give the network file's path relative to the plan\n"
            "{\"network\": \"\"}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanFiles, PlanFileIsADirectory) {
  TempDir dir;
  std::string path = dir.path("plans");
  fs::create_directories(path);
  DiagnosticSink sink;
  EXPECT_FALSE(loadPlan(path, sink));
  EXPECT_EQ(sink.render(), "edgecut: error: plan file '" + path +
                                "' is a directory, not a regular file; name a regular file\n1 error generated.\n");
}

TEST(PlanFiles, MissingPlanFile) {
  DiagnosticSink sink;
  EXPECT_FALSE(loadPlan("/nonexistent/edgecut/plan.json", sink));
  EXPECT_EQ(sink.render(),
            "edgecut: error: cannot open plan file '/nonexistent/edgecut/plan.json': No such file or directory\n"
            "1 error generated.\n");
}

TEST(PlanFiles, RadioInItsOwnFile) {
  TempDir dir;
  const std::string radioText = radioObject();
  std::string radioFile = dir.write("radios/mine.json", radioText);
  std::string planFile = dir.write("plans/plan.json", withRadio("\"../radios/mine.json\""));
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  ASSERT_TRUE(plan->energy.radio);
  EXPECT_EQ(plan->energy.radio->name, "../radios/mine.json");
  EXPECT_EQ(plan->energy.radio->listenMilliamps, 25.0);
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, radioFile})) << "the depfile names it";
}

TEST(PlanFiles, ErrorsInTheRadioFilePointThere) {
  TempDir dir;
  std::string radioFile = dir.write("mine.json", "{\n  \"volts\": 3,\n  \"cpu_mA\": 2\n}\n");
  std::string planFile = dir.path("plan.json");
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), sink));
  EXPECT_EQ(sink.render(),
            radioFile + ":3:3: error: unknown key 'cpu_mA' in the radio; did you mean 'cpu_ma'?\n"
                        "  \"cpu_mA\": 2\n"
                        "  ^\n" +
                radioFile + ":1:1: error: the radio has no 'transmit_ma' (current while transmitting, mA), "
                            "'listen_ma' (current while receiving, mA), 'bitrate_bps' (radio bit rate, bit/s), "
                            "'cpu_hz' (MCU clock, Hz), 'cycles_per_operation' (MCU cycles per program "
                            "operation) and 'listen_duty_cycle' (share of the time the radio listens when idle, "
                            "0 to 1); add them\n"
                            "{\n"
                            "^\n"
                            "2 errors generated.\n");

  dir.write("mine.json", "[3, 17.4]");
  DiagnosticSink array;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), array));
  EXPECT_EQ(array.render(), radioFile + ":1:1: error: a radio file must hold a JSON object of radio figures such as "
                                        "{\"volts\": 3, \"transmit_ma\": 17.4, ...}, not an array\n"
                                        "[3, 17.4]\n"
                                        "^\n"
                                        "1 error generated.\n");

  dir.write("mine.json", "{\"volts\": 3,}");
  DiagnosticSink syntax;
  EXPECT_FALSE(parsePlan(planFile, withRadio("\"mine.json\""), syntax));
  EXPECT_NE(syntax.render().find(radioFile + ":1:"), std::string::npos) << syntax.render();
}

TEST(PlanFiles, CsvTraces) {
  TempDir dir;
  std::string trace = dir.write("nets/traces/t1.csv", "time,temperature,humidity\n0,21,40\n1,22,41\n");
  std::string networkFile = dir.write(
      "nets/network.json",
      "{\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "  \"temperature\": {\"csv\": {\"file\": \"traces/t1.csv\"}},\n"
      "  \"wet\": {\"csv\": {\"file\": \"traces/t1.csv\", \"column\": \"humidity\"}}}}]}");
  std::string planFile = dir.write("plan.json", "{\"network\": \"nets/network.json\"}");
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = loadPlan(planFile, sink);
  ASSERT_TRUE(plan) << sink.render();
  EXPECT_EQ(plan->inputFiles, (std::vector<std::string>{planFile, networkFile, trace}));
  const SensorSource& temperature = plan->network.motes[0].sensors.at("temperature");
  EXPECT_EQ(temperature.kind, SensorSource::Kind::Csv);
  EXPECT_EQ(temperature.csvPath, trace);
  EXPECT_EQ(temperature.csvColumn, "temperature");
  EXPECT_EQ(plan->network.motes[0].sensors.at("wet").csvColumn, "humidity");
  // The simulator reads the trace relative to its own working directory, so the embedded network
  // names it absolutely, with the column spelled out.
  EXPECT_EQ(plan->network.json["motes"][0]["sensors"]["temperature"],
            (nlohmann::json{{"csv", {{"file", fs::absolute(trace).lexically_normal().string()},
                                     {"column", "temperature"}}}}));
}

TEST(PlanFiles, CsvRowsMustHaveTheColumn) {
  TempDir dir;
  dir.write("short.csv", "time,temperature\n0,21\n\n1\n");
  dir.write("empty.csv", "time,temperature\r\n");
  dir.write("blank.csv", "");
  std::string planFile = dir.path("plan.json");
  const std::string text =
      "{\"network\": {\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "\"temperature\": {\"csv\": {\"file\": \"short.csv\"}},\n"
      "\"time\": {\"csv\": {\"file\": \"empty.csv\"}},\n"
      "\"x\": {\"csv\": {\"file\": \"blank.csv\"}}\n"
      "}}]}}";
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, text, sink));
  const std::string& p = planFile;
  EXPECT_EQ(sink.render(),
            p + ":2:33: error: line 4 of CSV file 'short.csv' has no cell for 'temperature' (column 2)\n"
                "\"temperature\": {\"csv\": {\"file\": \"short.csv\"}},\n"
                "                                ^\n" +
            p + ":3:26: error: CSV file 'empty.csv' has no samples; add rows after its header line\n"
                "\"time\": {\"csv\": {\"file\": \"empty.csv\"}},\n"
                "                         ^\n" +
            p + ":4:23: error: CSV file 'blank.csv' has no header line; its first line must name the columns, "
                "e.g. 'x'\n"
                "\"x\": {\"csv\": {\"file\": \"blank.csv\"}}\n"
                "                      ^\n"
                "3 errors generated.\n");
}

TEST(PlanFiles, CsvErrors) {
  TempDir dir;
  dir.write("t.csv", "time,temperature\n0,21\n");
  std::string planFile = dir.path("plan.json");
  const std::string text =
      "{\"network\": {\"motes\": [{\"id\": 1, \"position\": [0, 0], \"sensors\": {\n"
      "\"a\": {\"csv\": {\"file\": \"missing.csv\"}},\n"
      "\"b\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"temprature\"}},\n"
      "\"c\": {\"csv\": {\"file\": \"t.csv\"}},\n"
      "\"d\": {\"csv\": {\"column\": \"x\"}},\n"
      "\"e\": {\"csv\": {\"file\": \"t.csv\", \"colum\": \"time\"}}\n"
      "}}]}}";
  DiagnosticSink sink;
  EXPECT_FALSE(parsePlan(planFile, text, sink));
  const std::string& p = planFile;
  EXPECT_EQ(sink.render(),
            p + ":2:23: error: cannot open CSV file 'missing.csv': No such file or directory\n"
                "\"a\": {\"csv\": {\"file\": \"missing.csv\"}},\n"
                "                      ^\n" +
            p + ":3:42: error: CSV file 't.csv' has no column 'temprature'; did you mean 'temperature'?\n"
                "\"b\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"temprature\"}},\n"
                "                                         ^\n" +
            p + ":4:23: error: CSV file 't.csv' has no column 'c'; its columns are 'time' and 'temperature'\n"
                "\"c\": {\"csv\": {\"file\": \"t.csv\"}},\n"
                "                      ^\n" +
            p + ":5:14: error: 'csv' needs a 'file', e.g. {\"file\": \"trace.csv\"}\n"
                "\"d\": {\"csv\": {\"column\": \"x\"}},\n"
                "             ^\n" +
            p + ":6:32: error: unknown key 'colum' in 'csv'; did you mean 'column'?\n"
                "\"e\": {\"csv\": {\"file\": \"t.csv\", \"colum\": \"time\"}}\n"
                "                               ^\n"
                "5 errors generated.\n");
}

// Motes that name the same column of a trace share its samples: a thousand motes on one trace hold
// one copy, and its mistakes are one error about all of them.
TEST(PlanFiles, MotesShareATracesSamples) {
  TempDir dir;
  dir.write("t.csv", "time,t\n0,21\n1,22\n");
  std::string motes;
  for (int id = 1; id <= 1000; ++id)
    motes += std::string(id > 1 ? ",\n" : "") + "{\"id\": " + std::to_string(id) +
             ", \"position\": [0, 0], \"sensors\": {\"t\": {\"csv\": {\"file\": \"t.csv\"}}, "
             "\"u\": {\"csv\": {\"file\": \"t.csv\", \"column\": \"time\"}}}}";
  DiagnosticSink sink;
  std::optional<PlacementPlan> plan = parsePlan(dir.path("plan.json"), withMotes(motes), sink);
  ASSERT_TRUE(plan) << sink.render();
  const Network& network = plan->network;
  EXPECT_EQ(*network.motes[0].sensors.at("t").values, (std::vector<nlohmann::json>{21, 22}));
  EXPECT_EQ(*network.motes[0].sensors.at("u").values, (std::vector<nlohmann::json>{0, 1}));
  EXPECT_EQ(network.motes[999].sensors.at("t").values, network.motes[0].sensors.at("t").values) << "one copy";
  EXPECT_EQ(network.traceFiles, std::vector<std::string>{dir.path("t.csv")}) << "read once";

  DiagnosticSink wrong;
  std::string bad = motes;
  for (std::size_t at; (at = bad.find("\"column\": \"time\"")) != std::string::npos;)
    bad.replace(at, 16, "\"column\": \"tme\"");
  EXPECT_FALSE(parsePlan(dir.path("plan.json"), withMotes(bad), wrong));
  EXPECT_EQ(wrong.errorCount(), 1u) << wrong.render();
  EXPECT_NE(wrong.render().find("error: motes 1\u20131000: CSV file 't.csv' has no column 'tme'; did you mean "
                                "'time'?"),
            std::string::npos)
      << wrong.render();
}

// Every number of a plan or a network is finite and within the range its key table gives; the
// bounds themselves are inside.
TEST(PlanNumbers, OutOfRangeIsAnErrorThatGivesTheRange) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"transmit\": 1e308}}"),
            "plan.json:1:51: error: 'transmit' must be from 0 to 1000000000, not 1e+308\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"transmit\": 1e308}}\n"
            "                                                  ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [1, 2, 1000000.5]}")),
            "plan.json:2:30: error: the z coordinate must be from -1000000 to 1000000, not 1000000.5\n"
            "{\"id\": 1, \"position\": [1, 2, 1000000.5]}\n"
            "                             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"base\": {\"position\": [-1e200, 0]}, \"motes\": []}}"),
            "plan.json:1:36: error: the x coordinate must be from -1000000 to 1000000, not -1e+200\n"
            "{\"network\": {\"base\": {\"position\": [-1e200, 0]}, \"motes\": []}}\n"
            "                                   ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"ram_bytes\": -1}}}"),
            "plan.json:1:63: error: 'ram_bytes' must be from 0 to 4294967295, not -1\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"ram_bytes\": -1}}}\n"
            "                                                              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash_bytes\": 4294967296}}}"),
            "plan.json:1:65: error: 'flash_bytes' must be from 0 to 4294967295, not 4294967296\n"
            "{\"network\": {\"motes\": []}, \"energy\": {\"budget\": {\"flash_bytes\": 4294967296}}}\n"
            "                                                                ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": "
                             "{\"min\": 1, \"max\": 18446744073709551616, \"seed\": 18446744073709551616}}}}")),
            "plan.json:2:77: error: 'max' must be a whole number from -9223372036854775808 to 9223372036854775807; "
            "this one does not fit 64 bits\n"
            "{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": {\"min\": 1, \"max\": "
            "18446744073709551616, \"seed\": 18446744073709551616}}}}\n"
            "                                                                            ^\n"
            "plan.json:2:107: error: 'seed' must be a whole number from 0 to 18446744073709551615, not "
            "18446744073709551616\n"
            "{\"id\": 1, \"position\": [0, 0], \"sensors\": {\"t\": {\"random\": {\"min\": 1, \"max\": "
            "18446744073709551616, \"seed\": 18446744073709551616}}}}\n"
            "                                                                                                   "
            "       ^\n"
            "2 errors generated.\n");
  Parsed bounds = parse(
      "{\"network\": {\"base\": {\"position\": [-1000000, 1000000]}, \"motes\": [{\"id\": 4294967295, "
      "\"position\": [1000000, -1000000, 0]}]},\n"
      " \"energy\": {\"instruction\": 1e9, \"transmit\": 0, \"budget\": {\"flash_bytes\": 4294967295, "
      "\"ops_per_call\": 1e12},\n"
      " \"radio\": {\"volts\": 1000, \"cpu_ma\": 1e6, \"transmit_ma\": 0, \"listen_ma\": 1e6, \"bitrate_bps\": 1, "
      "\"cpu_hz\": 1e12, \"cycles_per_operation\": 1e6, \"listen_duty_cycle\": 1}}}");
  ASSERT_TRUE(bounds.plan) << bounds.diagnostics;
  EXPECT_EQ(bounds.plan->energy.transmit, 0);
  EXPECT_EQ(bounds.plan->energy.radio->bitsPerSecond, 1);
}

// A key file is read by the programs, maybe elsewhere: edgecut lets a missing one be, but one that
// exists here must be a small regular file.
TEST(PlanFiles, AKeyFileThatExistsMustBeARegularFile) {
  TempDir dir;
  fs::create_directories(dir.path("keys"));
  const std::string missing = "{\"network\": {\"motes\": []}, \"security\": {\"key_file\": \"nowhere.key\"}}";
  DiagnosticSink accepted;
  ASSERT_TRUE(parsePlan(dir.path("plan.json"), missing, accepted)) << accepted.render();
  const std::string directory = "{\"network\": {\"motes\": []}, \"security\": {\"key_file\": \"keys\"}}";
  DiagnosticSink refused;
  refused.setFileText(dir.path("plan.json"), directory);
  EXPECT_FALSE(parsePlan(dir.path("plan.json"), directory, refused));
  EXPECT_EQ(refused.render(), dir.path("plan.json") +
                                  ":1:53: error: key file 'keys' is a directory, not a regular file; name a "
                                  "regular file\n" + directory + "\n" + std::string(52, ' ') +
                                  "^\n1 error generated.\n");
}

// findMote's index follows a network built by hand, mote by mote.
TEST(PlanNetwork, FindMoteFollowsANetworkBuiltByHand) {
  Network network;
  EXPECT_EQ(network.findMote(7), nullptr);
  network.motes.push_back(PlanMote{.id = 7});
  ASSERT_NE(network.findMote(7), nullptr);
  network.motes.insert(network.motes.begin(), PlanMote{.id = 3});
  network.motes.push_back(PlanMote{.id = 9});
  EXPECT_EQ(network.findMote(7)->id, 7u);
  EXPECT_EQ(network.findMote(3)->id, 3u);
  EXPECT_EQ(network.findMote(9), &network.motes.back());
  EXPECT_EQ(network.findMote(4), nullptr);
}

}  // namespace
}  // namespace edgecut::compiler
