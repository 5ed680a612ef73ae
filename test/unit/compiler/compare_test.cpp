// edgecut compare's pure parts: ranking, compare.json and the SVG chart.
#include "edgecut/compiler/compare.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace edgecut::compiler {
namespace {
namespace compare_test_cpp {

// A report as base programs write it: E's terms, traffic, and per-mote operations and transmit.
nlohmann::json report(double instructions, double transmit, int messages, int bytes) {
  return {{"energy", {{"instructions", instructions}, {"transmit", transmit}, {"total", instructions + transmit}}},
          {"operations", instructions},  // energy.instruction = 1
          {"messages", messages},
          {"integers", messages / 2},
          {"bytes", bytes},
          {"nodes",
           {{{"id", 0}, {"operations", 0}, {"transmit", 0.0}},
            {{"id", 1}, {"operations", instructions}, {"transmit", transmit / 4}},
            {{"id", 2}, {"operations", 0}, {"transmit", transmit * 3 / 4}}}}};
}

PlanOutcome ran(const std::string& name, nlohmann::json json) {
  PlanOutcome outcome;
  outcome.name = name;
  outcome.planFile = "/plans/" + name + ".json";
  outcome.report = std::move(json);
  return outcome;
}

PlanOutcome failed(const std::string& name, PlanOutcome::Status status) {
  PlanOutcome outcome;
  outcome.name = name;
  outcome.planFile = "/plans/" + name + ".json";
  outcome.status = status;
  outcome.failure = "it exited with status 3";
  return outcome;
}

std::size_t count(const std::string& text, const std::string& pattern) {
  std::size_t n = 0;
  for (std::size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1)) ++n;
  return n;
}

TEST(Compare, RanksByEnergyThenUnknownThenFailures) {
  nlohmann::json unknown = report(0, 5, 1, 1);
  unknown["energy"]["total"] = nullptr;
  std::vector<PlanOutcome> outcomes{failed("broken", PlanOutcome::Status::BuildFailed), ran("costly", report(10, 990, 9, 90)),
                                    ran("unknown", unknown), ran("cheap", report(10, 90, 3, 30)),
                                    ran("tied", report(50, 50, 4, 40))};
  rankOutcomes(outcomes);
  std::vector<std::string> order;
  for (const PlanOutcome& outcome : outcomes) order.push_back(outcome.name);
  EXPECT_EQ(order, (std::vector<std::string>{"cheap", "tied", "costly", "unknown", "broken"}))
      << "ties keep the given order";
}

TEST(Compare, JsonHasTheRankingAndEveryOutcome) {
  std::vector<PlanOutcome> outcomes{ran("cheap", report(10, 90, 3, 30)), failed("crashes", PlanOutcome::Status::RunFailed)};
  const nlohmann::json json = compareJson("soil", outcomes);
  EXPECT_EQ(json["program"], "soil");
  EXPECT_EQ(json["ranking"], nlohmann::json::array({"cheap"})) << "only plans that ran are ranked";
  ASSERT_EQ(json["plans"].size(), 2u);
  EXPECT_EQ(json["plans"][0]["status"], "ran");
  EXPECT_EQ(json["plans"][0]["report"], outcomes[0].report);
  EXPECT_EQ(json["plans"][1]["status"], "run failed");
  EXPECT_EQ(json["plans"][1]["failure"], "it exited with status 3");
  EXPECT_FALSE(json["plans"][1].contains("report"));
}

TEST(Compare, SvgHasOneGroupPerPlanWithEsTermsAndTheMotesOfBestAndWorst) {
  std::vector<PlanOutcome> outcomes{ran("cheap", report(10, 90, 3, 30)), ran("middle", report(0, 500, 5, 50)),
                                    ran("costly", report(10, 990, 9, 90)),
                                    failed("broken", PlanOutcome::Status::BuildFailed)};
  const std::string svg = compareSvg("soil", outcomes);
  EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count(svg, "<g class=\"plan\""), 3u);
  EXPECT_LT(svg.find("data-plan=\"cheap\" data-rank=\"1\""), svg.find("data-plan=\"middle\" data-rank=\"2\""));
  EXPECT_NE(svg.find("<g class=\"failed\" data-plan=\"broken\">"), std::string::npos);
  EXPECT_NE(svg.find(">broken: did not build, not compared</text>"), std::string::npos);
  EXPECT_NE(svg.find("E 100 = 10 + 90"), std::string::npos);
  // The longest E bar spans the whole scale; the others in proportion.
  EXPECT_NE(svg.find("x=\"174.0\" y=\"96.0\" width=\"36.0\" height=\"18.0\" fill=\"#f58518\"><title>transmit 90"),
            std::string::npos) << svg;
  EXPECT_NE(svg.find("width=\"396.0\" height=\"18.0\" fill=\"#f58518\"><title>transmit 990"), std::string::npos);
  // Motes 1 and 2 (not the base) under the best and the worst plan; mote 2 of costly is the tallest.
  EXPECT_EQ(count(svg, "class=\"best\" x="), 2u);
  EXPECT_EQ(count(svg, "class=\"worst\" x="), 2u);
  EXPECT_NE(svg.find("<title>mote 1 under cheap: E 32.5</title>"), std::string::npos) << "10 + 90 / 4";
  EXPECT_NE(svg.find("<title>mote 2 under costly: E 742.5</title>"), std::string::npos);
  EXPECT_EQ(compareSvg("soil", outcomes), svg) << "deterministic";
}

