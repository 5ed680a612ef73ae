#include "edgecut/runtime/sim/timeline.hpp"

#include <algorithm>
#include <limits>

namespace edgecut::sim {

Interval& Interval::operator+=(const Interval& other) {
  messages += other.messages;
  bytes += other.bytes;
  moteBytesSent += other.moteBytesSent;
  moteBytesReceived += other.moteBytesReceived;
  transmit += other.transmit;
  operations += other.operations;
  return *this;
}

Timeline::Timeline(std::size_t maxBuckets) : maxBuckets_(std::max<std::size_t>(maxBuckets, 1)) {}

bool Timeline::assign(std::uint64_t widthMs, std::vector<Interval> buckets) {
  std::uint64_t width = kFirstWidthMs;
  while (width < widthMs && width <= std::numeric_limits<std::uint64_t>::max() / 2) width *= 2;
  if (width != widthMs || buckets.size() > maxBuckets_) return false;
  widthMs_ = widthMs;
  buckets_ = std::move(buckets);
  return true;
}

Interval& Timeline::at(std::uint64_t timeMs) {
  while (indexOf(timeMs) >= maxBuckets_) widen();  // ends: the index halves each time
  const std::size_t index = indexOf(timeMs);
  if (index >= buckets_.size()) buckets_.resize(index + 1);
  return buckets_[index];
}

void Timeline::widen() {
  // (2j·w, (2j+1)·w] and ((2j+1)·w, (2j+2)·w] make (j·2w, (j+1)·2w].
  std::vector<Interval> wider((buckets_.size() + 1) / 2);
  for (std::size_t i = 0; i < buckets_.size(); ++i) wider[i / 2] += buckets_[i];
  buckets_ = std::move(wider);
  widthMs_ *= 2;
}

void Timeline::merge(const Timeline& other) {
  Timeline added = other;
  while (added.widthMs_ < widthMs_) added.widen();
  while (widthMs_ < added.widthMs_) widen();
  if (added.buckets_.size() > buckets_.size()) buckets_.resize(added.buckets_.size());
  for (std::size_t i = 0; i < added.buckets_.size(); ++i) buckets_[i] += added.buckets_[i];
  while (buckets_.size() > maxBuckets_) widen();
}

}  // namespace edgecut::sim
