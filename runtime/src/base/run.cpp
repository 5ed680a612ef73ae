// main() of base programs once the shared startup (startup.hpp) made the transport: the user's
// main, the summary and the report.
#include <cstdio>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "../startup.hpp"
#include "edgecut/runtime/base_runtime.hpp"

namespace edgecut::base::detail {

namespace {

// Runs the program's main; an exception that ends it is reported here, as an error exit.
int runProgram(int (*userMain)(int, char**), std::vector<char*>& args) {
  try {
    return userMain(static_cast<int>(args.size() - 1), args.data());
  } catch (const NoMoteAvailable& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const RemoteTimeout& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const RemoteError& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const LinkError& e) {
    fmt::print(stderr, "edgecut: error: {}\n", e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "edgecut: error: the program ended with an uncaught exception: {}\n", e.what());
  }
  return 1;
}

}  // namespace

int run(int argc, char** argv, const ProgramInfo& program, int (*userMain)(int, char**),
        const char* moteExecutable, Dispatch dispatch, TaskRunner tasks) {
  return startup::start(options::Side::base, argc, argv, program, moteExecutable, [&](startup::Started& started) {
    Runtime runtime(program, std::move(started.network), std::move(started.transport), started.retry,
                    started.faults);
    runtime.serveCalls(dispatch);
    runtime.runTasks(tasks);
    if (started.timeScale) runtime.keepWallTime(*started.timeScale);
    int status = runProgram(userMain, started.programArguments);
    std::fflush(stdout);  // the program's output comes before the summary

    const sim::HostStats host = runtime.shutdown();
    if (!host.whyLost.empty()) fmt::print(stderr, "edgecut: error: {}\n", host.whyLost);
    if (!host.lostMotes.empty()) status = 1;
    fmt::print(stderr, "{}", summarize(runtime, host));
    if (const std::optional<std::string> report = started.options.value("--report")) {
      std::ofstream out(*report);
      out << makeReport(runtime, host).dump(2) << '\n';
      if (!out.flush()) {
        fmt::print(stderr, "edgecut: error: cannot write the report {}\n", *report);
        status = 1;
      }
    }
    return status;
  });
}

}  // namespace edgecut::base::detail
