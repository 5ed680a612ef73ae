// frame_overhead: the bytes a READ of one integer sensor and its RESULT cost on the radio with
// edgecut's frames (from the real encoder), against the same exchange in MQTT-SN and CoAP (built
// here byte by byte from their specifications), as a table. Exits 1 unless edgecut's header is
// smaller than both; the test bench.frame_overhead runs it.
//
// What counts as overhead: every byte of a frame except the application value (the CBOR integer,
// the same bytes in all three). The sensor's name or id is addressing, so it counts:
//   edgecut  READ   = header (version|op, seq, src, dst) + sensor id (CBOR uint of a 32-bit hash)
//            RESULT = header + value
//   MQTT-SN  (v1.2 §5.4.12) PUBLISH: Length 1, MsgType 1, Flags 1, TopicId 2, MsgId 2 = 7 bytes, for
//            the request (empty payload, on a request topic) and the reply (payload = value). Topic
//            names are first REGISTERed to 2-byte ids, which is not counted: generous to MQTT-SN.
//   CoAP     (RFC 7252 §3) request: GET, 4-byte header, a 1-byte token, one Uri-Path option holding
//            the sensor name; reply: piggybacked 2.05 Content, header, token, payload marker 0xFF.
//            No Content-Format option: generous to CoAP too.
// MQTT-SN and CoAP leave the node addresses to the layer below (UDP/IP, 802.15.4); edgecut frames
// carry them (src, dst: one byte each for node ids below 128), so the comparison favours the others.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "edgecut/runtime/frame.hpp"
#include "edgecut/runtime/values.hpp"

namespace {

using namespace edgecut::wire;
using Bytes = std::vector<std::uint8_t>;

template <class Write>
Bytes encoded(Write&& write) {
  Bytes buffer(kMaxFrameBytes);
  Writer out(buffer);
  write(out);
  buffer.resize(out.size());
  return buffer;
}

// MQTT-SN PUBLISH (short form: the length fits one byte).
Bytes mqttsnPublish(std::uint16_t topicId, std::uint16_t messageId, const Bytes& payload) {
  Bytes frame = {0, 0x0c /* PUBLISH */, 0x00 /* QoS 0, normal (registered) topic id */,
                 static_cast<std::uint8_t>(topicId >> 8), static_cast<std::uint8_t>(topicId),
                 static_cast<std::uint8_t>(messageId >> 8), static_cast<std::uint8_t>(messageId)};
  frame.insert(frame.end(), payload.begin(), payload.end());
  frame[0] = static_cast<std::uint8_t>(frame.size());
  return frame;
}

// CoAP: Ver 1, type, token length | code | message id, token, options, 0xFF payload.
Bytes coapMessage(std::uint8_t type, std::uint8_t code, std::uint16_t messageId, const Bytes& token,
                  const std::string& uriPath, const Bytes& payload) {
  Bytes frame = {static_cast<std::uint8_t>(0x40 | (type << 4) | token.size()), code,
                 static_cast<std::uint8_t>(messageId >> 8), static_cast<std::uint8_t>(messageId)};
  frame.insert(frame.end(), token.begin(), token.end());
  if (!uriPath.empty()) {
    // Option 11 (Uri-Path) as the first option: delta 11; lengths up to 12 fit the nibble.
    if (uriPath.size() > 12) return {};  // not needed here
    frame.push_back(static_cast<std::uint8_t>((11 << 4) | uriPath.size()));
    frame.insert(frame.end(), uriPath.begin(), uriPath.end());
  }
  if (!payload.empty()) {
    frame.push_back(0xff);
    frame.insert(frame.end(), payload.begin(), payload.end());
  }
  return frame;
}

struct Row {
  const char* protocol;
  std::size_t readBytes;    // the whole request: there is no value in it
  std::size_t resultBytes;  // the whole reply
  std::size_t header;       // the per-frame header, without addressing of the sensor or the value
};

}  // namespace

int main() {
  // The soil sample's exchange: the base (node 0) reads "moisture" of mote 3; the reply is 42.
  const std::string sensorName = "moisture";
  const edgecut::SensorId sensor = 0xf3073b6fu;  // FNV-1a 32 of "moisture", as edgecut's glue has it
  const int value = 42;
  const Bytes valueBytes = encoded([&](Writer& w) { encode(w, value); });

  std::printf("READ of one integer sensor and its RESULT (value %d: %zu CBOR bytes in every protocol)\n\n",
              value, valueBytes.size());
  std::printf("%-28s %12s %14s %16s\n", "", "READ bytes", "RESULT bytes", "header per frame");
  bool smaller = true;
  // Sequence numbers below 128 take one varint byte, below 16384 two: a long run's steady state.
  for (std::uint32_t seq : {7u, 1000u}) {
    const Address request{seq, 0, 3};
    const Bytes read = encoded([&](Writer& w) { encodeRead(w, request, sensor); });
    const Bytes result = encoded([&](Writer& w) { encodeResult(w, request.reply(), value); });
    const Bytes header = encoded([&](Writer& w) { encodeHeader(w, Op::RESULT, request.reply()); });

    const Bytes mqttRead = mqttsnPublish(1, static_cast<std::uint16_t>(seq), {});
    const Bytes mqttResult = mqttsnPublish(2, static_cast<std::uint16_t>(seq), valueBytes);
    const std::size_t mqttHeader = mqttResult.size() - valueBytes.size();

    const Bytes token = {static_cast<std::uint8_t>(seq)};
    const Bytes coapRead = coapMessage(0 /* CON */, 0x01 /* GET */, static_cast<std::uint16_t>(seq), token,
                                       sensorName, {});
    const Bytes coapResult = coapMessage(2 /* ACK */, 0x45 /* 2.05 */, static_cast<std::uint16_t>(seq), token,
                                         "", valueBytes);
    const std::size_t coapHeader = coapResult.size() - valueBytes.size();

    std::printf("%-28s %12zu %14zu %16zu\n", (std::string("edgecut, seq ") + std::to_string(seq)).c_str(),
                read.size(), result.size(), header.size());
    std::printf("%-28s %12zu %14zu %16zu\n", "MQTT-SN PUBLISH", mqttRead.size(), mqttResult.size(), mqttHeader);
    std::printf("%-28s %12zu %14zu %16zu\n", "CoAP GET / 2.05, 1-byte token", coapRead.size(), coapResult.size(),
                coapHeader);
    std::printf("\n");
    if (header.size() >= mqttHeader || header.size() >= coapHeader) smaller = false;
    if (result.size() >= mqttResult.size() || result.size() >= coapResult.size()) smaller = false;
  }
  std::printf("edgecut's READ carries the sensor as a CBOR uint of a 32-bit hash (5 bytes); MQTT-SN's\n"
              "2-byte registered topic id is shorter, CoAP's Uri-Path name longer.\n");
  if (!smaller) {
    std::printf("FAIL: edgecut's header or RESULT is not smaller than both MQTT-SN's and CoAP's\n");
    return 1;
  }
  std::printf("OK: edgecut's header and RESULT are smaller than MQTT-SN's and CoAP's\n");
  return 0;
}
