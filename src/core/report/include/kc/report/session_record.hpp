#pragma once
// The session record a clinician prints or saves at the end, and an auditor reprints from the
// session history or `checklistctl record`: every answer, justification, amendment and
// superseded answer, the hard stop or attestation (with its signing time), and the trail's
// final hash. One self-contained HTML page that prints cleanly: wxHtmlEasyPrinting renders it
// too, so it keeps to simple HTML (tables, <tt>, no CSS layout wx cannot show), breaks every
// hash into groups and any other long word into lines, so that nothing is wider than a page.
#include <string>
#include <vector>

#include "kc/audit/verifier.hpp"
#include "kc/protocol/model.hpp"
#include "kc/session/engine.hpp"
#include "kc/session/events.hpp"

namespace kc {

// `events` are the session's trail as read back; `state` is their fold. `damage` (one line
// each, as the face says a finding) is shown at the top when the trail is not intact.
std::string RenderSessionRecordHtml(const Protocol& protocol, const SessionState& state,
                                    const std::vector<Event>& events, const std::vector<std::string>& damage = {});

// A hash (or any long word) as the record shows it: in groups of 8 characters separated by
// spaces, so that it wraps at a group and is never cut.
std::string GroupedHash(const std::string& hash);

// A session trail read for its record, as verify reads it (in its records folder: its ledger
// entry and checkpoint too): the verdict, the exact protocol it ran on (the folder's archive,
// then `protocolDirs`), and the events that replay on it with their fold.
struct RecordedSession {
    std::vector<FileFinding> damage; // the verifier's findings for this trail; empty when intact
    ProtocolPtr protocol;            // null when nothing holds the bytes the trail names
    std::vector<Event> events;       // the trail's events that replay on `protocol`, in order
    SessionState state;              // their fold
    std::string why;                 // when there is nothing to show: why (names the file)
    bool Readable() const { return why.empty(); }
};
// Never throws for damaged content.
RecordedSession ReadRecordedSession(const std::string& trailPath, const std::vector<std::string>& protocolDirs);

} // namespace kc
