#pragma once
// A session as a FHIR R4 Bundle (type "collection"): the protocol as a Questionnaire, the
// answers as a QuestionnaireResponse, a Provenance, and one AuditEvent per trail event plus
// one for the trail's verification (docs/fhir-export.md). Same trail, same bytes.
#include <functional>
#include <string>
#include <vector>

#include "kc/audit/verifier.hpp"
#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc {

struct FhirExportOptions {
    std::vector<std::string> protocolDirs; // searched after the trail's own records folder
    bool allowDamaged = false;             // export what replays, marked as damaged
    // Who exported: the agent of the verification AuditEvent (the CLI: "checklistctl export").
    std::string exporter = "ketamine-checklist";
    // How a finding reads in the verification AuditEvent; empty: FormatFinding.
    std::function<std::string(const FileFinding&)> findingText;
};

// Pure: the Bundle's JSON text (2-space indent, trailing newline). `events` are the trail's
// events that replay cleanly on `protocol`; `damage` is what verification found (empty:
// intact), marked in the verification AuditEvent by options.exporter. Throws UsageError when
// `events` is empty or does not start with session_started, or an event does not replay.
std::string BuildFhirBundle(const ProtocolPtr& protocol, const std::vector<Event>& events,
                            const std::vector<FileFinding>& damage, const std::string& trailName,
                            const FhirExportOptions& options = {});

struct FhirExportResult {
    bool refused = false;             // damaged (and not allowed), or nothing to export
    std::string bundle;               // the JSON text, when not refused
    std::vector<FileFinding> damage;  // the verifier's findings for this trail (FILE:LINE: what)
    std::string why;                  // when refused without findings (no protocol, no events)
    std::size_t exportedEvents = 0;
};

// Verifies the trail file as verify does (VerifySessionTrail: in its records folder, its
// ledger entries and its checkpoint too; `damage` is that verdict), finds the protocol it ran on
// (RECORDS/protocols/<sha256>.yaml, then `protocolDirs`), replays it and builds the Bundle.
// A damaged trail is refused unless options.allowDamaged. Never throws for damaged content.
FhirExportResult ExportSessionFhir(const std::string& trailPath, const FhirExportOptions& options);

// A deterministic UUID (RFC 9562 version 8, from SHA-256 of `name`), e.g. for urn:uuid: ids.
std::string NameBasedUuid(const std::string& name);

} // namespace kc
