// The energy model behind the placer and the estimate: what each placement decision costs, as
// terms of a PlacementProblem (docs/design.md §4). Private to compiler/place/: energy.cpp evaluates
// it, auto_placement.cpp solves it.
#pragma once

#include "edgecut/compiler/energy.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "edgecut/compiler/check.hpp"
#include "edgecut/compiler/partition.hpp"

#include "call_counts.hpp"
#include "geography.hpp"

namespace edgecut::compiler::energy_model {

// Above this many auto functions, explain's "other side" figures (one extra solve each) are
// skipped: the placement itself is one solve whatever the size.
constexpr std::size_t kMaxAlternatives = 2000;

inline bool isPlaced(const Function& function) {
  return !function.isSensorOrActuator() && (function.isMain || function.attribute != Attribute::None);
}

// What one run of a placed function does, its unannotated helpers included.
struct Effects {
  double operations = 0;                       // per call
  std::map<std::string, double> callsPerCall;  // placed functions, sensors and actuators it calls
  std::map<std::string, double> choiceCalls;   // helpers whose approach is chosen
};

// "1 run", "5 runs", "2.5 runs": explain's counts.
inline std::string counted(double count, const char* one, const char* many) {
  return fmt::format("{:g} {}", count, count == 1 ? one : many);
}

// The data values a call's arguments carry to the callee (Parameter::dataValues).
inline double argumentValues(const Function& function) {
  return std::accumulate(function.parameters.begin(), function.parameters.end(), 0.0,
                         [](double values, const Parameter& parameter) { return values + parameter.dataValues; });
}

// One call edge's counts, per run of the program: from the profile, or estimated.
struct CalleeCost {
  const Function* callee = nullptr;
  double count = 0;     // calls (or reads) per run
  double integers = 0;  // data values a result (or a reading) carries across the radio
  bool integersMeasured = false;
};

// The counts behind a placed function's terms, and where they came from.
struct Costs {
  double runs = 0;
  double operationsPerRun = 0;  // on a mote
  std::vector<CalleeCost> calls;
  bool measured = false;            // runs and calls come from the profile
  bool operationsMeasured = false;  // operationsPerRun too (it ran on a mote)
};

class EnergyModel {
 public:
  // A placement decision: a function, or one group of a function placed per group of motes.
  struct Node {
    const Function* function = nullptr;
    std::size_t group = kWholeFunction;  // index into FunctionPlacement::groups
    std::string label;                   // the group's label; empty for a whole function
    // The motes its calls run on, and the share of the function's calls that go to them (calls
    // are taken to spread evenly over the motes, as the estimate's means do).
    std::vector<std::uint32_t> home;
    double share = 1;
    EnergyTerms onMote, onBase;
    std::optional<Side> pinned;
    std::string constraint;  // why legality forced the pin of an auto function
    Costs costs;             // the counts behind its terms
  };
  static constexpr std::size_t kWholeFunction = SIZE_MAX;
  struct Edge {
    std::size_t caller = 0, callee = 0;
    double transmitIfCalleeOnMote = 0;  // paid when the caller is on the base and the callee on a mote
    double transmitIfCallerOnMote = 0;  // ... the caller on a mote and the callee on the base
  };
  // A helper whose approach the placer chooses, and why it may not be compiled in.
  struct Choice {
    const Function* helper = nullptr;
    std::optional<HelperApproach> pinned;
    std::string constraint;
  };
  // One placed function's calls of a choice's helper, when that function runs on a mote.
  struct ChoiceUse {
    std::size_t node = 0, choice = 0;
    EnergyTerms compiled;  // its operations there
    EnergyTerms remote;    // the mote transmitting the arguments to the base
  };

