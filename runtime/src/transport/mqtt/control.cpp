#include "control.hpp"

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace edgecut::mqtt {

namespace {

std::vector<std::uint8_t> bytesOf(const nlohmann::json& json) {
  // Program strings in an actuator trace need not be UTF-8; dump() would throw on them.
  const std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return {text.begin(), text.end()};
}

// The object in `message`, or a discarded value.
nlohmann::json objectIn(std::span<const std::uint8_t> message) {
  nlohmann::json json = nlohmann::json::parse(message.begin(), message.end(), nullptr, false);
  return json.is_object() ? json : nlohmann::json(nlohmann::json::value_t::discarded);
}

// `json[key]` if it is an unsigned number.
std::optional<std::uint64_t> number(const nlohmann::json& json, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_number_unsigned()) return std::nullopt;
  return found->get<std::uint64_t>();
}

}  // namespace

std::vector<std::uint8_t> encode(const Command& command) {
  nlohmann::json json = {{"run", command.run}};
  if (command.forget) json["forget"] = *command.forget;
  return bytesOf(json);
}

std::vector<std::uint8_t> encode(const Answer& answer) {
  nlohmann::json json = {{"run", answer.run}};
  if (answer.forgot) {
    json["forgot"] = *answer.forgot;
  } else {
    json["generation"] = answer.generation;
    json["stats"] = answer.stats ? sim::toJson(*answer.stats) : nlohmann::json(nullptr);
  }
  return bytesOf(json);
}

std::optional<Command> decodeCommand(std::span<const std::uint8_t> message) {
  const nlohmann::json json = objectIn(message);
  if (json.is_discarded()) return std::nullopt;
  Command command;
  const std::optional<std::uint64_t> run = number(json, "run");
  if (!run || json.size() != (json.contains("forget") ? 2u : 1u)) return std::nullopt;
  command.run = *run;
  if (json.contains("forget")) {
    command.forget = number(json, "forget");
    if (!command.forget) return std::nullopt;
  }
  return command;
}

std::optional<Answer> decodeAnswer(std::span<const std::uint8_t> message) {
  const nlohmann::json json = objectIn(message);
  if (json.is_discarded()) return std::nullopt;
  Answer answer;
  const std::optional<std::uint64_t> run = number(json, "run");
  if (!run) return std::nullopt;
  answer.run = *run;
  if (json.contains("forgot")) {
    answer.forgot = number(json, "forgot");
    return answer.forgot && json.size() == 2 ? std::optional<Answer>(answer) : std::nullopt;
  }
  const std::optional<std::uint64_t> generation = number(json, "generation");
  if (!generation || json.size() != 3 || !json.contains("stats")) return std::nullopt;
  answer.generation = *generation;
  try {
    answer.stats = sim::hostStatsFromJson(json.at("stats"));
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
  return answer;
}

}  // namespace edgecut::mqtt
