#include "edgecut/runtime/network/per_mote.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace edgecut::diag {

namespace {

// The tokens, as moteWords() marks them: '\xff' never occurs in UTF-8.
constexpr std::string_view kTokens[] = {"{mote}", "{mote id}", "{has}", "{is a}", "{is}", "{its}", "{it}", "{s}"};

std::string marked(std::string_view token) { return "\xff" + std::string(token) + "\xff"; }

void replaceAll(std::string& text, std::string_view token, std::string_view with) {
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + with.size()))
    text.replace(at, token.size(), with);
}

// `message` with its tokens read for `motes` (per_mote.hpp).
std::string spell(std::string message, const std::vector<std::uint32_t>& motes) {
  const bool plural = motes.size() > 1;
  const std::string ranges = idRanges(motes);
  const bool named = message.find(marked("{mote}")) != std::string::npos ||
                     message.find(marked("{mote id}")) != std::string::npos;
  replaceAll(message, marked("{mote}"), (plural ? "motes " : "mote ") + ranges);
  replaceAll(message, marked("{mote id}"), (plural ? "mote ids " : "mote id ") + ranges);
  replaceAll(message, marked("{has}"), plural ? "have" : "has");
  replaceAll(message, marked("{is a}"), plural ? "are" : "is a");
  replaceAll(message, marked("{is}"), plural ? "are" : "is");
  replaceAll(message, marked("{its}"), plural ? "their" : "its");
  replaceAll(message, marked("{it}"), plural ? "them" : "it");
  replaceAll(message, marked("{s}"), plural ? "s" : "");
  if (plural && !named) message = "motes " + ranges + ": " + message;
  return message;
}

}  // namespace

std::string moteWords(std::string_view words) {
  std::string out(words);
  for (std::string_view token : kTokens) replaceAll(out, token, marked(token));
  return out;
}

std::string idRanges(std::vector<std::uint32_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t last = i;
    while (last + 1 < ids.size() && ids[last + 1] == ids[last] + 1) ++last;
    if (!out.empty()) out += ", ";
    out += std::to_string(ids[i]);
    if (last > i) out += (last == i + 1 ? ", " : "\u2013") + std::to_string(ids[last]);
    i = last + 1;
  }
  return out;
}

void PerMoteDiagnostics::report(std::optional<std::uint32_t> mote, Diagnostic diagnostic) {
  const std::string key = std::to_string(static_cast<int>(diagnostic.severity)) + diagnostic.message;
  if (mote) {
    auto latest = latest_.find(key);
    if (latest != latest_.end()) {
      // A mote's own diagnostics come one after the other, so a repeat is always the last one.
      std::vector<std::uint32_t>& motes = groups_[latest->second].motes;
      if (motes.back() != *mote) {
        motes.push_back(*mote);
        return;
      }
    }
    latest_[key] = groups_.size();
  }
  Group group{std::move(diagnostic), {}};
  if (mote) group.motes.push_back(*mote);
  groups_.push_back(std::move(group));
}

void PerMoteDiagnostics::flush() {
  for (Group& group : groups_) {
    if (!group.motes.empty()) group.first.message = spell(std::move(group.first.message), group.motes);
    sink_.report(std::move(group.first));
  }
  groups_.clear();
  latest_.clear();
}

}  // namespace edgecut::diag
