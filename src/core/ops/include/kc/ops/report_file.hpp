#pragma once
// A folder report written to a file, as both faces export it (checklistctl report -o, the
// audit window's Export).
#include <string>

#include "kc/report/report_render.hpp"

namespace kc {

// Renders `report` in `format` and writes it to `path` (replacing it). Throws IoError
// ("PATH: cannot write the report") when it cannot be written whole.
void WriteReportFile(const Report& report, ReportFormat format, const ReportRenderOptions& options,
                     const std::string& path);

} // namespace kc
