#pragma once
// The start window: the protocol library. Lists every protocol found with its title,
// version, status, source and review date; a protocol that failed validation shows its
// diagnostics instead.
#include <string>
#include <vector>

#include <wx/frame.h>

#include "protocol_catalog.hpp"

class wxListView;
class wxTextCtrl;

namespace kc::gui {

class LibraryFrame : public wxFrame {
public:
    LibraryFrame(std::vector<CatalogEntry> catalog, std::string recordsDir);

    // For tests and the status bar: rows shown and how many are invalid.
    int RowCount() const;
    int InvalidCount() const;
    wxListView* List() const { return m_list; }
    wxTextCtrl* Details() const { return m_details; }

private:
    void Populate();
    void ShowDetails(long row);

    std::vector<CatalogEntry> m_catalog;
    std::vector<std::size_t> m_rows; // catalog index per list row
    std::string m_recordsDir;
    wxListView* m_list = nullptr;
    wxTextCtrl* m_details = nullptr;
};

} // namespace kc::gui
