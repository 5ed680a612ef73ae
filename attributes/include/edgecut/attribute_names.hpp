// The annotation each edgecut attribute leaves on a declaration, derived from attributes.def.
// Shared by the registration (which attaches it) and the collector (which reads it).
#ifndef EDGECUT_ATTRIBUTE_NAMES_HPP
#define EDGECUT_ATTRIBUTE_NAMES_HPP

#define EDGECUT_ANNOTATION_PREFIX "edgecut::"

namespace edgecut {

// kAnnotation_onboard is "edgecut::onboard", and so on for every attribute.
#define EDGECUT_ATTRIBUTE(NAME, APPLIES_TO, ARGUMENT, SUMMARY) \
  inline constexpr char kAnnotation_##NAME[] = EDGECUT_ANNOTATION_PREFIX #NAME;
#include "edgecut/attributes.def"

}  // namespace edgecut

#endif  // EDGECUT_ATTRIBUTE_NAMES_HPP
