// json::fromCbor: CBOR (the form of the network the programs carry) read straight into values,
// as the reader reads them, without positions.
#include <cstdint>

#include "edgecut/runtime/cbor.hpp"
#include "edgecut/runtime/network/located_json.hpp"

namespace edgecut::json {

namespace {

bool read(wire::Reader& in, Value& value, unsigned depth) {
  if (depth > wire::kMaxNestingDepth) return in.fail(wire::Status::too_deep);
  switch (in.peek()) {
    case wire::Kind::unsigned_int:
      value.kind = Value::Kind::Unsigned;
      return in.unsignedInt(value.unsignedValue);
    case wire::Kind::negative_int:
      value.kind = Value::Kind::Integer;
      return in.signedInt(value.integer);
    case wire::Kind::floating:
      value.kind = Value::Kind::Float;
      return in.floating(value.number);
    case wire::Kind::boolean:
      value.kind = Value::Kind::Boolean;
      return in.boolean(value.boolean);
    case wire::Kind::null:
      value.kind = Value::Kind::Null;
      return in.null();
    case wire::Kind::text: {
      std::string_view text;
      if (!in.text(text)) return false;
      value.kind = Value::Kind::String;
      value.string = text;
      return true;
    }
    case wire::Kind::array: {
      std::uint64_t count = 0;
      if (!in.arrayHeader(count)) return false;
      value.kind = Value::Kind::Array;
      value.elements.resize(count);  // the header's count is bounded by the bytes left
      for (Value& element : value.elements) {
        if (!read(in, element, depth + 1)) return false;
      }
      return true;
    }
    case wire::Kind::map: {
      std::uint64_t count = 0;
      if (!in.mapHeader(count)) return false;
      value.kind = Value::Kind::Object;
      value.members.resize(count);
      for (Member& member : value.members) {
        std::string_view key;
        if (in.peek() != wire::Kind::text) return in.fail(wire::Status::unsupported);  // JSON's keys
        if (!in.text(key)) return false;
        member.key = key;
        if (!read(in, member.value, depth + 1)) return false;
      }
      return true;
    }
    case wire::Kind::bytes:  // what JSON has no word for
      return in.fail(wire::Status::unsupported);
    case wire::Kind::end:
      return in.fail(wire::Status::truncated);
    case wire::Kind::invalid:
      return in.fail(wire::Status::malformed);
  }
  return false;
}

}  // namespace

std::optional<Value> fromCbor(std::span<const std::uint8_t> bytes) {
  wire::Reader in(bytes);
  Value value;
  if (!read(in, value, 0) || !in.atEnd()) return std::nullopt;
  return value;
}

}  // namespace edgecut::json
