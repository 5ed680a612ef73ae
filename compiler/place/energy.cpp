#include "edgecut/compiler/energy.hpp"

#include "energy_model.hpp"

namespace edgecut::compiler {

using energy_model::EnergyModel;

EnergyTerms estimateEnergy(const ProgramModel& program, const PlacementPlan& plan,
                           const ResolvedPlacement& placement, const RunProfile* profile) {
  EnergyModel model(program, plan, placement, profile);
  return model.evaluate(model.sidesOf(placement), model.approachesOf(placement));
}

EnergyProblem buildEnergyProblem(const ProgramModel& program, const PlacementPlan& plan,
                                 const ResolvedPlacement& placement, const RunProfile* profile) {
  EnergyModel model(program, plan, placement, profile);
  EnergyProblem out;
  out.problem = model.problem();
  out.flash = model.flash();
  for (const EnergyModel::Node& node : model.nodes()) {
    out.keys.push_back(node.function->key);
    out.groups.push_back(node.label);
    out.constraints.push_back(node.constraint);
  }
  return out;
}

}  // namespace edgecut::compiler
