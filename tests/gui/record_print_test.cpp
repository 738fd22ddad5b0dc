// The session record on paper, as a person prints it: laid out on A4 and on Letter as the
// printout lays it out, every word inside the print area (nothing cut at the right edge), every
// hash whole, every page offered by the print dialog, and a preview window inside the app.
#include <algorithm>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <wx/app.h>
#include <wx/menu.h>
#include <wx/utils.h>
#include <wx/print.h>

#include "gui_fixture.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/session_record.hpp"
#include "record_print.hpp"
#include "session_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

// A whole session of the minimal protocol, with text a clinician may type: a long
// justification, a note, and a pasted reference with no space in it.
std::unique_ptr<Session> Completed(test::GuiFixture& f) {
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    std::string refusal;
    auto s = Session::Start(loaded.protocol, {{"Dr A. Operator with a long name", "anesthesiologist"},
                                              "P-PRINT-0000000000000000000000000001", "Infusion suite 2, east wing"},
                            f.Context().Env(), refusal);
    REQUIRE(s);
    REQUIRE(s->Answer("indication", {"crps"}).Accepted());
    REQUIRE(s->Answer("psychosis", {"no"}, "Reviewed the psychiatric history with the patient and the GP letter")
                .Accepted());
    REQUIRE(s->Answer("hepatic", {"moderate"}).Accepted());
    REQUIRE(s->Justify("hepatic",
                       "Liver function tests reviewed this week (lab reference LFT-2026-11-15-0000000000000000000042); "
                       "hepatology agrees to proceed with monitoring.",
                       "Dr B. Second")
                .Accepted());
    REQUIRE(s->Answer("cv-risk", {"yes"}).Accepted());
    REQUIRE(s->Answer("ecg", {"yes"}).Accepted());
    REQUIRE(s->Answer("monitors", {"spo2", "nibp", "ecg-monitor"}).Accepted());
    REQUIRE(s->Answer("heart-rate", {"72"}).Accepted());
    REQUIRE(s->Skip("remarks", "").Accepted());
    REQUIRE(s->Attest("Dr A. Operator", "I confirm that this record is complete and accurate.").Accepted());
    REQUIRE(s->Complete().Accepted());
    return s;
}

RecordPage PageOf(const Session& s) {
    return {RenderSessionRecordHtml(s.GetEngine().GetProtocol(), s.State(), s.Events()),
            RecordFooter(s.Id(), s.State().lastHash)};
}

std::string Joined(const std::vector<PrintedWord>& words) {
    std::string out;
    for (const auto& w : words) out += w.text;
    out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
    return out;
}

} // namespace

TEST_CASE("the printed record fits A4 and Letter: no word past the right edge, every hash whole, all pages",
          "[gui][print]") {
    test::GuiFixture f;
    auto session = Completed(f);
    const RecordPage page = PageOf(*session);
    const std::string finalHash = session->State().lastHash;
    REQUIRE(finalHash.size() == 64);
    const std::string protocolSha = session->GetEngine().GetProtocol().sha256;
    for (const auto paper : {wxPAPER_A4, wxPAPER_LETTER}) {
        for (const int dpi : {72, 150, 300, 600, 1200}) {
            const RecordLayout layout = MeasureRecordPages(page, paper, dpi);
            INFO((paper == wxPAPER_A4 ? "A4" : "Letter") << " at " << dpi << " dpi: print area " << layout.pageArea.x
                                                         << " px, document " << layout.document.x << " px, "
                                                         << layout.pages << " pages");
            REQUIRE(layout.pageArea.x > 0);
            REQUIRE(layout.pages >= 2); // the record runs over pages: the last one must print too
            CHECK(layout.document.x <= layout.pageArea.x);
            // Every page is offered for printing, not only the first.
            CHECK(layout.selectedFrom == 1);
            CHECK(layout.selectedTo == layout.pages);
            int widest = 0;
            std::string widestWord;
            for (const auto& w : layout.words)
                if (w.right > widest) {
                    widest = w.right;
                    widestWord = w.text;
                }
            INFO("the widest word ends at " << widest << " px: " << widestWord);
            CHECK(widest <= layout.pageArea.x);
            // What is printed holds the whole final hash and the protocol's sha256, all 64 characters.
            const std::string printed = Joined(layout.words);
            CHECK(printed.find(finalHash) != std::string::npos);
            CHECK(printed.find(protocolSha) != std::string::npos);
            CHECK(printed.find("LFT-2026-11-15-0000000000000000000042") != std::string::npos);
        }
    }
    CHECK(RecordPrintDialogData(wxPrintData()).GetAllPages());

    // GTK's printer asks the printout for its pages before its dialog, before any layout, and
    // selects a range ("Pages: 1") unless the answer is every page or no range at all.
    RecordPrintout unprepared(page);
    int minPage = 0, maxPage = 0, from = -1, to = -1;
    unprepared.GetPageInfo(&minPage, &maxPage, &from, &to);
    INFO("before layout: pages " << minPage << " to " << maxPage << ", selected " << from << " to " << to);
    CHECK(((from == 0 && to == 0) || (from == minPage && to == maxPage)));
}

TEST_CASE("the record's preview opens inside the app with every page, and Save writes it privately",
          "[gui][print]") {
    test::GuiFixture f;
    auto session = Completed(f);
    const RecordPage page = PageOf(*session);
    auto* parent = new wxFrame(nullptr, wxID_ANY, "parent");
    parent->Show();
    wxPrintData printData;
    printData.SetPaperId(wxPAPER_A4);
    wxPreviewFrame* preview = PreviewRecordPage(parent, f.prompter, printData, page);
    INFO(f.prompter.errors.size() << (f.prompter.errors.empty() ? "" : " " + f.prompter.errors.front()));
    REQUIRE(preview != nullptr);
    CHECK(preview->IsShown());
    wxPreviewControlBar* bar = nullptr;
    for (wxWindow* child : preview->GetChildren())
        if (auto* b = dynamic_cast<wxPreviewControlBar*>(child)) bar = b;
    REQUIRE(bar != nullptr);
    wxPrintPreviewBase* shown = bar->GetPrintPreview();
    REQUIRE(shown != nullptr);
    for (int i = 0; i < 20; ++i) { // the preview lays the record out when it first shows a page
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
    CHECK(shown->GetMaxPage() == MeasureRecordPages(page, wxPAPER_A4).pages);
    CHECK(shown->GetMaxPage() >= 2);
    preview->Destroy();

    // Save from the session window: the records folder's permissions, not 0644.
    auto* frame = new SessionFrame(f.Context(), std::move(session));
    frame->Show();
    f.prompter.saveAs = SaveChoice{f.dir.File("record.html"), 0};
    wxCommandEvent save(wxEVT_MENU, frame->GetMenuBar()->FindMenuItem(_("&Session"), _("&Save record as HTML…")));
    frame->ProcessWindowEvent(save);
    struct stat st {};
    REQUIRE(::stat(f.dir.File("record.html").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == f.records->FileMode());
    CHECK(test::ReadAll(f.dir.File("record.html")) == page.html);
    frame->Destroy();
    parent->Destroy();
}
