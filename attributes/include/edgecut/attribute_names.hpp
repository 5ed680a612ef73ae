// The annotation each edgecut attribute leaves on a declaration, derived from attributes.def.
// Shared by the registration (which attaches it) and the collector (which reads it).
#ifndef EDGECUT_ATTRIBUTE_NAMES_HPP
#define EDGECUT_ATTRIBUTE_NAMES_HPP

#define EDGECUT_ANNOTATION_PREFIX "edgecut::"

#endif  // EDGECUT_ATTRIBUTE_NAMES_HPP
