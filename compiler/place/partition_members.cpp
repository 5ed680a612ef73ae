// Where the data members of [[mote]] classes live (docs/design.md §1, "State follows code";
// docs/architecture.md, "The Partition"): where the code that uses them runs, for each mote.
#include <algorithm>
#include <set>

#include "edgecut/compiler/partition.hpp"
#include "edgecut/runtime/network/per_mote.hpp"

namespace edgecut::compiler {

namespace {

// The motes a root's calls run on from `side`: all of them, unless its groups split it.
void motesOfRoot(const ResolvedPlacement& placement, const Function& root, Side side, MemberUser& user) {
  const FunctionPlacement* placed = placement.find(root.key);
  if (!placed || !placed->splitByGroup()) return;
  user.everyMote = false;
  for (const GroupPlacement& group : placed->groups)
    if (group.side == side) user.motes.insert(user.motes.end(), group.motes.begin(), group.motes.end());
  std::sort(user.motes.begin(), user.motes.end());
}

}  // namespace

const char* memberHomeName(MemberHome home) {
  switch (home) {
    case MemberHome::Mote: return "mote";
    case MemberHome::Base: return "base";
    case MemberHome::PerGroup: return "per group";
  }
  return "mote";
}

bool MemberUser::sharesMoteWith(const MemberUser& other) const {
  if (everyMote || other.everyMote) return true;
  auto a = motes.begin(), b = other.motes.begin();
  while (a != motes.end() && b != other.motes.end()) {
    if (*a == *b) return true;
    *a < *b ? ++a : ++b;
  }
  return false;
}

std::vector<const Function*> MemberPartition::followsAuto() const {
  std::vector<const Function*> roots;
  for (const MemberUser& user : users)
    if (user.root->attribute == Attribute::Auto && std::find(roots.begin(), roots.end(), user.root) == roots.end())
      roots.push_back(user.root);
  return roots;
}

std::string MemberPartition::whereItLives() const {
  switch (home) {
    case MemberHome::Mote: return "on the mote";
    case MemberHome::Base: return "on the base, one copy per mote";
    case MemberHome::PerGroup: return "on the base for " + std::string(motesOnBase.size() == 1 ? "mote " : "motes ") +
                                   diag::idRanges(motesOnBase) + ", on the mote for the others";
  }
  return "on the mote";
}

const MemberPartition* Partition::member(const std::string& key) const {
  auto found = memberByKey_.find(key);
  return found == memberByKey_.end() ? nullptr : &members_[found->second];
}

// Each root's own walk (compiledWith), so that every use is seen with the placed code it runs
// with: a helper that two roots share is code of both, possibly on both sides.
void Partition::placeMembers(const ProgramModel& program) {
  for (const MoteClass& moteClass : program.moteClasses)
    for (const std::string& field : moteClass.dataMembers) {
      MemberPartition member;
      member.key = moteClass.name + "::" + field;
      if (memberByKey_.emplace(member.key, members_.size()).second) members_.push_back(std::move(member));
    }
  auto usersFrom = [&](Side side, const Function& root) {
    for (const Reached& reached : compiledWith(program, placement_, side, {&root})) {
      std::set<std::string> seen;  // each member once per function
      for (const FieldUse& use : reached.function->fieldUses) {
        auto found = memberByKey_.find(use.member());
        if (found == memberByKey_.end() || !seen.insert(use.member()).second) continue;
        MemberPartition& member = members_[found->second];
        member.declaration = use.declaration;
        MemberUser user{reached.function, &use, &root, side, true, {}};
        motesOfRoot(placement_, root, side, user);
        member.users.push_back(std::move(user));
      }
    }
  };
  for (const Function& function : program.functions) {
    const FunctionPlacement* placed = placement_.find(function.key);
    if (placed && placed->runsOn(Side::Mote)) usersFrom(Side::Mote, function);
    if ((placed && placed->runsOn(Side::Base)) || placement_.remoteHelper(function.key))
      usersFrom(Side::Base, function);
  }
  for (MemberPartition& member : members_) {
    bool onMote = false, onBase = false;
    for (std::size_t m = 0; m < member.users.size() && !member.conflict; ++m) {
      (member.users[m].side == Side::Mote ? onMote : onBase) = true;
      if (member.users[m].side != Side::Mote) continue;
      for (std::size_t b = 0; b < member.users.size() && !member.conflict; ++b)
        if (member.users[b].side == Side::Base && member.users[m].sharesMoteWith(member.users[b]))
          member.conflict = {m, b};
    }
    if (member.conflict || !onBase) continue;
    member.home = onMote ? MemberHome::PerGroup : MemberHome::Base;
    if (member.home != MemberHome::PerGroup) continue;
    for (const MemberUser& user : member.users)
      if (user.side == Side::Base) member.motesOnBase.insert(member.motesOnBase.end(), user.motes.begin(), user.motes.end());
    std::sort(member.motesOnBase.begin(), member.motesOnBase.end());
    member.motesOnBase.erase(std::unique(member.motesOnBase.begin(), member.motesOnBase.end()),
                             member.motesOnBase.end());
  }
}

}  // namespace edgecut::compiler
