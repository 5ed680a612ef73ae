// Emit, part: the data members of [[mote]] classes in each unit (docs/design.md §1, "State follows
// code"). A member lives where the Partition says (Partition::members): a unit without it keeps
// its declaration as a comment, and base code reaches the members that live on the base through
// the per-mote copy edgecut_state() returns.
#include <map>
#include <set>

#include <fmt/format.h>

#include "emitter.hpp"
#include "templates.hpp"
#include "text_edits.hpp"

namespace edgecut::compiler {

namespace {

// A member declaration as written (`int sum = 0, n = 0;` declares two) and the members it declares.
struct MemberDeclaration {
  TextRange range;
  std::vector<std::string> keys;  // MemberPartition::key
};

std::vector<MemberDeclaration> declarationsOf(const MoteClass& moteClass) {
  std::vector<MemberDeclaration> declarations;
  // Collect gives each member its declaration; a hand-built model may give ranges alone (the
  // members then stay on the mote).
  const bool named = moteClass.dataMembers.size() == moteClass.dataMemberDeclarations.size();
  for (std::size_t i = 0; i < moteClass.dataMemberDeclarations.size(); ++i) {
    const TextRange& range = moteClass.dataMemberDeclarations[i];
    if (declarations.empty() || declarations.back().range.begin != range.begin)
      declarations.push_back({range, {}});
    if (named) declarations.back().keys.push_back(moteClass.name + "::" + moteClass.dataMembers[i]);
  }
  return declarations;
}

}  // namespace

bool Emitter::baseKeepsMemberState() const {
  for (const MemberPartition& member : partition_.members())
    if (member.onBase()) return true;
  return false;
}

std::vector<TextEdit> Emitter::memberStateEdits(Unit unit, unsigned file) const {
  const std::string& text = program_.files[file].text;
  auto onBase = [&](const std::string& key) {
    const MemberPartition* member = partition_.member(key);
    return member && member->onBase();
  };
  std::vector<TextEdit> edits;
  if (unit == Unit::Mote) {
    // A member that lives only on the base leaves the mote, unless code the mote compiles names it.
    std::set<std::string> namedOnMote;
    for (const FunctionPartition& entry : partition_.functions())
      if (entry.inMote)
        for (const FieldUse& use : entry.function->fieldUses) namedOnMote.insert(use.member());
    for (const MoteClass& moteClass : program_.moteClasses)
      for (const MemberDeclaration& declaration : declarationsOf(moteClass)) {
        if (moteClass.file != file) continue;
        bool leaves = !declaration.keys.empty();
        for (const std::string& key : declaration.keys) {
          const MemberPartition* member = partition_.member(key);
          leaves = leaves && member && member->home == MemberHome::Base && !namedOnMote.count(key);
        }
        if (leaves)
          edits.push_back({declaration.range,
                           fmt::format(templates::kMoteDropsBaseState,
                                       fmt::arg("declaration", text.substr(declaration.range.begin,
                                                                           declaration.range.end -
                                                                               declaration.range.begin)))});
      }
    return edits;
  }
  for (const MoteClass& moteClass : program_.moteClasses) {
    if (moteClass.file != file) continue;
    bool structWritten = false;
    for (const MemberDeclaration& declaration : declarationsOf(moteClass)) {
      const std::string written =
          text.substr(declaration.range.begin, declaration.range.end - declaration.range.begin);
      bool perMote = false;
      for (const std::string& key : declaration.keys) perMote = perMote || onBase(key);
      if (!perMote) {
        // Mote state lives on the mote: the base's proxy holds no copy of it.
        edits.push_back({declaration.range, fmt::format(templates::kBaseDropsMoteState, fmt::arg("declaration", written))});
        continue;
      }
      if (structWritten) {
        edits.push_back({declaration.range, fmt::format(templates::kBaseStateElsewhere, fmt::arg("declaration", written))});
        continue;
      }
      // Every declaration of the class that holds base state goes into the one struct.
      std::string fields;
      const std::string indent = indentOf(text, declaration.range.begin);
      for (const MemberDeclaration& other : declarationsOf(moteClass)) {
        bool otherPerMote = false;
        for (const std::string& key : other.keys) otherPerMote = otherPerMote || onBase(key);
        if (otherPerMote)
          fields += fmt::format(templates::kBaseStateField, fmt::arg("indent", indent),
                                fmt::arg("declaration", text.substr(other.range.begin, other.range.end - other.range.begin)));
      }
      edits.push_back({declaration.range,
                       fmt::format(templates::kBaseStateStruct, fmt::arg("indent", indent), fmt::arg("fields", fields))});
      structWritten = true;
    }
  }
  // Base code names a member that lives on the base through the mote's per-mote copy.
  for (const FunctionPartition& entry : partition_.functions()) {
    if (!entry.inBase || entry.function->body.empty()) continue;
    std::set<unsigned> rewritten;
    for (const FieldUse& use : entry.function->fieldUses)
      if (!use.name.empty() && use.name.file == file && onBase(use.member()) &&
          rewritten.insert(use.name.begin).second)
        edits.push_back({use.name, fmt::format(templates::kBaseStateUse, fmt::arg("field", use.field))});
  }
  return edits;
}

}  // namespace edgecut::compiler
