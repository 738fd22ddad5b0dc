#pragma once
// The settings file both faces read ($XDG_CONFIG_HOME/ketamine-checklist/config.yaml):
// where audit events are forwarded, who may read the records, and which protocols may start.
// Read strictly: unknown keys, wrong types and bad values are Diagnostics (file:line:col),
// never exceptions, and never silently ignored.
#include <optional>
#include <string>
#include <vector>

#include "kc/audit/forwarder.hpp"
#include "kc/base/diagnostic.hpp"

namespace kc {

// Who may read the records folder (records.hpp): `records: {group_readable: true}`.
struct RecordsConfig {
    bool groupReadable = false;
};

// What the department allows to start (kc/ops/start.hpp): `protocols: {require_approved: true}`
// refuses every protocol that is not approved as is, drafts included, in both faces.
struct ProtocolsConfig {
    bool requireApproved = false;
};

struct AppConfig {
    ForwardConfig forward;
    RecordsConfig records;
    ProtocolsConfig protocols;
};

// Reads a config file. A missing file is a diagnostic when `mustExist`, else the defaults.
// Returns nullopt when `diagnostics` holds an error.
std::optional<AppConfig> LoadAppConfig(const std::string& path, bool mustExist, std::vector<Diagnostic>& diagnostics);

// $XDG_CONFIG_HOME/ketamine-checklist/config.yaml, or ~/.config/... when XDG_CONFIG_HOME is
// unset or relative (the XDG rule). Empty when neither is known. Arguments may be null.
std::string DefaultAppConfigPath(const char* xdgConfigHome, const char* home);

// What both faces read: `given` (--config), which must exist, or else the default file
// (DefaultAppConfigPath) when it exists; the defaults when no file is known.
std::optional<AppConfig> LoadChosenAppConfig(const std::string& given, const char* xdgConfigHome, const char* home,
                                             std::vector<Diagnostic>& diagnostics);

// $XDG_DATA_HOME/ketamine-checklist, or ~/.local/share/... by the same rule: where both faces
// keep the default records folder, the logs and the installation's signing key (keys/), so
// that `checklistctl key export` exports the key the app signs with. Empty when unknown.
std::string DefaultDataDir(const char* xdgDataHome, const char* home);

} // namespace kc
