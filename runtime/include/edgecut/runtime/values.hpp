// How C++ values cross the radio: CBOR encodings of the types docs/design.md §1 lets cross, and the
// encoders of the frames that carry values (WRITE, CALL, RESULT).
//
//   bool                      -> CBOR bool
//   integers, enums           -> CBOR integer (enums by their underlying value)
//   float, double             -> CBOR float64 (decoding also accepts float16/32 and integers)
//   std::string               -> CBOR text
//   std::vector, std::array   -> CBOR array
//   std::optional             -> null or the value
//   std::pair, std::tuple     -> CBOR array of their members
//
//   program structs           -> CBOR array of their members, in declaration order
//
// Program structs: edgecut generates, inside each aggregate struct of the program that crosses, the
// hidden friends `void edgecut_encode(Writer&, const S&)` and `bool edgecut_decode(Reader&, S&)`
// (found by ADL, calling encodeFields/decodeFields below); Codec<S> uses them.
//
// Header-only templates. Unlike the rest of the core, strings and vectors allocate; decoding
// reserves only after Reader has checked a count against the bytes actually present.
#ifndef EDGECUT_RUNTIME_VALUES_HPP
#define EDGECUT_RUNTIME_VALUES_HPP

#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "edgecut/runtime/cbor.hpp"
#include "edgecut/runtime/frame.hpp"

namespace edgecut::wire {

// Codec<T> has `static void encode(Writer&, const T&)` and `static bool decode(Reader&, T&)`.
// decode returns false (and leaves the Reader failed) if the item is not a valid T.
template <class T>
struct Codec;

template <class T>
void encode(Writer& out, const T& value) {
  Codec<T>::encode(out, value);
}

template <class T>
bool decode(Reader& in, T& value) {
  return Codec<T>::decode(in, value);
}

// Whether T can cross the radio.
template <class T>
concept Crossable = requires(Writer& out, Reader& in, const T& c, T& m) {
  Codec<T>::encode(out, c);
  { Codec<T>::decode(in, m) } -> std::same_as<bool>;
};

template <>
struct Codec<bool> {
  static void encode(Writer& out, bool value) { out.boolean(value); }
  static bool decode(Reader& in, bool& value) { return in.boolean(value); }
};

template <std::integral T>
struct Codec<T> {
  static void encode(Writer& out, T value) {
    if constexpr (std::is_signed_v<T>) {
      out.signedInt(value);
    } else {
      out.unsignedInt(value);
    }
  }
  static bool decode(Reader& in, T& value) {
    if (in.nextIsUnsigned()) {
      std::uint64_t raw = 0;
      if (!in.unsignedInt(raw)) return false;
      if (raw > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        return in.fail(Status::out_of_range);
      }
      value = static_cast<T>(raw);
      return true;
    }
    std::int64_t raw = 0;
    if (!in.signedInt(raw)) return false;
    // Only negative numbers get here; they fit T if T is signed and wide enough.
    if constexpr (std::is_signed_v<T>) {
      if (raw >= static_cast<std::int64_t>(std::numeric_limits<T>::min())) {
        value = static_cast<T>(raw);
        return true;
      }
    }
    return in.fail(Status::out_of_range);
  }
};

template <class T>
  requires std::is_enum_v<T>
struct Codec<T> {
  using Underlying = std::underlying_type_t<T>;
  static void encode(Writer& out, T value) {
    Codec<Underlying>::encode(out, static_cast<Underlying>(value));
  }
  static bool decode(Reader& in, T& value) {
    Underlying raw{};
    if (!Codec<Underlying>::decode(in, raw)) return false;
    value = static_cast<T>(raw);
    return true;
  }
};

template <std::floating_point T>
struct Codec<T> {
  static void encode(Writer& out, T value) { out.floating(static_cast<double>(value)); }
  static bool decode(Reader& in, T& value) {
    double raw = 0;
    if (!in.floating(raw)) return false;
    // A finite float64 beyond a float's range has no float to become (the conversion is undefined);
    // infinities and NaN convert as they are.
    if constexpr (sizeof(T) < sizeof(double)) {
      if (std::isfinite(raw) && std::fabs(raw) > static_cast<double>(std::numeric_limits<T>::max())) {
        return in.fail(Status::out_of_range);
      }
    }
    value = static_cast<T>(raw);
    return true;
  }
};

template <>
struct Codec<std::string> {
  static void encode(Writer& out, const std::string& value) { out.text(value); }
  static bool decode(Reader& in, std::string& value) {
    std::string_view view;
    if (!in.text(view)) return false;
    value.assign(view);
    return true;
  }
};

template <class T, class Allocator>
struct Codec<std::vector<T, Allocator>> {
  static void encode(Writer& out, const std::vector<T, Allocator>& value) {
    out.arrayHeader(value.size());
    for (const T& item : value) Codec<T>::encode(out, item);
  }
  static bool decode(Reader& in, std::vector<T, Allocator>& value) {
    std::uint64_t count = 0;
    if (!in.arrayHeader(count)) return false;
    value.clear();
    value.reserve(count);  // safe: arrayHeader checked count against the remaining bytes
    for (std::uint64_t i = 0; i < count; ++i) {
      T item{};
      if (!Codec<T>::decode(in, item)) return false;
      value.push_back(std::move(item));
    }
    return true;
  }
};

// std::vector<bool> hands out proxies, not bools; encode them through Codec<bool>.
template <class Allocator>
struct Codec<std::vector<bool, Allocator>> {
  static void encode(Writer& out, const std::vector<bool, Allocator>& value) {
    out.arrayHeader(value.size());
    for (bool item : value) out.boolean(item);
  }
  static bool decode(Reader& in, std::vector<bool, Allocator>& value) {
    std::uint64_t count = 0;
    if (!in.arrayHeader(count)) return false;
    value.assign(count, false);
    for (std::uint64_t i = 0; i < count; ++i) {
      bool item = false;
      if (!in.boolean(item)) return false;
      value[i] = item;
    }
    return true;
  }
};

template <class T, std::size_t N>
struct Codec<std::array<T, N>> {
  static void encode(Writer& out, const std::array<T, N>& value) {
    out.arrayHeader(N);
    for (const T& item : value) Codec<T>::encode(out, item);
  }
  static bool decode(Reader& in, std::array<T, N>& value) {
    std::uint64_t count = 0;
    if (!in.arrayHeader(count)) return false;
    if (count != N) return in.fail(Status::wrong_length);
    for (T& item : value) {
      if (!Codec<T>::decode(in, item)) return false;
    }
    return true;
  }
};

template <class T>
struct Codec<std::optional<T>> {
  static void encode(Writer& out, const std::optional<T>& value) {
    if (value) {
      Codec<T>::encode(out, *value);
    } else {
      out.null();
    }
  }
  static bool decode(Reader& in, std::optional<T>& value) {
    if (in.peek() == Kind::null) {
      value.reset();
      return in.null();
    }
    T item{};
    if (!Codec<T>::decode(in, item)) return false;
    value = std::move(item);
    return true;
  }
};

// Tuple-likes (pair and tuple) are arrays of their members.
template <class Tuple>
struct TupleCodec {
  static constexpr std::size_t kSize = std::tuple_size_v<Tuple>;

