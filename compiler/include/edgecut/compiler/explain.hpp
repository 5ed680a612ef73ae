// Explain: `edgecut explain`'s report (docs/design.md §3): where each function went and why, with
// the energy estimate's terms, and each planned cluster's head. Pure: it reads the Partition.
#pragma once

#include <ostream>

#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/partition.hpp"
#include "edgecut/compiler/plan.hpp"
#include "edgecut/compiler/run_profile.hpp"

namespace edgecut::compiler {

// One line per placed function (and per group of a per-group placement, its motes as ranges,
// per_mote.hpp's idRanges: "motes 1–3, 7"), per helper with a chosen approach and per helper
// compiled into the mote; then the estimated E of the whole placement (with `profile`, from its
// counts), and the clusters' heads.
void explain(std::ostream& out, const ProgramModel& program, const PlacementPlan& plan,
             const Partition& partition, const RunProfile* profile = nullptr);

}  // namespace edgecut::compiler