  EnergyModel(const ProgramModel& program, const PlacementPlan& plan,
              const ResolvedPlacement& placement, const RunProfile* profile)
      : program_(program), plan_(plan), profile_(profile), geography_(plan, program) {
    calls_ = countCalls(program, geography_, placement.tasks);
    ResolvedPlacement& pins = pins_;
    for (const auto& [key, placed] : placement.byKey)
      if (placed.reason != PlacementReason::Default && placed.reason != PlacementReason::Energy)
        pins.byKey.emplace(key, placed);
    findChoices(pins);
    // An auto function's legality on the mote: the helpers it may call remotely are not its own.
    for (const Choice& choice : choices_) pins.helpers[choice.helper->key].approach = HelperApproach::Remote;
    // What each function takes onto the mote: its helpers, not the placed functions it calls, nor
    // the helpers with a choice (their bytes are the choice's).
    walk_.byKey = placement.byKey;
    walk_.helpers = pins.helpers;
    for (const Function& function : program.functions) {
      if (!isPlaced(function)) continue;
      // Legality is the function's, whichever motes it runs on; only open decisions need it.
      std::optional<Side> forced;
      std::string constraint;
      if (!pins.find(function.key)) {
        if (auto why = reasonNotOnMote(program, plan, pins, function)) {
          forced = Side::Base;
          constraint = why->message;
        } else if (auto why = reasonNotOnBase(program, pins, function)) {
          forced = Side::Mote;
          constraint = why->message;
        }
      }
      const FunctionPlacement* placed = placement.find(function.key);
      std::vector<std::size_t>& indices = nodesOf_[function.key];
      if (placed && !placed->groups.empty()) {
        // One node per group, so that the cut decides each group on its own, exactly.
        double motes = 0;
        for (const GroupPlacement& group : placed->groups) motes += static_cast<double>(group.motes.size());
        for (std::size_t g = 0; g < placed->groups.size(); ++g) {
          const GroupPlacement& group = placed->groups[g];
          Node node;
          node.function = &function;
          node.group = g;
          node.label = group.label;
          node.home = group.motes;
          node.share = motes > 0 ? static_cast<double>(group.motes.size()) / motes : 0;
          if (group.reason == PlacementReason::Plan) {
            node.pinned = group.side;
          } else if (forced) {
            node.pinned = forced;
            node.constraint = constraint;
          }
          indices.push_back(nodes_.size());
          nodes_.push_back(std::move(node));
        }
        continue;
      }
      Node node;
      node.function = &function;
      node.home = geography_.homeOf(function);
      if (const FunctionPlacement* pinned = pins.find(function.key)) {
        node.pinned = pinned->side;
      } else if (forced) {
        node.pinned = forced;
        node.constraint = constraint;
      }
      indices.push_back(nodes_.size());
      nodes_.push_back(std::move(node));
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) addTerms(i);
    for (const Node& node : nodes_)
      for (const CalleeCost& call : node.costs.calls) {
        const CalleeCost*& kept = callsTo_[call.callee];
        if (!kept || (call.integersMeasured && !kept->integersMeasured)) kept = &call;
      }
    if (plan.energy.opsPerCall) {
      for (Node& node : nodes_) {
        if (node.pinned || !node.function->hasMoteToRunOn()) continue;
        std::set<std::string> seen;
        const double operations = operationsOnMote(*node.function, seen);
        if (operations > *plan.energy.opsPerCall) {
          node.pinned = Side::Base;
          node.constraint = fmt::format(
              "one call runs about {:g} operations on the mote, over the plan's budget of {:g} "
              "(energy.budget.ops_per_call)",
              operations, *plan.energy.opsPerCall);
        }
      }
    }
    keepMemberUsersTogether();
  }

