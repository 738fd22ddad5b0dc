#pragma once
// What GUI tests share: an AppContext over a temporary records folder, a manual clock, and
// a prompter that answers from a script instead of opening modal dialogs.
#include <optional>
#include <string>
#include <vector>

#include <wx/event.h>
#include <wx/window.h>

#include "app_context.hpp"
#include "kc/audit/records.hpp"
#include "process.hpp"
#include "prompter.hpp"

namespace kc::test {

class ScriptedPrompter : public gui::Prompter {
public:
    std::vector<std::string> errors;
    int confirmations = 0;
    bool confirmAnswer = true;
    std::optional<gui::JustificationInput> justification;
    std::optional<gui::AmendInput> amendment;
    std::optional<std::string> reason;
    int justifyAsked = 0;
    std::string justifyOperator; // the operator the last justification dialog named

    void Error(wxWindow*, const wxString& title, const wxString& message) override {
        errors.push_back((title + ": " + message).utf8_string());
    }
    std::vector<std::string> confirmed; // what each confirmation asked ("title: message")
    bool Confirm(wxWindow*, const wxString& title, const wxString& message) override {
        ++confirmations;
        confirmed.push_back((title + ": " + message).utf8_string());
        return confirmAnswer;
    }
    std::optional<gui::JustificationInput> justificationAfterProblem; // the answer when asked again with a problem
    gui::JustificationInput justifyTyped; // what the last dialog was opened with
    std::string justifyProblem;           // ... and the problem it showed
    std::optional<gui::JustificationInput> Justify(wxWindow*, const Step&, const std::string& operatorName,
                                                   const gui::JustificationInput& typed, const wxString& problem) override {
        ++justifyAsked;
        justifyOperator = operatorName;
        justifyTyped = typed;
        justifyProblem = problem.utf8_string();
        return problem.empty() ? justification : justificationAfterProblem;
    }
    int amendAsked = 0;
    std::optional<gui::AmendInput> Amend(wxWindow*, const Step&, const Values&, const std::string&) override {
        ++amendAsked;
        return amendment;
    }
    std::optional<std::string> Reason(wxWindow*, const wxString&, const wxString&) override { return reason; }
    int abandonAsked = 0;
    std::optional<std::string> AbandonReason(wxWindow*) override { // answered with `reason` too
        ++abandonAsked;
        return reason;
    }
    std::optional<gui::JustificationInput> earlyEnd; // what the early-end dialog is answered with
    std::optional<gui::JustificationInput> EndObservationEarly(wxWindow*, const wxString&, const std::string&) override {
        return earlyEnd;
    }
    std::optional<Actor> resumer; // who the resume dialog is answered with (nullopt: cancelled)
    std::vector<std::string> resumeAsked; // what each resume dialog said
    std::optional<Actor> ResumingPerson(wxWindow*, const wxString& about) override {
        resumeAsked.push_back(about.utf8_string());
        return resumer;
    }
    std::optional<gui::SaveChoice> saveAs;
    std::optional<std::string> folder;
    std::optional<gui::SaveChoice> SaveFile(wxWindow*, const wxString&, const wxString&, const wxString&) override {
        return saveAs;
    }
    std::optional<std::string> ChooseFolder(wxWindow*, const wxString&, const wxString&) override { return folder; }
};

struct GuiFixture {
    TempDir dir;
    std::unique_ptr<RecordsFolder> records = std::make_unique<RecordsFolder>(dir.File("records"));
    ManualClock clock{1'795'614'000'000, 1000};
    SequentialIdGenerator ids{"gui"};
    std::unique_ptr<DiagnosticLog> log = MakeNullDiagnosticLog();
    ScriptedPrompter prompter;

    gui::AppContext Context() { return {{std::string(KC_PROTOCOL_DIR)}, *records, clock, ids, *log, prompter}; }
};

// A key pressed on the frame, as a person would type it (through the frame's key hook).
inline void PressKey(wxWindow* window, int keyCode) {
    wxKeyEvent event(wxEVT_CHAR_HOOK);
    event.m_keyCode = keyCode;
    event.SetEventObject(window);
    window->GetEventHandler()->ProcessEvent(event);
}

} // namespace kc::test
