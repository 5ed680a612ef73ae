// Collect, part: what a function uses that a mote profile may forbid (LibraryUse).
#pragma once

#include <functional>
#include <vector>

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// Records, in body order: the language features (new, delete, throw, try, typeid, dynamic_cast)
// and every declaration from a system header that the parameters and body use (functions,
// variables, members, and the class types of parameters, variables and constructed values).
//
// The header of a declaration is the public header that declares it, judged by the file it is in:
//  - libstdc++ internal headers name their public header (`@headername{vector}` in bits/stl_vector.h);
//  - libc++ internal headers live in a folder named after it (`__algorithm/min.h`);
//  - other internal files (`bits/`, `sys/`) count as the header that included them;
//  - a C header counts as its C++ name (<math.h> as <cmath>).
// This does not depend on the order of the program's #includes, as "the top-level header it came
// through" would: <vector> first includes bits/stl_algobase.h, which declares std::min.
std::vector<LibraryUse> collectLibraryUses(
    const clang::FunctionDecl& definition, clang::ASTContext& context,
    const std::function<SourceLocation(clang::SourceLocation)>& locate);

}  // namespace edgecut::compiler
