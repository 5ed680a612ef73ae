// network_scale: times reading a large legal network through the plan reader, at two sizes, to
// show the cost grows linearly (README "Limits"): every mote has a sensor on one shared CSV trace
// and a route to the one before it, all of them form one cluster without a head (the head rule
// then looks at every member), and the plan places a function per group of every tenth mote.
//
//   network_scale [--motes N] [--runs R] [--max-ratio Q]
//
// Default: 10,000 motes and ten times as many. Prints the time (the best of the runs) of both and
// their ratio, about 10 when linear; exits 1 when a network is rejected, or when --max-ratio is
// given and exceeded (a quadratic step would make it about 100).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "edgecut/compiler/plan.hpp"

namespace {

namespace fs = std::filesystem;

struct Options {
  int motes = 10'000;
  int runs = 1;
  double maxRatio = 0;  // 0: no limit
};

[[noreturn]] void usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--motes N] [--runs R] [--max-ratio Q]\n", program);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(argv[0]);
    const char* value = argv[++i];
    if (flag == "--motes") options.motes = std::max(10, std::atoi(value));
    else if (flag == "--runs") options.runs = std::max(1, std::atoi(value));
    else if (flag == "--max-ratio") options.maxRatio = std::atof(value);
    else usage(argv[0]);
  }
  return options;
}

std::string planText(int motes) {
  std::string text = "{\"network\": {\"motes\": [\n";
  for (int id = 1; id <= motes; ++id)
    text += (id > 1 ? ",\n" : "") + std::string("{\"id\": ") + std::to_string(id) + ", \"class\": \"Soil\", " +
            "\"position\": [" + std::to_string(id % 1000) + ", " + std::to_string(id / 1000) + "], " +
            "\"sensors\": {\"moisture\": {\"csv\": {\"file\": \"trace.csv\"}}}, \"actuators\": [\"valve\"]}";
  text += "],\n\"clusters\": [{\"name\": \"all\", \"members\": [";
  for (int id = 1; id <= motes; ++id) text += (id > 1 ? ", " : "") + std::to_string(id);
  text += "]}],\n\"routes\": {";
  for (int id = 2; id <= motes; ++id) text += (id > 2 ? ", \"" : "\"") + std::to_string(id) + "\": " + std::to_string(id - 1);
  text += "}},\n\"placement\": {\"Soil::avgMoisture\": [{\"motes\": [";
  for (int id = 10; id <= motes; id += 10) text += (id > 10 ? ", " : "") + std::to_string(id);
  text += "], \"side\": \"mote\"}, {\"side\": \"base\"}]}}\n";
  return text;
}

// The best time of `runs` reads of a network of `motes`, in seconds; negative when it is rejected.
double timeRead(const fs::path& directory, int motes, int runs) {
  const std::string text = planText(motes);
  const std::string file = (directory / "plan.json").string();
  double best = -1;
  for (int run = 0; run < runs; ++run) {
    edgecut::compiler::DiagnosticSink diagnostics;
    const auto start = std::chrono::steady_clock::now();
    std::optional<edgecut::compiler::PlacementPlan> plan = edgecut::compiler::parsePlan(file, text, diagnostics);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!plan || plan->network.motes.size() != static_cast<std::size_t>(motes)) {
      std::fprintf(stderr, "%s", diagnostics.render().substr(0, 4000).c_str());
      return -1;
    }
    best = best < 0 ? seconds : std::min(best, seconds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const fs::path directory = fs::temp_directory_path() / ("edgecut_network_scale_" + std::to_string(::getpid()));
  fs::create_directories(directory);
  std::ofstream(directory / "trace.csv") << "time,moisture\n0,31\n1,33\n2,35\n";
  const double small = timeRead(directory, options.motes, options.runs);
  const double large = small < 0 ? -1 : timeRead(directory, 10 * options.motes, options.runs);
  fs::remove_all(directory);
  if (small < 0 || large < 0) return 1;
  const double ratio = large / small;
  std::printf("network_scale: %d motes %.3f s, %d motes %.3f s, ratio %.1f (linear: about 10)\n", options.motes,
              small, 10 * options.motes, large, ratio);
  if (options.maxRatio > 0 && ratio > options.maxRatio) {
    std::fprintf(stderr, "network_scale: ratio %.1f is over %.1f\n", ratio, options.maxRatio);
    return 1;
  }
  return 0;
}
