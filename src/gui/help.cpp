#include "help.hpp"

#include <wx/accel.h>
#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

#include <regex>

#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

constexpr std::size_t kMaxGuideBytes = 4 * 1024 * 1024;

void Collect(const wxMenu& menu, const wxString& title, std::vector<Shortcut>& out) {
    for (const wxMenuItem* item : menu.GetMenuItems()) {
        if (item->IsSubMenu()) {
            Collect(*item->GetSubMenu(), title + " > " + item->GetItemLabelText(), out);
            continue;
        }
        const wxString label = item->GetItemLabel();
        if (!label.Contains("\t")) continue;
        // The accelerator as wx reads it (and shows it in the menu), so the list says what the key is.
        wxAcceleratorEntry accel;
        const wxString keys = accel.FromString(label) ? accel.ToString() : label.AfterLast('\t');
        wxString action = item->GetItemLabelText();
        action.Replace(wxString::FromUTF8("…"), "");
        out.push_back({keys, action.Trim(), title});
    }
}

} // namespace

std::vector<Shortcut> MenuShortcuts(const wxMenuBar& bar) {
    std::vector<Shortcut> out;
    for (size_t m = 0; m < bar.GetMenuCount(); ++m)
        Collect(*bar.GetMenu(m), wxMenuItem::GetLabelText(bar.GetMenuLabel(m)), out);
    return out;
}

wxListView* ShowShortcutsWindow(wxWindow* parent, const std::vector<Shortcut>& shortcuts) {
    auto* dialog = new wxDialog(parent, wxID_ANY, _("Keyboard shortcuts"), wxDefaultPosition, wxDefaultSize,
                                wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER);
    auto* list = new wxListView(dialog, wxID_ANY, wxDefaultPosition, dialog->FromDIP(wxSize(520, 360)),
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    list->SetName("Keyboard shortcuts");
    list->AppendColumn(_("Key"), wxLIST_FORMAT_LEFT, dialog->FromDIP(140));
    list->AppendColumn(_("Does"), wxLIST_FORMAT_LEFT, dialog->FromDIP(260));
    list->AppendColumn(_("Menu"), wxLIST_FORMAT_LEFT, dialog->FromDIP(100));
    for (const auto& s : shortcuts) {
        const long row = list->InsertItem(list->GetItemCount(), s.keys);
        list->SetItem(row, 1, s.action);
        list->SetItem(row, 2, s.menu);
    }
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(list, 1, wxEXPAND | wxALL, dialog->FromDIP(8));
    auto* close = new wxButton(dialog, wxID_CLOSE, _("&Close"));
    close->Bind(wxEVT_BUTTON, [dialog](wxCommandEvent&) { dialog->Destroy(); });
    dialog->SetEscapeId(wxID_CLOSE);
    dialog->Bind(wxEVT_CLOSE_WINDOW, [dialog](wxCloseEvent&) { dialog->Destroy(); });
    sizer->Add(close, 0, wxALIGN_RIGHT | wxLEFT | wxRIGHT | wxBOTTOM, dialog->FromDIP(8));
    dialog->SetSizerAndFit(sizer);
    dialog->Show();
    list->SetFocus();
    return list;
}

std::string GuideText(const std::string& markdown) {
    static const std::regex kPicture(R"(!\[([^\]]*)\]\([^)]*\))");
    std::string text = std::regex_replace(markdown, kPicture, "[picture: $1]");
    if (text.rfind("# ", 0) == 0) text.erase(0, 2); // the title reads as a title
    return text;
}

wxTextCtrl* ShowUserGuideWindow(wxWindow* parent, const std::string& docDir, std::string& why) {
    const std::string path = docDir + "/user-guide.md";
    std::string markdown;
    try {
        markdown = ReadFile(path, kMaxGuideBytes);
    } catch (const Error& e) {
        why = e.what();
        return nullptr;
    }
    auto* frame = new wxFrame(parent, wxID_ANY, _("User guide — ") + ToWx(path), wxDefaultPosition,
                              parent ? parent->FromDIP(wxSize(900, 700)) : wxSize(900, 700));
    frame->SetName("User guide");
    auto* text = new wxTextCtrl(frame, wxID_ANY, ToWx(GuideText(markdown)), wxDefaultPosition, wxDefaultSize,
                                wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP | wxTE_RICH2);
    text->SetName("User guide text");
    // Fixed width: the guide's tables and key lists line up as written.
    text->SetFont(wxFont(wxFontInfo(text->GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE)));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text, 1, wxEXPAND);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* open = new wxButton(frame, wxID_ANY, _("Open in the &desktop's viewer"));
    open->Bind(wxEVT_BUTTON, [path](wxCommandEvent&) { wxLaunchDefaultApplication(ToWx(path)); });
    auto* close = new wxButton(frame, wxID_CLOSE, _("&Close"));
    close->Bind(wxEVT_BUTTON, [frame](wxCommandEvent&) { frame->Close(); });
    buttons->Add(open, 0, wxRIGHT, frame->FromDIP(8));
    buttons->Add(close);
    sizer->Add(buttons, 0, wxALIGN_RIGHT | wxALL, frame->FromDIP(8));
    frame->SetSizer(sizer);
    frame->Show();
    text->SetInsertionPoint(0);
    text->SetFocus();
    return text;
}

} // namespace kc::gui
