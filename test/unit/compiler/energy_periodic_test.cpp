// The estimate's periodic runs (energy.hpp's calls(f), docs/design.md §9): a task's runs in an hour
// of network time weigh where [[auto]] periodic code goes.
#include <gtest/gtest.h>

#include "energy_field.hpp"

namespace edgecut::compiler {
namespace {
namespace energy_periodic_test_cpp {

using testing::Field;
using testing::function;

// A periodic [[auto]] task (docs/design.md §9): Soil::sample() every minute, 3 operations and one
// read of its own mote's sensor a run; main never calls it. The estimate counts its runs in an hour:
// 3,600,000 ms / 60,000 ms = 60 per mote, 120 for the two motes.
Field withSample(double operations, std::uint64_t periodMs) {
  Field field;
  Function sample = function("Soil::sample()", Attribute::Auto, 6);
  sample.runsOn = OnMoteInstance{"Soil"};
  sample.operationsPerCall = operations;
  sample.every = PeriodicTask{periodMs, "", testing::at(6)};
  sample.calls.push_back({"Soil::getMoisture()", testing::at(7), 1});
  field.program.functions.push_back(sample);
  return field;
}

TEST(Energy, APeriodicTaskCountsItsRunsInAnHourPerMote) {
  Field field = withSample(3, 60000);
  ResolvedPlacement placement = field.place();
  const FunctionPlacement& sample = *placement.find("Soil::sample()");
  ASSERT_TRUE(sample.energy);
  // The program's E either way: the Field's avg() on the motes costs 100 operations and 12500
  // transmit. On the mote, sample adds 120 runs · 3 operations, its reads are its own. On the base:
  // 120 READs, each one value from a mote, 100 · (25 + 100) / 2 = 6250: 750000.
  EXPECT_EQ(sample.side, Side::Mote);
  EXPECT_DOUBLE_EQ(sample.energy->chosen.instructions, 100 + 120 * 3);
  EXPECT_DOUBLE_EQ(sample.energy->chosen.transmit, 12500);
  ASSERT_TRUE(sample.energy->other);
  EXPECT_DOUBLE_EQ(sample.energy->other->transmit, 12500 + 120 * 6250);
}

TEST(Energy, APeriodicTasksFrequencyDecidesItsSide) {
  // 10,000 operations a run: on the motes 120 · 10,000 = 1.2e6 an hour, more than the base's
  // 750,000 for the reads, so the task goes to the base.
  Field often = withSample(10000, 60000);
  EXPECT_EQ(often.place().find("Soil::sample()")->side, Side::Base);
  // Every hour: one run per mote, 2 · 10,000 = 20,000 on the motes against 2 · 6250 on the base.
  Field hourly = withSample(10000, 3600000);
  const FunctionPlacement& sample = *hourly.place().find("Soil::sample()");
  EXPECT_EQ(sample.side, Side::Base);
  EXPECT_DOUBLE_EQ(sample.energy->chosen.transmit, 12500 + 2 * 6250);
  EXPECT_DOUBLE_EQ(sample.energy->other->instructions, 100 + 2 * 10000);
  // The plan's "periods" override [[every]]: every 30 s is 240 runs, 240 · 3 operations on the motes.
  Field faster = withSample(3, 60000);
  faster.plan.periods.push_back({"Soil::sample", "30s", 30000, {}, {}});
  const FunctionPlacement& overridden = *faster.place().find("Soil::sample()");
  EXPECT_DOUBLE_EQ(overridden.energy->chosen.instructions, 100 + 240 * 3);
  // A daily task counts a 24th of a run per mote.
  Field daily = withSample(24, 24 * 3600000ull);
  EXPECT_DOUBLE_EQ(daily.place().find("Soil::sample()")->energy->chosen.instructions, 100 + 2 * 24.0 / 24);
}

}  // namespace energy_periodic_test_cpp
}  // namespace
}  // namespace edgecut::compiler
