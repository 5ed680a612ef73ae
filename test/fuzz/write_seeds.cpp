// Writes the seed corpora of frame_fuzzer, cbor_fuzzer, session_fuzzer and control_fuzzer with the
// runtime's real encoders, so the seeds are exactly what nodes send. Run by test/fuzz/run
// --write-seeds; the output is checked in under corpus/<target>/.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgecut/runtime/control.hpp"
#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/sim/json_cbor.hpp"
#include "edgecut/runtime/values.hpp"
#include "transport/mqtt/control.hpp"
#include "transport/udp/control.hpp"

namespace {

using namespace edgecut::wire;

template <class Write>
void seed(const std::string& path, Write&& write) {
  std::vector<std::uint8_t> buffer(kMaxFrameBytes);
  Writer out(buffer);
  write(out);
  if (!out.ok()) {
    std::fprintf(stderr, "write_seeds: %s does not fit\n", path.c_str());
    std::exit(1);
  }
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(buffer.data()),
                                              static_cast<std::streamsize>(out.size()));
}

void writeFile(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

template <class Write>
std::vector<std::uint8_t> bytesOf(Write&& write) {
  std::vector<std::uint8_t> buffer(kMaxFrameBytes);
  Writer out(buffer);
  write(out);
  buffer.resize(out.size());
  return buffer;
}

// A session_fuzzer script, step by step.
struct Script {
  std::vector<std::uint8_t> bytes;
  Script& step(std::uint8_t step) {
    bytes.push_back(step);
    return *this;
  }
  Script& frame(std::uint8_t step, const std::vector<std::uint8_t>& frame) {
    bytes.insert(bytes.end(), {step, static_cast<std::uint8_t>(frame.size() >> 8), static_cast<std::uint8_t>(frame.size())});
    bytes.insert(bytes.end(), frame.begin(), frame.end());
    return *this;
  }
  Script& replay(std::uint8_t index) { return step(2).step(index); }
  Script& change(std::uint8_t index, std::uint16_t at, std::uint8_t flip) {
    return step(3).step(index).step(static_cast<std::uint8_t>(at >> 8)).step(static_cast<std::uint8_t>(at)).step(flip);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_seeds CORPUS_DIR\n");
    return 2;
  }
  const std::string frames = std::string(argv[1]) + "/frame/";
  const std::string values = std::string(argv[1]) + "/cbor/";

  // The frames of the soil sample's conversation (ids as its glue has them), and one of each op.
  const Address request{7, 0, 3};
  const Address reply = request.reply();
  const Address big{0xffffffffu, 0xfffffffeu, 0x12345678u};
  seed(frames + "hello", [&](Writer& w) { encodeHello(w, request, 0xfb192ba1c6760b4eull, 0x80000001u); });
  seed(frames + "read", [&](Writer& w) { encodeRead(w, request, 0xf3073b6fu); });
  seed(frames + "result_int", [&](Writer& w) { encodeResult(w, reply, 42); });
  seed(frames + "result_double", [&](Writer& w) { encodeResult(w, reply, 21.5); });
  seed(frames + "result_void", [&](Writer& w) { encodeVoidResult(w, reply); });
  seed(frames + "write_bool", [&](Writer& w) { encodeWrite(w, request, 0x626144c1u, true); });
  seed(frames + "write_string", [&](Writer& w) { encodeWrite(w, big, 0x626144c1u, std::string("open")); });
  seed(frames + "call_no_args", [&](Writer& w) { encodeCall(w, request, 0x2e6d8081u); });
  seed(frames + "call_args", [&](Writer& w) {
    encodeCall(w, request, 0x2e6d8081u, 8, -1.5, std::vector<std::string>{"a", "bc"},
               std::optional<std::tuple<int, bool>>{{3, true}});
  });
  seed(frames + "call_cluster", [&](Writer& w) {
    encodeCall(w, request, 0x11u, std::vector<std::uint32_t>{1, 2, 5}, 3);
  });
  seed(frames + "result_nested", [&](Writer& w) {
    encodeResult(w, reply, std::vector<std::vector<int>>{{1, 2}, {3}, {}});
  });
  seed(frames + "error", [&](Writer& w) {
    encodeError(w, reply, ErrorCode::BAD_ARGUMENTS, describe(ErrorCode::BAD_ARGUMENTS));
  });

  // Values: every kind of item edgecut reads, in the shapes programs send.
  seed(values + "uint", [&](Writer& w) { encode(w, std::uint64_t{0xffffffffffffffffull}); });
  seed(values + "negative", [&](Writer& w) { encode(w, std::int64_t{-1000000}); });
  seed(values + "double", [&](Writer& w) { encode(w, -0.1); });
  seed(values + "float16", [&](Writer& w) { w.raw(std::vector<std::uint8_t>{0xf9, 0x3c, 0x00}); });
  seed(values + "float32", [&](Writer& w) { w.raw(std::vector<std::uint8_t>{0xfa, 0x47, 0xc3, 0x50, 0x00}); });
  seed(values + "bool", [&](Writer& w) { encode(w, false); });
  seed(values + "null", [&](Writer& w) { encode(w, std::optional<int>{}); });
  seed(values + "text", [&](Writer& w) { encode(w, std::string("moisture")); });
  seed(values + "bytes", [&](Writer& w) { w.bytes(std::vector<std::uint8_t>{1, 2, 3}); });
  seed(values + "vector_int", [&](Writer& w) { encode(w, std::vector<int>{20, 25, -30}); });
  seed(values + "vector_bool", [&](Writer& w) { encode(w, std::vector<bool>{true, false}); });
  seed(values + "array_double", [&](Writer& w) { encode(w, std::array<double, 3>{1, 2.5, -3}); });
  seed(values + "pair", [&](Writer& w) { encode(w, std::pair<int, std::string>{3, "valve"}); });
  seed(values + "tuple", [&](Writer& w) {
    encode(w, std::tuple<int, double, std::vector<std::string>, std::optional<std::tuple<int, bool>>>{
                  8, -1.5, {"a", "bc"}, std::tuple<int, bool>{3, true}});
  });
  seed(values + "nested_optional", [&](Writer& w) {
    encode(w, std::vector<std::vector<std::optional<std::int32_t>>>{{1, std::nullopt}, {}, {-7}});
  });
  seed(values + "map", [&](Writer& w) {
    edgecut::sim::writeJson(w, nlohmann::json{{"node", 3}, {"actuator", "valve"}, {"value", {1.5, nullptr}}});
  });

  // Session scripts (session_fuzzer.cpp's steps): a conversation that opens a session, replays a
  // WRITE in it, opens another, replays the first session's frames, changes a frame, and replays
  // to a restarted mote, whose NOT_INTRODUCED then reaches the base.
  const std::string sessions = std::string(argv[1]) + "/session/";
  auto hello = [](std::uint32_t seq, NodeId from, NodeId to) {
    return bytesOf([&](Writer& w) { encodeHello(w, {seq, from, to}, 0xfb192ba1c6760b4eull, 0x80000001u); });
  };
  auto write = [](std::uint32_t seq, int value) {
    return bytesOf([&](Writer& w) { encodeWrite(w, {seq, 0, 1}, 0x626144c1u, value); });
  };
  Script conversation;
  conversation.frame(1, hello(1, 0, 1)).frame(4, hello(1, 1, 0)).frame(1, write(2, 1)).replay(1);
  conversation.frame(1, hello(3, 0, 1)).frame(4, hello(3, 1, 0)).frame(1, write(4, 0)).replay(1).replay(0);
  conversation.change(4, 6, 0x01).step(5).replay(1).step(6).replay(0).replay(1);
  conversation.frame(0, write(9, 1));
  writeFile(sessions + "conversation", conversation.bytes);
  Script read;
  read.frame(1, hello(1, 0, 1)).frame(4, hello(1, 1, 0));
  read.frame(1, bytesOf([](Writer& w) { encodeRead(w, {2, 0, 1}, 0xf3073b6fu); }));
  read.frame(4, bytesOf([](Writer& w) { encodeResult(w, {2, 1, 0}, 24); }));
  writeFile(sessions + "read", read.bytes);

  // Control messages (control_fuzzer.cpp: byte 0 chooses the decoder).
  using namespace edgecut;
  const std::string controls = std::string(argv[1]) + "/control/";
  auto control = [&](const std::string& name, std::uint8_t decoder, std::vector<std::uint8_t> message) {
    message.insert(message.begin(), decoder);
    writeFile(controls + name, message);
  };
  sim::HostStats stats;
  stats.malformedFrames = 2;
  stats.rejected = {1, 2, 3};
  stats.operations[3] = 45;
  stats.actuatorWrites = {{3, "valve", 1}, {3, "valve", nlohmann::json::array({1.5, "open", nullptr})}};
  const std::string trace = udp::traceText(stats.actuatorWrites);
  control("udp_request", 0, udp::encode(udp::StatsRequest{3, 0x1234, 0, false, 0}));
  control("udp_forget", 0, udp::encode(udp::StatsRequest{3, 0x1234, trace.size(), true, 0x9abcdef0ull}));
  control("udp_reply", 1,
          udp::encodeStatsReply(udp::StatsRequest{3, 0x1234, 0, false, 0}, trace, stats, 0x9abcdef0ull));
  // The second chunk of a trace whose one write is larger than a chunk.
  const std::string large = udp::traceText({{3, "label", std::string(2 * udp::kStatsChunkBytes, 'x')}});
  control("udp_reply_chunk", 1,
          udp::encodeStatsReply(udp::StatsRequest{3, 0x1234, udp::kStatsChunkBytes, false, 0}, large, stats,
                                0x9abcdef0ull));
  control("mqtt_command", 2, mqtt::encode(mqtt::Command{0x1234, std::nullopt}));
  control("mqtt_forget", 2, mqtt::encode(mqtt::Command{0x1234, 0x9abcdef0ull}));
  control("mqtt_answer", 3, mqtt::encode(mqtt::Answer{0x1234, std::nullopt, 0x9abcdef0ull, stats}));
  control("mqtt_forgot", 3, mqtt::encode(mqtt::Answer{0x1234, 0x9abcdef0ull, 0, std::nullopt}));
  // The runtime's (edgecut/runtime/control.hpp), one of each kind.
  auto runtime = [&](const std::string& name, const wire::Control& message) {
    control(name, 4, bytesOf([&](Writer& w) { wire::encodeControl(w, message); }));
  };
  using Kind = wire::ControlKind;
  runtime("runtime_generation_request", {Kind::generationRequest, 0x1234567890abcdefull, 3});
  runtime("runtime_generation", {Kind::generation, 0x1234567890abcdefull, 3, 0, 0, 0x9abcdef0ull, 41});
  runtime("runtime_clock", {Kind::clock, 42, 3, 0, 60'000, 0x9abcdef0ull});
  runtime("runtime_run_task", {Kind::runTask, 43, 3, 0xd17f9dbbu, 120'000, 0x9abcdef0ull});
  runtime("runtime_task_done", {Kind::taskDone, 43, 3, 0xd17f9dbbu, 0, 0x9abcdef0ull, 0, 11,
                                "the base did not answer mote 3's CALL overload"});
  return 0;
}
