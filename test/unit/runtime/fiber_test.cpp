// The fibers that the base's concurrent runs wait on (runtime/src/base/fiber.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/fiber.hpp"

namespace edgecut::base::detail {
namespace {
namespace fiber_test_cpp {

TEST(Fiber, RunsUntilItSuspendsAndGoesOnWhereItStopped) {
  std::vector<std::string> log;
  Fiber fiber;
  fiber.start([&] {
    log.push_back("starts");
    fiber.suspend();
    log.push_back("goes on");
    fiber.suspend();
    log.push_back("ends");
  });
  log.push_back("back");
  EXPECT_FALSE(fiber.finished());
  fiber.resume();
  log.push_back("back again");
  fiber.resume();
  EXPECT_TRUE(fiber.finished());
  EXPECT_EQ(log, (std::vector<std::string>{"starts", "back", "goes on", "back again", "ends"}));
}

// Many at once, interleaved, each with its own locals, floating point and an exception thrown and
// caught on its own stack; a finished fiber starts again.
TEST(Fiber, ManyKeepTheirOwnStacksAndAnExceptionStaysInTheFiber) {
  constexpr int kFibers = 100;
  std::vector<std::unique_ptr<Fiber>> fibers;
  std::vector<double> results(kFibers);
  std::vector<std::string> caught(kFibers);
  for (int i = 0; i < kFibers; ++i) {
    fibers.push_back(std::make_unique<Fiber>());
    Fiber& fiber = *fibers.back();
    fiber.start([&, i] {
      const double half = i / 2.0;
      char local[4096];  // a few pages of its stack in use
      local[0] = static_cast<char>(i);
      fiber.suspend();
      try {
        if (i % 2 == 1) throw std::runtime_error("odd " + std::to_string(i));
      } catch (const std::exception& error) {
        caught[static_cast<std::size_t>(i)] = error.what();
      }
      fiber.suspend();
      results[static_cast<std::size_t>(i)] = std::sqrt(half * half) + local[0];
    });
  }
  for (int round = 0; round < 2; ++round) {
    for (auto& fiber : fibers) fiber->resume();
  }
  for (int i = 0; i < kFibers; ++i) {
    EXPECT_TRUE(fibers[static_cast<std::size_t>(i)]->finished());
    EXPECT_EQ(results[static_cast<std::size_t>(i)], i / 2.0 + i);
    EXPECT_EQ(caught[static_cast<std::size_t>(i)], i % 2 == 1 ? "odd " + std::to_string(i) : "");
  }
  bool again = false;
  fibers[0]->start([&] { again = true; });
  EXPECT_TRUE(again);
  EXPECT_TRUE(fibers[0]->finished());
}

}  // namespace fiber_test_cpp
}  // namespace
}  // namespace edgecut::base::detail
