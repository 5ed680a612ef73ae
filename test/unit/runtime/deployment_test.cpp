// A deployment build: this file alone is compiled with -DEDGECUT_COUNT_OPERATIONS=0 (CMakeLists.txt),
// as deployed programs are. What edgecut puts into generated code to measure a simulated run (the
// operation counters and the profile's function markers, operations.hpp) must expand to nothing.
#include <gtest/gtest.h>

#include <string_view>

#include "edgecut/runtime/mote.hpp"

namespace {
namespace deployment_test_cpp {

#define EDGECUT_TEST_TEXT(...) #__VA_ARGS__
#define EDGECUT_TEST_EXPANDED(...) EDGECUT_TEST_TEXT(__VA_ARGS__)
static_assert(std::string_view(EDGECUT_TEST_EXPANDED(EDGECUT_FUNCTION(0x2e6d8081u))).empty());
static_assert(std::string_view(EDGECUT_TEST_EXPANDED(EDGECUT_OPERATIONS(5))).empty());

// As edgecut emits a placed function into mote.cpp.
int twice(int n) {
  EDGECUT_FUNCTION(0x2e6d8081u);
  EDGECUT_OPERATIONS(2);
  return n * 2;
}

TEST(Deployment, MarkedAndCountedCodeRunsWithNothingMeasured) { EXPECT_EQ(twice(4), 8); }

}  // namespace deployment_test_cpp
}  // namespace
