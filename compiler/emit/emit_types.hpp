// Emit, part: serializers for the program's structs that cross (ProgramModel::userTypes).
#pragma once

#include <string>

#include "edgecut/compiler/emit.hpp"
#include "edgecut/compiler/model.hpp"

namespace edgecut::compiler {

// Inserts, before the `}` that closes the struct's body, a comment and the two hidden friends the
// runtime finds by ADL (edgecut/runtime/values.hpp):
//   // edgecut: Reading crosses the radio as [celsius, when].
//   friend void edgecut_encode(::edgecut::wire::Writer& out, const Reading& value) { ... }
//   friend bool edgecut_decode(::edgecut::wire::Reader& in, Reading& value) { ... }
// Hidden friends work wherever the struct is defined (in a namespace, nested in a class) and exist
// as soon as the struct is complete. Both units get them; only generated code uses them.
TextEdit userTypeSerializer(const std::string& text, const UserType& type);

}  // namespace edgecut::compiler
