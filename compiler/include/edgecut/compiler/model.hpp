// The program model: what edgecut needs to know about a program, recorded once from the AST by
// collect. Everything after collect (place, check, emit) works on this plain data, so it can be
// tested without Clang.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "edgecut/compiler/diagnostics.hpp"

namespace edgecut::compiler {

// A placement attribute as written in the program: one of attributes.def's placements.
enum class Attribute {
  None,
#define EDGECUT_PLACEMENT(NAME, ENUMERATOR, SUMMARY) ENUMERATOR,
#include "edgecut/attributes.def"
};
const char* attributeSpelling(Attribute attribute);  // "onboard", ...

// Half-open byte range [begin, end) in the text of one of the program's files: ProgramModel::files
// at index `file` (0, the first source, unless a range says otherwise).
struct TextRange {
  unsigned begin = 0;
  unsigned end = 0;
  unsigned file = 0;
  bool empty() const { return begin == end; }
};

// Why a type cannot cross between mote and base, or nothing when it can.
struct CrossingProblem {
  std::string what;  // "a pointer", "a lambda", "a non-const reference", ...
};

struct Parameter {
  std::string name;       // may be empty
  std::string type;       // for messages: "farm::Probe &", fully qualified so every Clang agrees
  std::string qualifiedType;  // fully qualified, as generated code at global scope spells it
  std::string valueType;  // what travels, fully qualified, no reference or cv: "std::string"
  std::string moteClass;  // set when the parameter is a [[mote]] class (by reference): not serialized
  std::optional<CrossingProblem> problem;
  SourceLocation location;
  // The data values (the Bᵢ of docs/design.md §4: scalar leaves) it carries across the radio, estimated from
  // its type: 1 for a scalar or string, the fields' sum for a struct, kUnknownElementCount per
  // element for a container whose size the type does not fix. 0 for a mote or cluster.
  double dataValues = 1;
};

// The number of elements assumed for a container whose size the type does not give.
inline constexpr double kUnknownElementCount = 10;

// A use of another function inside a function body.
struct CallSite {
  std::string callee;  // Function::key of a program function
  SourceLocation location;
  // How many times one call of the caller makes this call: the product of the constant trip counts
  // of the loops around it (a loop whose count is not constant counts kUnknownTripCount times).
  double timesPerCall = 1;
  // The [[mote]] classes whose motes the range-based for loops around the call walk, outermost
  // first. Each such loop counts kUnknownTripCount in timesPerCall; the placer replaces that with
  // the number of motes the plan's network gives.
  std::vector<std::string> moteLoops;
};

// The trip count assumed for a loop whose count the AST does not give as a constant.
inline constexpr double kUnknownTripCount = 10;

// Integer operations (docs/design.md §4's O) written directly in one block `{...}` of a body: arithmetic,
// comparisons, assignments, calls and branches, not counting nested blocks. The mote unit adds one
// counter per block, so that simulation builds measure the O they execute. The counting rules, and
// why some blocks are not `{...}` of the source, are in compiler/collect/collect_operations.hpp.
struct BlockOperations {
  enum class Kind {
    Block,        // a `{...}` of the source: the counter goes at insertAt, just after its `{`
    Unbraced,     // a body that is no block (`for (...) s;`): emit wraps [insertAt, end) in braces
    MissingElse,  // the end of an else-if chain with no else: emit adds `else { counter }` at insertAt
    CaseLabel,    // the statements after a `case X:` or `default:`: the counter goes at insertAt,
                  // just after the colon
  };
  Kind kind = Kind::Block;
  unsigned insertAt = 0;         // offset just after the block's `{` (see Kind), in the body's file
  unsigned end = 0;              // Unbraced: offset just after the body (its `;` included)
  unsigned depth = 0;            // how deep its statement nests: where closing text of several blocks
                                 // meets at one offset, the deepest goes first
  std::uint64_t operations = 0;
  // How many times one call of the function runs the block: the static estimate, as
  // CallSite::timesPerCall.
  double timesPerCall = 1;
};

// A use of a global variable inside a function body.
struct GlobalUse {
  std::string name;
  bool isMutable = false;
  SourceLocation location;
  SourceLocation declaration;
};

// A use of a [[mote]] class's data member: mote state, which lives where the code that uses it
// runs (docs/design.md §1, "State follows code"; the Partition says where: partition.hpp).
struct FieldUse {
  std::string moteClass;
  std::string field;
  SourceLocation location;
  SourceLocation declaration;
  TextRange name;  // the member's name at the use, when it is in a program file: emit rewrites it

