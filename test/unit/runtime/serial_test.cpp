// The serial transport: slip.hpp's packets (framing, CRC, what is dropped and counted) and both
// sides of serial_transport.hpp over a socketpair.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "edgecut/runtime/sim/host_stats.hpp"
#include "transport/serial/serial_transport.hpp"
#include "transport/serial/slip.hpp"

namespace edgecut {
namespace {
namespace serial_test_cpp {

using Bytes = std::vector<std::uint8_t>;

Bytes encode(std::uint8_t kind, const Bytes& payload) {
  Bytes out(serial::maxEncodedBytes(payload.size()));
  out.resize(serial::encodePacket(kind, payload, out));
  return out;
}

struct Decoded {
  std::vector<std::pair<std::uint8_t, Bytes>> packets;
  serial::DropCounts dropped;
};

Decoded decodeAll(const Bytes& stream, std::size_t bufferBytes = 256) {
  std::vector<std::uint8_t> buffer(bufferBytes);
  serial::Decoder decoder(buffer);
  Decoded result;
  for (const std::uint8_t byte : stream)
    if (decoder.push(byte))
      result.packets.emplace_back(decoder.kind(), Bytes(decoder.payload().begin(), decoder.payload().end()));
  result.dropped = decoder.dropped();
  return result;
}

TEST(SerialSlip, Crc16IsCcittFalse) {
  const std::string check = "123456789";  // the catalogue's check value for CRC-16/CCITT-FALSE
  EXPECT_EQ(serial::crc16(std::span(reinterpret_cast<const std::uint8_t*>(check.data()), check.size())), 0x29B1);
}

TEST(SerialSlip, EscapesEndAndEscAndRoundTrips) {
  const Bytes payload{0x01, serial::kEnd, 0x02, serial::kEsc, serial::kEnd, serial::kEsc};
  const Bytes line = encode(4, payload);
  EXPECT_EQ(line.front(), serial::kEnd);
  EXPECT_EQ(line.back(), serial::kEnd);
  // Only the first and last bytes are ENDs: every END inside is escaped.
  EXPECT_EQ(std::count(line.begin(), line.end(), serial::kEnd), 2);
  const Decoded decoded = decodeAll(line);
  ASSERT_EQ(decoded.packets.size(), 1u);
  EXPECT_EQ(decoded.packets[0].first, 4);
  EXPECT_EQ(decoded.packets[0].second, payload);
  EXPECT_EQ(decoded.dropped.total(), 0u);
}

TEST(SerialSlip, EmptyPayloadAndBackToBackPackets) {
  Bytes line = encode(2, {});
  const Bytes second = encode(1, {9, 8, 7});
  line.insert(line.end(), second.begin(), second.end());
  const Decoded decoded = decodeAll(line);
  ASSERT_EQ(decoded.packets.size(), 2u);
  EXPECT_EQ(decoded.packets[0].first, 2);
  EXPECT_TRUE(decoded.packets[0].second.empty());
  EXPECT_EQ(decoded.packets[1].second, (Bytes{9, 8, 7}));
  EXPECT_EQ(decoded.dropped.total(), 0u);
}

TEST(SerialSlip, AFlippedByteIsDroppedAsBadCrcAndTheNextPacketStillArrives) {
  Bytes line = encode(1, {10, 20, 30, 40});
  line[3] ^= 0x01;
  const Bytes good = encode(1, {50});
  line.insert(line.end(), good.begin(), good.end());
  const Decoded decoded = decodeAll(line);
  ASSERT_EQ(decoded.packets.size(), 1u);
  EXPECT_EQ(decoded.packets[0].second, Bytes{50});
  EXPECT_EQ(decoded.dropped.badCrc, 1u);
  EXPECT_EQ(decoded.dropped.total(), 1u);
}

TEST(SerialSlip, GarbageTruncationOverflowAndBadEscapesAreCountedByWhy) {
  Bytes line{0x11, 0x22, 0x33, 0x44, 0x55};  // line noise before the first END
  const Bytes whole = encode(1, {1, 2, 3});
  line.insert(line.end(), whole.begin(), whole.begin() + 3);  // cut short: END, kind, one byte
  line.push_back(serial::kEnd);
  line.insert(line.end(), {serial::kEsc, 0x42, 0x01, 0x02, serial::kEnd});  // ESC then not ESC_END/ESC_ESC
  const Bytes big = encode(1, Bytes(40, 0x33));
  line.insert(line.end(), big.begin(), big.end());
  line.insert(line.end(), whole.begin(), whole.end());
  const Decoded decoded = decodeAll(line, 16);
  ASSERT_EQ(decoded.packets.size(), 1u);
  EXPECT_EQ(decoded.packets[0].second, (Bytes{1, 2, 3}));
  EXPECT_EQ(decoded.dropped.badCrc, 1u);  // the noise, ended by the first packet's leading END
  EXPECT_EQ(decoded.dropped.truncated, 1u);
  EXPECT_EQ(decoded.dropped.badEscape, 1u);
  EXPECT_EQ(decoded.dropped.oversize, 1u);
}

TEST(SerialSlip, EncodeRefusesAnOutputThatIsTooSmall) {
  std::array<std::uint8_t, 6> out{};
  EXPECT_EQ(serial::encodePacket(1, Bytes{1, 2, 3}, out), 0u);
  std::array<std::uint8_t, 7> exact{};
  EXPECT_EQ(serial::encodePacket(1, Bytes{1, 2}, exact), 7u);  // END kind 1 2 crc crc END
}

// Both sides over a socketpair: frames and control messages both ways, garbage counted, stats.
TEST(SerialTransport, CarriesFramesControlAndStatsAndCountsDamage) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  transport::SerialBase base(serial::Link(fds[0], "test-base"));
  transport::SerialMote mote(serial::Link(fds[1], "test-mote"));
  const auto soon = [] { return Transport::Clock::now() + std::chrono::seconds(5); };

