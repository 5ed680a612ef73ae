// codec_throughput (Google Benchmark): frames encoded and decoded per second by the runtime's
// codec, for the frames a run sends most: READ, RESULT of one integer, a CALL with a few arguments
// and its RESULT of a vector. items_per_second is frames per second.
//
//   build/bin/codec_throughput [--benchmark_filter=Result] [--benchmark_min_time=1]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"

namespace {

using namespace edgecut::wire;

constexpr Address kRequest{1000, 0, 3};
constexpr edgecut::SensorId kMoisture = 0xf3073b6fu;
constexpr edgecut::FunctionId kAverage = 0x2e6d8081u;

const std::vector<double> kReadings = {20.5, 25, 30.25, 40, 45.5, 35, 12, 55};

template <class Write>
void benchmarkEncode(benchmark::State& state, Write&& write) {
  std::uint8_t buffer[256];
  std::size_t bytes = 0;
  for (auto _ : state) {
    Writer out(buffer);
    write(out);
    benchmark::DoNotOptimize(buffer);
    bytes = out.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["frame_bytes"] = static_cast<double>(bytes);
}

// Decodes and validates the frame, then decodes its value as generated code does.
template <class Write, class Use>
void benchmarkDecode(benchmark::State& state, Write&& write, Use&& use) {
  std::uint8_t buffer[256];
  Writer out(buffer);
  write(out);
  const std::span<const std::uint8_t> frame = out.written();
  for (auto _ : state) {
    Frame decoded;
    if (decodeFrame(frame, decoded) != Status::ok) state.SkipWithError("the frame does not decode");
    use(decoded);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}

void encodeReadFrame(Writer& out) { encodeRead(out, kRequest, kMoisture); }
void encodeResultInt(Writer& out) { encodeResult(out, kRequest.reply(), 42); }
void encodeCallFrame(Writer& out) { encodeCall(out, kRequest, kAverage, 8, std::string("moisture"), kReadings); }
void encodeResultVector(Writer& out) { encodeResult(out, kRequest.reply(), kReadings); }

void EncodeRead(benchmark::State& state) { benchmarkEncode(state, encodeReadFrame); }
void EncodeResultInt(benchmark::State& state) { benchmarkEncode(state, encodeResultInt); }
void EncodeCall(benchmark::State& state) { benchmarkEncode(state, encodeCallFrame); }
void EncodeResultVector(benchmark::State& state) { benchmarkEncode(state, encodeResultVector); }

void DecodeRead(benchmark::State& state) {
  benchmarkDecode(state, encodeReadFrame, [](const Frame& f) { benchmark::DoNotOptimize(f.number); });
}
void DecodeResultInt(benchmark::State& state) {
  benchmarkDecode(state, encodeResultInt, [](const Frame& f) {
    int value = 0;
    benchmark::DoNotOptimize(decodeValue(f.value, value));
    benchmark::DoNotOptimize(value);
  });
}
void DecodeCall(benchmark::State& state) {
  benchmarkDecode(state, encodeCallFrame, [](const Frame& f) {
    int samples = 0;
    std::string name;
    std::vector<double> readings;
    benchmark::DoNotOptimize(decodeArguments(f.value, samples, name, readings));
  });
}
void DecodeResultVector(benchmark::State& state) {
  benchmarkDecode(state, encodeResultVector, [](const Frame& f) {
    std::vector<double> readings;
    benchmark::DoNotOptimize(decodeValue(f.value, readings));
  });
}

BENCHMARK(EncodeRead);
BENCHMARK(DecodeRead);
BENCHMARK(EncodeResultInt);
BENCHMARK(DecodeResultInt);
BENCHMARK(EncodeCall);
BENCHMARK(DecodeCall);
BENCHMARK(EncodeResultVector);
BENCHMARK(DecodeResultVector);

}  // namespace

BENCHMARK_MAIN();
