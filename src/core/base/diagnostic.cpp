#include "kc/base/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kc {

std::string FormatDiagnostic(const Diagnostic& d) {
    const char* severity = d.severity == Severity::Error ? "error" : "warning";
    if (d.line <= 0) return fmt::format("{}: {}: {} [{}]", d.file, severity, d.message, d.rule);
    return fmt::format("{}:{}:{}: {}: {} [{}]", d.file, d.line, d.column, severity, d.message, d.rule);
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace kc
