#pragma once
// The session record a clinician prints or saves at the end: every answer, justification,
// amendment and superseded answer, the hard stop or attestation, and the trail's final
// hash. One self-contained HTML page that prints cleanly (wxHtmlEasyPrinting renders it
// too, so it keeps to simple HTML: tables, no CSS layout wx cannot show).
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/session/engine.hpp"
#include "kc/session/events.hpp"

namespace kc {

// `events` are the session's trail as read back; `state` is their fold.
std::string RenderSessionRecordHtml(const Protocol& protocol, const SessionState& state,
                                    const std::vector<Event>& events);

} // namespace kc
