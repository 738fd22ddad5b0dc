#pragma once
// A best-effort copy of audit event lines for syslog/SIEM, sent only after the lines are
// durable in the trail. Forwarding never decides what is acknowledged: Session catches
// anything Forward throws and reports it to the diagnostic log; the trail is the record.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/base/diagnostic_log.hpp"

namespace kc {

// A copy of every audit event line, sent to the local syslog daemon after it is durable.
struct ForwardConfig {
    bool syslog = false;
    std::string target = "local";           // the only target: the daemon on /dev/log
    std::string ident = "ketamine-checklist"; // the syslog tag (programname)
    std::string facility = "local4";
    bool redactPatientRef = false;           // forwarded copy only; the trail keeps the value
};

// The syslog facility code (LOG_LOCAL4, ...) for a name the settings accept; -1 for others.
int SyslogFacilityCode(const std::string& name);
// The names the settings accept, comma-separated, for a message.
std::string SyslogFacilityNames();

class AuditForwarder {
public:
    virtual ~AuditForwarder() = default;
    // The lines of one durable batch (each without its newline), in trail order.
    virtual void Forward(const std::vector<std::string>& lines) = 0;
};

// Forwards to the local syslog daemon (/dev/log) through spdlog's syslog sink, one message
// per line, severity info, with the configured ident and facility. The sink runs on its own
// worker thread behind a bounded queue that drops the oldest message when full, so a stalled
// daemon never blocks a session. Uses openlog(): one per process. Problems (no daemon
// listening, dropped messages) go to `log`, from the caller's thread. Throws UsageError when
// `config.syslog` is false or the facility is unknown.
std::unique_ptr<AuditForwarder> MakeSyslogForwarder(const ForwardConfig& config, DiagnosticLog& log);

// The line with session_started's patient_ref replaced by "sha256:" and the first 16 hex
// digits of the value's SHA-256; other lines unchanged. Nullopt when a session_started
// line's patient_ref cannot be found (the caller then forwards nothing for it).
std::optional<std::string> RedactPatientRef(std::string_view line);

// "sha256:" + the first 16 hex digits of SHA-256(patientRef): what the redacted copy holds.
std::string PatientRefToken(std::string_view patientRef);

} // namespace kc