TEST(Compare, SvgEscapesNamesAndDrawsOnePlanAlone) {
  const std::string svg = compareSvg("a<b>&\"c\"", {ran("x&y<z>", report(1, 2, 1, 1))});
  EXPECT_NE(svg.find("edgecut compare: a&lt;b&gt;&amp;&quot;c&quot; under 1 plan"), std::string::npos);
  EXPECT_NE(svg.find("data-plan=\"x&amp;y&lt;z&gt;\""), std::string::npos);
  EXPECT_EQ(svg.find("x&y"), std::string::npos);
  EXPECT_NE(svg.find("E per mote under x&amp;y&lt;z&gt;"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"worst\" x="), 0u);
}

TEST(Compare, SvgOfNothingThatRanIsStillADocument) {
  const std::string svg = compareSvg("soil", {failed("broken", PlanOutcome::Status::RunFailed)});
  EXPECT_EQ(count(svg, "<g class=\"plan\""), 0u);
  EXPECT_NE(svg.find(">broken: did not run, not compared</text>"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"motes\""), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(Compare, HtmlCarriesEveryPlanAndNoNameEndsItsScript) {
  const std::string html = compareHtml("a</script><b>", {ran("x</script>y", report(1, 2, 1, 1)),
                                                         failed("broken", PlanOutcome::Status::BuildFailed)});
  EXPECT_EQ(count(html, "</script>"), 2u) << "only the data's and the script's own ends";
  EXPECT_NE(html.find("<title>edgecut compare: a&lt;/script&gt;&lt;b&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("\"name\":\"x<\\/script>y\""), std::string::npos) << html.substr(0, 2000);
  EXPECT_NE(html.find("\"status\":\"build failed\""), std::string::npos);
  // The plan file does not exist here: the page still has the plan's row, and says why no map.
  EXPECT_NE(html.find("\"map_missing\":\"its plan /plans/x<\\/script>y.json no longer reads\""),
            std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg")) << "loads nothing";
  EXPECT_EQ(compareHtml("a</script><b>", {ran("x</script>y", report(1, 2, 1, 1))}),
            compareHtml("a</script><b>", {ran("x</script>y", report(1, 2, 1, 1))}))
      << "deterministic";
}

}  // namespace compare_test_cpp
}  // namespace
}  // namespace edgecut::compiler
