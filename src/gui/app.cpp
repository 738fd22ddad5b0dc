// Composition root of ketamine-checklist: reads the command line, finds the protocol and
// records folders, and opens the first window. The only place with process-wide state.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/crt.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>

#include "kc/error.hpp"
#include "kc/version.hpp"
#include "library_frame.hpp"
#include "protocol_catalog.hpp"
#include "wx_string.hpp"

namespace kc::gui {

class App : public wxApp {
public:
    bool OnInit() override {
        SetAppName("ketamine-checklist");
        SetAppDisplayName("Ketamine checklist");
        if (!wxApp::OnInit()) return false;
        if (m_protocolDirs.empty()) m_protocolDirs.push_back(DefaultProtocolDir());
        if (m_recordsDir.empty())
            m_recordsDir = FromWx(wxStandardPaths::Get().GetUserDataDir()) + "/records";
        auto* frame = new LibraryFrame(LoadCatalog(m_protocolDirs), m_recordsDir);
        frame->Show();
        return true;
    }

    void OnInitCmdLine(wxCmdLineParser& parser) override {
        wxApp::OnInitCmdLine(parser);
        parser.AddOption("p", "protocols", "folder of protocol files (repeatable)", wxCMD_LINE_VAL_STRING,
                         wxCMD_LINE_PARAM_MULTIPLE);
        parser.AddOption("r", "records", "records folder for audit trails", wxCMD_LINE_VAL_STRING);
        parser.AddSwitch("", "version", "print the version and exit");
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
        return wxApp::OnCmdLineParsed(parser);
    }

    // Last resort: an unexpected exception is shown, never swallowed.
    bool OnExceptionInMainLoop() override {
        wxMessageBox(ToWx(DescribeException(std::current_exception())), _("Unexpected error"),
                     wxOK | wxICON_ERROR);
        return true;
    }

private:
    static std::string DefaultProtocolDir() {
        const std::string installed = FromWx(wxStandardPaths::Get().GetDataDir()) + "/protocols";
        return wxDirExists(ToWx(installed)) ? installed : std::string(kInstalledProtocolDir);
    }

    std::vector<std::string> m_protocolDirs;
    std::string m_recordsDir;
};

} // namespace kc::gui

wxIMPLEMENT_APP(kc::gui::App);
