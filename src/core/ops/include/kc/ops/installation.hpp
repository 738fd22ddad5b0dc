#pragma once
// The installation both faces open before any session, by one rule: the records folder (with
// the sharing the settings choose), the diagnostic log, the syslog forwarder when the settings
// turn it on, and the installation's signing key. A face reads its command line and
// environment into an InstallationRequest and the settings with LoadChosenAppConfig.
#include <memory>
#include <optional>
#include <string>

#include "kc/audit/forwarder.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/ops/app_config.hpp"
#include "kc/ops/session.hpp"

namespace kc {

struct InstallationRequest {
    std::string dataDir;    // the data folder (DefaultDataDir); the base of the defaults below
    std::string recordsDir; // empty: dataDir/records
    std::string keyDir;     // empty: dataDir/keys (never inside a records folder, which auditors get)
    std::string logDir;     // empty: no log file
    // Without a log file, where forwarding problems go (for example stderr); null: nowhere.
    DiagnosticLog* consoleLog = nullptr;
};

struct Installation {
    std::string recordsDir;
    std::string keyDir;
    std::unique_ptr<RecordsFolder> records;
    std::unique_ptr<DiagnosticLog> ownLog; // the log file's, or the null log
    DiagnosticLog* log = nullptr;          // ownLog, or the request's consoleLog
    std::unique_ptr<AuditForwarder> forwarder; // declared after the logs: gone before them
    std::optional<SigningKey> key;

    // What a durable session needs, with the face's clock and ids.
    SessionEnv Env(Clock& clock, IdGenerator& ids) const {
        return {*records, clock, ids, *log, forwarder.get(), key ? &*key : nullptr};
    }
};

// Opens (creating when missing) the records folder, the log, the forwarder and the key (created
// on first use). Throws IoError when one of them cannot be used, UsageError when the request
// names no records or key folder and there is no data folder to default to.
std::unique_ptr<Installation> OpenInstallation(const AppConfig& config, const InstallationRequest& request);

} // namespace kc
