// energy.radio: the presets built into edgecut, and the plan reader's radio (plan_reader.hpp).
#include <algorithm>

#include "edgecut/compiler/plan.hpp"
#include "edgecut/runtime/network/input_file.hpp"
#include "edgecut_radios.hpp"
#include "plan_reader.hpp"

namespace edgecut::compiler {

namespace {

using json::Member;
using json::Value;

// A radio's figures (RadioModel), in file order (plan_keys.def, which gives their ranges too).
struct RadioFigure {
  const char* key;
  double RadioModel::*field;
  const char* meaning;
};
const RadioFigure kRadioFigures[] = {
#define EDGECUT_KEY(object, key, kind, meaning)
#define EDGECUT_RADIO_FIGURE(key, field, meaning, min, max) {#key, &RadioModel::field, meaning},
#include "plan_keys.def"
};

}  // namespace

std::vector<std::string> radioPresetNames() {
  std::vector<std::string> names;
  for (const generated::EmbeddedRadio& radio : generated::kRadios) names.emplace_back(radio.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string_view> radioPresetText(std::string_view name) {
  for (const generated::EmbeddedRadio& radio : generated::kRadios)
    if (radio.name == name) return radio.json;
  return std::nullopt;
}

// "radio": a preset's name, the path of a radio file (relative to the plan), or the figures inline.
void PlanReader::readRadioEntry(const Value& value, PlacementPlan& plan) {
  RadioModel radio;
  radio.location = at(value.position);
  if (value.isObject()) {
    radio.name = "inline";
    if (readRadio(value, radio)) plan.energy.radio = std::move(radio);
    return;
  }
  if (!value.isString()) {
    error(value.position, std::string("'radio' must be a preset's name such as \"tmote-sky\", the path of a "
                                      "radio file, or an object of radio figures, not ") +
                              value.kindName());
    return;
  }
  const std::string& given = value.string;
  if (given.empty()) {
    error(value.position, "'radio' is empty; name a preset such as \"tmote-sky\", or give the path of a radio "
                          "file relative to the plan");
    return;
  }
  radio.name = given;
  // A preset's name has no '/' and no extension; anything else is a path.
  const bool isPath = given.find('/') != std::string::npos || given.ends_with(".json");
  if (!isPath) {
    std::optional<std::string_view> preset = radioPresetText(given);
    if (!preset) {
      std::vector<std::string> presets = radioPresetNames();
      std::string message = "unknown radio preset '" + given + "'";
      std::string suggestion = closestMatch(given, presets);
      if (!suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else
        message += "; the presets are " + diag::quotedList(presets) +
                   ", or give the path of a radio file ending in .json";
      error(value.position, std::move(message));
      return;
    }
    // Presets are tested to be valid (plan_test); their errors would point into the tool's copy.
    if (readRadioFile("<edgecut>/radios/" + given + ".json", std::string(*preset), radio))
      plan.energy.radio = std::move(radio);
    return;
  }
  std::string path = json::resolveRelativeTo(file_, given);
  std::string problem;
  std::optional<std::string> text = input::readInputFile(path, input::FileKind::Radio, problem, given);
  if (!text) {
    error(value.position, std::move(problem));
    return;
  }
  plan.inputFiles.push_back(path);
  if (readRadioFile(path, *text, radio)) plan.energy.radio = std::move(radio);
}

bool PlanReader::readRadioFile(const std::string& path, const std::string& text, RadioModel& radio) {
  diagnostics_.setFileText(path, text);
  const std::string planFile = file_;
  file_ = path;
  bool valid = false;
  Value root;
  if (parseDocument(text, root)) {
    if (!root.isObject())
      error(root.position, std::string("a radio file must hold a JSON object of radio figures such as "
                                       "{\"volts\": 3, \"transmit_ma\": 17.4, ...}, not ") +
                               root.kindName());
    else
      valid = readRadio(root, radio);
  }
  file_ = planFile;
  return valid;
}

// Every figure is required: a radio model that silently defaulted one would report wrong joules.
bool PlanReader::readRadio(const Value& object, RadioModel& radio) {
  unsigned errorsBefore = diagnostics_.errorCount();
  checkKeys(object, "radio", "in the radio");
  std::vector<std::string> missing;
  for (const RadioFigure& figure : kRadioFigures) {
    const Value* value = object.find(figure.key);
    if (!value) {
      if (!misspelt(object, "radio", figure.key))
        missing.push_back("'" + std::string(figure.key) + "' (" + figure.meaning + ")");
      continue;
    }
    if (std::optional<double> number = ranged(*value, "radio", figure.key, "'" + std::string(figure.key) + "'"))
      radio.*figure.field = *number;
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size(); ++i)
      list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
    error(object.position, "the radio has no " + list + "; add " + (missing.size() == 1 ? "it" : "them"));
  }
  if (const Value* summary = object.find("summary"))
    expect(*summary, "radio", "summary");
  if (const Value* sources = object.find("sources")) {
    if (expect(*sources, "radio", "sources")) {
      checkKeys(*sources, "radio_sources", "in 'sources'");
      for (const Member& source : sources->members)
        expectKind(source.value, Value::Kind::String, "the source of '" + source.key + "'");
    }
  }
  return diagnostics_.errorCount() == errorsBefore;
}

}  // namespace edgecut::compiler
