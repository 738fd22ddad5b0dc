// Test main for GUI tests, after wxWidgets' own: wx is initialised once, and a failed wx
// assertion fails the running test instead of opening a dialog.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <string>

#include <wx/app.h>
#include <wx/init.h>

#include "utf8_locale.hpp"

int main(int argc, char** argv) {
    // Listing tests (ctest discovery at build time) needs no display.
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]).rfind("--list", 0) == 0) return Catch::Session().run(argc, argv);
    wxApp::SetInstance(new wxApp());
    wxInitializer initializer(argc, argv);
    if (!initializer.IsOk()) {
        fprintf(stderr, "wxWidgets could not start (is there a display? run under xvfb-run)\n");
        return 2;
    }
    kc::gui::EnsureUtf8Characters();
    wxSetAssertHandler([](const wxString& file, int line, const wxString& func, const wxString& cond,
                          const wxString& msg) {
        FAIL("wx assertion " << cond.utf8_string() << " failed in " << func.utf8_string() << " at "
                             << file.utf8_string() << ":" << line << ": " << msg.utf8_string());
    });
    return Catch::Session().run(argc, argv);
}
