#include "kc/audit/forwarder.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <array>
#include <mutex>
#include <paths.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/sinks/syslog_sink.h>

#include "kc/base/error.hpp"
#include "kc/base/sha256.hpp"

namespace kc {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 12> kFacilities = {{
    {"user", LOG_USER},     {"daemon", LOG_DAEMON}, {"authpriv", LOG_AUTHPRIV}, {"local0", LOG_LOCAL0},
    {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},     {"local4", LOG_LOCAL4},
    {"local5", LOG_LOCAL5}, {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},     {"auth", LOG_AUTH},
}};

std::string FacilityNamesList() {
    std::string names;
    for (const auto& [name, code] : kFacilities) names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

} // namespace

int SyslogFacilityCode(const std::string& name) {
    for (const auto& [known, code] : kFacilities)
        if (known == name) return code;
    return -1;
}

std::string SyslogFacilityNames() { return FacilityNamesList(); }

namespace {

// Messages waiting for the daemon; past this the oldest is dropped (and counted) rather
// than making a session wait. A session writes a few dozen lines, so only a daemon that
// stopped reading for a long time loses any.
constexpr std::size_t kQueueItems = 8192;
// rsyslog's default maxMessageSize; longer messages are truncated by a default daemon.
constexpr std::size_t kDefaultDaemonLimit = 8192;

// glibc's syslog() drops messages silently when nothing listens on /dev/log, so look once
// and say so in the diagnostic log instead of forwarding into the void unnoticed.
std::string ProbeDaemon() {
    for (const int type : {SOCK_DGRAM, SOCK_STREAM}) { // glibc tries both, in this order
        const int fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) return fmt::format("socket: {}", std::strerror(errno));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, _PATH_LOG, sizeof(address.sun_path) - 1);
        const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
        const int error = errno;
        ::close(fd);
        if (rc == 0) return {};
        if (error != EPROTOTYPE) return fmt::format("connect {}: {}", _PATH_LOG, std::strerror(error));
    }
    return fmt::format("connect {}: no datagram or stream socket", _PATH_LOG);
}

class SyslogForwarder final : public AuditForwarder {
public:
    SyslogForwarder(const ForwardConfig& config, DiagnosticLog& log)
        : m_log(log), m_redact(config.redactPatientRef), m_ident(config.ident) {
        const int facility = SyslogFacilityCode(config.facility);
        if (facility < 0) throw UsageError("unknown syslog facility '" + config.facility + "'");
        m_pool = std::make_shared<spdlog::details::thread_pool>(kQueueItems, 1);
        // Not formatted: the message is the trail line exactly. openlog(LOG_PID | LOG_NDELAY),
        // never LOG_CONS (a failure must not end up on the console).
        auto sink = std::make_shared<spdlog::sinks::syslog_sink_st>(config.ident, LOG_PID | LOG_NDELAY, facility, false);
        m_logger = std::make_shared<spdlog::async_logger>("audit-forward", std::move(sink), m_pool,
                                                          spdlog::async_overflow_policy::overrun_oldest);
        m_logger->set_level(spdlog::level::info);
        // Runs on the worker thread: keep it to a note the caller's thread reports.
        m_logger->set_error_handler([this](const std::string& what) {
            const std::lock_guard lock(m_mutex);
            ++m_failures;
            m_lastFailure = what;
        });
        if (auto why = ProbeDaemon(); !why.empty())
            m_log.Error(fmt::format("audit forwarding to syslog is on, but no syslog daemon accepts messages ({}); "
                                    "events are not forwarded while none does (the trail is unaffected)",
                                    why));
        else
            m_log.Info(fmt::format("audit events are forwarded to syslog as '{}' on facility {}{}", config.ident,
                                   config.facility, m_redact ? ", patient references redacted" : ""));
    }

    ~SyslogForwarder() override {
        const std::size_t dropped = m_pool->overrun_counter(); // only Forward() enqueues, and it is done
        m_pool.reset(); // the worker sends what is queued, then stops
        m_logger.reset();
        if (dropped > m_droppedReported)
            m_log.Error(fmt::format("{} audit event lines were not forwarded to syslog: the daemon did not keep up",
                                    dropped - m_droppedReported));
        ReportFailures();
    }

    void Forward(const std::vector<std::string>& lines) override {
        ReportFailures();
        for (const auto& line : lines) {
            std::optional<std::string> redacted;
            if (m_redact && !(redacted = RedactPatientRef(line))) {
                m_log.Error("an audit event line was not forwarded: its patient reference could not be redacted");
                continue;
            }
            const std::string& message = redacted ? *redacted : line;
            // Tag, pid and header: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: " is under 40 bytes plus the tag.
            if (message.size() + m_ident.size() + 40 > kDefaultDaemonLimit)
                m_log.Info(fmt::format("a forwarded audit event line has {} bytes; a syslog daemon with the default "
                                       "8 KiB maxMessageSize truncates it",
                                       message.size()));
            m_logger->log(spdlog::level::info, spdlog::string_view_t(message.data(), message.size()));
        }
        const std::size_t dropped = m_pool->overrun_counter();
        if (dropped > m_droppedReported) {
            m_log.Error(fmt::format("{} audit event lines were not forwarded to syslog: the daemon did not keep up",
                                    dropped - m_droppedReported));
            m_droppedReported = dropped;
        }
    }

private:
    void ReportFailures() {
        std::size_t failures = 0;
        std::string last;
        {
            const std::lock_guard lock(m_mutex);
            failures = m_failures;
            last = m_lastFailure;
            m_failures = 0;
        }
        if (failures > 0)
            m_log.Error(fmt::format("{} audit event lines could not be forwarded to syslog: {}", failures, last));
    }

    DiagnosticLog& m_log;
    bool m_redact;
    std::string m_ident;
    std::shared_ptr<spdlog::details::thread_pool> m_pool;
    std::shared_ptr<spdlog::async_logger> m_logger;
    std::size_t m_droppedReported = 0;
    std::mutex m_mutex; // guards what the worker's error handler notes
    std::size_t m_failures = 0;
    std::string m_lastFailure;
};

} // namespace

std::string PatientRefToken(std::string_view patientRef) { return "sha256:" + Sha256Hex(patientRef).substr(0, 16); }

std::optional<std::string> RedactPatientRef(std::string_view line) {
    using nlohmann::json;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string() || *type != "session_started") return std::string(line);
    const auto payload = j.find("payload");
    if (payload == j.end() || !payload->is_object()) return std::nullopt;
    const auto ref = payload->find("patient_ref");
    if (ref == payload->end() || !ref->is_string()) return std::nullopt;
    // Replace the member's bytes in place: the line keeps its canonical form and its hash
    // member, so the copy lines up with the trail (its hash no longer covers it, by design).
    // Inside a JSON string every quote is escaped, so this needle only matches the member.
    const std::string needle = "\"patient_ref\":" + ref->dump();
    const std::size_t at = line.find(needle);
    if (at == std::string_view::npos) return std::nullopt;
    std::string out(line);
    out.replace(at, needle.size(), "\"patient_ref\":" + json(PatientRefToken(ref->get<std::string>())).dump());
    return out;
}

std::unique_ptr<AuditForwarder> MakeSyslogForwarder(const ForwardConfig& config, DiagnosticLog& log) {
    if (!config.syslog) throw UsageError("MakeSyslogForwarder: syslog forwarding is off in the config");
    return std::make_unique<SyslogForwarder>(config, log);
}

} // namespace kc