  std::string member() const { return moteClass + "::" + field; }  // "Meter::sum", MemberPartition::key
};

// A use in a function body that a mote profile may forbid (docs/design.md §1, "profile"). Collect records
// every one, whatever the plan; check applies the plan's profile to the code compiled into the mote.
struct LibraryUse {
  enum class Kind {
    Expression,   // a language feature: "new", "delete", "throw", "try", "typeid", "dynamic_cast"
    Declaration,  // something declared in a system header: a function, variable, or class type
  };
  Kind kind = Kind::Expression;
  std::string what;    // as shown: "new", "std::vector<int>::push_back", "std::string", "printf"
  std::string entity;  // Declaration: the qualified name without template arguments of the function
                       // or variable, or for members the class: "std::vector", "std::cout", "printf"
  std::string header;  // Declaration: the public header it comes from: "vector", "cstdio", "unistd.h"
  SourceLocation location;
};

// What a call of a function runs on (docs/design.md §1, "Where a call runs"), as its declaration
// says: collect fills it once; the plan and the Partition say on which side.
struct OnMoteInstance {  // a method of a [[mote]] class: that mote (the base holds its proxy)
  std::string moteClass;
};
struct OnClusterHead {  // a method of an edgecut::Cluster<M> subclass: the cluster's head
  std::string clusterClass;
  std::string memberClass;  // M, the [[mote]] class of its members and head
};
struct OnMoteParameter {  // a free function with a mote-typed parameter: the mote it is given
  std::size_t parameter = 0;  // index of the first parameter of a [[mote]] class type
  std::string moteClass;
};
struct OnCallingMote {};  // a free function with no mote parameter: the mote whose code calls it
struct OnBase {};  // main, and [[onbase]] functions that name no mote: always the base
using RunsOn = std::variant<OnCallingMote, OnMoteInstance, OnClusterHead, OnMoteParameter, OnBase>;

// The [[mote]] class whose motes a call runs on: the instance's, the parameter's, or a cluster's
// members' (its heads are of that class too). Empty for the calling mote and the base.
const std::string& moteClassToRunOn(const RunsOn& runsOn);

// [[every("…")]] (docs/design.md §9): the function is a periodic task, run once per period on each
// mote of its class wherever it is placed. Collect accepts it only on a parameterless method of a
// [[mote]] class that has a placement attribute; the plan's "periods" may override the period.
struct PeriodicTask {
  std::uint64_t periodMs = 0;  // at least 1
  std::string written;         // the attribute's text: "1min"
  SourceLocation location;     // of the attribute
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
  std::optional<PeriodicTask> every;  // a periodic task
  bool isMain = false;
  bool hasBody = false;
  bool isConstMethod = false;
  bool isOutOfLineMethod = false;  // a member defined outside its class: `int A::f() {...}`
  bool isConstexpr = false;        // constexpr or consteval: constant evaluation may need its body
  RunsOn runsOn;              // what a call of it runs on; a sensor or actuator: OnMoteInstance
  std::string ioName;         // sensor or actuator name, for Sensor and Actuator
  std::string returnType;     // fully qualified, as it can be spelled in generated code
  std::optional<CrossingProblem> returnProblem;
  double returnDataValues = 0;  // as Parameter::dataValues, for the result (0 for void)
  std::vector<Parameter> parameters;
  std::vector<CallSite> calls;
  std::vector<GlobalUse> globals;
  std::vector<FieldUse> fieldUses;
  std::vector<LibraryUse> libraryUses;  // in body order
  std::vector<BlockOperations> blockOperations;  // in body order; empty without a body
  // The static estimate of O for one call, callees excluded: the blocks' operations weighted by the
  // trip counts of the loops around them (as CallSite::timesPerCall).
  double operationsPerCall = 0;
  SourceLocation location;    // of the name in the definition (or declaration without one)
  TextRange definition;       // the whole definition, when it is in a program file
  TextRange body;             // the body `{...}`, when it has one in a program file
  TextRange name;             // the name token in the definition (the three share one file)
  bool bodyEndsWithReturn = false;
  bool mainTakesArguments = false;  // for main: `int main(int, char**)`
  // The sources (indices into ProgramModel::files) whose translation units declare it: emit's
  // generated definitions can call it only from those.
  std::vector<unsigned> declaredIn;

