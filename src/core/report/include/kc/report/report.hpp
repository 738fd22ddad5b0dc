#pragma once
// Compliance reports over a records folder: one SessionSummary per session (outcome, warnings
// and who justified them, amendments, integrity), built in the same pass that verifies each
// file. Plain value types, for `checklistctl report` and the audit window alike.
//
// BuildReport throws IoError when the records folder cannot be read and UsageError for a
// malformed filter; damaged content never throws: it is reported on the session it concerns.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kc/audit/verifier.hpp"
#include "kc/report/rounds_summary.hpp"
#include "kc/session/events.hpp"

namespace kc {

enum class SessionOutcome {
    Completed,  // session_completed
    Stopped,    // hard_stopped at a step, with the protocol's message
    Abandoned,  // session_abandoned, with the reason given
    Incomplete, // open: no ending recorded (interrupted, or still running)
    Unknown,    // the file could not be read: what the ledger says is used when it says it
};

// A warning the protocol raised during the session, and its justification if one was given.
struct WarningRecord {
    std::string step;
    std::string message;
    bool secondClinicianRequired = false;
    std::int64_t raisedUtcMs = 0;
    bool justified = false;
    std::string justification;
    Actor justifiedBy;           // the person recording the justification (the trail's actor)
    std::string secondClinician; // empty when the protocol asks for none
    std::int64_t justifiedUtcMs = 0;
};

struct AmendmentRecord {
    std::string step;
    Values oldValues;
    Values newValues;
    std::string reason;
    Actor amendedBy;
    std::int64_t utcMs = 0;
};

struct SessionSummary {
    std::string sessionId;
    std::string file; // relative to the records folder: sessions/<id>.jsonl
    ProtocolRef protocol;
    Actor operatorActor;         // who started the session
    std::vector<Actor> resumedBy; // who resumed it, in order
    std::string location;
    std::string patientRef;      // pseudonymous; renderers leave it out unless asked
    std::int64_t startedUtcMs = 0; // 0: unknown (the file could not be read)
    std::int64_t endedUtcMs = 0;   // 0: not ended
    std::int64_t lastUtcMs = 0;    // the last intact line
    SessionOutcome outcome = SessionOutcome::Unknown;
    std::string outcomeStep;     // Stopped: the step
    std::string outcomeText;     // Stopped: the message; Abandoned: the reason
    bool outcomeFromLedger = false; // the trail could not tell; the ledger's closing entry did
    std::vector<WarningRecord> warnings;
    std::vector<AmendmentRecord> amendments;
    std::string attestedBy;      // the signer's printed name, when attested
    std::uint64_t events = 0;    // intact lines read
    bool partial = false;        // damage stopped the reading before the session's end: the
                                 // details cover only the lines before it
    Integrity integrity = Integrity::Intact; // the verifier's verdict on it (kc/audit/verifier.hpp)
    std::vector<FileFinding> findings; // every finding that concerns it, exactly as verify gives them
    // Its rounds of observations (kc/report/rounds_summary.hpp) at its end, or for an open
    // session at the report's now; for a damaged one, over the events that replay. roundsKnown:
    // the protocol it ran on was found (without it nothing about its rounds can be said).
    RoundsSummary rounds;
    bool roundsKnown = false;

    bool Intact() const { return integrity == Integrity::Intact; }
    std::size_t Overrides() const; // warnings justified
};

// Which sessions to report. Empty fields do not filter. Dates are UTC days, YYYY-MM-DD,
// inclusive, compared with the day the session started. A session that is not intact is
// never dropped by a filter its damage keeps from being tested (an unreadable start date,
// protocol, operator, outcome or warnings): damage does not hide behind a filter.
enum class OutcomeFilter { Completed, Stopped, Abandoned, Incomplete, Damaged };

struct ReportFilter {
    std::string fromDate;
    std::string toDate;
    std::string protocolId;
    std::string operatorName;            // the operator who started or resumed it; ASCII case ignored
    std::vector<OutcomeFilter> outcomes; // any of them (Damaged: integrity not intact)
    bool overridesOnly = false;          // at least one justified warning
    bool lateOnly = false;               // at least one round done late
    bool missedOnly = false;             // at least one round missed, or due and left open
};

struct ReportOptions {
    ReportFilter filter;
    std::vector<std::string> protocolDirs; // other known protocol versions, as for verify
    // The moment open sessions' rounds are judged at (UTC ms; a face passes its clock's
    // reading). 0, or a time before a session's last event: as of its last event.
    std::int64_t nowUtcMs = 0;
    // Called after each session file is read: (files done, files in the folder).
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ReportTotals {
    std::size_t sessionFiles = 0;   // files read in sessions/ (before filtering)
    std::uint64_t events = 0;       // intact lines read (before filtering)
    std::size_t sessions = 0;       // reported (after filtering)
    std::size_t completed = 0, stopped = 0, abandoned = 0, incomplete = 0, unknown = 0;
    std::size_t notIntact = 0;      // reported sessions whose integrity is not Intact
    std::size_t withOverrides = 0;  // reported sessions with at least one justified warning
    std::size_t overrides = 0;      // justified warnings in reported sessions
    std::size_t unjustified = 0;    // warnings raised and never justified
    std::size_t amendments = 0;
    // Rounds in reported sessions (SessionSummary::rounds), and the sessions with any late,
    // or any missed or open.
    std::size_t roundsDue = 0, roundsOnTime = 0, roundsLate = 0, roundsMissed = 0, roundsOpen = 0;
    std::size_t withLate = 0, withMissed = 0;
    std::vector<FileFinding> folderFindings; // the ledger, the checkpoints and the protocol archive
    std::vector<FileFinding> notes;          // not damage (repairs, unchecked signatures, stray files)

    // Every reported session intact and nothing wrong with the ledger or the archive.
    bool Intact() const { return notIntact == 0 && folderFindings.empty(); }
};

struct Report {
    std::string recordsRoot;
    ReportFilter filter;
    std::vector<SessionSummary> sessions; // by start time, then file; unknown start last
    ReportTotals totals;
};

Report BuildReport(const std::string& recordsRoot, const ReportOptions& options = {});

// Names used in every rendering: "completed", "stopped", ... (IntegrityName, beside the
// verdict in kc/audit/verifier.hpp: "intact", "damaged", ...).
const char* OutcomeName(SessionOutcome outcome);
// "completed", "stopped", "abandoned", "incomplete", "damaged"; nullopt otherwise.
std::optional<OutcomeFilter> ParseOutcomeFilter(const std::string& text);
// True for a real calendar day written YYYY-MM-DD.
bool IsReportDate(const std::string& text);
// "2026-11-25" for a UTC time in ms.
std::string UtcDay(std::int64_t utcMs);

} // namespace kc
