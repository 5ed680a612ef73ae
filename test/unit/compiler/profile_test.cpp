// Mote profiles: the embedded "mcu" data and the pure check that applies it to mote code.
#include "edgecut/compiler/profile.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "edgecut/compiler/check.hpp"
#include "model_builder.hpp"

namespace edgecut::compiler {
namespace {
namespace profile_test_cpp {

using testing::at;
using testing::function;

LibraryUse feature(std::string what, unsigned line, unsigned column = 5) {
  return {LibraryUse::Kind::Expression, std::move(what), "", "", at(line, column)};
}

LibraryUse declaration(std::string what, std::string entity, std::string header, unsigned line,
                       unsigned column = 5) {
  return {LibraryUse::Kind::Declaration, std::move(what), std::move(entity), std::move(header),
          at(line, column)};
}

struct Fixture {
  ProgramModel program;
  PlacementPlan plan;
  DiagnosticSink diagnostics;

  Fixture() {
    program.files = {{"program.cpp"}};
    plan.profile = "mcu";
    diagnostics.setFileText("program.cpp", "");
  }
  // A [[mote]] method, placed on the mote by its attribute.
  Function& onMote(std::string key, unsigned line) {
    Function f = function(std::move(key), Attribute::Onboard, line);
    f.runsOn = OnMoteInstance{"Thermo"};
    program.functions.push_back(std::move(f));
    return program.functions.back();
  }
  Function& add(Function f) {
    program.functions.push_back(std::move(f));
    return program.functions.back();
  }
  std::string run(bool expectOk = false) {
    auto placement = resolvePlacement(program, plan, diagnostics);
    EXPECT_TRUE(placement) << diagnostics.render();
    EXPECT_EQ(checkMoteProfile(program, plan, Partition(program, *placement).moteCode(), diagnostics), expectOk);
    return diagnostics.render();
  }
};

TEST(Profile, McuIsEmbeddedAndLinuxRestrictsNothing) {
  const MoteProfile* mcu = findMoteProfile("mcu");
  ASSERT_NE(mcu, nullptr);
  EXPECT_EQ(mcu->name, "mcu");
  EXPECT_EQ(mcu->allowedHeaders,
            (std::vector<std::string>{"cmath", "algorithm", "numeric", "array", "optional",
                                      "cstdint", "span"}));
  std::vector<std::string> families;
  for (const ProfileFamily& family : mcu->families) families.push_back(family.family);
  EXPECT_EQ(families, (std::vector<std::string>{"heap", "stdio", "exceptions", "rtti"}));
  EXPECT_EQ(findMoteProfile("linux"), nullptr);
}

TEST(Profile, MalformedProfileDataIsRejected) {
  EXPECT_THROW(parseMoteProfile("{"), std::exception);
  EXPECT_THROW(parseMoteProfile(R"({"profile": "x"})"), std::runtime_error);
}

TEST(Profile, NewOnAnMcuMoteIsAnErrorThatSaysHowToFix) {
  Fixture fixture;
  fixture.onMote("Thermo::log()", 3).libraryUses = {feature("new", 4, 12)};
  EXPECT_EQ(fixture.run(),
            "program.cpp:4:12: error: 'Thermo::log' runs on an \"mcu\" mote, which has no heap: "
            "'new' allocates; use a fixed-size std::array, or place 'Thermo::log' on the base\n"
            "1 error generated.\n");
}

TEST(Profile, EveryFamilyIsRejected) {
  Fixture fixture;
  fixture.onMote("Thermo::all()", 3).libraryUses = {
      declaration("std::vector<int>", "std::vector", "vector", 4),
      declaration("std::cout", "std::cout", "iostream", 5),
      feature("throw", 6),
      feature("dynamic_cast", 7),
      declaration("std::string", "std::basic_string", "string", 8),
      declaration("std::free", "std::free", "cstdlib", 9),
  };
  std::string errors = fixture.run();
  for (const char* expected :
       {"4:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no heap: 'std::vector<int>' "
        "from <vector> allocates",
        "5:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no iostream or stdio: "
        "'std::cout' from <iostream> does console or file I/O; return the value and print it on "
        "the base",
        "6:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no exceptions: 'throw' throws",
        "7:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no RTTI: 'dynamic_cast' needs "
        "run-time type information",
        "8:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no heap: 'std::string' from "
        "<string> allocates",
        "9:5: error: 'Thermo::all' runs on an \"mcu\" mote, which has no heap: 'std::free' from "
        "<cstdlib> frees heap memory"})
    EXPECT_NE(errors.find(expected), std::string::npos) << expected << "\n" << errors;
  EXPECT_NE(errors.find("6 errors generated."), std::string::npos) << errors;
}

TEST(Profile, AllowedHeadersAndUserCodePass) {
  Fixture fixture;
  fixture.onMote("Thermo::median()", 3).libraryUses = {
      declaration("std::sqrt", "std::sqrt", "cmath", 4),
      declaration("std::sort", "std::sort", "algorithm", 5),
      declaration("std::array<int, 4>", "std::array", "array", 6),
      declaration("std::optional<int>", "std::optional", "optional", 7),
      declaration("std::move", "std::move", "utility", 8),  // support for the allowed ones
      declaration("std::abs", "std::abs", "cstdlib", 9),
  };
  EXPECT_EQ(fixture.run(true), "");
}

TEST(Profile, OtherHeadersAreNotOnTheAllowList) {
  Fixture fixture;
  fixture.onMote("Thermo::nap()", 3).libraryUses = {declaration("sleep", "sleep", "unistd.h", 4)};
  EXPECT_EQ(fixture.run(),
            "program.cpp:4:5: error: 'Thermo::nap' runs on an \"mcu\" mote, whose standard "
            "library is freestanding: 'sleep' from <unistd.h> is not on its allow-list; use only "
            "<cmath>, <algorithm>, <numeric>, <array>, <optional>, <cstdint> and <span>, or place "
            "'Thermo::nap' on the base\n1 error generated.\n");
}

TEST(Profile, BaseCodeAndLinuxMotesMayUseAnything) {
  Fixture fixture;
  fixture.add(function("main()", Attribute::None, 9)).libraryUses = {
      declaration("std::printf", "std::printf", "cstdio", 10), feature("new", 11)};
  fixture.add(function("report()", Attribute::Onbase, 12)).libraryUses = {feature("throw", 13)};
  EXPECT_EQ(fixture.run(true), "");

  Fixture linux;
  linux.plan.profile = "linux";
  linux.onMote("Thermo::log()", 3).libraryUses = {feature("new", 4), feature("typeid", 5)};
  EXPECT_EQ(linux.run(true), "");
}

TEST(Profile, HelpersCompiledIntoTheMoteSayWhoCallsThem) {
  Fixture fixture;
  fixture.onMote("Thermo::read()", 3).calls = {{"scratch(int)", at(4, 10)}};
  fixture.add(function("scratch(int)", Attribute::None, 8)).libraryUses = {feature("new", 8, 30)};
  EXPECT_EQ(fixture.run(),
            "program.cpp:8:30: error: 'scratch' is compiled into an \"mcu\" mote, which has no "
            "heap: 'new' allocates; use a fixed-size std::array, or place 'scratch' on the base\n"
            "program.cpp:4:10: note: 'Thermo::read' calls 'scratch' here, so it is compiled into "
            "the mote\n1 error generated.\n");
}

TEST(Profile, OneErrorPerLineAndFamilyAndPerLibraryEntity) {
  Fixture fixture;
  fixture.onMote("Thermo::log()", 3).libraryUses = {
      // recorded out of order, as the AST visits `std::cout << t << "\n"`
      declaration("std::operator<<", "std::operator<<", "ostream", 4, 20),
      declaration("std::cout", "std::cout", "iostream", 4, 5),
      declaration("std::vector<int>", "std::vector", "vector", 5),
      declaration("std::vector<int>::push_back", "std::vector", "vector", 6),
      feature("new", 7),
      feature("new", 8),
  };
  std::string errors = fixture.run();
  EXPECT_NE(errors.find("program.cpp:4:5: error: 'Thermo::log' runs on an \"mcu\" mote, which has "
                        "no iostream or stdio: 'std::cout'"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("push_back"), std::string::npos) << errors;
  EXPECT_NE(errors.find("4 errors generated."), std::string::npos) << errors;
}

TEST(Profile, CheckProgramAppliesThePlansProfile) {
  Fixture fixture;
  fixture.onMote("Thermo::log()", 3).libraryUses = {feature("try", 4)};
  auto placement = resolvePlacement(fixture.program, fixture.plan, fixture.diagnostics);
  ASSERT_TRUE(placement);
  EXPECT_FALSE(checkProgram(fixture.program, fixture.plan, Partition(fixture.program, *placement), fixture.diagnostics));
  EXPECT_NE(fixture.diagnostics.render().find("which has no exceptions: 'try' catches"),
            std::string::npos);
}

}  // namespace profile_test_cpp
}  // namespace
}  // namespace edgecut::compiler
