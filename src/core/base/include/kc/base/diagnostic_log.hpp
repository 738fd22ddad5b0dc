#pragma once
// The human-readable application log, separate from the audit trail. It never holds a
// patient reference: callers pass session ids and protocol ids only.
#include <memory>
#include <string>

namespace kc {

class DiagnosticLog {
public:
    virtual ~DiagnosticLog() = default;
    virtual void Info(const std::string& message) = 0;
    virtual void Error(const std::string& message) = 0;
};

// A rotating file log (1 MiB x 3) in `folder`, created when missing. Throws IoError.
std::unique_ptr<DiagnosticLog> MakeFileDiagnosticLog(const std::string& folder);
std::unique_ptr<DiagnosticLog> MakeNullDiagnosticLog();

} // namespace kc
