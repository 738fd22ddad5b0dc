#include "kc/report/report.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "kc/audit/known_protocols.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"

namespace kc {
namespace fs = std::filesystem;

namespace {

// Folds one trail's intact events into its summary. Only copies what the report shows, so
// answers (most of the events) cost nothing beyond the verifier's own decoding.
void Summarise(const std::vector<Event>& events, SessionSummary& s) {
    s.events = events.size();
    if (events.empty()) return;
    const Event& first = events.front();
    s.sessionId = first.sessionId;
    s.startedUtcMs = first.utcMs;
    s.lastUtcMs = events.back().utcMs;
    s.operatorActor = first.actor;
    if (const auto* started = std::get_if<ev::SessionStarted>(&first.body)) {
        s.protocol = started->protocol;
        s.location = started->location;
        s.patientRef = started->patientRef;
    }
    s.outcome = SessionOutcome::Incomplete;
    for (const Event& e : events) {
        if (const auto* raised = std::get_if<ev::WarningRaised>(&e.body)) {
            WarningRecord w;
            w.step = raised->step;
            w.message = raised->message;
            w.secondClinicianRequired = raised->secondClinicianRequired;
            w.raisedUtcMs = e.utcMs;
            s.warnings.push_back(std::move(w));
        } else if (const auto* justified = std::get_if<ev::WarningJustified>(&e.body)) {
            // It answers the latest unjustified warning of its step (an amendment can raise
            // the same step's warning again).
            auto it = std::find_if(s.warnings.rbegin(), s.warnings.rend(), [&](const WarningRecord& w) {
                return w.step == justified->step && !w.justified;
            });
            if (it == s.warnings.rend()) {
                s.warnings.push_back({});
                s.warnings.back().step = justified->step;
                it = s.warnings.rbegin();
            }
            it->justified = true;
            it->justification = justified->justification;
            it->justifiedBy = e.actor;
            it->secondClinician = justified->secondClinician;
            it->justifiedUtcMs = e.utcMs;
        } else if (const auto* amended = std::get_if<ev::AnswerAmended>(&e.body)) {
            s.amendments.push_back({amended->step, amended->oldValues, amended->newValues, amended->reason, e.actor,
                                    e.utcMs});
        } else if (std::holds_alternative<ev::SessionResumed>(e.body)) {
            s.resumedBy.push_back(e.actor);
        } else if (const auto* stopped = std::get_if<ev::HardStopped>(&e.body)) {
            s.outcome = SessionOutcome::Stopped;
            s.outcomeStep = stopped->step;
            s.outcomeText = stopped->message;
            s.endedUtcMs = e.utcMs;
        } else if (const auto* attested = std::get_if<ev::Attested>(&e.body)) {
            s.attestedBy = attested->name;
        } else if (std::holds_alternative<ev::SessionCompleted>(e.body)) {
            s.outcome = SessionOutcome::Completed;
            s.endedUtcMs = e.utcMs;
        } else if (const auto* abandoned = std::get_if<ev::SessionAbandoned>(&e.body)) {
            s.outcome = SessionOutcome::Abandoned;
            s.outcomeText = abandoned->reason;
            s.endedUtcMs = e.utcMs;
        }
    }
}

SessionOutcome OutcomeFromLedger(const std::string& outcome) {
    if (outcome == "completed") return SessionOutcome::Completed;
    if (outcome == "stopped") return SessionOutcome::Stopped;
    if (outcome == "abandoned") return SessionOutcome::Abandoned;
    return SessionOutcome::Unknown;
}

bool EqualsIgnoringAsciiCase(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool Matches(const SessionSummary& s, const ReportFilter& f) {
    // A field the damage kept from being read never excludes a session that is not intact.
    const bool mayHide = !s.Intact();
    if (!f.fromDate.empty() || !f.toDate.empty()) {
        if (s.startedUtcMs == 0) {
            if (!mayHide) return false;
        } else {
            const std::string day = UtcDay(s.startedUtcMs);
            if (!f.fromDate.empty() && day < f.fromDate) return false;
            if (!f.toDate.empty() && day > f.toDate) return false;
        }
    }
    if (!f.protocolId.empty() && !(s.protocol.id.empty() && mayHide) && s.protocol.id != f.protocolId) return false;
    if (!f.operatorName.empty() && !(s.operatorActor.name.empty() && mayHide)) {
        bool any = EqualsIgnoringAsciiCase(s.operatorActor.name, f.operatorName);
        for (const auto& a : s.resumedBy) any = any || EqualsIgnoringAsciiCase(a.name, f.operatorName);
        if (!any) return false;
    }
    if (!f.outcomes.empty() && s.outcome != SessionOutcome::Unknown) {
        bool any = false;
        for (const OutcomeFilter o : f.outcomes) {
            switch (o) {
            case OutcomeFilter::Completed: any = any || s.outcome == SessionOutcome::Completed; break;
            case OutcomeFilter::Stopped: any = any || s.outcome == SessionOutcome::Stopped; break;
            case OutcomeFilter::Abandoned: any = any || s.outcome == SessionOutcome::Abandoned; break;
            case OutcomeFilter::Incomplete: any = any || s.outcome == SessionOutcome::Incomplete; break;
            case OutcomeFilter::Damaged: any = any || !s.Intact(); break;
            }
        }
        if (!any) return false;
    }
    if (f.overridesOnly && s.Overrides() == 0 && !s.partial) return false;
    // Rounds the damage or an unknown protocol keep from being counted may be late or missed.
    const bool roundsMayHide = mayHide && (s.partial || !s.roundsKnown);
    if (f.lateOnly && s.rounds.late == 0 && !roundsMayHide) return false;
    if (f.missedOnly && s.rounds.missed + s.rounds.open == 0 && !roundsMayHide) return false;
    return true;
}

void CheckFilter(const ReportFilter& f) {
    for (const auto* date : {&f.fromDate, &f.toDate})
        if (!date->empty() && !IsReportDate(*date))
            throw UsageError(fmt::format("'{}' is not a date written YYYY-MM-DD", *date));
    if (!f.fromDate.empty() && !f.toDate.empty() && f.fromDate > f.toDate)
        throw UsageError(fmt::format("the period starts ({}) after it ends ({})", f.fromDate, f.toDate));
}

} // namespace

std::size_t SessionSummary::Overrides() const {
    return static_cast<std::size_t>(
        std::count_if(warnings.begin(), warnings.end(), [](const WarningRecord& w) { return w.justified; }));
}

const char* OutcomeName(SessionOutcome outcome) {
    switch (outcome) {
    case SessionOutcome::Completed: return "completed";
    case SessionOutcome::Stopped: return "stopped";
    case SessionOutcome::Abandoned: return "abandoned";
    case SessionOutcome::Incomplete: return "incomplete";
    case SessionOutcome::Unknown: return "unknown";
    }
    return "unknown";
}

std::optional<OutcomeFilter> ParseOutcomeFilter(const std::string& text) {
    if (text == "completed") return OutcomeFilter::Completed;
    if (text == "stopped") return OutcomeFilter::Stopped;
    if (text == "abandoned") return OutcomeFilter::Abandoned;
    if (text == "incomplete") return OutcomeFilter::Incomplete;
    if (text == "damaged") return OutcomeFilter::Damaged;
    return std::nullopt;
}

bool IsReportDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (const char c : text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2))
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    const int year = std::stoi(text.substr(0, 4));
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string UtcDay(std::int64_t utcMs) {
    const std::time_t seconds = static_cast<std::time_t>(utcMs / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

namespace {

// The rounds of a trail's events that replay on the protocol it ran on.
void SummariseTrailRounds(const std::vector<Event>& events, const std::string& recordsRoot, KnownProtocols& known,
                          std::int64_t nowUtcMs, SessionSummary& s) {
    const auto* started = events.empty() ? nullptr : std::get_if<ev::SessionStarted>(&events.front().body);
    if (started == nullptr) return;
    const ProtocolPtr protocol = known.Find(started->protocol.sha256, recordsRoot);
    if (!protocol) return;
    const Engine engine(protocol);
    SessionState state;
    for (const Event& e : events)
        if (!engine.Apply(state, e).empty()) break;
    s.rounds = SummariseRounds(engine, state, ReportMoment(state, nowUtcMs));
    s.roundsKnown = true;
}

// What the verifier's single pass hands the report: each readable trail's summary and the
// ledger entries verify trusts, by file.
struct Gathered {
    std::map<std::string, SessionSummary> rows; // by file, relative to the folder
    std::map<std::string, LedgerEntry> opened, closed;
    VerifyReport verified;
};

Gathered VerifyAndSummarise(const std::string& recordsRoot, const ReportOptions& options) {
    Gathered g;
    KnownProtocols known(options.protocolDirs);
    VerifyOptions verify;
    verify.protocolDirs = options.protocolDirs;
    verify.onTrail = [&](const std::string& trail, const TrailScan& scan) {
        SessionSummary& s = g.rows[trail];
        s.file = trail;
        Summarise(scan.events, s);
        SummariseTrailRounds(scan.events, recordsRoot, known, options.nowUtcMs, s);
        // Damage other than a torn tail stops the reading early: what follows is unknown.
        s.partial = scan.problem && !scan.problem->torn && s.endedUtcMs == 0;
    };
    verify.onLedger = [&](const std::vector<LedgerEntry>& entries) {
        for (const auto& e : entries) (e.type == LedgerEntryType::Opened ? g.opened : g.closed).emplace(e.file, e);
    };
    verify.onProgress = options.progress;
    g.verified = VerifyPaths({recordsRoot}, verify);
    return g;
}

// Each session takes the verifier's verdict; what concerns no one session is the folder's.
void SortFindings(Gathered& g, ReportTotals& totals) {
    for (auto& v : g.verified.sessions) {
        SessionSummary& s = g.rows[v.trail];
        s.file = v.trail;
        s.integrity = v.integrity;
        s.findings = std::move(v.findings);
    }
    for (auto& f : g.verified.findings)
        if (f.trail.empty()) totals.folderFindings.push_back(std::move(f));
    totals.notes = std::move(g.verified.notes);
}

// Anything else in sessions/ that is not a trail or a quarantine file is named, not skipped.
void NoteStrayFiles(const std::string& recordsRoot, ReportTotals& totals) {
    std::error_code ec;
    const fs::path sessionsDir = fs::path(layout::SessionsDir(recordsRoot)).lexically_normal();
    for (const auto& entry : fs::directory_iterator(sessionsDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (layout::IsTrailName(name) || layout::IsQuarantineName(name)) continue;
        FileFinding note;
        note.file = entry.path().string();
        note.what = "not a session trail (not named <session-id>.jsonl); not read";
        note.kind = FindingKind::NotATrail;
        totals.notes.push_back(std::move(note));
    }
}

// What a damaged file could not tell, the ledger and the other sessions can.
void FillFromLedger(Gathered& g) {
    std::map<std::string, ProtocolRef> protocolsBySha;
    for (const auto& [key, s] : g.rows)
        if (!s.protocol.id.empty()) protocolsBySha.emplace(s.protocol.sha256, s.protocol);
    for (auto& [key, s] : g.rows) {
        if (s.sessionId.empty()) s.sessionId = layout::SessionIdOfKey(key);
        if (s.integrity == Integrity::Torn && s.events == 0) s.outcome = SessionOutcome::Incomplete; // never started
        if (s.Intact() || s.integrity == Integrity::Torn) continue;
        if (s.events == 0) s.partial = true;
        const auto o = g.opened.find(key);
        if (s.protocol.sha256.empty() && o != g.opened.end()) {
            const auto known = protocolsBySha.find(o->second.protocolSha256);
            s.protocol = known != protocolsBySha.end() ? known->second : ProtocolRef{{}, {}, o->second.protocolSha256, {}};
        }
        if (s.partial && s.endedUtcMs == 0) {
            const auto c = g.closed.find(key);
            s.outcome = c != g.closed.end() ? OutcomeFromLedger(c->second.outcome) : SessionOutcome::Unknown;
            s.outcomeFromLedger = c != g.closed.end();
        }
    }
}

void Count(const SessionSummary& s, ReportTotals& t) {
    switch (s.outcome) {
    case SessionOutcome::Completed: ++t.completed; break;
    case SessionOutcome::Stopped: ++t.stopped; break;
    case SessionOutcome::Abandoned: ++t.abandoned; break;
    case SessionOutcome::Incomplete: ++t.incomplete; break;
    case SessionOutcome::Unknown: ++t.unknown; break;
    }
    if (!s.Intact()) ++t.notIntact;
    const std::size_t overrides = s.Overrides();
    t.overrides += overrides;
    t.withOverrides += overrides > 0 ? 1 : 0;
    t.unjustified += s.warnings.size() - overrides;
    t.amendments += s.amendments.size();
    t.roundsDue += s.rounds.due;
    t.roundsOnTime += s.rounds.onTime;
    t.roundsLate += s.rounds.late;
    t.roundsMissed += s.rounds.missed;
    t.roundsOpen += s.rounds.open;
    t.withLate += s.rounds.late > 0 ? 1 : 0;
    t.withMissed += s.rounds.missed + s.rounds.open > 0 ? 1 : 0;
}

} // namespace

Report BuildReport(const std::string& recordsRoot, const ReportOptions& options) {
    CheckFilter(options.filter);
    std::error_code ec;
    if (!fs::is_directory(recordsRoot, ec))
        throw IoError(fmt::format("{}: not a records folder (no such folder)", recordsRoot));

    Report report;
    report.recordsRoot = recordsRoot;
    report.filter = options.filter;
    Gathered g = VerifyAndSummarise(recordsRoot, options);
    report.totals.sessionFiles = static_cast<std::size_t>(g.verified.sessionFiles);
    report.totals.events = g.verified.events;
    SortFindings(g, report.totals);
    NoteStrayFiles(recordsRoot, report.totals);
    FillFromLedger(g);
    for (auto& [key, s] : g.rows) {
        if (!Matches(s, options.filter)) continue;
        Count(s, report.totals);
        report.sessions.push_back(std::move(s));
    }
    report.totals.sessions = report.sessions.size();
    std::stable_sort(report.sessions.begin(), report.sessions.end(),
                     [](const SessionSummary& a, const SessionSummary& b) {
                         if ((a.startedUtcMs == 0) != (b.startedUtcMs == 0)) return b.startedUtcMs == 0;
                         return a.startedUtcMs < b.startedUtcMs;
                     });
    return report;
}

} // namespace kc
