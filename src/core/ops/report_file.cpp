#include "kc/ops/report_file.hpp"

#include <fstream>

#include <fmt/format.h>

#include "kc/base/error.hpp"

namespace kc {

void WriteReportFile(const Report& report, ReportFormat format, const ReportRenderOptions& options,
                     const std::string& path) {
    const std::string bytes = RenderReport(report, format, options);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) throw IoError(fmt::format("{}: cannot write the report", path));
}

} // namespace kc
