#include "record_print.hpp"

#include <wx/dcmemory.h>
#include <wx/html/htmlcell.h>
#include <wx/html/winpars.h>
#include <wx/paper.h>
#include <wx/print.h>
#include <wx/printdlg.h>

#include <fmt/format.h>

#include "kc/base/error.hpp"
#include "kc/ops/report_file.hpp"
#include "prompter.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

// The record's text size on paper, and its margins (mm): 10 pt keeps a timeline row to a line
// or two, and 15 mm leaves room for the widest table on A4 and Letter alike.
constexpr int kPrintFontSize = 10;
constexpr float kMargin = 15.0f;
constexpr double kTypicalScreenDpi = 96.0; // wxHtmlPrintout's reference pixel

template <class T>
void SetRecordFonts(T& target) {
    target.SetStandardFonts(kPrintFontSize);
}

// Every word cell below `cell`, with its right edge relative to `root`.
void CollectWords(const wxHtmlCell* cell, const wxHtmlCell* root, std::vector<PrintedWord>& words) {
    for (const wxHtmlCell* c = cell; c != nullptr; c = c->GetNext()) {
        if (const wxHtmlCell* child = c->GetFirstChild()) CollectWords(child, root, words);
        if (dynamic_cast<const wxHtmlWordCell*>(c) != nullptr) {
            const wxPoint at = c->GetAbsPos(root);
            words.push_back({FromWx(c->ConvertToText(nullptr)), at.x + c->GetWidth(), at.y});
        }
    }
}

} // namespace

std::string RecordFooter(const std::string& sessionId, const std::string& finalHash) {
    return fmt::format("Session {} · trail hash {}… · page @PAGENUM@ of @PAGESCNT@", sessionId, finalHash.substr(0, 16));
}

RecordPrintout::RecordPrintout(const RecordPage& page) : wxHtmlPrintout(_("Session record")) {
    SetRecordFonts(*this);
    SetMargins(kMargin, kMargin, kMargin, kMargin, 5);
    SetFooter("<font size=\"-1\">" + ToWx(page.footer) + "</font>");
    SetHtmlText(ToWx(page.html));
}

bool RecordPrintout::CheckFit(const wxSize& pageArea, const wxSize& docArea) const {
    m_pageArea = pageArea;
    m_document = docArea;
    return true;
}

void RecordPrintout::GetPageInfo(int* minPage, int* maxPage, int* selectedFrom, int* selectedTo) {
    wxHtmlPrintout::GetPageInfo(minPage, maxPage, selectedFrom, selectedTo);
    if (*selectedTo < 1) *selectedFrom = *selectedTo = 0; // not laid out yet
}

wxPrintDialogData RecordPrintDialogData(const wxPrintData& printData) {
    wxPrintDialogData data(printData);
    data.SetAllPages(true);
    data.SetFromPage(1);
    data.SetToPage(9999); // the printout says how many there are once it is laid out
    data.SetMinPage(1);
    data.SetMaxPage(9999);
    return data;
}

void PrintRecordPage(wxWindow* parent, Prompter& prompter, wxPrintData& printData, const RecordPage& page) {
    wxPrintDialogData dialogData = RecordPrintDialogData(printData);
    wxPrinter printer(&dialogData);
    RecordPrintout printout(page);
    if (printer.Print(parent, &printout, true)) {
        printData = printer.GetPrintDialogData().GetPrintData(); // the paper and printer chosen, for next time
        return;
    }
    if (wxPrinter::GetLastError() == wxPRINTER_ERROR)
        prompter.Error(parent, _("Not printed"),
                       _("The record could not be printed. Check that a printer is set up, or save the record as HTML "
                         "and print it from a browser."));
}

