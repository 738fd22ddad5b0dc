#pragma once
// Printing a session record (kc/report/session_record.hpp) from the session window and the
// session history: the print dialog set to every page, a preview inside the app, and a save
// with the records folder's permissions. The printout lays the record out for the paper the
// person chose (A4, Letter, ...) with the same fonts and margins everywhere, and
// MeasureRecordPages lays it out as that printout does, so a test can see what is printed.
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include <wx/cmndata.h>
#include <wx/html/htmprint.h>

class wxPreviewFrame;
class wxWindow;

namespace kc::gui {

class Prompter;

// A record to print: its HTML and the footer every page carries (session, hash, page N of M).
struct RecordPage {
    std::string html;
    std::string footer;
};
// "Session ID · trail hash 0123abcd… · page @PAGENUM@ of @PAGESCNT@"
std::string RecordFooter(const std::string& sessionId, const std::string& finalHash);

// The record's printout: 10 pt text, 15 mm margins, the footer, every page offered. It never
// asks whether to cut a page that is too wide; it notes the widths (the record is made to
// fit: a test holds it).
class RecordPrintout : public wxHtmlPrintout {
public:
    explicit RecordPrintout(const RecordPage& page);
    // After OnPreparePrinting: the print area and the laid-out document, in device pixels.
    wxSize PageArea() const { return m_pageArea; }
    wxSize DocumentSize() const { return m_document; }
    // Before the layout (GTK's printer asks before its dialog) no range, so that the dialog
    // offers every page; wxHtmlPrintout's answer then ("1 to -1") makes it select page 1 only.
    void GetPageInfo(int* minPage, int* maxPage, int* selectedFrom, int* selectedTo) override;

private:
    bool CheckFit(const wxSize& pageArea, const wxSize& docArea) const override;
    mutable wxSize m_pageArea, m_document;
};

// What the print dialog starts with: every page (wx's default is "pages 1 to 1" on GTK).
wxPrintDialogData RecordPrintDialogData(const wxPrintData& printData);

// Shows the print dialog and prints; a failure other than a cancel is said through `prompter`.
void PrintRecordPage(wxWindow* parent, Prompter& prompter, wxPrintData& printData, const RecordPage& page);
// Opens the preview window (the pages as they will print, with its own Print button); null,
// said through `prompter`, when no preview can be made.
wxPreviewFrame* PreviewRecordPage(wxWindow* parent, Prompter& prompter, wxPrintData& printData, const RecordPage& page);
// Asks for a file and writes the record there with `mode` (the records folder's permissions);
// false when cancelled or not written (said through `prompter`).
bool SaveRecordPage(wxWindow* parent, Prompter& prompter, const std::string& html, const std::string& defaultName,
                mode_t mode);

// The record laid out on one paper size as RecordPrintout prints it (a memory DC at `dpi`):
// the pages, and every word with where it lands.
struct PrintedWord {
    std::string text;
    int right = 0;  // its right edge, from the print area's left edge, in device pixels
    int top = 0;    // its top edge, from the top of the document
};
struct RecordLayout {
    int pages = 0;
    int selectedFrom = 0, selectedTo = 0; // the pages the printout offers to print
    wxSize pageArea;                      // the print area
    wxSize document;                      // the document as laid out (wider than the area: cut off)
    std::vector<PrintedWord> words;
};
RecordLayout MeasureRecordPages(const RecordPage& page, wxPaperSize paper, int dpi = 150);

} // namespace kc::gui