  // Noise on the line toward the mote first: counted, then the frame still arrives.
  const std::uint8_t noise[] = {0x01, 0x02, serial::kEnd, serial::kEsc, 0x00, serial::kEnd};
  ASSERT_EQ(::write(fds[0], noise, sizeof noise), static_cast<ssize_t>(sizeof noise));
  ASSERT_TRUE(base.send(3, Bytes{7, serial::kEnd, 9}));
  std::vector<std::uint8_t> got;
  ASSERT_EQ(mote.next(got, soon()), Transport::Event::frame);
  EXPECT_EQ(got, (Bytes{7, serial::kEnd, 9}));
  ASSERT_TRUE(base.sendControl(3, Bytes{1}));
  ASSERT_EQ(mote.next(got, soon()), Transport::Event::control);
  EXPECT_EQ(got, Bytes{1});

  ASSERT_TRUE(mote.send(0, Bytes{5, 6}));
  ASSERT_EQ(base.next(got, soon()), Transport::Event::frame);
  EXPECT_EQ(got, (Bytes{5, 6}));
  ASSERT_EQ(base.next(got, Transport::Clock::now() + std::chrono::milliseconds(20)), Transport::Event::timeout);

  // SHUTDOWN, then the mote answers with its stats, the damaged packets among the malformed.
  std::thread host([&] {
    std::vector<std::uint8_t> frame;
    if (mote.next(frame, soon()) != Transport::Event::shutdown) return;
    sim::HostStats stats;
    stats.malformedFrames = 1;
    mote.reportStats(stats);
  });
  const sim::HostStats stats = base.collectStats(soon(), {});
  host.join();
  EXPECT_EQ(stats.malformedFrames, 1u + 2u);  // the host's own, and the two damaged packets
  EXPECT_EQ(base.dropped(), 0u);
}

}  // namespace serial_test_cpp
}  // namespace
}  // namespace edgecut
