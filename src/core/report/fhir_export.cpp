// The FHIR R4 Bundle of a session: Questionnaire, QuestionnaireResponse, Provenance, and
// AuditEvents for the trail's events and its verification (docs/fhir-export.md). Everything
// comes from the trail and the protocol, never from the clock: the same trail gives the same
// bytes.
#include "kc/report/fhir_export.hpp"
#include "kc/report/session_record.hpp"

#include "kc/audit/records.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "fhir_resources.hpp"
#include "kc/report/timeline.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/engine.hpp"
#include "kc/base/sha256.hpp"

namespace kc {
namespace fs = std::filesystem;
using fhir::Json;
using fhir::SystemUrl;

namespace {

constexpr const char* kDicom = "http://dicom.nema.org/resources/ontology/DCM";
constexpr const char* kEntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
constexpr const char* kObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";
constexpr const char* kParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

std::string UrnUuid(const std::string& name) { return "urn:uuid:" + NameBasedUuid(name); }

std::string Join(const Values& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

// What an AuditEvent does to the record: C create, U update, E execute (an outcome).
const char* ActionOf(const EventBody& body) {
    if (std::holds_alternative<ev::AnswerAmended>(body) || std::holds_alternative<ev::AnswerSuperseded>(body))
        return "U";
    if (std::holds_alternative<ev::WarningRaised>(body) || std::holds_alternative<ev::HardStopped>(body) ||
        std::holds_alternative<ev::SessionCompleted>(body) || std::holds_alternative<ev::SessionAbandoned>(body) ||
        std::holds_alternative<ev::SessionResumed>(body))
        return "E";
    return "C";
}

Json Detail(const std::string& type, const std::string& value) {
    return Json{{"type", type}, {"valueString", value}};
}

// The event's own fields, for a machine; the timeline's sentence is the entity's description.
void AddBodyDetails(const EventBody& body, Json& details) {
    auto add = [&](const char* type, const std::string& value) {
        if (!value.empty()) details.push_back(Detail(type, value));
    };
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, ev::SessionStarted>) {
                add("protocol", b.protocol.id + " " + b.protocol.version);
                add("protocol-sha256", b.protocol.sha256);
                add("location", b.location);
            } else if constexpr (std::is_same_v<T, ev::SessionResumed>) {
                add("note", b.note);
            } else if constexpr (std::is_same_v<T, ev::StepAnswered>) {
                add("step", b.step);
                add("values", Join(b.values));
                add("unit", b.unit);
                add("note", b.note);
            } else if constexpr (std::is_same_v<T, ev::StepSkipped>) {
                add("step", b.step);
                add("note", b.note);
            } else if constexpr (std::is_same_v<T, ev::WarningRaised>) {
                add("step", b.step);
                add("message", b.message);
            } else if constexpr (std::is_same_v<T, ev::WarningJustified>) {
                add("step", b.step);
                add("justification", b.justification);
                add("second-clinician", b.secondClinician);
            } else if constexpr (std::is_same_v<T, ev::AnswerAmended>) {
                add("step", b.step);
                add("old-values", Join(b.oldValues));
                add("new-values", Join(b.newValues));
                add("reason", b.reason);
            } else if constexpr (std::is_same_v<T, ev::AnswerSuperseded>) {
                add("step", b.step);
                add("values", Join(b.values));
                add("cause", b.cause);
            } else if constexpr (std::is_same_v<T, ev::HardStopped>) {
                add("step", b.step);
                add("values", Join(b.values));
                add("message", b.message);
            } else if constexpr (std::is_same_v<T, ev::Attested>) {
                add("signer", b.name);
                add("meaning", b.meaning);
            } else if constexpr (std::is_same_v<T, ev::SessionAbandoned>) {
                add("reason", b.reason);
            } else if constexpr (std::is_same_v<T, ev::ObservationRecorded>) {
                add("rounds", b.rounds);
                add("round", std::to_string(b.number));
                add("step", b.step);
                add("values", Join(b.values));
                add("unit", b.unit);
                add("taken", fhir::InstantOf(b.takenUtcMs));
                add("note", b.note);
                add("late-reason", b.lateReason);
                add("warning", b.warning);
                add("second-clinician", b.secondClinician);
            } else if constexpr (std::is_same_v<T, ev::RoundMissed>) {
                add("rounds", b.rounds);
                add("round", std::to_string(b.number));
                add("reason", b.reason);
            } else if constexpr (std::is_same_v<T, ev::ObservationEndedEarly>) {
                add("rounds", b.rounds);
                add("reason", b.reason);
                add("second-clinician", b.secondClinician);
            }
        },
        body);
}

