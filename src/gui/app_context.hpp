#pragma once
// What every window needs from the composition root: where protocols and records are,
// and the injected clock, ids, diagnostic log and signing key. Owned by the App (or by a test).
#include <string>
#include <vector>

#include "kc/audit/records.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/clock.hpp"
#include "kc/ops/app_config.hpp"
#include "kc/ops/session.hpp"
#include "prompter.hpp"

namespace kc::gui {

struct AppContext {
    std::vector<std::string> protocolDirs;
    RecordsFolder& records;
    Clock& clock;
    IdGenerator& ids;
    DiagnosticLog& log;
    Prompter& prompter;
    AuditForwarder* forward = nullptr; // syslog forwarding from config.yaml, when on
    const SigningKey* signingKey = nullptr; // signs each closed session's checkpoint (none in some tests)
    ProtocolsConfig protocols = {};         // which protocols may start (config.yaml `protocols:`)
    std::string docDir = {};                   // the bundled documentation (the user guide)
    std::string stateDir = {};                 // where the windows remember small things (the last protocol); none: nothing remembered

    SessionEnv Env() const { return {records, clock, ids, log, forward, signingKey, "open in a window of the checklist app"}; }
};

} // namespace kc::gui
