// The soil field of the energy tests (energy_test.cpp, energy_periodic_test.cpp): a hand-built
// program and plan whose estimate the tests work out by hand.
#pragma once

#include <gtest/gtest.h>

#include "edgecut/compiler/energy.hpp"

#include "model_builder.hpp"

namespace edgecut::compiler::testing {

// A soil field: the base at (0, 0); motes 1 at (3, 4) (d² 25) and 2 at (6, 8) (d² 100), both
// "Soil". main loops over both motes (2 calls) and asks each for avg(), which reads the sensor 8
// times and runs 50 operations; avg's result is one value.
struct Field {
  ProgramModel program;
  PlacementPlan plan;

  explicit Field(double instruction = 1, double transmit = 100) {
    program.files = {{"program.cpp"}};
    MoteClass soil;
    soil.name = "Soil";
    soil.sensors = {"moisture"};
    program.moteClasses.push_back(soil);

    Function read = testing::function("Soil::getMoisture()", Attribute::None, 2);
    read.kind = FunctionKind::Sensor;
    read.runsOn = OnMoteInstance{"Soil"};
    read.hasBody = false;
    Function avg = testing::function("Soil::avg()", Attribute::Auto, 4);
    avg.runsOn = OnMoteInstance{"Soil"};
    avg.operationsPerCall = 50;
    avg.returnDataValues = 1;
    avg.calls.push_back({"Soil::getMoisture()", testing::at(5), 8});
    Function main = testing::function("main()", Attribute::None, 10);
    main.calls.push_back({"Soil::avg()", testing::at(11), 2});
    program.functions = {read, avg, main};

    plan.energy = {instruction, transmit};
    plan.network.motes.push_back(mote(1, 3, 4));
    plan.network.motes.push_back(mote(2, 6, 8));
  }

  static PlanMote mote(std::uint32_t id, double x, double y) {
    PlanMote out;
    out.id = id;
    out.className = "Soil";
    out.position = {x, y};
    out.sensors["moisture"] = {};  // what a Soil needs, for checkProgram
    return out;
  }

  ResolvedPlacement place() {
    DiagnosticSink diagnostics;
    auto placement = resolvePlacement(program, plan, diagnostics);
    EXPECT_TRUE(placement) << diagnostics.render();
    EXPECT_TRUE(placeAutomatically(program, plan, *placement, diagnostics)) << diagnostics.render();
    return *placement;
  }
};

}  // namespace edgecut::compiler::testing