  bool isSensorOrActuator() const { return kind != FunctionKind::Plain; }
  // The parameter of OnMoteParameter, which says which mote a free function runs on, or nullptr.
  const Parameter* moteParameter() const;
  // Whether a call from the base can say where it runs: a method of a [[mote]] class (that mote),
  // of a cluster (its head), or a free function with a mote parameter (that mote).
  bool hasMoteToRunOn() const {
    return !std::holds_alternative<OnCallingMote>(runsOn) && !std::holds_alternative<OnBase>(runsOn);
  }
};

struct MoteClass {
  std::string name;           // as it can be spelled in generated code: "Soil", "farm::Soil"
  SourceLocation location;
  unsigned file = 0;          // the ProgramModel::files entry that defines it
  unsigned bodyOpen = 0;      // offset just after the class body's `{`
  bool isClassKeyword = false;  // `class` rather than `struct`: members default to private
  std::vector<std::string> sensors;    // sensor names, in declaration order
  std::vector<std::string> actuators;  // actuator names, in declaration order
  std::vector<std::string> dataMembers;
  std::vector<TextRange> dataMemberDeclarations;  // each `T name = init;`, which the base drops
};

// A subclass of edgecut::Cluster<M>: its [[onboard]] methods run on the cluster head.
struct ClusterClass {
  std::string name;         // "Room", "farm::Field"
  std::string memberClass;  // the [[mote]] class M
  SourceLocation location;
};

// An aggregate struct of the program that crosses between mote and base (as a value, or inside a
// container or another struct). Emit gives it a serializer.
struct UserType {
  std::string name;                 // fully qualified: "farm::Reading", "Thermo::Sample"
  std::string localName;            // its own name, as its body spells it: "Reading"
  std::vector<std::string> fields;  // the data members, in declaration order
  unsigned file = 0;                // the ProgramModel::files entry that defines it
  unsigned bodyClose = 0;           // offset of the `}` that closes its body, where the serializer goes
};

// A file of the program (docs/design.md §3, "Programs of several files"): a source given on the
// command line, or a program header, one that a source includes from under the sources'
// directories (not a system or -isystem one). Emit writes a mote and a base variant of each.
struct ProgramFile {
  std::string path;  // a source as given on the command line; a header as Clang found it
  std::string text;
  bool isSource = true;
  // Each `#include` of a program header in this file: the range of its name with its quotes or
  // angle brackets, and the header's index in ProgramModel::files. Emit points it at the variant.
  std::vector<std::pair<TextRange, unsigned>> includes;
};

struct ProgramModel {
  std::vector<ProgramFile> files;    // the sources in command-line order, then program headers
  std::vector<Function> functions;   // in source order
  std::vector<MoteClass> moteClasses;
  std::vector<ClusterClass> clusterClasses;
  std::vector<UserType> userTypes;   // every struct that can cross; a struct after those it contains
  std::vector<TextRange> attributeRanges;  // every edgecut attribute in a program file, to strip
  std::vector<std::string> dependencies;   // every file the program read, for the depfile

  // The program as messages name it: its one source, or its sources joined by ", ".
  std::string name() const;
  std::size_t sourceCount() const;
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
