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

#include <algorithm>
#include <regex>

#include "kc/base/error.hpp"
#include "prompter.hpp"
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
    auto* list = new wxListView(dialog, wxID_ANY, wxDefaultPosition, dialog->FromDIP(wxSize(680, 360)),
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    list->SetName("Keyboard shortcuts");
    list->AppendColumn(_("Key"), wxLIST_FORMAT_LEFT, dialog->FromDIP(140));
    list->AppendColumn(_("Does"), wxLIST_FORMAT_LEFT, dialog->FromDIP(420));
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

void AddHelpMenu(wxFrame& frame, const std::string& docDir, Prompter& prompter, std::vector<Shortcut> windowKeys) {
    auto* help = new wxMenu;
    const int guide = wxWindow::NewControlId();
    const int shortcuts = wxWindow::NewControlId();
    help->Append(guide, _("&User guide\tF1"), _("How to run, resume and check sessions"));
    help->Append(shortcuts, _("&Keyboard shortcuts"), _("Every key of this window"));
    frame.GetMenuBar()->Append(help, _("&Help"));
    frame.Bind(wxEVT_MENU, [&frame, docDir, &prompter](wxCommandEvent&) {
        std::string why;
        if (!ShowUserGuideWindow(&frame, docDir, why))
            prompter.Error(&frame, _("The user guide cannot be shown"), ToWx(why));
    }, guide);
    frame.Bind(wxEVT_MENU, [&frame, windowKeys = std::move(windowKeys)](wxCommandEvent&) {
        std::vector<Shortcut> keys = MenuShortcuts(*frame.GetMenuBar());
        keys.insert(keys.end(), windowKeys.begin(), windowKeys.end());
        ShowShortcutsWindow(&frame, keys);
    }, shortcuts);
}

std::string GuideText(const std::string& markdown) {
    static const std::regex kPicture(R"(!\[([^\]]*)\]\([^)]*\))");
    static const std::regex kListItem(R"(^\s*([-*]|[0-9]+\.)\s)");
    const std::string pictures = std::regex_replace(markdown, kPicture, "[picture: $1]");
    // Paragraphs are joined into one line each (the window wraps them at its width); headings
    // are underlined; tables, lists and code blocks stay as written.
    std::string out;
    bool fence = false;
    bool prose = false; // the line before is prose that the next prose line continues
    std::size_t start = 0;
    while (start <= pictures.size()) {
        std::size_t end = pictures.find('\n', start);
        if (end == std::string::npos) end = pictures.size();
        std::string line = pictures.substr(start, end - start);
        start = end + 1;
        std::string bare = line;
        bare.erase(0, bare.find_first_not_of(' ') == std::string::npos ? bare.size() : bare.find_first_not_of(' '));
        if (bare.rfind("```", 0) == 0) fence = !fence;
        const bool heading = !fence && bare.rfind("#", 0) == 0;
        const bool block = fence || bare.empty() || heading || bare.rfind("|", 0) == 0 || bare.rfind("```", 0) == 0 ||
                           line.rfind("    ", 0) == 0 || std::regex_search(line, kListItem);
        if (!block && prose && !bare.empty()) {
            out += " " + bare;
            continue;
        }
        if (!out.empty()) out += "\n";
        if (heading) {
            const std::size_t level = bare.find_first_not_of('#');
            std::string title = bare.substr(bare.find_first_not_of("# "));
            out += title;
            if (level <= 2) out += "\n" + std::string(std::min<std::size_t>(title.size(), 80), level == 1 ? '=' : '-');
        } else {
            out += line;
        }
        // A list item's wrapped lines continue it too.
        prose = !fence && !heading && !bare.empty() && bare.rfind("|", 0) != 0 && bare.rfind("```", 0) != 0 &&
                line.rfind("    ", 0) != 0;
    }
    std::size_t bold;
    while ((bold = out.find("**")) != std::string::npos) out.erase(bold, 2);
    return out;
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
