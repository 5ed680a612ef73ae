// Every attribute of attributes.def in both of its spellings, [[NAME]] and [[edgecut::NAME]], each on
// a declaration it applies to, and with an example argument when it takes one.
// attribute_spellings.cmake expands this with the preprocessor first: the registration reads an
// attribute's arguments from the source, which it does not do inside a macro.
#define EDGECUT_EXAMPLE_ARGUMENTS_None
#define EDGECUT_EXAMPLE_ARGUMENTS_String ("1min")
#define EDGECUT_DECLARE_Function(SPELLING, ARGUMENTS, NAME) [[SPELLING ARGUMENTS]] void NAME();
#define EDGECUT_DECLARE_Class(SPELLING, ARGUMENTS, NAME) struct [[SPELLING ARGUMENTS]] NAME {};
#define EDGECUT_ATTRIBUTE(NAME, APPLIES_TO, ARGUMENT, SUMMARY)                               \
  EDGECUT_DECLARE_##APPLIES_TO(NAME, EDGECUT_EXAMPLE_ARGUMENTS_##ARGUMENT, bare_##NAME)     \
  EDGECUT_DECLARE_##APPLIES_TO(edgecut::NAME, EDGECUT_EXAMPLE_ARGUMENTS_##ARGUMENT, scoped_##NAME)
#include "edgecut/attributes.def"
