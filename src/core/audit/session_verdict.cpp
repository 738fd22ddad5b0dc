#include "session_verdict.hpp"

namespace kc {
namespace {

int IntegrityRank(Integrity i) {
    switch (i) {
    case Integrity::Intact: return 0;
    case Integrity::Torn: return 1;
    case Integrity::Foreign: return 2;
    case Integrity::Missing: return 3;
    case Integrity::Damaged: return 4;
    }
    return 4;
}

// The integrity a finding gives its session. A file that holds another session than its name
// says is foreign when a ledger exists and does not list that name (from elsewhere, or
// renamed), else damage.
Integrity IntegrityOf(const FileFinding& f, bool hasLedger, bool listed) {
    switch (f.kind) {
    case FindingKind::Torn: return Integrity::Torn;
    case FindingKind::Missing:
    case FindingKind::CheckpointTrailMissing: return Integrity::Missing;
    case FindingKind::NotInLedger: return Integrity::Foreign;
    case FindingKind::Misnamed: return hasLedger && !listed ? Integrity::Foreign : Integrity::Damaged;
    default: return Integrity::Damaged;
    }
}

} // namespace

SessionVerdict VerdictOf(std::string file, std::string trail, const VerifyReport& report, std::size_t first,
                         bool hasLedger, bool listed, const std::function<bool(const FileFinding&)>& concerns) {
    SessionVerdict v{std::move(file), std::move(trail), Integrity::Intact, {}};
    for (std::size_t i = first; i < report.findings.size(); ++i) {
        const FileFinding& f = report.findings[i];
        if (!concerns(f)) continue;
        const Integrity kind = IntegrityOf(f, hasLedger, listed);
        if (IntegrityRank(kind) > IntegrityRank(v.integrity)) v.integrity = kind;
        v.findings.push_back(f);
    }
    return v;
}

const char* IntegrityName(Integrity integrity) {
    switch (integrity) {
    case Integrity::Intact: return "intact";
    case Integrity::Damaged: return "damaged";
    case Integrity::Torn: return "torn";
    case Integrity::Missing: return "missing";
    case Integrity::Foreign: return "foreign";
    }
    return "damaged";
}

} // namespace kc
