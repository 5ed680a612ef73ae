// The placement plan parser: whole plans, their optional sections, radios, and the diagnostics'
// exact text.
#include "plan_test_support.hpp"

namespace edgecut::compiler {
namespace {
namespace plan_test_cpp {

using namespace plan_test;

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
}  // namespace plan_test_cpp
}  // namespace
}  // namespace edgecut::compiler
