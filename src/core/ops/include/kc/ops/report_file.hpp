#pragma once
// What both faces write out of a records folder — a folder report (checklistctl report -o, the
// audit window's Export), a session record (checklistctl record, the session window, the
// session history), a FHIR export — written with the records folder's permissions: they hold
// what the folder holds (the patient reference), so they are no more readable than it is.
#include <string>
#include <string_view>

#include <sys/types.h>

#include "kc/report/report_render.hpp"

namespace kc {

// The mode for a file written from `source` (a records folder, or a trail outside one): its own
// permissions for reading and writing, without execute: 0600 for a folder kept 0700, 0640 for
// one shared with its group (0750). 0600 when `source` cannot be read.
mode_t RecordsFileMode(const std::string& source);

// The records folder a trail sits in (RECORDS/sessions/<id>.jsonl), else the trail itself: what
// RecordsFileMode reads for what is written from that trail.
std::string PermissionSourceOfTrail(const std::string& trailPath);

// Writes `bytes` to `path` (replacing it) with exactly `mode` (less the umask for a new file; an
// existing file is changed to it). Throws IoError ("PATH: cannot write the WHAT: reason").
void WriteRecordsFile(const std::string& path, std::string_view bytes, mode_t mode, const std::string& what);

// Renders `report` in `format` and writes it to `path` with `mode`, as WriteRecordsFile ("report").
void WriteReportFile(const Report& report, ReportFormat format, const ReportRenderOptions& options,
                     const std::string& path, mode_t mode);

} // namespace kc
