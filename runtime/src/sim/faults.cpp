#include "edgecut/runtime/faults.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace edgecut::sim {

namespace {

constexpr std::string_view kKeys = "loss, duplicate, delay, reorder, seed";
// How long a reordered frame is held back at least, when delays are short or absent.
constexpr std::chrono::microseconds kMinReorderHold = std::chrono::milliseconds(10);

double parseProbability(std::string_view key, std::string_view text) {
  double value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0 && value <= 1)) {
    throw FaultSpecError(fmt::format("{} needs a probability from 0 to 1, not \"{}\"", key, text));
  }
  return value;
}

// "20ms" or "20" (milliseconds, possibly fractional).
std::chrono::microseconds parseMilliseconds(std::string_view text, std::string_view whole) {
  if (text.ends_with("ms")) text.remove_suffix(2);
  double ms = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !(ms >= 0 && ms <= 3'600'000)) {
    throw FaultSpecError(fmt::format("delay needs milliseconds like 5ms or a range like 0-20ms, not \"{}\"", whole));
  }
  return std::chrono::microseconds(static_cast<std::int64_t>(ms * 1000 + 0.5));
}

}  // namespace

FaultSpec parseFaults(std::string_view spec) {
  FaultSpec faults;
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw FaultSpecError(fmt::format("\"{}\" is not KEY=VALUE (keys: {})", item, kKeys));
    }
    const std::string_view key = item.substr(0, equals);
    const std::string_view value = item.substr(equals + 1);
    if (key == "loss") {
      faults.loss = parseProbability(key, value);
    } else if (key == "duplicate") {
      faults.duplicate = parseProbability(key, value);
    } else if (key == "reorder") {
      faults.reorder = parseProbability(key, value);
    } else if (key == "delay") {
      const std::size_t dash = value.find('-');
      if (dash == std::string_view::npos) {
        faults.delayMin = faults.delayMax = parseMilliseconds(value, value);
      } else {
        faults.delayMin = parseMilliseconds(value.substr(0, dash), value);
        faults.delayMax = parseMilliseconds(value.substr(dash + 1), value);
        if (faults.delayMin > faults.delayMax) {
          throw FaultSpecError(fmt::format("delay {} ends before it starts", value));
        }
      }
    } else if (key == "seed") {
      std::uint64_t seed = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seed);
      if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
        throw FaultSpecError(fmt::format("seed needs a whole number, not \"{}\"", value));
      }
      faults.seed = seed;
    } else {
      throw FaultSpecError(fmt::format("unknown fault \"{}\" (keys: {})", key, kKeys));
    }
  }
  return faults;
}

std::string toString(const FaultSpec& spec) {
  auto ms = [](std::chrono::microseconds us) { return fmt::format("{:g}", static_cast<double>(us.count()) / 1000); };
  return fmt::format("loss={:g},duplicate={:g},delay={}-{}ms,reorder={:g},seed={}", spec.loss, spec.duplicate,
                     ms(spec.delayMin), ms(spec.delayMax), spec.reorder, spec.seed);
}

FaultyQueue::FaultyQueue(const FaultSpec& spec) : spec_(spec), random_(spec.seed) {}

double FaultyQueue::uniform() { return static_cast<double>(random_.next() >> 11) * 0x1.0p-53; }

FaultyQueue::Clock::duration FaultyQueue::delay() {
  std::chrono::microseconds wait = spec_.delayMin;
  const auto spread = spec_.delayMax - spec_.delayMin;
  if (spread.count() > 0) {
    wait += std::chrono::microseconds(static_cast<std::int64_t>(uniform() * static_cast<double>(spread.count() + 1)));
  }
  if (spec_.reorder > 0 && uniform() < spec_.reorder) {
    ++counts_.reordered;
    wait += std::max(spec_.delayMax, kMinReorderHold);
  }
  return wait;
}

std::optional<FaultyQueue::Clock::duration> FaultyQueue::push(Bytes frame, Clock::time_point now) {
  if (!spec_.any()) {
    immediate_.push_back(std::move(frame));
    return Clock::duration::zero();
  }
  if (spec_.loss > 0 && uniform() < spec_.loss) {
    ++counts_.dropped;
    return std::nullopt;
  }
  std::optional<Clock::duration> first;
  if (spec_.duplicate > 0 && uniform() < spec_.duplicate) {
    ++counts_.duplicated;
    first = delay();
    waiting_.emplace(now + *first, frame);
  }
  const Clock::duration wait = delay();
  waiting_.emplace(now + wait, std::move(frame));
  return first ? std::min(*first, wait) : wait;
}

std::optional<FaultyQueue::Clock::time_point> FaultyQueue::nextRelease() const {
  if (!immediate_.empty()) return Clock::time_point::min();  // due already
  if (waiting_.empty()) return std::nullopt;
  return waiting_.begin()->first;
}

std::optional<FaultyQueue::Bytes> FaultyQueue::popDue(Clock::time_point now) {
  if (!immediate_.empty()) {
    Bytes frame = std::move(immediate_.front());
    immediate_.pop_front();
    return frame;
  }
  if (waiting_.empty() || waiting_.begin()->first > now) return std::nullopt;
  Bytes frame = std::move(waiting_.begin()->second);
  waiting_.erase(waiting_.begin());
  return frame;
}

}  // namespace edgecut::sim