struct Context {
    const Protocol& protocol;
    const SessionState& state;
    std::string trailName;
    std::string finalHash;
    std::string qrUrl;
};

Json TrailEntity(const Context& c, const std::string& description, Json details) {
    Json e{{"what", Json{{"identifier", Json{{"system", SystemUrl("audit-trail-final-hash")}, {"value", c.finalHash}}},
                         {"display", c.trailName}}},
           {"type", Json{{"system", kEntityType}, {"code", "2"}, {"display", "System Object"}}},
           {"name", c.trailName},
           {"description", description}};
    if (!details.empty()) e["detail"] = std::move(details);
    return e;
}

Json RecordEntities(const Context& c) {
    return Json::array(
        {Json{{"what", Json{{"reference", c.qrUrl}, {"type", "QuestionnaireResponse"}}},
              {"type", Json{{"system", kEntityType}, {"code", "2"}, {"display", "System Object"}}}},
         Json{{"what", Json{{"type", "Patient"},
                            {"identifier", Json{{"system", SystemUrl("patient-ref")}, {"value", c.state.patientRef}}}}},
              {"type", Json{{"system", kEntityType}, {"code", "1"}, {"display", "Person"}}},
              {"role", Json{{"system", kObjectRole}, {"code", "1"}, {"display", "Patient"}}}}});
}

Json Source(const Context& c) {
    Json source;
    if (!c.state.location.empty()) source["site"] = c.state.location;
    source["observer"] = Json{{"display", "ketamine-checklist"}};
    return source;
}

Json Agent(const std::string& name, const std::string& role, bool requestor) {
    Json agent;
    if (!role.empty()) agent["role"] = Json::array({Json{{"text", role}}});
    agent["who"] = Json{{"display", name}};
    agent["requestor"] = requestor;
    return agent;
}