  static void encode(Writer& out, const Tuple& value) {
    out.arrayHeader(kSize);
    std::apply([&](const auto&... member) { (wire::encode(out, member), ...); }, value);
  }
  static bool decode(Reader& in, Tuple& value) {
    std::uint64_t count = 0;
    if (!in.arrayHeader(count)) return false;
    if (count != kSize) return in.fail(Status::wrong_length);
    return std::apply([&](auto&... member) { return (wire::decode(in, member) && ...); }, value);
  }
};

template <class A, class B>
struct Codec<std::pair<A, B>> : TupleCodec<std::pair<A, B>> {};

template <class... Ts>
struct Codec<std::tuple<Ts...>> : TupleCodec<std::tuple<Ts...>> {};

// Program structs: an array of the given members, which must be all of the struct's, in order.
template <class... Fields>
void encodeFields(Writer& out, const Fields&... fields) {
  out.arrayHeader(sizeof...(Fields));
  (wire::encode(out, fields), ...);
}

template <class... Fields>
bool decodeFields(Reader& in, Fields&... fields) {
  std::uint64_t count = 0;
  if (!in.arrayHeader(count)) return false;
  if (count != sizeof...(Fields)) return in.fail(Status::wrong_length);
  return (wire::decode(in, fields) && ...);
}

// A class with the generated `edgecut_encode`/`edgecut_decode` (looked up by ADL only).
template <class T>
concept HasGeneratedCodec = std::is_class_v<T> && requires(Writer& out, Reader& in, const T& c, T& m) {
  edgecut_encode(out, c);
  { edgecut_decode(in, m) } -> std::same_as<bool>;
};

template <HasGeneratedCodec T>
struct Codec<T> {
  static void encode(Writer& out, const T& value) { edgecut_encode(out, value); }
  static bool decode(Reader& in, T& value) { return edgecut_decode(in, value); }
};

// ---- the frames that carry values ----

template <class T>
void encodeWrite(Writer& out, const Address& address, ActuatorId actuator, const T& value) {
  encodeHeader(out, Op::WRITE, address);
  out.unsignedInt(actuator);
  encode(out, value);
}

template <class... Args>
void encodeCall(Writer& out, const Address& address, FunctionId function, const Args&... args) {
  encodeHeader(out, Op::CALL, address);
  out.unsignedInt(function);
  out.arrayHeader(sizeof...(Args));
  (encode(out, args), ...);
}

template <class T>
void encodeResult(Writer& out, const Address& address, const T& value) {
  encodeHeader(out, Op::RESULT, address);
  encode(out, value);
}

// Decodes one item that must make up all of `item` (a frame's value) into `value`.
template <class T>
Status decodeValue(std::span<const std::uint8_t> item, T& value) {
  Reader in(item);
  if (!decode(in, value)) return in.ok() ? Status::malformed : in.status();
  return in.atEnd() ? Status::ok : Status::trailing_bytes;
}

// Decodes a CALL's argument array into `args`, which must match it in number and types.
template <class... Args>
Status decodeArguments(std::span<const std::uint8_t> array, Args&... args) {
  Reader in(array);
  std::uint64_t count = 0;
  if (!in.arrayHeader(count)) return in.status();
  if (count != sizeof...(Args)) return Status::wrong_length;
  if (!(decode(in, args) && ...)) return in.ok() ? Status::malformed : in.status();
  return in.atEnd() ? Status::ok : Status::trailing_bytes;
}

// ---- whether a value fits a type: what a mote checks before it applies a WRITE or runs a CALL ----

// Why a value does not decode as a type, in words for a message (heap-free, like the rest).
struct Misfit {
  Status why = Status::ok;
  // The value, as describeItem words it: "18446744073709551615", "1.5", "an array of 3 items".
  std::array<char, 64> value{};
  // What the type takes, "an integer from -2147483648 to 2147483647"; empty when the type is no
  // number, bool or string (`why` says more then).
  std::array<char, 80> domain{};
  // domain, or else what `why` means: the words in parentheses after the type in a message.
  const char* explanation() const { return domain[0] != '\0' ? domain.data() : describe(why); }
};

// The values T takes, in words, into `out` (NUL-terminated); empty if T is no scalar or string.
template <class T>
void describeDomain(std::span<char> out) {
  if (out.empty()) return;
  out[0] = '\0';
  if constexpr (std::is_same_v<T, bool>) {
    std::snprintf(out.data(), out.size(), "false or true");
  } else if constexpr (std::is_enum_v<T>) {
    describeDomain<std::underlying_type_t<T>>(out);
  } else if constexpr (std::integral<T>) {
    char low[24] = {};
    char high[24] = {};
    std::to_chars(low, low + sizeof low - 1, std::numeric_limits<T>::min());
    std::to_chars(high, high + sizeof high - 1, std::numeric_limits<T>::max());
    std::snprintf(out.data(), out.size(), "an integer from %s to %s", low, high);
  } else if constexpr (std::is_same_v<T, float>) {
    std::snprintf(out.data(), out.size(), "a number from %g to %g", -static_cast<double>(std::numeric_limits<T>::max()),
                  static_cast<double>(std::numeric_limits<T>::max()));
  } else if constexpr (std::floating_point<T>) {
    std::snprintf(out.data(), out.size(), "a number");
  } else if constexpr (std::is_same_v<T, std::string>) {
    std::snprintf(out.data(), out.size(), "a text");
  }
}

// T's name as C++ spells it, for the fundamental types and std::string; null for the others
// (their spelling is the program's: generated code passes it where it matters).
template <class T>
constexpr const char* scalarTypeName() {
  if constexpr (std::is_same_v<T, bool>) return "bool";
  else if constexpr (std::is_same_v<T, char>) return "char";
  else if constexpr (std::is_same_v<T, signed char>) return "signed char";
  else if constexpr (std::is_same_v<T, unsigned char>) return "unsigned char";
  else if constexpr (std::is_same_v<T, short>) return "short";
  else if constexpr (std::is_same_v<T, unsigned short>) return "unsigned short";
  else if constexpr (std::is_same_v<T, int>) return "int";
  else if constexpr (std::is_same_v<T, unsigned>) return "unsigned int";
  else if constexpr (std::is_same_v<T, long>) return "long";
  else if constexpr (std::is_same_v<T, unsigned long>) return "unsigned long";
  else if constexpr (std::is_same_v<T, long long>) return "long long";
  else if constexpr (std::is_same_v<T, unsigned long long>) return "unsigned long long";
  else if constexpr (std::is_same_v<T, float>) return "float";
  else if constexpr (std::is_same_v<T, double>) return "double";
  else if constexpr (std::is_same_v<T, long double>) return "long double";
  else if constexpr (std::is_same_v<T, std::string>) return "std::string";
  else return nullptr;
}

// Decodes `item` (exactly one CBOR item) into `value` if it is a value of T: range, sign,
// integer or float, bool, shape. If not, `misfit` says what it is and what T takes.
template <class T>
bool decodeFitting(std::span<const std::uint8_t> item, T& value, Misfit& misfit) {
  const Status status = decodeValue(item, value);
  if (status == Status::ok) return true;
  misfit.why = status;
  describeItem(item, misfit.value);
  describeDomain<T>(misfit.domain);
  return false;
}

// decodeFitting into a value that is dropped: whether a WRITE's value fits its actuator.
template <class T>
bool fits(std::span<const std::uint8_t> item, Misfit& misfit) {
  T value{};
  return decodeFitting(item, value, misfit);
}

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_VALUES_HPP
