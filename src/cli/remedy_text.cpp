#include "remedy_text.hpp"

#include <fmt/format.h>

#include "kc/base/error.hpp"
#include "kc/ops/session.hpp"

namespace kc::cli {
namespace {

std::string Command(const Remedy& remedy) {
    switch (remedy.kind) {
    case RemedyKind::Recover: return "checklistctl recover " + remedy.path;
    case RemedyKind::Verify: return remedy.path.empty() ? "checklistctl verify" : "checklistctl verify " + remedy.path;
    case RemedyKind::VerifyWithKey: return "checklistctl verify --key PUBLIC-KEY.pem";
    case RemedyKind::Approve: return fmt::format("checklistctl approve {} --by NAME", remedy.path);
    }
    return "checklistctl verify";
}

// The words checklistctl has always used for each kind of finding.
std::string Words(const FileFinding& f, const Remedy& remedy) {
    switch (f.kind) {
    case FindingKind::CheckpointMissing: return fmt::format(" ('{}' adds one, marked as a repair)", Command(remedy));
    case FindingKind::CheckpointMismatch: return " (--key tells which)";
    case FindingKind::SignaturesNotChecked: return " (no --key given)";
    default: return fmt::format("; run '{}'", Command(remedy));
    }
}

// ... and for each kind of error: a failed audit write names the command as a clause, a
// refused resume of a torn trail as an aside to "Recover it first", any other refusal as an aside.
std::string Words(const Error& e, const Remedy& remedy) {
    if (dynamic_cast<const AuditWriteError*>(&e) != nullptr || dynamic_cast<const LedgerBehindError*>(&e) != nullptr)
        return fmt::format("; run '{}'", Command(remedy));
    if (const auto* resume = dynamic_cast<const ResumeError*>(&e);
        resume != nullptr && resume->GetReason() == ResumeError::Reason::Torn)
        return fmt::format(" ({})", Command(remedy));
    return fmt::format(" (run {})", Command(remedy));
}

} // namespace

std::string FindingText(const FileFinding& finding) {
    if (!finding.remedy) return FormatFinding(finding);
    FileFinding said = finding;
    said.what = SayRemedyInstead(finding.what, *finding.remedy, Words(finding, *finding.remedy));
    return FormatFinding(said);
}

std::string ReportFindingText(const FileFinding& finding) {
    if (finding.kind != FindingKind::SignaturesNotChecked || !finding.remedy) return FindingText(finding);
    // report takes no --key: it checks the checkpoints' chain, and verify checks their signatures.
    FileFinding said = finding;
    said.what = SayRemedyInstead(
        finding.what, *finding.remedy,
        fmt::format(" (report does not check signatures; '{}' does)", Command(*finding.remedy)));
    return FormatFinding(said);
}

std::string RemedyText(const std::string& message, const std::optional<Remedy>& remedy) {
    if (!remedy) return message;
    const std::string words = remedy->kind == RemedyKind::Approve
                                  ? " A protocol author reviews the file and approves it again: " + Command(*remedy)
                                  : fmt::format("; run '{}'", Command(*remedy));
    return SayRemedyInstead(message, *remedy, words);
}

std::string ErrorText(const std::exception& error) {
    const auto* e = dynamic_cast<const Error*>(&error);
    if (e == nullptr || !e->GetRemedy()) return error.what();
    return SayRemedyInstead(e->what(), *e->GetRemedy(), Words(*e, *e->GetRemedy()));
}

} // namespace kc::cli