std::string EventDisplay(const char* type) {
    std::string s = type;
    for (auto& ch : s)
        if (ch == '_') ch = ' ';
    if (!s.empty()) s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

Json EventAuditEvent(const Context& c, const Event& e, const TimelineRow& row) {
    const char* type = EventTypeName(e.body);
    Json a{{"resourceType", "AuditEvent"},
           {"type", Json{{"system", kDicom}, {"code", "110110"}, {"display", "Patient Record"}}},
           {"subtype", Json::array({Json{{"system", SystemUrl("trail-event-type")},
                                         {"code", type},
                                         {"display", EventDisplay(type)}}})},
           {"action", ActionOf(e.body)},
           {"recorded", fhir::InstantOf(e.utcMs)},
           {"outcome", "0"}};
    if (const auto* stop = std::get_if<ev::HardStopped>(&e.body)) a["outcomeDesc"] = "Hard stop: " + stop->message;
    if (const auto* warning = std::get_if<ev::WarningRaised>(&e.body)) a["outcomeDesc"] = "Warning: " + warning->message;
    Json agents = Json::array({Agent(e.actor.name, e.actor.role, true)});
    if (const auto* j = std::get_if<ev::WarningJustified>(&e.body); j && !j->secondClinician.empty())
        agents.push_back(Agent(j->secondClinician, "second clinician", false));
    a["agent"] = std::move(agents);
    a["source"] = Source(c);
    Json details = Json::array({Detail("seq", std::to_string(e.seq)), Detail("hash", e.hash),
                                Detail("elapsed-ms", std::to_string(e.elapsedMs))});
    AddBodyDetails(e.body, details);
    Json entities = Json::array({TrailEntity(c, row.what, std::move(details))});
    for (auto& entity : RecordEntities(c)) entities.push_back(std::move(entity));
    a["entity"] = std::move(entities);
    return a;
}

// The export's check of the trail: intact (outcome 0) or damaged (8, serious failure, with
// every finding as FILE:LINE: what). Its time is the last exported event's, not the clock's.
Json VerificationAuditEvent(const Context& c, const std::vector<Event>& events, const std::vector<FileFinding>& damage,
                            const FhirExportOptions& options) {
    std::string desc;
    if (damage.empty()) {
        desc = fmt::format("Trail verified intact: {} events, final hash {}", events.size(), c.finalHash);
    } else {
        desc = fmt::format("Trail DAMAGED; exported the {} events that read and replay on the protocol (last hash "
                           "{}); verification found: ",
                           events.size(), c.finalHash);
        for (std::size_t i = 0; i < damage.size(); ++i)
            desc += (i ? "; " : "") + (options.findingText ? options.findingText(damage[i]) : FormatFinding(damage[i]));
    }
    Json a{{"resourceType", "AuditEvent"},
           {"type", Json{{"system", kDicom}, {"code", "110106"}, {"display", "Export"}}},
           {"subtype", Json::array({Json{{"system", SystemUrl("trail-event-type")},
                                         {"code", "trail_verified"},
                                         {"display", "Trail verified"}}})},
           {"action", "E"},
           {"recorded", fhir::InstantOf(events.back().utcMs)},
           {"outcome", damage.empty() ? "0" : "8"},
           {"outcomeDesc", desc}};
    a["agent"] = Json::array({Agent(options.exporter, "", false)});
    a["source"] = Source(c);
    Json entities = Json::array({TrailEntity(c, desc, Json::array())});
    for (auto& entity : RecordEntities(c)) entities.push_back(std::move(entity));
    a["entity"] = std::move(entities);
    return a;
}

Json ParticipantType(const char* code, const char* display) {
    return Json{{"coding", Json::array({Json{{"system", kParticipantType}, {"code", code}, {"display", display}}})}};
}

Json BuildProvenance(const Context& c, const std::vector<Event>& events) {
    const std::int64_t end = c.state.endedUtcMs > 0 ? c.state.endedUtcMs : events.back().utcMs;
    Json p{{"resourceType", "Provenance"}, {"target", Json::array({Json{{"reference", c.qrUrl}}})}};
    p["occurredPeriod"] = Json{{"start", fhir::InstantOf(events.front().utcMs)}, {"end", fhir::InstantOf(end)}};
    p["recorded"] = fhir::InstantOf(events.back().utcMs);
    p["activity"] = Json{{"coding", Json::array({Json{{"system", "http://terminology.hl7.org/CodeSystem/v3-DataOperation"},
                                                      {"code", "CREATE"},
                                                      {"display", "create"}}})}};
    // Everyone the trail names: who recorded events (authors), who acknowledged a warning
    // (verifiers) and who signed (attester), each once, in order of appearance.
    Json agents = Json::array();
    std::set<std::string> seen;
    auto add = [&](const char* code, const char* display, const std::string& name, const std::string& role) {
        if (name.empty() || !seen.insert(std::string(code) + "\n" + name + "\n" + role).second) return;
        Json agent{{"type", ParticipantType(code, display)}};
        if (!role.empty()) agent["role"] = Json::array({Json{{"text", role}}});
        agent["who"] = Json{{"type", "Practitioner"}, {"display", name}};
        agents.push_back(std::move(agent));
    };
    for (const auto& e : events) add("author", "Author", e.actor.name, e.actor.role);
    for (const auto& e : events) {
        if (const auto* j = std::get_if<ev::WarningJustified>(&e.body))
            add("verifier", "Verifier", j->secondClinician, "second clinician");
        if (const auto* at = std::get_if<ev::Attested>(&e.body)) add("attester", "Attester", at->name, "");
    }
    p["agent"] = std::move(agents);
    p["entity"] = Json::array({Json{
        {"role", "source"},
        {"what", Json{{"identifier", Json{{"system", SystemUrl("audit-trail-final-hash")}, {"value", c.finalHash}}},
                      {"display", fmt::format("{} ({} events)", c.trailName, events.size())}}}}});
    return p;
}


} // namespace