  // The code sizes behind a flash budget (energy.hpp), worked out the first time they are asked
  // for: only a plan with a budget, and tests, need them.
  const FlashBudget& flash() {
    if (flash_) return *flash_;
    FlashBudget& flash = flash_.emplace();
    flash.capacity = plan_.energy.flashBytes.value_or(0);
    std::map<std::string, std::vector<std::size_t>> usersOfHelper;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      // A function placed per group is compiled in once, whichever of its groups run on the mote.
      const bool grouped = nodes_[i].group != kWholeFunction;
      flash.nodeBytes.push_back(grouped ? 0 : codeBytes(*nodes_[i].function));
      if (grouped) usersOfHelper[nodes_[i].function->key].push_back(i);
      for (const Function* helper : helpersCompiledWith(*nodes_[i].function)) usersOfHelper[helper->key].push_back(i);
    }
    for (const auto& [code, users] : usersOfHelper)
      flash.shared.push_back({code, codeBytes(*function(code)), users});
    for (const Choice& choice : choices_) {
      FlashBudget::ChoiceBytes bytes{codeBytes(*choice.helper), kFlashBytesPerFunction, {}};
      for (const Function* helper : helpersCompiledWith(*choice.helper)) bytes.compiled += codeBytes(*helper);
      flash.choiceBytes.push_back(std::move(bytes));
    }
    for (const ChoiceUse& use : choiceUses_) flash.choiceBytes[use.choice].users.push_back(use.node);
    return flash;
  }

  const std::vector<Choice>& choices() const { return choices_; }
  const std::vector<ChoiceUse>& choiceUses() const { return choiceUses_; }

  const std::vector<Node>& nodes() const { return nodes_; }

  // Which of node i's counts the profile gave, for explain: "measured in run.json: 5 runs, 40
  // calls and reads, 45 operations per run; estimated: 1 integer per result".
  std::string figures(std::size_t i) const {
    const Node& node = nodes_[i];
    const Costs& costs = node.costs;
    if (!costs.measured) return fmt::format("every count estimated: {} has no figures for it", profile_->file);
    double calls = 0;
    for (const CalleeCost& call : costs.calls) calls += call.count;
    std::vector<std::string> measured{counted(costs.runs, "run", "runs"),
                                      counted(calls, "call and read", "calls and reads")};
    std::vector<std::string> estimated;
    (costs.operationsMeasured ? measured : estimated)
        .push_back(counted(costs.operationsPerRun, "operation per run", "operations per run"));
    // Its result's size, as a call to it counted it.
    if (auto call = callsTo_.find(node.function); call != callsTo_.end())
      (call->second->integersMeasured ? measured : estimated)
          .push_back(counted(call->second->integers, "integer per result", "integers per result"));
    std::string out = fmt::format("measured in {}: {}", profile_->file, fmt::join(measured, ", "));
    if (!estimated.empty()) out += fmt::format("; estimated: {}", fmt::join(estimated, ", "));
    return out;
  }

  PlacementProblem problem() const {
    PlacementProblem problem;
    for (const Node& node : nodes_)
      problem.nodes.push_back({node.label.empty() ? node.function->key : node.function->key + " for " + node.label,
                               node.onMote.total(), node.onBase.total(), node.pinned});
    for (const Edge& edge : edges_)
      problem.edges.push_back({edge.caller, edge.callee, 0, edge.transmitIfCallerOnMote, edge.transmitIfCalleeOnMote});
    problem.requirements = requirements_;
    problem.together = together_;
    for (const Choice& choice : choices_) problem.choices.push_back({choice.helper->key, choice.pinned});
    for (const ChoiceUse& use : choiceUses_)
      problem.choiceUses.push_back({use.node, use.choice, use.compiled.total(), use.remote.total()});
    return problem;
  }

  EnergyTerms evaluate(const std::vector<Side>& sides, const std::vector<HelperApproach>& approaches) const {
    EnergyTerms terms;
    for (const ChoiceUse& use : choiceUses_) {
      if (sides[use.node] != Side::Mote) continue;
      const EnergyTerms& paid = approaches[use.choice] == HelperApproach::Compiled ? use.compiled : use.remote;
      terms.instructions += paid.instructions;
      terms.transmit += paid.transmit;
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const EnergyTerms& side = sides[i] == Side::Mote ? nodes_[i].onMote : nodes_[i].onBase;
      terms.instructions += side.instructions;
      terms.transmit += side.transmit;
    }
    for (const Edge& edge : edges_)
      if (sides[edge.caller] != sides[edge.callee])
        terms.transmit += sides[edge.caller] == Side::Base ? edge.transmitIfCalleeOnMote : edge.transmitIfCallerOnMote;
    return terms;
  }

