// The config file: defaults, the forward section, and strict diagnostics with file:line:col.
#include <functional>

#include <catch2/catch.hpp>
#include <syslog.h>

#include "kc/ops/app_config.hpp"
#include "process.hpp"

using namespace kc;

namespace {

struct Loaded {
    std::optional<AppConfig> config;
    std::vector<Diagnostic> diagnostics;
    std::string path;
    std::string Text() const {
        std::string out;
        for (const auto& d : diagnostics) out += FormatDiagnostic(d) + "\n";
        return out;
    }
};

Loaded LoadText(const test::TempDir& dir, const std::string& text) {
    Loaded l;
    l.path = dir.File("config.yaml");
    test::WriteAll(l.path, text);
    l.config = LoadAppConfig(l.path, true, l.diagnostics);
    return l;
}

// A yes/no setting `section: {key: ...}`: read when true, false when the section is absent, a
// misspelt key or a value that is not true/false refused at its line and column.
void CheckFlag(const std::string& section, const std::string& key, const std::function<bool(const AppConfig&)>& get) {
    test::TempDir dir;
    const auto on = LoadText(dir, section + ":\n  " + key + ": true\n");
    INFO(on.Text());
    REQUIRE(on.config);
    CHECK(get(*on.config));
    CHECK_FALSE(get(*LoadText(dir, "forward:\n  syslog: false\n").config));
    const auto typo = LoadText(dir, section + ":\n  " + key + "_x: true\n");
    CHECK_FALSE(typo.config);
    CHECK(typo.Text().find(":2:3: error:") != std::string::npos);
    const auto notFlag = LoadText(dir, section + ":\n  " + key + ": sometimes\n");
    CHECK_FALSE(notFlag.config);
    CHECK(notFlag.Text().find(":2:" + std::to_string(key.size() + 5) + ": error:") != std::string::npos);
}

} // namespace

TEST_CASE("a full forward section is read", "[config]") {
    test::TempDir dir;
    const auto l = LoadText(dir, "forward:\n  syslog: true\n  target: local\n  ident: kc-audit\n  facility: local6\n"
                                 "  redact_patient_ref: true\n");
    INFO(l.Text());
    REQUIRE(l.config);
    CHECK(l.diagnostics.empty());
    CHECK(l.config->forward.syslog);
    CHECK(l.config->forward.ident == "kc-audit");
    CHECK(l.config->forward.facility == "local6");
    CHECK(SyslogFacilityCode(l.config->forward.facility) == LOG_LOCAL6);
    CHECK(l.config->forward.redactPatientRef);
}

TEST_CASE("defaults: no file, an empty file, or syslog alone", "[config]") {
    test::TempDir dir;
    std::vector<Diagnostic> diagnostics;
    const auto missing = LoadAppConfig(dir.File("absent.yaml"), false, diagnostics);
    REQUIRE(missing);
    CHECK_FALSE(missing->forward.syslog);
    CHECK(diagnostics.empty());
    for (const char* text : {"", "# forward: {syslog: true}\n"}) {
        const auto empty = LoadText(dir, text);
        REQUIRE(empty.config);
        CHECK(empty.diagnostics.empty());
        CHECK_FALSE(empty.config->forward.syslog);
    }
    const auto minimal = LoadText(dir, "forward: {syslog: true}\n");
    REQUIRE(minimal.config);
    CHECK(minimal.config->forward.syslog);
    CHECK(minimal.config->forward.ident == "ketamine-checklist");
    CHECK(minimal.config->forward.facility == "local4");
    CHECK_FALSE(minimal.config->forward.redactPatientRef);
}

TEST_CASE("a config file given explicitly must exist", "[config]") {
    test::TempDir dir;
    std::vector<Diagnostic> diagnostics;
    CHECK_FALSE(LoadAppConfig(dir.File("absent.yaml"), true, diagnostics));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].rule == "io-error");
    CHECK(diagnostics[0].message.find("absent.yaml") != std::string::npos);
}

TEST_CASE("config problems are diagnostics naming file, line and column", "[config]") {
    test::TempDir dir;
    struct Case {
        const char* text;
        const char* expected; // after "PATH:"
    };
    for (const Case c : {
             Case{"forward:\n  syslog: true\n  facilty: local4\n",
                  "3:3: error: unknown key 'facilty' in 'forward'; did you mean 'facility'? [unknown-key]"},
             Case{"forward:\n  syslog: true\n  facility: local9\n",
                  "3:13: error: 'facility' in 'forward' must be one of user, daemon, authpriv, local0, local1, "
                  "local2, local3, local4, local5, local6, local7, auth, not 'local9' [bad-value]"},
             Case{"forward:\n  syslog: yes\n", "2:11: error: 'syslog' in 'forward' must be true or false; 'yes' is text in YAML 1.2, not a "
                                            "boolean: write true [wrong-type]"},
             Case{"forward:\n  syslog: true\n  target: udp://siem:514\n",
                  "3:11: error: 'target' in 'forward' must be local"},
             Case{"forward:\n  ident: \"kc audit\"\n", "2:10: error: 'ident' in 'forward' must be 1 to 32"},
             Case{"forward:\n  ident:\n", "2:3: error: 'ident' in 'forward' has no value [missing-key]"},
             Case{"forwarding:\n  syslog: true\n", "1:1: error: unknown key 'forwarding' in the config file"},
             Case{"forward: true\n", "1:10: error: 'forward' in the config file must be a mapping"},
             Case{"forward:\n  syslog: true\n  syslog: false\n", "3:3: error: key 'syslog' appears twice in this mapping (first at line 2) [duplicate-yaml-key]"},
         }) {
        DYNAMIC_SECTION(c.text) {
            const auto l = LoadText(dir, c.text);
            INFO(l.Text());
            CHECK_FALSE(l.config);
            CHECK(l.Text().rfind(l.path + ":" + c.expected, 0) == 0);
        }
    }
}

TEST_CASE("the default config path follows XDG", "[config]") {
    CHECK(DefaultAppConfigPath("/x/cfg", "/home/a") == "/x/cfg/ketamine-checklist/config.yaml");
    CHECK(DefaultAppConfigPath(nullptr, "/home/a") == "/home/a/.config/ketamine-checklist/config.yaml");
    CHECK(DefaultAppConfigPath("relative", "/home/a") == "/home/a/.config/ketamine-checklist/config.yaml");
    CHECK(DefaultAppConfigPath("", "/home/a") == "/home/a/.config/ketamine-checklist/config.yaml");
    CHECK(DefaultAppConfigPath(nullptr, nullptr).empty());
}

TEST_CASE("records may be made readable by the owner's group, and nothing else is accepted there", "[config]") {
    CheckFlag("records", "group_readable", [](const AppConfig& c) { return c.records.groupReadable; });
    test::TempDir dir;
    CHECK_FALSE(LoadText(dir, "records:\n  group_readable: true\n").config->forward.syslog);
}

TEST_CASE("a department may allow only approved protocols to start, and nothing else is accepted there", "[config]") {
    CheckFlag("protocols", "require_approved", [](const AppConfig& c) { return c.protocols.requireApproved; });
}
