// Writes the Scale benchmark's network of N meters and its two plans into DIR (README.md here):
//   sim_scale_generate N DIR   ->  DIR/network.json, DIR/raw.json, DIR/edge.json
// Meters 1 … N on a square grid 10 m apart around the base, each reading 100, 200, 300 W in turn,
// so that every window of 15 readings has a mean of 200 W and a peak of 300 W.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

bool write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

std::string plan(const char* side) {
  return std::string("{\n  \"network\": \"network.json\",\n  \"energy\": { \"instruction\": 1.0, \"transmit\": 100.0 },\n"
                     "  \"placement\": { \"Meter::sample\": \"") +
         side + "\", \"Meter::summarize\": \"" + side + "\" }\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MOTES DIR\n", argv[0]);
    return 2;
  }
  const long motes = std::strtol(argv[1], nullptr, 10);
  if (motes < 1 || motes > 1'000'000) {
    std::fprintf(stderr, "%s: MOTES must be 1 to 1000000, not %s\n", argv[0], argv[1]);
    return 2;
  }
  const std::string dir = argv[2];
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(motes))));
  std::string network = "{\n  \"base\": { \"position\": [0, 0] },\n  \"motes\": [\n";
  for (long id = 1; id <= motes; ++id) {
    const long x = (id - 1) % side * 10 - side * 5;
    const long y = (id - 1) / side * 10 - side * 5;
    network += "    { \"id\": " + std::to_string(id) + ", \"class\": \"Meter\", \"position\": [" + std::to_string(x) +
               ", " + std::to_string(y) + "], \"sensors\": { \"power\": { \"values\": [100, 200, 300] } } }" +
               (id < motes ? ",\n" : "\n");
  }
  network += "  ]\n}\n";
  if (!write(dir + "/network.json", network) || !write(dir + "/raw.json", plan("base")) ||
      !write(dir + "/edge.json", plan("mote"))) {
    std::fprintf(stderr, "%s: cannot write into %s\n", argv[0], dir.c_str());
    return 1;
  }
  return 0;
}
