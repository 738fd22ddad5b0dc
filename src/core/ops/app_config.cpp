#include "kc/ops/app_config.hpp"

#include <array>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "kc/yaml/map_reader.hpp"
#include "kc/yaml/yaml_tree.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace {

using loader::Checker;
using loader::MapReader;
using yamltree::Node;

// The tag becomes rsyslog's programname: printable ASCII without the characters that end a
// tag (space, colon, brackets), at most 32 bytes (RFC 3164's limit).
bool ValidIdent(const std::string& ident) {
    if (ident.empty() || ident.size() > 32) return false;
    for (const char ch : ident) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || c == ':' || c == '[' || c == ']' || c == '/') return false;
    }
    return true;
}

void ReadForward(Checker& checker, const Node& node, ForwardConfig& out) {
    MapReader r(checker, node, "'forward'", {"syslog", "target", "ident", "facility", "redact_patient_ref"});
    if (!r.Valid()) return;
    out.syslog = r.Bool("syslog", false);
    out.redactPatientRef = r.Bool("redact_patient_ref", false);
    if (auto target = r.Text("target", false)) {
        if (*target != "local")
            checker.Error(*r.Get("target"), "bad-value",
                          fmt::format("'target' in 'forward' must be local (the syslog daemon on /dev/log), not "
                                      "'{}'; forward to a remote SIEM from that daemon (see the user guide)",
                                      *target));
        out.target = *target;
    }
    if (auto ident = r.Text("ident", r.Get("ident") != nullptr)) {
        if (!ValidIdent(*ident))
            checker.Error(*r.Get("ident"), "bad-value",
                          fmt::format("'ident' in 'forward' must be 1 to 32 printable ASCII characters without "
                                      "spaces, ':', '/', '[' or ']', not '{}'",
                                      *ident));
        out.ident = *ident;
    }
    if (auto facility = r.Text("facility", r.Get("facility") != nullptr)) {
        if (SyslogFacilityCode(*facility) < 0)
            checker.Error(*r.Get("facility"), "bad-value",
                          fmt::format("'facility' in 'forward' must be one of {}, not '{}'", SyslogFacilityNames(),
                                      *facility));
        out.facility = *facility;
    }
}

} // namespace

std::optional<AppConfig> LoadAppConfig(const std::string& path, bool mustExist, std::vector<Diagnostic>& diagnostics) {
    std::error_code ec;
    if (!mustExist && !std::filesystem::exists(path, ec)) return AppConfig{};
    std::string bytes;
    try {
        bytes = ReadFile(path, 64 * 1024);
    } catch (const IoError& e) {
        diagnostics.push_back({path, 0, 0, Severity::Error, "io-error", e.what()});
        return std::nullopt;
    }
    auto parsed = yamltree::Parse(bytes, path, yamltree::Limits{64 * 1024, 8, 10000});
    // An empty file, or one with comments only (a commented-out example): the defaults.
    if (!parsed.ok && parsed.diagnostics.size() == 1 && parsed.diagnostics[0].rule == "empty-file") return AppConfig{};
    diagnostics.insert(diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    if (!parsed.ok) return std::nullopt;
    AppConfig config;
    Checker checker(path);
    MapReader top(checker, parsed.root, "the config file", {"forward", "records", "protocols"});
    if (top.Valid()) {
        if (const Node* forward = top.Map("forward", false)) ReadForward(checker, *forward, config.forward);
        if (const Node* records = top.Map("records", false)) {
            MapReader r(checker, *records, "'records'", {"group_readable"});
            if (r.Valid()) config.records.groupReadable = r.Bool("group_readable", false);
        }
        if (const Node* protocols = top.Map("protocols", false)) {
            MapReader r(checker, *protocols, "'protocols'", {"require_approved"});
            if (r.Valid()) config.protocols.requireApproved = r.Bool("require_approved", false);
        }
    }
    diagnostics.insert(diagnostics.end(), checker.Diagnostics().begin(), checker.Diagnostics().end());
    if (HasErrors(diagnostics)) return std::nullopt;
    return config;
}

std::string DefaultAppConfigPath(const char* xdgConfigHome, const char* home) {
    std::string base;
    if (xdgConfigHome != nullptr && xdgConfigHome[0] == '/') base = xdgConfigHome;
    else if (home != nullptr && home[0] == '/') base = std::string(home) + "/.config";
    else return {};
    return base + "/ketamine-checklist/config.yaml";
}

std::optional<AppConfig> LoadChosenAppConfig(const std::string& given, const char* xdgConfigHome, const char* home,
                                             std::vector<Diagnostic>& diagnostics) {
    if (!given.empty()) return LoadAppConfig(given, true, diagnostics);
    const std::string path = DefaultAppConfigPath(xdgConfigHome, home);
    if (path.empty()) return AppConfig{};
    return LoadAppConfig(path, false, diagnostics);
}

std::string DefaultDataDir(const char* xdgDataHome, const char* home) {
    if (xdgDataHome != nullptr && xdgDataHome[0] == '/') return std::string(xdgDataHome) + "/ketamine-checklist";
    if (home != nullptr && home[0] == '/') return std::string(home) + "/.local/share/ketamine-checklist";
    return {};
}

} // namespace kc
