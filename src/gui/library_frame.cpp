#include "library_frame.hpp"

#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

#include "kc/protocol/render.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

enum Column { kTitle, kVersion, kStatus, kSource, kReviewed, kFile };

std::string FirstSourceId(const Protocol& p) { return p.sources.empty() ? "" : p.sources.front().id; }

} // namespace

LibraryFrame::LibraryFrame(std::vector<CatalogEntry> catalog, std::string recordsDir)
    : wxFrame(nullptr, wxID_ANY, _("Ketamine checklist — protocol library"), wxDefaultPosition,
              wxSize(1000, 640)),
      m_catalog(std::move(catalog)), m_recordsDir(std::move(recordsDir)) {
    auto* splitter = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    m_list = new wxListView(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->SetName("Protocol library");
    m_list->AppendColumn(_("Protocol"), wxLIST_FORMAT_LEFT, FromDIP(360));
    m_list->AppendColumn(_("Version"), wxLIST_FORMAT_LEFT, FromDIP(80));
    m_list->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, FromDIP(110));
    m_list->AppendColumn(_("Source"), wxLIST_FORMAT_LEFT, FromDIP(110));
    m_list->AppendColumn(_("Last reviewed"), wxLIST_FORMAT_LEFT, FromDIP(110));
    m_list->AppendColumn(_("File"), wxLIST_FORMAT_LEFT, FromDIP(220));
    m_details = new wxTextCtrl(splitter, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP);
    m_details->SetName("Protocol details");
    splitter->SplitHorizontally(m_list, m_details, FromDIP(260));
    splitter->SetMinimumPaneSize(FromDIP(80));

    CreateStatusBar(2);
    Populate();
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { ShowDetails(e.GetIndex()); });
    if (m_list->GetItemCount() > 0) m_list->Select(0);
    m_list->SetFocus();
}

void LibraryFrame::Populate() {
    m_list->DeleteAllItems();
    m_rows.clear();
    for (std::size_t i = 0; i < m_catalog.size(); ++i) {
        const auto& entry = m_catalog[i];
        const auto& protocol = entry.result.protocol;
        if (protocol && protocol->status == ProtocolStatus::Retired) continue; // retired ones are hidden
        const long row = m_list->InsertItem(m_list->GetItemCount(), protocol ? ToWx(protocol->title) : _("(invalid protocol)"));
        if (protocol) {
            m_list->SetItem(row, kVersion, ToWx(protocol->version));
            m_list->SetItem(row, kStatus, protocol->status == ProtocolStatus::Draft ? _("DRAFT") : _("approved"));
            m_list->SetItem(row, kSource, ToWx(FirstSourceId(*protocol)));
            m_list->SetItem(row, kReviewed, ToWx(protocol->lastReviewed));
        } else {
            m_list->SetItem(row, kStatus, wxString::Format(_("%zu problems"), entry.result.diagnostics.size()));
            m_list->SetItemTextColour(row, *wxRED);
        }
        m_list->SetItem(row, kFile, ToWx(entry.path));
        m_rows.push_back(i);
    }
    SetStatusText(wxString::Format(_("%d protocols, %d invalid"), RowCount(), InvalidCount()), 0);
    SetStatusText(_("Records: ") + ToWx(m_recordsDir), 1);
}

void LibraryFrame::ShowDetails(long row) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()) return;
    const auto& entry = m_catalog[m_rows[static_cast<std::size_t>(row)]];
    std::string text;
    if (entry.result.protocol) {
        text = RenderOutline(*entry.result.protocol);
    } else {
        text = "This protocol cannot be opened until these problems are fixed:\n\n";
        for (const auto& d : entry.result.diagnostics) text += FormatDiagnostic(d) + "\n";
    }
    m_details->ChangeValue(ToWx(text));
}

int LibraryFrame::RowCount() const { return m_list->GetItemCount(); }

int LibraryFrame::InvalidCount() const {
    int invalid = 0;
    for (auto index : m_rows) invalid += m_catalog[index].result.Ok() ? 0 : 1;
    return invalid;
}

} // namespace kc::gui
