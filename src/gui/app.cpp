// Composition root of ketamine-checklist: reads the command line and the settings, opens the
// installation (records, log, forwarder, signing key: OpenInstallation, as checklistctl does),
// makes the real clock, ids and dialogs, and opens the start window. The only place with process-wide state.
#include <cstdlib>
#include <memory>

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/fileconf.h>
#include <wx/filename.h>
#include <wx/crt.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>

#include <fmt/format.h>

#include "kc/ops/app_config.hpp"
#include "kc/ops/installation.hpp"
#include "kc/base/error.hpp"
#include "kc/base/version.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "start_frame.hpp"
#include "utf8_locale.hpp"
#include "wx_string.hpp"

namespace kc::gui {

class App : public wxApp {
public:
    bool OnInit() override {
        SetAppName("ketamine-checklist");
        SetAppDisplayName("Ketamine checklist");
        // XDG places: records and logs in ~/.local/share/ketamine-checklist, the remembered
        // window layout in ~/.config/ketamine-checklist (the classic layout gives both the
        // same path, ~/.ketamine-checklist, and the layout could never be saved).
        wxStandardPaths::Get().SetFileLayout(wxStandardPaths::FileLayout_XDG);
        if (!wxApp::OnInit()) return false;
        const wxString configDir = wxStandardPaths::Get().GetUserConfigDir() + "/ketamine-checklist";
        wxFileName::Mkdir(configDir, 0700, wxPATH_MKDIR_FULL);
        wxConfigBase::Set(new wxFileConfig(GetAppName(), wxEmptyString, configDir + "/window-layout.ini",
                                           wxEmptyString, wxCONFIG_USE_LOCAL_FILE));
        EnsureUtf8Characters(); // after GTK set the locale from the environment
        // Settings shared with checklistctl, chosen by the same rule: --config FILE (which must
        // exist), else $XDG_CONFIG_HOME/ketamine-checklist/config.yaml when it exists. An invalid file stops the
        // start: forwarding someone configured must not be dropped silently.
        std::vector<Diagnostic> configProblems;
        const auto config =
            LoadChosenAppConfig(m_configFile, std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"), configProblems);
        if (!config) {
            std::string text;
            for (const auto& d : configProblems) text += FormatDiagnostic(d) + "\n";
            wxFprintf(stderr, "ketamine-checklist: the settings file cannot be used:\n%s", ToWx(text));
            wxMessageBox(wxString::Format(_("The settings file cannot be used:\n\n%s"), ToWx(text)),
                         _("Ketamine checklist"), wxOK | wxICON_ERROR);
            return false;
        }
        if (m_protocolDirs.empty()) m_protocolDirs.push_back(DefaultProtocolDir());
        // The same data folder as checklistctl's (records, logs, the signing key): XDG's rule.
        std::string dataDir = DefaultDataDir(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
        if (dataDir.empty()) dataDir = FromWx(wxStandardPaths::Get().GetUserDataDir());
        try {
            // The installation key (created on first use) signs each closed session's
            // checkpoint; it is kept beside the records folder, never inside it.
            m_installation = OpenInstallation(*config, {dataDir, m_recordsDir, {}, dataDir + "/logs", nullptr});
        } catch (const Error& e) {
            wxMessageBox(wxString::Format(_("The records folder or the signing key cannot be used:\n\n%s"), ToWx(e.what())),
                         _("Ketamine checklist"), wxOK | wxICON_ERROR);
            return false;
        }
        m_installation->log->Info(
            fmt::format("ketamine-checklist {} started; records in {}", kVersion, m_installation->recordsDir));
        m_context = std::make_unique<AppContext>(
            AppContext{m_protocolDirs, *m_installation->records, m_clock, m_ids, *m_installation->log, m_prompter,
                       m_installation->forwarder.get(), &*m_installation->key, config->protocols, DefaultDocDir(), dataDir});
        auto* frame = new StartFrame(*m_context, LoadCatalog(m_protocolDirs));
        frame->Show();
        if (!m_auditDir.empty()) frame->OpenAudit(m_auditDir); // an auditor's folder, read-only use
        if (m_quitWhenIdle) // for the start-up benchmark: the first idle event means "ready"
            Bind(wxEVT_IDLE, [frame, closed = false](wxIdleEvent&) mutable {
                if (!closed) frame->Close(true); // as a person would; the app ends with its last window
                closed = true;
            });
        return true;
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override {
        wxApp::OnInitCmdLine(parser);
        parser.AddOption("p", "protocols", "folder of protocol files (repeatable)", wxCMD_LINE_VAL_STRING,
                         wxCMD_LINE_PARAM_MULTIPLE);
        parser.AddOption("r", "records", "records folder for audit trails", wxCMD_LINE_VAL_STRING);
        parser.AddOption("a", "audit", "open the audit window on this records folder", wxCMD_LINE_VAL_STRING);
        parser.AddOption("c", "config", "settings file (default: $XDG_CONFIG_HOME/ketamine-checklist/config.yaml)",
                         wxCMD_LINE_VAL_STRING);
        parser.AddSwitch("", "version", "print the version and exit");
        parser.AddSwitch("", "quit-when-idle", "quit at the first idle event (start-up benchmark)",
                         wxCMD_LINE_HIDDEN);
    }

    bool OnCmdLineParsed(wxCmdLineParser& parser) override {
        if (parser.Found("version")) {
            wxPrintf("ketamine-checklist %s\n", kVersion);
            return false;
        }
        for (const auto& arg : parser.GetArguments())
            if (arg.GetKind() == wxCMD_LINE_OPTION && arg.GetLongName() == "protocols")
                m_protocolDirs.push_back(FromWx(arg.GetStrVal()));
        wxString value;
        if (parser.Found("records", &value)) m_recordsDir = FromWx(value);
        if (parser.Found("audit", &value)) m_auditDir = FromWx(value);
        if (parser.Found("config", &value)) m_configFile = FromWx(value);
        m_quitWhenIdle = parser.Found("quit-when-idle");
        return wxApp::OnCmdLineParsed(parser);
    }

    // Last resort: an unexpected exception is shown and logged, never swallowed.
    bool OnExceptionInMainLoop() override {
        const std::string what = DescribeException(std::current_exception());
        if (m_installation) m_installation->log->Error("unexpected error: " + what);
        wxMessageBox(ToWx(what), _("Unexpected error"), wxOK | wxICON_ERROR);
        return true;
    }

private:
    static std::string DefaultProtocolDir() {
        const std::string installed = FromWx(wxStandardPaths::Get().GetDataDir()) + "/protocols";
        return wxDirExists(ToWx(installed)) ? installed : std::string(kInstalledProtocolDir);
    }

    // The documentation, by the protocols' rule: beside the installed data (share/doc/<app>
    // next to share/<app>, wherever the package put the program), else where this build
    // installs it, else the source tree's (a build run in place).
    static std::string DefaultDocDir() {
        const wxFileName data(wxStandardPaths::Get().GetDataDir(), wxEmptyString);
        const std::string beside = FromWx(data.GetPath()) + "/../doc/ketamine-checklist";
        for (const std::string& dir : {beside, std::string(kInstalledDocDir)})
            if (wxFileExists(ToWx(dir + "/user-guide.md"))) return dir;
        return kSourceDocDir;
    }

    std::vector<std::string> m_protocolDirs;
    std::string m_recordsDir;
    std::string m_auditDir;
    std::string m_configFile; // --config
    bool m_quitWhenIdle = false;
    SystemClock m_clock;
    RandomIdGenerator m_ids;
    DialogPrompter m_prompter;
    std::unique_ptr<Installation> m_installation; // records, log, forwarder, key
    std::unique_ptr<AppContext> m_context;
};

} // namespace kc::gui

wxIMPLEMENT_APP(kc::gui::App);