  std::vector<Side> sidesOf(const ResolvedPlacement& placement) const {
    std::vector<Side> sides;
    for (const Node& node : nodes_) {
      const FunctionPlacement* placed = placement.find(node.function->key);
      if (placed && node.group != kWholeFunction) sides.push_back(placed->groups[node.group].side);
      else sides.push_back(placed ? placed->side : Side::Base);
    }
    return sides;
  }

  // A helper the placement does not list is compiled in (approach 1), as without a choice.
  std::vector<HelperApproach> approachesOf(const ResolvedPlacement& placement) const {
    std::vector<HelperApproach> approaches;
    for (const Choice& choice : choices_) {
      auto found = placement.helpers.find(choice.helper->key);
      approaches.push_back(found == placement.helpers.end() ? HelperApproach::Compiled : found->second.approach);
    }
    return approaches;
  }

 private:
  const Function* function(const std::string& key) const { return program_.findFunction(key); }

  // The operations and calls of one run of `function` with its unannotated helpers; a helper that
  // recurses into itself is counted once.
  const Effects& effects(const Function& function) {
    if (auto found = effects_.find(function.key); found != effects_.end()) return found->second;
    Effects result;
    result.operations = function.operationsPerCall;
    inProgress_.insert(function.key);
    for (const CallSite& call : function.calls) {
      const Function* callee = this->function(call.callee);
      if (!callee) continue;
      const double times = timesPerCall(geography_, function, call);
      if (isPlaced(*callee) || callee->isSensorOrActuator()) {
        result.callsPerCall[callee->key] += times;
      } else if (choiceOf_.count(callee->key)) {
        result.choiceCalls[callee->key] += times;
      } else if (callee->hasBody && !inProgress_.count(callee->key)) {
        const Effects& inner = effects(*callee);
        result.operations += times * inner.operations;
        for (const auto& [key, count] : inner.callsPerCall) result.callsPerCall[key] += times * count;
      }
    }
    inProgress_.erase(function.key);
    return effects_[function.key] = std::move(result);
  }

  // The helpers whose approach the placer chooses: unannotated free functions with a body, no
  // mote or cluster to run on, that only placed functions call, at least one of them [[auto]] and
  // none [[onboard]] (whose callees must resolve on the mote: approach 3); whose values can cross
  // (named parameters, to forward); and that, with the helpers they call, use no mote state and
  // call no placed code, sensor or actuator (the base runs them alone); and that are not constexpr
  // (a constant expression on the mote needs the body, not a stub). One that cannot run on a mote
  // (a mutable global, something the profile lacks) is pinned remote.
  void findChoices(const ResolvedPlacement& pins) {
    std::map<std::string, std::vector<const Function*>> callers;
    for (const Function& caller : program_.functions)
      for (const CallSite& call : caller.calls) callers[call.callee].push_back(&caller);
    for (const Function& helper : program_.functions) {
      if (isPlaced(helper) || helper.isSensorOrActuator() || !helper.hasBody || helper.hasMoteToRunOn() ||
          helper.returnProblem || !helper.fieldUses.empty() || helper.isConstexpr)
        continue;
      const bool crosses = std::all_of(helper.parameters.begin(), helper.parameters.end(), [](const Parameter& p) {
        return !p.problem && p.moteClass.empty() && !p.name.empty();
      });
      const std::vector<const Function*>& by = callers[helper.key];
      const bool onlyPlacedCallers =
          std::all_of(by.begin(), by.end(), [](const Function* caller) { return isPlaced(*caller); });
      const bool anAutoCaller = std::any_of(by.begin(), by.end(), [](const Function* caller) {
        return caller->attribute == Attribute::Auto;
      });
      const bool anOnboardCaller = std::any_of(by.begin(), by.end(), [](const Function* caller) {
        return caller->attribute == Attribute::Onboard;
      });
      if (!crosses || !onlyPlacedCallers || !anAutoCaller || anOnboardCaller) continue;
      if (!effects(helper).callsPerCall.empty() || reasonNotOnBase(program_, pins, helper)) continue;
      Choice choice{&helper, std::nullopt, {}};
      if (auto why = reasonNotOnMote(program_, plan_, pins, helper)) {
        choice.pinned = HelperApproach::Remote;
        choice.constraint = why->message;
      }
      choiceOf_[helper.key] = choices_.size();
      choices_.push_back(std::move(choice));
    }
    // effects() ran before the choices were known: what it kept would count them as compiled in.
    effects_.clear();
  }

