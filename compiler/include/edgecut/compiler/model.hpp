// The program model: what edgecut needs to know about a program, recorded once from the AST by
// collect. Everything after collect (place, check, emit) works on this plain data, so it can be
// tested without Clang.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"

namespace edgecut::compiler {

// A placement attribute as written in the program. Kept in step with attributes.def.
enum class Attribute { None, Onboard, Onbase, Auto };
const char* attributeSpelling(Attribute attribute);  // "onboard", ...

// Half-open byte range [begin, end) in the main file's text.
struct TextRange {
  unsigned begin = 0;
  unsigned end = 0;
  bool empty() const { return begin == end; }
};

// Why a type cannot cross between mote and base, or nothing when it can.
struct CrossingProblem {
  std::string what;  // "a pointer", "a lambda", "a non-const reference", ...
};

struct Parameter {
  std::string name;       // may be empty
  std::string type;       // as written, for messages: "const std::string &"
  std::string qualifiedType;  // fully qualified, as generated code at global scope spells it
  std::string valueType;  // what travels, fully qualified, no reference or cv: "std::string"
  std::string moteClass;  // set when the parameter is a [[mote]] class (by reference): not serialized
  std::optional<CrossingProblem> problem;
  SourceLocation location;
};

// A use of another function inside a function body.
struct CallSite {
  std::string callee;  // Function::key of a program function
  SourceLocation location;
};

// A use of a global variable inside a function body.
struct GlobalUse {
  std::string name;
  bool isMutable = false;
  SourceLocation location;
  SourceLocation declaration;
};

enum class FunctionKind {
  Plain,     // an ordinary function with a body
  Sensor,    // a bodiless getX() of a [[mote]] class
  Actuator,  // a bodiless setX(v) of a [[mote]] class
};

struct Function {
  std::string key;            // qualified name and parameter types: "Soil::avgMoisture(int)"
  std::string qualifiedName;  // "Soil::avgMoisture"
  std::string mangledName;
  std::uint32_t id = 0;       // FNV-1a 32 of the mangled name
  FunctionKind kind = FunctionKind::Plain;
  Attribute attribute = Attribute::None;
  SourceLocation attributeLocation;
  bool isMain = false;
  bool hasBody = false;
  bool isConstMethod = false;
  bool isOutOfLineMethod = false;  // a member defined outside its class: `int A::f() {...}`
  std::string moteClass;      // the [[mote]] class it belongs to, if a member of one
  std::string ioName;         // sensor or actuator name, for Sensor and Actuator
  std::string returnType;     // fully qualified, as it can be spelled in generated code
  std::optional<CrossingProblem> returnProblem;
  std::vector<Parameter> parameters;
  std::vector<CallSite> calls;
  std::vector<GlobalUse> globals;
  SourceLocation location;    // of the name in the definition (or declaration without one)
  TextRange definition;       // the whole definition, when it is in the main file
  TextRange body;             // the body `{...}`, when it has one in the main file
  TextRange name;             // the name token in the definition
  bool bodyEndsWithReturn = false;
  bool mainTakesArguments = false;  // for main: `int main(int, char**)`

  bool isSensorOrActuator() const { return kind != FunctionKind::Plain; }
  // The [[mote]] class whose instance it runs on: its own class, or its first mote parameter.
  const Parameter* moteParameter() const;
};

struct MoteClass {
  std::string name;           // as it can be spelled in generated code: "Soil", "farm::Soil"
  SourceLocation location;
  unsigned bodyOpen = 0;      // offset just after the class body's `{`
  bool isClassKeyword = false;  // `class` rather than `struct`: members default to private
  std::vector<std::string> sensors;    // sensor names, in declaration order
  std::vector<std::string> actuators;  // actuator names, in declaration order
  std::vector<std::string> dataMembers;
};

struct ProgramModel {
  std::string mainFile;           // as given on the command line
  std::string mainFileText;
  std::vector<Function> functions;   // in source order
  std::vector<MoteClass> moteClasses;
  std::vector<TextRange> attributeRanges;  // every edgecut attribute in the main file, to strip
  std::vector<std::string> dependencies;   // every file the program read, for the depfile

  const Function* findFunction(const std::string& key) const;
  const MoteClass* findMoteClass(const std::string& name) const;

  // findFunction's index by key (first function with each key), built on first use and rebuilt
  // whenever `functions` has grown, shrunk or moved since. Not part of the model's data.
  struct FunctionIndex {
    std::unordered_map<std::string, std::size_t> byKey;
    const Function* indexed = nullptr;  // functions.data() when it was built
    std::size_t count = 0;              // functions.size() when it was built
  };
  mutable FunctionIndex functionIndex;
};

// FNV-1a, the hash behind function, sensor and actuator ids and the fingerprint.
std::uint32_t fnv1a32(const std::string& text);
std::uint64_t fnv1a64(const std::string& text, std::uint64_t seed = 0xcbf29ce484222325ull);

}  // namespace edgecut::compiler
