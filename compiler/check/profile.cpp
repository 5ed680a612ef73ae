#include "edgecut/compiler/profile.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "edgecut_profiles.hpp"

namespace edgecut::compiler {

namespace {

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// What a profile says about one use: nothing (allowed), or the family that rejects it.
struct Verdict {
  const ProfileFamily* family = nullptr;  // null with rejected: not on the allow-list
  bool rejected = false;
  std::string verb;
};

Verdict judge(const MoteProfile& profile, const LibraryUse& use) {
  if (use.kind == LibraryUse::Kind::Expression) {
    for (const ProfileFamily& family : profile.families)
      if (auto it = family.expressions.find(use.what); it != family.expressions.end())
        return {&family, true, it->second.empty() ? family.verb : it->second};
    return {};
  }
  // C functions match with or without std:: (`std::malloc` is <cstdlib>'s `using ::malloc;`).
  std::string global = use.entity.starts_with("std::") ? use.entity.substr(5) : use.entity;
  for (const ProfileFamily& family : profile.families)
    for (const std::string& name : {use.entity, global})
      if (auto it = family.names.find(name); it != family.names.end())
        return {&family, true, it->second.empty() ? family.verb : it->second};
  for (const ProfileFamily& family : profile.families)
    if (contains(family.headers, use.header)) return {&family, true, family.verb};
  if (contains(profile.allowedHeaders, use.header) || contains(profile.supportHeaders, use.header))
    return {};
  return {nullptr, true, ""};
}

std::string describe(const LibraryUse& use) {
  if (use.kind == LibraryUse::Kind::Expression || use.header.empty()) return "'" + use.what + "'";
  return "'" + use.what + "' from <" + use.header + ">";
}

std::string allowedList(const MoteProfile& profile) {
  std::string out;
  for (std::size_t i = 0; i < profile.allowedHeaders.size(); ++i) {
    if (i) out += i + 1 == profile.allowedHeaders.size() ? " and " : ", ";
    out += "<" + profile.allowedHeaders[i] + ">";
  }
  return out;
}

}  // namespace

MoteProfile parseMoteProfile(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text);  // throws on bad JSON
  auto strings = [](const nlohmann::json& list) {
    return list.is_null() ? std::vector<std::string>{} : list.get<std::vector<std::string>>();
  };
  auto map = [](const nlohmann::json& object) {
    return object.is_null() ? std::map<std::string, std::string>{}
                            : object.get<std::map<std::string, std::string>>();
  };
  try {
    MoteProfile profile;
    profile.name = json.at("profile").get<std::string>();
    profile.summary = json.value("summary", "");
    profile.allowedHeaders = strings(json.value("allowedHeaders", nlohmann::json()));
    profile.supportHeaders = strings(json.value("supportHeaders", nlohmann::json()));
    profile.notAllowedMessage = json.at("notAllowed").at("message").get<std::string>();
    profile.notAllowedFix = json.at("notAllowed").at("fix").get<std::string>();
    for (const nlohmann::json& entry : json.at("families")) {
      ProfileFamily family;
      family.family = entry.at("family").get<std::string>();
      family.lacks = entry.at("lacks").get<std::string>();
      family.verb = entry.at("verb").get<std::string>();
      family.expressions = map(entry.value("expressions", nlohmann::json()));
      family.names = map(entry.value("names", nlohmann::json()));
      family.headers = strings(entry.value("headers", nlohmann::json()));
      family.fix = entry.at("fix").get<std::string>();
      profile.families.push_back(std::move(family));
    }
    return profile;
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error("malformed mote profile: " + std::string(error.what()));
  }
}

const MoteProfile* findMoteProfile(const std::string& name) {
  static const std::map<std::string, MoteProfile> profiles = [] {
    std::map<std::string, MoteProfile> out;
    for (const generated::EmbeddedProfile& embedded : generated::kProfiles)
      out.emplace(std::string(embedded.name), parseMoteProfile(std::string(embedded.json)));
    return out;
  }();
  auto found = profiles.find(name);
  return found == profiles.end() ? nullptr : &found->second;
}

bool checkMoteProfile(const ProgramModel& program, const PlacementPlan& plan,
                      const std::vector<Reached>& moteCode, DiagnosticSink& diagnostics) {
  const MoteProfile* profile = findMoteProfile(plan.profile);
  return !profile || checkMoteProfile(program, *profile, moteCode, diagnostics);
}

bool checkMoteProfile(const ProgramModel& program, const MoteProfile& profile,
                      const std::vector<Reached>& moteCode, DiagnosticSink& diagnostics) {
  unsigned errorsBefore = diagnostics.errorCount();
  std::unordered_map<const Function*, const Reached*> onMote;
  for (const Reached& reached : moteCode) onMote.emplace(reached.function, &reached);
  for (const Function& function : program.functions) {  // errors in program order
    auto found = onMote.find(&function);
    if (found == onMote.end() || function.libraryUses.empty()) continue;
    const Reached& reached = *found->second;
    const std::string name = "'" + function.qualifiedName + "'";
    const bool placed = reached.caller == nullptr;
    std::vector<Diagnostic> notes;
    if (!placed)  // compiled into the mote because mote code calls it: say who
      notes.push_back(note(reached.call->location, "'" + reached.caller->qualifiedName + "' calls " +
                                                       name + " here, so it is compiled into the mote"));
    const std::string where = name + (placed ? " runs on" : " is compiled into") + " an \"" +
                              profile.name + "\" mote, ";
    // In source order; one error per line and family (or header), as `std::cout << a << b` is one
    // mistake, and one per library entity, as a std::vector is one however often it is used.
    std::vector<LibraryUse> uses = function.libraryUses;
    std::stable_sort(uses.begin(), uses.end(), [](const LibraryUse& a, const LibraryUse& b) {
      return std::tie(a.location.line, a.location.column) < std::tie(b.location.line, b.location.column);
    });
    std::set<std::tuple<unsigned, std::string>> reported;
    std::set<std::string> reportedEntities;
    for (const LibraryUse& use : uses) {
      Verdict verdict = judge(profile, use);
      if (!verdict.rejected) continue;
      std::string group = verdict.family ? verdict.family->family : "<" + use.header + ">";
      if (!reported.emplace(use.location.line, group).second) continue;
      if (use.kind == LibraryUse::Kind::Declaration && !reportedEntities.insert(use.entity).second)
        continue;
      std::string message;
      if (verdict.family) {
        message = where + "which has " + verdict.family->lacks + ": " + describe(use) + " " +
                  verdict.verb + "; " +
                  replaceAll(verdict.family->fix, "{function}", function.qualifiedName);
      } else {
        message = where + replaceAll(profile.notAllowedMessage, "{use}", describe(use)) + "; " +
                  replaceAll(replaceAll(profile.notAllowedFix, "{allowed}", allowedList(profile)),
                             "{function}", function.qualifiedName);
      }
      diagnostics.error(use.location, std::move(message), notes);
    }
  }
  return diagnostics.errorCount() == errorsBefore;
}

}  // namespace edgecut::compiler
