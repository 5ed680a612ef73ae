// Partition: the one answer to "where does this code go" (docs/design.md §1 and §3). place()
// resolves the plan, decides what it leaves to the energy estimate, and walks the call graph from
// the code of each side; check, emit, explain and the energy model read the result and compute no
// closure of their own. Pure, like place: plain data in, plain data out.
//
// For each function of the program it records the units its definition is compiled into, what
// the other unit gets in its place, and its role. What a call of it runs on (a mote instance, a
// cluster head, a mote parameter, the calling mote or the base) is the function's own
// (Function::runsOn, from collect); the Partition says on which side that is.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <unordered_map>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"
#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/place.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler {

struct RunProfile;

// The two generated units (docs/design.md §3): mote.cpp and base.cpp.
enum class Unit { Mote, Base };

// What the unit that does not compile a function's definition gets in its place.
enum class StandIn {
  Nothing,      // no unit lacks it: both compile it (or neither has a body to compile)
  Declaration,  // the body becomes `;`: code there may still name it, and never runs it
  RemoteStub,   // the body becomes a call over the radio: the base's base::call (or callCluster)
                // of a function on a mote, the mote's mote::callBase of a remote helper or of a
                // base function that [[auto]] mote code calls (mote::pushBase when it returns void)
  Comment,      // a comment saying where it runs: main, and members defined outside their class
                // (which cannot be declared again there)
};
const char* standInName(StandIn standIn);  // "nothing", "declaration", "remote stub", "comment"

enum class Role {
  Placed,           // main or marked [[onboard]], [[onbase]] or [[auto]]: on the side its
                    // FunctionPlacement gives, for the reason it gives (attribute, main, plan,
                    // default or energy)
  PerGroupVariant,  // placed per group of motes on both sides: compiled into the mote for its
                    // mote groups; the base keeps a variant that sends their calls to them
  CompiledHelper,   // unannotated and called from mote code: compiled into the mote with it
                    // (approach 1), and into the base as well unless it uses mote state
  RemoteHelper,     // unannotated, called from mote code on the base (approach 2)
  BaseOnlyHelper,   // unannotated and called from base code only: the mote unit lacks it (a
                    // constexpr one excepted: a constant expression there may need its body)
  Unreached,        // unannotated and called by no placed code (a constructor or a global's
                    // initializer may call it: collect records calls in function bodies): kept
                    // in both units as written, unless it calls code the mote unit lacks
  Stub,             // a sensor or actuator: bodiless; each unit gets the definition edgecut
                    // generates (the mote reads its hardware, the base asks over the radio)
};
const char* roleName(Role role);  // "placed", "per-group variant", "compiled-in helper", ...

// A function that a walk of the call graph reached, and the call that first reached it.
struct Reached {
  const Function* function = nullptr;
  const Function* caller = nullptr;  // nullptr for a root
  const CallSite* call = nullptr;    // the call in caller->calls that reached it
};

// The code `roots` bring into the unit of `side` (docs/design.md §1): each root, then the
// functions with bodies it calls that `placement` does not place, and theirs, each once: they are
// compiled in with it. Depth first in call order, roots in the order given, so a function's
// chain of callers leads back to the root that first reached it. A placed callee is not followed:
// it is code of its own side. On the mote, neither is a helper that the placement calls remotely
// (approach 2): it runs on the base. The one walk behind the Partition, and behind check's
// answers about placements the placer only considers (reasonNotOnMote, reasonNotOnBase).
std::vector<Reached> compiledWith(const ProgramModel& program, const ResolvedPlacement& placement,
                                  Side side, const std::vector<const Function*>& roots);

// Whether mote code may call `callee` on the base over the radio (approach 2, docs/design.md §1):
// it runs on the base for every mote and has no mote to run on, so that a call names nothing the
// base lacks.
bool callableOverRadio(const Function& callee, const ResolvedPlacement& placement);
// Whether `caller`'s call of `callee` goes over the radio: `caller` is an [[auto]] function on a
// mote (placed there, or compiled in with the [[auto]] or [[onboard]] code that calls it: an auto
// callee the placement leaves open follows its caller) and `callee` is callableOverRadio. [[onboard]] code keeps approach 3. Recursion back into the mote is check's
// to refuse.
bool callsBaseOverRadio(const Reached& caller, const Function& callee, const ResolvedPlacement& placement);

// Where one function goes.
struct FunctionPartition {
  const Function* function = nullptr;
  Role role = Role::Unreached;
  bool inMote = false;  // its definition is compiled into mote.cpp
  bool inBase = false;  // ... into base.cpp
  StandIn standIn = StandIn::Nothing;          // what the unit without its definition gets
  const FunctionPlacement* placed = nullptr;   // Placed and PerGroupVariant: side and why
  const HelperPlacement* helper = nullptr;     // a helper whose approach the estimate chose
  const Reached* fromMote = nullptr;  // its entry in Partition::moteCode(), when mote code runs it
  const Reached* fromBase = nullptr;  // its entry in Partition::baseCode(), when base code runs it
  // Placed on the base, and [[auto]] code on a mote calls it over the radio (callsBaseOverRadio):
  // the mote unit's stand-in is a stub, and the base's dispatcher serves it.
  bool calledFromMote = false;

