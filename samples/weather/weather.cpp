// Weather summaries: each Station mote samples its thermometer and answers with a Summary, a struct
// with a nested struct, an enum, a vector, an optional and a string. The base asks with a Request
// struct. Where summarize runs is up to the plan; on the mote both structs cross the radio.
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace weather {

enum class Trend { Falling, Steady, Rising };

struct Range {
  int low = 0;
  int high = 0;
};

struct Request {
  int samples = 0;
  int alarmAbove = 0;  // degrees
};

struct Summary {
  Range range;
  Trend trend = Trend::Steady;
  std::vector<int> readings;
  std::optional<int> alarm;  // the first reading above the threshold, if any
  std::string note;
};

}  // namespace weather

struct [[mote]] Station {
  int getTemperature();  // sensor "temperature", in degrees

  // On the mote, one RESULT carries the whole summary; on the base, every reading is a READ.
  [[auto]] weather::Summary summarize(weather::Request request) {
    weather::Summary summary;
    for (int i = 0; i < request.samples; ++i) {
      int t = getTemperature();
      summary.readings.push_back(t);
      if (i == 0 || t < summary.range.low) summary.range.low = t;
      if (i == 0 || t > summary.range.high) summary.range.high = t;
      if (!summary.alarm && t > request.alarmAbove) summary.alarm = t;
    }
    if (summary.readings.size() >= 2) {
      int first = summary.readings.front();
      int last = summary.readings.back();
      summary.trend = last > first   ? weather::Trend::Rising
                      : last < first ? weather::Trend::Falling
                                     : weather::Trend::Steady;
    }
    summary.note = summary.alarm ? "alarm" : "ok";
    return summary;
  }
};

const char* trendName(weather::Trend trend) {
  switch (trend) {
    case weather::Trend::Falling: return "falling";
    case weather::Trend::Steady: return "steady";
    case weather::Trend::Rising: return "rising";
  }
  return "?";
}

int main() {
  for (Station& station : edgecut::motes<Station>()) {
    weather::Summary summary = station.summarize({4, 25});
    std::printf("station %u: %d..%d %s, %zu readings, alarm %s (%s)\n", edgecut::idOf(station),
                summary.range.low, summary.range.high, trendName(summary.trend),
                summary.readings.size(),
                summary.alarm ? std::to_string(*summary.alarm).c_str() : "none",
                summary.note.c_str());
  }
  return 0;
}
