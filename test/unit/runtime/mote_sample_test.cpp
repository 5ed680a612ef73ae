// Mote code's sensor reads on the mote host: readSensor<T> takes a number without CBOR where it can
// (sample.hpp), and must give what decoding the sample's CBOR gives, the READ's RESULT: the same
// values, the same ERROR where the sample does not fit T, text through CBOR, the same profile.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "edgecut/runtime/mote_host.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut::mote {
namespace {
namespace mote_sample_test_cpp {

using test::Bytes;
using test::encoded;

constexpr SensorId kLevel = 0x1001;
constexpr Fingerprint kFingerprint = 0x5a5a5a5a12345678ull;
constexpr std::uint32_t kBaseEpoch = 0x80000001u;

struct Meter {
  EDGECUT_MOTE_CLASS("test::Meter")
  template <class T>
  T level() {
    return readSensor<T>(edgecut_mote_, kLevel);
  }
};

// Function id i + 1 reads the level as the i-th of these types and replies with it.
template <class T>
bool readAs(Call& call, FunctionId id) {
  EDGECUT_FUNCTION(id);
  return call.reply(call.instance<Meter>().level<T>());
}

using Reads = std::tuple<int, std::int8_t, std::uint8_t, short, unsigned, std::int64_t, std::uint64_t, char, double,
                         float, long double, std::string, bool>;
constexpr FunctionId kReads = std::tuple_size_v<Reads>;

bool dispatch(Call& call) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    bool replied = call.unknownFunction();
    ((call.function() == I + 1 ? (void)(replied = readAs<std::tuple_element_t<I, Reads>>(call, I + 1)) : (void)0), ...);
    return replied;
  }(std::make_index_sequence<kReads>());
}

constexpr NamedId kSensors[] = {{kLevel, "level"}};
constexpr const char* kMeterSensors[] = {"level"};
constexpr MoteClassInfo kClasses[] = {{"test::Meter", kMeterSensors, std::span<const char* const>()}};

// One mote per sample, its sensor a constant; the last one's a CSV trace of text and numbers.
const char* const kSamples[] = {"0", "7", "-7", "127", "128", "-128", "-129", "255", "256", "300", "-300", "32768",
                                "70000", "-40000", "2147483647", "2147483648", "-2147483648", "-2147483649",
                                "4294967295", "4294967296", "-3000000000", "9223372036854775807",
                                "-9223372036854775808", "18446744073709551615", "9007199254740993",
                                "-9007199254740994", "2.5", "-0.0", "21.5", "3.5e38", "1e300", "1e-310", "2.0"};

class MoteSampleTest : public ::testing::Test {
 protected:
  MoteSampleTest() {
    std::ofstream(trace_) << "level\nhigh\n12\n-0.25\n";
    std::string motes;
    for (std::size_t i = 0; i < std::size(kSamples); ++i) {
      motes += fmt::format(R"({{"id": {}, "position": [0, 0], "sensors": {{"level": {{"constant": {}}}}}}},)", i + 1,
                           kSamples[i]);
    }
    motes += fmt::format(R"({{"id": {}, "position": [0, 0], "sensors": {{"level": {}}}}})", kTextMote,
                         nlohmann::json{{"csv", {{"file", trace_}, {"column", "level"}}}}.dump());
    program_ = ProgramInfo{
        .fingerprint = kFingerprint,
        .programFile = "meter.cpp",
        .planFile = "plan.json",
        .networkCbor = test::glueNetwork(R"({"motes": [)" + motes + "]}"),
        .instructionCost = 1,
        .transmitCost = 100,
        .sensors = kSensors,
        .actuators = {},
        .moteClasses = kClasses,
    };
    host_ = std::make_unique<MoteHost>(program_, &dispatch);
    for (NodeId mote = 1; mote <= kTextMote; ++mote) {
      exchange(encoded([&](wire::Writer& w) { wire::encodeHello(w, {seq_++, 0, mote}, kFingerprint, kBaseEpoch); }));
    }
  }
  ~MoteSampleTest() override { std::remove(trace_.c_str()); }