  bool compiledInto(Unit unit) const { return unit == Unit::Mote ? inMote : inBase; }
};

// Where `entry` runs, as explain and placement.resolved.json both say it: "mote" or "base" for a
// function placed on one side (the other side only has its stand-in) and for a remote helper,
// "both" for a per-group variant, and otherwise the units its definition is compiled into.
const char* sideName(const FunctionPartition& entry);

// Where a data member of a [[mote]] class lives (docs/design.md §1, "State follows code"): where
// the code that uses it runs, for each mote.
enum class MemberHome {
  Mote,      // on its mote (also a member no placed code uses, and one check refuses)
  Base,      // on the base, one copy per mote: every user runs on the base
  PerGroup,  // on the motes of the groups whose users run there, on the base for the rest
};
const char* memberHomeName(MemberHome home);  // "mote", "base", "per group"

// A function whose body uses a member, as the code of one placed function (its root) on one side.
struct MemberUser {
  const Function* function = nullptr;  // the function whose body uses the member
  const FieldUse* use = nullptr;       // its first use there
  const Function* root = nullptr;      // the placed function (or remote helper) it runs with
  Side side = Side::Mote;
  bool everyMote = true;               // for every mote; else only for `motes`
  std::vector<std::uint32_t> motes;    // the motes of the root's groups on `side`, in id order

  // Whether this user and `other` can run for one mote.
  bool sharesMoteWith(const MemberUser& other) const;
};

// Where one member lives, and who uses it.
struct MemberPartition {
  std::string key;                  // "Meter::sum" (FieldUse::member)
  SourceLocation declaration;       // its declaration, when some code uses it
  MemberHome home = MemberHome::Mote;
  std::vector<std::uint32_t> motesOnBase;  // PerGroup: the motes whose copy the base keeps
  std::vector<MemberUser> users;    // each function once per side and root, roots in program order
  // Two users on different sides for one mote, indices into `users` (mote side first). check
  // refuses the program; until then the member is on the mote.
  std::optional<std::pair<std::size_t, std::size_t>> conflict;

  bool onBase() const { return home != MemberHome::Mote; }  // base.cpp keeps copies of it
  // The [[auto]] functions whose code uses it (as roots of users), each once, in program order:
  // the code it follows. explain and placement.resolved.json list the members that have some.
  std::vector<const Function*> followsAuto() const;
  // "on the base, one copy per mote", "on the motes", "on the motes of ..., on the base for ...".
  std::string whereItLives() const;
};

class Partition {
 public:
  // Partitions the program under a placement in which every placed function has its side (after
  // placeAutomatically, or a hand-made one in tests).
  Partition(const ProgramModel& program, ResolvedPlacement placement);
  Partition(Partition&&) = default;  // the entries point into the placement and the walks
  Partition& operator=(Partition&&) = default;
  Partition(const Partition&) = delete;
  Partition& operator=(const Partition&) = delete;

  const ResolvedPlacement& placement() const { return placement_; }
  // Every function of the program, in program order.
  const std::vector<FunctionPartition>& functions() const { return functions_; }
  const FunctionPartition* find(const std::string& key) const;
  const FunctionPartition& of(const Function& function) const { return *find(function.key); }

  // The code that runs on motes: the functions placed there (per group too), each followed by the
  // helpers compiled in with it (compiledWith). Remote helpers are not in it.
  const std::vector<Reached>& moteCode() const { return moteCode_; }
  // The code that runs on the base: the functions placed there (per group too), the remote
  // helpers, and the helpers they call.
  const std::vector<Reached>& baseCode() const { return baseCode_; }

  // Every data member of every [[mote]] class, classes and members in program order.
  const std::vector<MemberPartition>& members() const { return members_; }
  const MemberPartition* member(const std::string& key) const;  // by MemberPartition::key

 private:
  void placeMembers(const ProgramModel& program);

  ResolvedPlacement placement_;
  std::vector<Reached> moteCode_, baseCode_;
  std::vector<FunctionPartition> functions_;
  std::unordered_map<std::string, std::size_t> byKey_;
  std::vector<MemberPartition> members_;
  std::unordered_map<std::string, std::size_t> memberByKey_;
};

// The pipeline's placement: resolves the plan (resolvePlacement), places what it leaves to the
// energy estimate (placeAutomatically, energy.hpp), and partitions the program. Nothing after an
// error, which it has reported.
std::optional<Partition> place(const ProgramModel& program, const PlacementPlan& plan,
                               DiagnosticSink& diagnostics, const RunProfile* profile = nullptr);

}  // namespace edgecut::compiler