std::string NameBasedUuid(const std::string& name) {
    std::string hex = Sha256Hex(name).substr(0, 32);
    hex[12] = '8'; // version 8: a custom, name-based UUID (RFC 9562)
    static constexpr char kVariant[] = "89ab";
    hex[16] = kVariant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3]; // variant 10xx
    return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                       hex.substr(20, 12));
}

std::string BuildFhirBundle(const ProtocolPtr& protocol, const std::vector<Event>& events,
                            const std::vector<FileFinding>& damage, const std::string& trailName,
                            const FhirExportOptions& options) {
    if (!protocol || events.empty() || !std::holds_alternative<ev::SessionStarted>(events.front().body))
        throw UsageError("a FHIR export needs a protocol and a trail that starts with session_started");
    const Engine engine(protocol);
    SessionState state;
    for (const auto& e : events)
        if (const std::string error = engine.Apply(state, e); !error.empty())
            throw UsageError(fmt::format("event {} does not replay: {}", e.seq, error));
    const Protocol& p = *protocol;
    const std::string& session = state.sessionId;
    const Context c{p, state, trailName, events.back().hash, UrnUuid(session + "/QuestionnaireResponse")};
    const std::string questionnaireUrl = UrnUuid("Questionnaire/" + p.sha256);

    Json entries = Json::array();
    auto add = [&](const std::string& fullUrl, Json resource) {
        entries.push_back(Json{{"fullUrl", fullUrl}, {"resource", std::move(resource)}});
    };
    add(questionnaireUrl, fhir::BuildQuestionnaire(p));
    add(c.qrUrl, fhir::BuildQuestionnaireResponse(p, engine, state));
    add(UrnUuid(session + "/Provenance"), BuildProvenance(c, events));
    add(UrnUuid(session + "/AuditEvent/verification"), VerificationAuditEvent(c, events, damage, options));
    const std::vector<TimelineRow> rows = BuildTimeline(events, &p);
    for (std::size_t i = 0; i < events.size(); ++i)
        add(UrnUuid(fmt::format("{}/AuditEvent/{}", session, events[i].seq)), EventAuditEvent(c, events[i], rows[i]));
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto* o = std::get_if<ev::ObservationRecorded>(&events[i].body);
        if (o == nullptr) continue;
        // A value past a stop limit is followed by the hard stop at the round step.
        const auto* stop = i + 1 < events.size() ? std::get_if<ev::HardStopped>(&events[i + 1].body) : nullptr;
        add(UrnUuid(fmt::format("{}/Observation/{}", session, events[i].seq)),
            fhir::BuildObservation(p, state, events[i], *o, stop != nullptr && stop->step == o->step));
    }

    Json bundle{{"resourceType", "Bundle"}};
    bundle["identifier"] = Json{{"system", "urn:ietf:rfc:3986"}, {"value", UrnUuid(session + "/Bundle/" + c.finalHash)}};
    bundle["type"] = "collection";
    bundle["timestamp"] = fhir::InstantOf(events.back().utcMs);
    bundle["entry"] = std::move(entries);
    return bundle.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

FhirExportResult ExportSessionFhir(const std::string& trailPath, const FhirExportOptions& options) {
    FhirExportResult result;
    RecordedSession read = ReadRecordedSession(trailPath, options.protocolDirs);
    result.damage = std::move(read.damage);
    if (!result.damage.empty() && !options.allowDamaged) {
        result.refused = true;
        return result;
    }
    if (!read.Readable()) {
        result.refused = true;
        result.why = read.why;
        return result;
    }
    result.exportedEvents = read.events.size();
    result.bundle =
        BuildFhirBundle(read.protocol, read.events, result.damage, fs::path(trailPath).filename().string(), options);
    return result;
}

} // namespace kc