wxPreviewFrame* PreviewRecordPage(wxWindow* parent, Prompter& prompter, wxPrintData& printData, const RecordPage& page) {
    wxPrintDialogData dialogData = RecordPrintDialogData(printData);
    auto* preview = new wxPrintPreview(new RecordPrintout(page), new RecordPrintout(page), &dialogData);
    if (!preview->IsOk()) {
        delete preview;
        prompter.Error(parent, _("No preview"),
                       _("The print preview could not be made (no printer or paper size is set up). Save the record "
                         "as HTML to see it in a browser."));
        return nullptr;
    }
    auto* frame = new wxPreviewFrame(preview, parent, _("Print preview — session record"), wxDefaultPosition,
                                     parent ? parent->FromDIP(wxSize(900, 1000)) : wxSize(900, 1000));
    frame->SetName("Record preview");
    frame->InitializeWithModality(wxPreviewFrame_NonModal);
    frame->Show();
    return frame;
}

bool SaveRecordPage(wxWindow* parent, Prompter& prompter, const std::string& html, const std::string& defaultName,
                mode_t mode) {
    const auto choice =
        prompter.SaveFile(parent, _("Save the session record"), ToWx(defaultName), _("HTML files (*.html)|*.html"));
    if (!choice) return false;
    try {
        WriteRecordsFile(choice->path, html, mode, "record");
    } catch (const IoError& e) {
        prompter.Error(parent, _("Not saved"), ToWx(e.what()) + _("\n\nNothing was saved there."));
        return false;
    }
    return true;
}

RecordLayout MeasureRecordPages(const RecordPage& page, wxPaperSize paper, int dpi) {
    // wxHtmlPrintout::OnPreparePrinting and RenderPage do the same with a printer's DC.
    wxPrintPaperDatabase papers;
    papers.CreateDatabase();
    const wxPrintPaperType* type = papers.FindPaperType(paper);
    if (type == nullptr) return {};
    const wxSize mm = type->GetSize() / 10; // tenths of a millimetre
    const wxSize pixels(static_cast<int>(mm.x * dpi / 25.4), static_cast<int>(mm.y * dpi / 25.4));
    // A bitmap of the page at the screen's resolution, scaled to the printer's pixels as a
    // preview draws (the printout sets the DC's scale), so a 1200 dpi page needs no 500 MB.
    wxBitmap bitmap(static_cast<int>(mm.x * kTypicalScreenDpi / 25.4), static_cast<int>(mm.y * kTypicalScreenDpi / 25.4));
    wxMemoryDC dc(bitmap);
    dc.SetBackground(*wxWHITE_BRUSH);
    dc.Clear();
    const wxSize screenPpi = dc.GetPPI();

    // The printout itself, as a printer drives it: its pages and its fit.
    RecordPrintout printout(page);
    printout.SetDC(&dc);
    printout.SetPageSizePixels(pixels.x, pixels.y);
    printout.SetPageSizeMM(mm.x, mm.y);
    printout.SetPaperRectPixels(wxRect(wxPoint(0, 0), pixels));
    printout.SetPPIPrinter(dpi, dpi);
    printout.SetPPIScreen(screenPpi.x, screenPpi.y);
    printout.OnPreparePrinting();
    RecordLayout layout;
    int minPage = 0;
    printout.GetPageInfo(&minPage, &layout.pages, &layout.selectedFrom, &layout.selectedTo);
    for (int p = 1; printout.HasPage(p); ++p) printout.OnPrintPage(p); // each page draws
    layout.pageArea = printout.PageArea();
    layout.document = printout.DocumentSize();

    // The same text parsed as wxHtmlPrintout parses it (same DC, scales and fonts) and laid out
    // at the print area's width, to see where each word lands.
    wxHtmlWinParser parser;
    parser.SetDC(&dc, dpi / kTypicalScreenDpi, static_cast<double>(dpi) / screenPpi.y);
    SetRecordFonts(parser);
    std::unique_ptr<wxHtmlContainerCell> cells(dynamic_cast<wxHtmlContainerCell*>(parser.Parse(ToWx(page.html))));
    if (!cells) return layout;
    cells->SetIndent(0, wxHTML_INDENT_ALL, wxHTML_UNITS_PIXELS);
    cells->Layout(layout.pageArea.x);
    CollectWords(cells.get(), cells.get(), layout.words);
    return layout;
}

} // namespace kc::gui
