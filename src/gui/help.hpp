#pragma once
// The Help menu's windows: the keyboard shortcuts, read from a menu bar's accelerators at run
// time (so the list cannot drift from the keys), and the user guide, shown as its text.
#include <string>
#include <vector>

#include <wx/string.h>

class wxFrame;
class wxListView;
class wxMenuBar;
class wxTextCtrl;
class wxWindow;

namespace kc::gui {

struct Shortcut {
    wxString keys;   // "Ctrl+N"
    wxString action; // "Start session" (the menu item's label, without its mnemonic)
    wxString menu;   // "File"
};

// Every menu item with an accelerator, in menu order (submenus included).
std::vector<Shortcut> MenuShortcuts(const wxMenuBar& bar);

// A modeless window listing them (and `more`: keys no menu shows); returns its list.
wxListView* ShowShortcutsWindow(wxWindow* parent, const std::vector<Shortcut>& shortcuts);

// The user guide in `docDir` ("user-guide.md"), as its text in a modeless, read-only window;
// returns the text control, or null when the file cannot be read (`why` says what and where).
wxTextCtrl* ShowUserGuideWindow(wxWindow* parent, const std::string& docDir, std::string& why);

class Prompter;

// Appends a Help menu to `frame`'s menu bar (set already): User guide (F1) and Keyboard
// shortcuts, which lists the menus' keys and `windowKeys`, the window's own keys that no
// menu item carries. A guide that cannot be read is said through `prompter`.
void AddHelpMenu(wxFrame& frame, const std::string& docDir, Prompter& prompter, std::vector<Shortcut> windowKeys);

// The user guide's Markdown as plain reading text: pictures named ("[picture: …]"), the rest
// as written (headings, tables and lists read well in a fixed-width font).
std::string GuideText(const std::string& markdown);

} // namespace kc::gui
