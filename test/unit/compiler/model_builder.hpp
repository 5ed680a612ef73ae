// Builds small ProgramModels and plans by hand, so place/check/emit are tested without Clang.
#pragma once

#include "edgecut/compiler/model.hpp"
#include "edgecut/compiler/plan.hpp"

namespace edgecut::compiler::testing {

inline SourceLocation at(unsigned line, unsigned column = 1, std::string file = "program.cpp") {
  return {std::move(file), line, column};
}

inline Function function(std::string key, Attribute attribute = Attribute::None, unsigned line = 1) {
  Function out;
  out.key = key;
  out.qualifiedName = key.substr(0, key.find('('));
  out.mangledName = "_Z" + out.qualifiedName;
  out.id = fnv1a32(out.mangledName);
  out.attribute = attribute;
  out.hasBody = true;
  out.location = at(line, 5);
  out.attributeLocation = at(line, 3);
  out.returnType = "int";
  out.isMain = out.qualifiedName == "main";
  // As collect does for a free function: main and [[onbase]] code run on the base, other code on
  // the mote that calls it. Tests of methods and mote parameters set runsOn themselves.
  if (out.isMain || attribute == Attribute::Onbase) out.runsOn = OnBase{};
  return out;
}

inline PlacementEntry entry(std::string key, Side side, unsigned line) {
  return {std::move(key), side, at(line, 5, "plan.json"), at(line, 20, "plan.json")};
}

}  // namespace edgecut::compiler::testing