  wire::Frame exchange(const Bytes& request) {
    const auto reply = host_->handle(request);
    kept_.emplace_back(reply.begin(), reply.end());
    wire::Frame frame;
    EXPECT_EQ(wire::decodeFrame(kept_.back(), frame), wire::Status::ok);
    return frame;
  }
  // The sample a READ of `mote`'s level gets: its CBOR, as the host writes it.
  Bytes readOver(NodeId mote) {
    const wire::Frame reply =
        exchange(encoded([&](wire::Writer& w) { wire::encodeRead(w, {seq_++, 0, mote}, kLevel); }));
    EXPECT_EQ(reply.op, wire::Op::RESULT);
    return Bytes(reply.value.begin(), reply.value.end());
  }
  wire::Frame readAs(NodeId mote, FunctionId function) {
    return exchange(encoded([&](wire::Writer& w) { wire::encodeCall(w, {seq_++, 0, mote}, function); }));
  }

  // Mote code reads what decodeValue<T> makes of the READ's sample, or fails as it does.
  template <class T>
  void expectAsTheCbor(NodeId mote, FunctionId function, const Bytes& sample) {
    T expected{};
    const bool fits = wire::decodeValue(sample, expected) == wire::Status::ok;
    const wire::Frame reply = readAs(mote, function);
    const std::string what = fmt::format("mote {}'s sample {} read as type {}", mote, ::testing::PrintToString(sample),
                                         function);
    if (fits) {
      ASSERT_EQ(reply.op, wire::Op::RESULT) << what << ": " << reply.message;
      EXPECT_EQ(Bytes(reply.value.begin(), reply.value.end()), encoded([&](wire::Writer& w) { wire::encode(w, expected); }))
          << what;
    } else {
      ASSERT_EQ(reply.op, wire::Op::ERROR) << what;
      EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::BAD_VALUE) << what;
      EXPECT_EQ(reply.message, "a sensor's sample does not decode as the type of its getter") << what;
    }
  }

  static constexpr NodeId kTextMote = std::size(kSamples) + 1;
  const std::string trace_ = ::testing::TempDir() + "edgecut_mote_sample_trace.csv";
  ProgramInfo program_{};
  std::unique_ptr<MoteHost> host_;
  std::uint32_t seq_ = 1;
  std::vector<Bytes> kept_;
};

TEST_F(MoteSampleTest, EveryTypeReadsWhatTheSamplesCborDecodesTo) {
  std::size_t reads = 0;
  auto everyType = [&](NodeId mote, const Bytes& sample) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (expectAsTheCbor<std::tuple_element_t<I, Reads>>(mote, I + 1, sample), ...);
    }(std::make_index_sequence<kReads>());
    reads += kReads;
  };
  for (NodeId mote = 1; mote < kTextMote; ++mote) everyType(mote, readOver(mote));
  // The trace cycles: read it, then every type reads the same sample again (the READ took one).
  for (int cell = 0; cell < 3; ++cell) {
    const Bytes sample = readOver(kTextMote);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((readOver(kTextMote), readOver(kTextMote), expectAsTheCbor<std::tuple_element_t<I, Reads>>(kTextMote, I + 1, sample)),
       ...);
    }(std::make_index_sequence<kReads>());
    reads += kReads;
  }
  // Each function's reads are counted against it, fitting or not; the base's READs are not.
  const sim::CallProfile& profile = *host_->stats().profile;
  std::size_t counted = 0;
  for (const auto& [edge, counts] : profile.calls) {
    EXPECT_EQ(edge.kind, sim::CalleeKind::sensor);
    EXPECT_EQ(counts.overRadio, 0u);
    counted += counts.calls;
  }
  EXPECT_EQ(counted, reads);
}

TEST_F(MoteSampleTest, TextIsReadAsTextAndRefusedAsANumber) {
  EXPECT_EQ(readAs(kTextMote, 12).op, wire::Op::RESULT) << "std::string, from the cell \"high\"";
  EXPECT_EQ(readAs(kTextMote, 1).op, wire::Op::RESULT) << "int, from 12";
  const wire::Frame reply = readAs(kTextMote, 1);
  EXPECT_EQ(static_cast<wire::ErrorCode>(reply.number), wire::ErrorCode::BAD_VALUE) << "int, from -0.25";
  const wire::Frame text = readAs(kTextMote, 1);
  EXPECT_EQ(text.op, wire::Op::ERROR) << "int, from \"high\"";
  EXPECT_EQ(text.message, "a sensor's sample does not decode as the type of its getter");
}

}  // namespace mote_sample_test_cpp
}  // namespace
}  // namespace edgecut::mote
