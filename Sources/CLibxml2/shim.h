// libxml2's SAX2 push parser, for frab/pentabarf schedule.xml (see Sources/ScheduleKit/Formats/Frab/XMLTree.swift).
// libxml2's encoding.h includes the system ICU headers when libxml2 was built with ICU; those clash
// with the ICU that Foundation bundles. Hallway never touches libxml2's ICU converters, so the
// include is switched off after the version header has said what was built in.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
