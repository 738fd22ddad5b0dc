// The reference for the start-up benchmark: the smallest wxWidgets program with one frame,
// quitting at its first idle event, as ketamine-checklist --quit-when-idle does.
#include <wx/app.h>
#include <wx/frame.h>

class MinimalApp : public wxApp {
public:
    bool OnInit() override {
        (new wxFrame(nullptr, wxID_ANY, "minimal", wxDefaultPosition, wxSize(1180, 760)))->Show();
        Bind(wxEVT_IDLE, [this](wxIdleEvent&) { ExitMainLoop(); });
        return true;
    }
};

wxIMPLEMENT_APP(MinimalApp);
