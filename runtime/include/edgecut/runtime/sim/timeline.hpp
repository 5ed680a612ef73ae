// A run's figures over network time (docs/design.md §9; the report's "timeline", runtime/README.md,
// "The report"): counts in buckets of equal width, so that a report over a day of 10,000 motes
// stays as small as one over an hour of six.
//
// Bucket i of width w holds what happened at network times in (i·w, (i+1)·w]; time 0 goes to bucket
// 0 too. So a task of period w runs once in each bucket, the one that ends at its time, and the
// traffic after the last runFor (at its end) falls in the last bucket. Buckets start 1 minute wide;
// when a time would need more than the bound, neighbours merge in pairs and the width doubles, which
// keeps every bucket's meaning and every sum. A width is always 1 minute times a power of two, so
// two timelines merge exactly (the motes' operations with the base's traffic).
#ifndef EDGECUT_RUNTIME_SIM_TIMELINE_HPP
#define EDGECUT_RUNTIME_SIM_TIMELINE_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgecut::sim {

// What happened in one bucket. The base's medium fills in the traffic (as sim::NodeTraffic counts
// it, every hop), a mote host the operations its motes executed.
struct Interval {
  std::uint64_t messages = 0;           // hops, as the report's messages
  std::uint64_t bytes = 0;              // bytes sent by every node, as the report's bytes
  std::uint64_t moteBytesSent = 0;      // by motes: their transmit joules
  std::uint64_t moteBytesReceived = 0;  // by motes: their listening joules
  double transmit = 0;                  // E's transmit term
  std::uint64_t operations = 0;         // the motes' measured O

  Interval& operator+=(const Interval& other);
  bool operator==(const Interval& other) const = default;
};

class Timeline {
 public:
  static constexpr std::uint64_t kFirstWidthMs = 60'000;
  // A day is 720 buckets of 2 minutes, a week 630 of 16 minutes.
  static constexpr std::size_t kMaxBuckets = 1024;

  explicit Timeline(std::size_t maxBuckets = kMaxBuckets);
  // Buckets read back (a mote host's stats): false, and nothing changed, unless widthMs is
  // kFirstWidthMs times a power of two and there are at most maxBuckets of them.
  bool assign(std::uint64_t widthMs, std::vector<Interval> buckets);

  // The bucket of network time `timeMs`, made (with every one before it) if needed.
  Interval& at(std::uint64_t timeMs);
  // Makes every bucket up to the one of `timeMs`: the run's end, so that quiet buckets show.
  void cover(std::uint64_t timeMs) { at(timeMs); }
  // Adds `other`'s buckets to these, at the wider of the two widths.
  void merge(const Timeline& other);

  std::uint64_t widthMs() const { return widthMs_; }
  const std::vector<Interval>& buckets() const { return buckets_; }

 private:
  std::size_t indexOf(std::uint64_t timeMs) const { return timeMs == 0 ? 0 : (timeMs - 1) / widthMs_; }
  void widen();  // merges the buckets in pairs; the width doubles

  std::size_t maxBuckets_;
  std::uint64_t widthMs_ = kFirstWidthMs;
  std::vector<Interval> buckets_;
};

}  // namespace edgecut::sim

#endif  // EDGECUT_RUNTIME_SIM_TIMELINE_HPP