  // The operations one call of `function` runs on a mote: its own and its helpers', and those of
  // the auto functions it calls, which run on the mote with it.
  double operationsOnMote(const Function& function, std::set<std::string>& seen) {
    if (!seen.insert(function.key).second) return 0;
    const Effects& done = effects(function);  // unordered_map references survive rehashing
    double operations = done.operations;
    for (const auto& [key, times] : done.callsPerCall) {
      const Function& callee = *this->function(key);
      if (callee.attribute == Attribute::Auto) operations += times * operationsOnMote(callee, seen);
    }
    return operations;
  }

  // State follows code (docs/design.md §1): the nodes whose code uses one member of a [[mote]]
  // class for a mote they share run on one side, where the member lives. When pins already put
  // such users on both sides, check names them (Partition::members); the placer adds nothing.
  void keepMemberUsersTogether() {
    std::map<std::string, std::vector<std::size_t>> usersOf;  // by FieldUse::member
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      std::set<std::string> members;
      auto collect = [&](const Function& code) {
        for (const FieldUse& use : code.fieldUses) members.insert(use.member());
      };
      collect(*nodes_[i].function);
      for (const Function* helper : helpersCompiledWith(*nodes_[i].function)) collect(*helper);
      for (const std::string& member : members) usersOf[member].push_back(i);
    }
    auto shareMote = [&](const Node& a, const Node& b) {
      if (a.home.empty() || b.home.empty()) return true;  // the base's own code: any mote
      auto x = a.home.begin(), y = b.home.begin();
      while (x != a.home.end() && y != b.home.end()) {
        if (*x == *y) return true;
        *x < *y ? ++x : ++y;
      }
      return false;
    };
    for (const auto& [member, users] : usersOf) {
      bool pinnedMote = false, pinnedBase = false;
      for (std::size_t i : users)
        if (nodes_[i].pinned) (*nodes_[i].pinned == Side::Mote ? pinnedMote : pinnedBase) = true;
      if (pinnedMote && pinnedBase) continue;
      for (std::size_t a = 0; a < users.size(); ++a)
        for (std::size_t b = a + 1; b < users.size(); ++b)
          if (shareMote(nodes_[users[a]], nodes_[users[b]])) together_.push_back({users[a], users[b]});
    }
  }

  // The unannotated helpers compiled into the mote with `function`, by the Partition's walk.
  const std::vector<const Function*>& helpersCompiledWith(const Function& function) {
    auto [found, fresh] = helpersOf_.try_emplace(function.key);
    if (fresh)
      for (const Reached& reached : compiledWith(program_, walk_, Side::Mote, {&function}))
        if (reached.caller) found->second.push_back(reached.function);
    return found->second;
  }

  // Transmit energy of one read of a sensor of `sensorClass` by `node`'s function, on each side.
  std::pair<double, double> readCost(const Node& node, const std::string& sensorClass) const {
    const Function& reader = *node.function;
    const double transmit = plan_.energy.transmit;
    const auto* onHead = std::get_if<OnClusterHead>(&reader.runsOn);
    if (onHead && onHead->memberClass == sensorClass) {
      // A cluster method reads its members: to its head on a mote, to the base from the base.
      std::vector<double> toHead, toBase;
      for (const auto& [head, members] : geography_.clustersOf(sensorClass)) {
        if (std::find(node.home.begin(), node.home.end(), head) == node.home.end()) continue;
        for (std::uint32_t member : members) {
          toHead.push_back(member == head ? 0 : geography_.routeCost(member, head));
          toBase.push_back(geography_.routeCost(member, 0));
        }
      }
      return {transmit * mean(toHead), transmit * mean(toBase)};
    }
    const bool ownMote = !onHead && moteClassToRunOn(reader.runsOn) == sensorClass;
    const std::vector<std::uint32_t> source = ownMote ? node.home : geography_.motesOf(sensorClass);
    const double toBase = transmit * geography_.meanToBase(source);
    if (ownMote) return {0, toBase};
    // Another mote's sensor read from a mote: from each such mote to each mote `reader` runs on.
    std::vector<double> between;
    for (std::uint32_t at : node.home)
      for (std::uint32_t from : source) between.push_back(geography_.routeCost(from, at));
    return {transmit * mean(between), toBase};
  }

  // The sensor function a profile's read of `sensor` by `caller` stands for: one the caller's code
  // reads, else one of the caller's own mote class, else any.
  const Function* sensorRead(const Function& caller, const Effects& done, const std::string& sensor) const {
    for (const auto& [key, times] : done.callsPerCall)
      if (const Function* callee = function(key); callee->kind == FunctionKind::Sensor && callee->ioName == sensor)
        return callee;
    const Function* any = nullptr;
    for (const Function& candidate : program_.functions) {
      if (candidate.kind != FunctionKind::Sensor || candidate.ioName != sensor) continue;
      const auto* own = std::get_if<OnMoteInstance>(&caller.runsOn);
      if (own && moteClassToRunOn(candidate.runsOn) == own->moteClass) return &candidate;
      if (!any) any = &candidate;
    }
    return any;
  }

  // The counts of energy.hpp's estimate for `caller`, measured where the profile has them.
  Costs costsOf(const Function& caller, const Effects& done) const {
    Costs costs;
    const MeasuredFunction* measured = profile_ ? profile_->find(caller.key) : nullptr;
    if (!measured) {
      costs.runs = calls_.at(caller.key);
      costs.operationsPerRun = done.operations;
      for (const auto& [key, times] : done.callsPerCall) {
        const Function* callee = function(key);
        costs.calls.push_back({callee, costs.runs * times,
                               callee->kind == FunctionKind::Sensor ? 1.0 : callee->returnDataValues});
      }
      return costs;
    }
    costs.measured = true;
    costs.runs = measured->runs();
    const std::optional<double> operations = measured->operationsPerRun();
    costs.operationsMeasured = operations.has_value();
    costs.operationsPerRun = operations.value_or(done.operations);
    for (const auto& [key, call] : measured->calls) {
      const Function* callee = function(key);
      const std::optional<double> integers = call.integersPerResult();
      costs.calls.push_back({callee, call.calls, integers.value_or(callee->returnDataValues), integers.has_value()});
    }
    for (const auto& [sensor, call] : measured->reads) {
      const std::optional<double> integers = call.integersPerResult();
      if (const Function* read = sensorRead(caller, done, sensor))
        costs.calls.push_back({read, call.calls, integers.value_or(1.0), integers.has_value()});
    }
    return costs;
  }

  // Whether two nodes' calls run on a mote in common; a node of a whole function runs on them all.
  static bool sharesAMote(const Node& a, const Node& b) {
    if (a.group == kWholeFunction || b.group == kWholeFunction) return true;
    return std::any_of(a.home.begin(), a.home.end(), [&](std::uint32_t mote) {
      return std::find(b.home.begin(), b.home.end(), mote) != b.home.end();
    });
  }

  void addTerms(std::size_t index) {
    Node& node = nodes_[index];
    const Function& caller = *node.function;
    const Effects& done = effects(caller);
    // Legality follows the program's calls, whichever of them a profiled run took.
    for (const auto& [key, times] : done.callsPerCall) {
      const Function& callee = *function(key);
      if (callee.isSensorOrActuator() || callee.key == caller.key) continue;
      // Mote code cannot call back into the base, but [[auto]] code may call what its attribute or
      // the plan puts there over the radio (approach 2).
      const bool overRadio = caller.attribute == Attribute::Auto && callableOverRadio(callee, pins_) &&
                             !callsBackInto(program_, callee, caller.key);
      for (const std::size_t to : nodesOf_.at(key)) {
        // On a mote, the caller needs the callee there for the motes it runs on: a group of the
        // callee's that shares none of them may stay on the base (check's groupsAgreeOnTheMote).
        if (!overRadio && sharesAMote(node, nodes_[to])) requirements_.push_back({index, to});
        if (!callee.hasMoteToRunOn()) requirements_.push_back({to, index});  // nor give it a mote
      }
    }
    node.costs = costsOf(caller, done);
    // A group's node has its share of the function's runs, and so of the calls they make.
    node.costs.runs *= node.share;
    for (CalleeCost& call : node.costs.calls) call.count *= node.share;
    node.onMote.instructions += plan_.energy.instruction * node.costs.runs * node.costs.operationsPerRun;
    // The helpers with a choice, each call by the static estimate (a profiled run measured them
    // under the approach it was built with).
    for (const auto& [key, times] : done.choiceCalls) {
      const std::size_t choice = choiceOf_.at(key);
      const Function& helper = *choices_[choice].helper;
      const double count = node.costs.runs * times;
      ChoiceUse use{index, choice, {}, {}};
      use.compiled.instructions = plan_.energy.instruction * count * effects(helper).operations;
      use.remote.transmit =
          plan_.energy.transmit * count * argumentValues(helper) * geography_.meanToBase(geography_.homeOf(caller));
      choiceUses_.push_back(use);
    }
    for (const CalleeCost& call : node.costs.calls) {
      const Function& callee = *call.callee;
      if (callee.kind == FunctionKind::Sensor) {
        auto [onMote, onBase] = readCost(node, moteClassToRunOn(callee.runsOn));
        node.onMote.transmit += call.count * call.integers * onMote;
        node.onBase.transmit += call.count * call.integers * onBase;
        continue;
      }
      if (callee.isSensorOrActuator()) continue;  // a write's acknowledgement carries no value
      const auto targets = nodesOf_.find(callee.key);
      if (targets == nodesOf_.end() || callee.key == caller.key) continue;  // recursion stays on its side
      // A callee placed per group receives its share of the calls in each group.
      // From a mote to the base over the radio: the mote sends the arguments; the reply is free.
      const double arguments = plan_.energy.transmit * argumentValues(callee) * geography_.meanToBase(node.home);
      for (const std::size_t to : targets->second) {
        const Node& target = nodes_[to];
        const double result = plan_.energy.transmit * call.integers * geography_.meanToBase(target.home);
        edges_.push_back({index, to, call.count * target.share * result, call.count * target.share * arguments});
      }
    }
  }

  const ProgramModel& program_;
  const PlacementPlan& plan_;
  const RunProfile* profile_;  // null: every count is estimated
  Geography geography_;
  std::unordered_map<std::string, double> calls_;
  std::unordered_map<std::string, Effects> effects_;
  std::set<std::string> inProgress_;
  std::unordered_map<std::string, std::vector<std::size_t>> nodesOf_;  // by function key
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<PlacementProblem::Requirement> requirements_;
  std::vector<PlacementProblem::Together> together_;  // keepMemberUsersTogether
  // A call to each function that is called (one whose result's size was measured, if any), for
  // the size its results were counted at. nodes_ and their costs stay where they are once built.
  std::unordered_map<const Function*, const CalleeCost*> callsTo_;
  std::vector<Choice> choices_;
  std::unordered_map<std::string, std::size_t> choiceOf_;
  std::vector<ChoiceUse> choiceUses_;
  ResolvedPlacement pins_;  // what an attribute, main or the plan places; the helpers with a choice as remote
  ResolvedPlacement walk_;  // every placed function, and the helpers with a choice as remote
  std::unordered_map<std::string, std::vector<const Function*>> helpersOf_;
  std::optional<FlashBudget> flash_;
};


}  // namespace edgecut::compiler::energy_model
