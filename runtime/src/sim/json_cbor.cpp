#include "edgecut/runtime/sim/json_cbor.hpp"

namespace edgecut::sim {

namespace {

using nlohmann::json;

bool read(wire::Reader& in, json& value, unsigned depth) {
  if (depth > wire::kMaxNestingDepth) return in.fail(wire::Status::too_deep);
  switch (in.peek()) {
    case wire::Kind::unsigned_int: {
      std::uint64_t v = 0;
      if (!in.unsignedInt(v)) return false;
      value = v;
      return true;
    }
    case wire::Kind::negative_int: {
      std::int64_t v = 0;
      if (!in.signedInt(v)) return false;
      value = v;
      return true;
    }
    case wire::Kind::floating: {
      double v = 0;
      if (!in.floating(v)) return false;
      value = v;
      return true;
    }
    case wire::Kind::boolean: {
      bool v = false;
      if (!in.boolean(v)) return false;
      value = v;
      return true;
    }
    case wire::Kind::null:
      value = nullptr;
      return in.null();
    case wire::Kind::text: {
      std::string_view v;
      if (!in.text(v)) return false;
      value = std::string(v);
      return true;
    }
    case wire::Kind::bytes: {
      std::span<const std::uint8_t> v;
      if (!in.bytes(v)) return false;
      value = json::binary(std::vector<std::uint8_t>(v.begin(), v.end()));
      return true;
    }
    case wire::Kind::array: {
      std::uint64_t count = 0;
      if (!in.arrayHeader(count)) return false;
      value = json::array();
      for (std::uint64_t i = 0; i < count; ++i) {
        json item;
        if (!read(in, item, depth + 1)) return false;
        value.push_back(std::move(item));
      }
      return true;
    }
    case wire::Kind::map: {
      std::uint64_t count = 0;
      if (!in.mapHeader(count)) return false;
      value = json::object();
      for (std::uint64_t i = 0; i < count; ++i) {
        // Keys are text, as Reader::skip requires of a well-formed map.
        if (in.peek() != wire::Kind::text) return in.fail(wire::Status::unsupported);
        std::string_view key;
        json item;
        if (!in.text(key) || !read(in, item, depth + 1)) return false;
        value[std::string(key)] = std::move(item);
      }
      return true;
    }
    case wire::Kind::end:
      return in.fail(wire::Status::truncated);
    case wire::Kind::invalid:
      return in.fail(wire::Status::malformed);
  }
  return false;
}

}  // namespace

void writeJson(wire::Writer& out, const json& value) {
  switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      out.null();
      break;
    case json::value_t::boolean:
      out.boolean(value.get<bool>());
      break;
    case json::value_t::number_unsigned:
      out.unsignedInt(value.get<std::uint64_t>());
      break;
    case json::value_t::number_integer:
      out.signedInt(value.get<std::int64_t>());
      break;
    case json::value_t::number_float:
      out.floating(value.get<double>());
      break;
    case json::value_t::string:
      out.text(value.get_ref<const std::string&>());
      break;
    case json::value_t::binary:
      out.bytes(value.get_binary());
      break;
    case json::value_t::array:
      out.arrayHeader(value.size());
      for (const json& item : value) writeJson(out, item);
      break;
    case json::value_t::object:
      out.mapHeader(value.size());
      for (const auto& [key, item] : value.items()) {
        out.text(key);
        writeJson(out, item);
      }
      break;
  }
}

bool readJson(std::span<const std::uint8_t> item, json& value) {
  wire::Reader in(item);
  return read(in, value, 0) && in.atEnd();
}

}  // namespace edgecut::sim
