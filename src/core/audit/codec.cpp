#include "kc/audit/codec.hpp"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "json_fields.hpp"
#include "kc/base/error.hpp"
#include "kc/base/overloaded.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/sha256.hpp"

namespace kc {
namespace {

using nlohmann::json;

constexpr std::string_view kHashMember = ",\"hash\":\"";

void PutIf(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

json PayloadOf(const EventBody& body) {
    return std::visit(
        Overloaded{
            [](const ev::SessionStarted& e) {
                json j{{"protocol",
                        {{"id", e.protocol.id},
                         {"version", e.protocol.version},
                         {"sha256", e.protocol.sha256},
                         {"title", e.protocol.title}}},
                       {"patient_ref", e.patientRef},
                       {"location", e.location}};
                if (e.manifest) j["manifest"] = {{"id", e.manifest->id}, {"sequence", e.manifest->sequence}};
                return j;
            },
            [](const ev::SessionResumed& e) { return json{{"note", e.note}}; },
            [](const ev::StepAnswered& e) {
                json j{{"step", e.step}, {"values", e.values}};
                PutIf(j, "unit", e.unit);
                PutIf(j, "note", e.note);
                return j;
            },
            [](const ev::StepSkipped& e) {
                json j{{"step", e.step}};
                PutIf(j, "note", e.note);
                return j;
            },
            [](const ev::WarningRaised& e) {
                return json{{"step", e.step},
                            {"message", e.message},
                            {"second_clinician_required", e.secondClinicianRequired}};
            },
            [](const ev::WarningJustified& e) {
                json j{{"step", e.step}, {"justification", e.justification}};
                PutIf(j, "second_clinician", e.secondClinician);
                return j;
            },
            [](const ev::AnswerAmended& e) {
                return json{{"step", e.step}, {"old_values", e.oldValues}, {"new_values", e.newValues},
                            {"reason", e.reason}};
            },
            [](const ev::AnswerSuperseded& e) {
                return json{{"step", e.step}, {"values", e.values}, {"cause", e.cause}};
            },
            [](const ev::HardStopped& e) {
                return json{{"step", e.step}, {"values", e.values}, {"message", e.message}};
            },
            [](const ev::Attested& e) { return json{{"name", e.name}, {"meaning", e.meaning}}; },
            [](const ev::SessionCompleted&) { return json::object(); },
            [](const ev::SessionAbandoned& e) { return json{{"reason", e.reason}}; },
            [](const ev::ObservationRecorded& e) {
                json j{{"rounds", e.rounds},
                       {"number", e.number},
                       {"step", e.step},
                       {"values", e.values},
                       {"taken", FormatUtcMs(e.takenUtcMs)}};
                PutIf(j, "unit", e.unit);
                PutIf(j, "note", e.note);
                PutIf(j, "late_reason", e.lateReason);
                PutIf(j, "warning", e.warning);
                PutIf(j, "second_clinician", e.secondClinician);
                return j;
            },
            [](const ev::RoundMissed& e) {
                return json{{"rounds", e.rounds}, {"number", e.number}, {"reason", e.reason}};
            },
            [](const ev::ObservationEndedEarly& e) {
                return json{{"rounds", e.rounds}, {"reason", e.reason}, {"second_clinician", e.secondClinician}};
            },
        },
        body);
}

std::optional<EventBody> BodyOf(std::string_view type, const json_fields::Fields& f) {
    std::optional<EventBody> body;
    if (type == "session_started") {
        const json_fields::Fields p{f.Object("protocol"), f.error, "payload protocol"};
        if (!f.error.empty()) return std::nullopt;
        body = ev::SessionStarted{{p.Text("id"), p.Text("version"), p.Text("sha256"), p.Text("title")},
                                  f.Text("patient_ref"),
                                  f.Text("location"),
                                  json_fields::OptionalManifest(f)};
    } else if (type == "session_resumed") {
        body = ev::SessionResumed{f.Text("note")};
    } else if (type == "step_answered") {
        body = ev::StepAnswered{f.Text("step"), f.List("values"), f.Text("unit", false), f.Text("note", false)};
    } else if (type == "step_skipped") {
        body = ev::StepSkipped{f.Text("step"), f.Text("note", false)};
    } else if (type == "warning_raised") {
        body = ev::WarningRaised{f.Text("step"), f.Text("message"), f.Flag("second_clinician_required")};
    } else if (type == "warning_justified") {
        body = ev::WarningJustified{f.Text("step"), f.Text("justification"), f.Text("second_clinician", false)};
    } else if (type == "answer_amended") {
        body = ev::AnswerAmended{f.Text("step"), f.List("old_values"), f.List("new_values"), f.Text("reason")};
    } else if (type == "answer_superseded") {
        body = ev::AnswerSuperseded{f.Text("step"), f.List("values"), f.Text("cause")};
    } else if (type == "hard_stopped") {
        body = ev::HardStopped{f.Text("step"), f.List("values"), f.Text("message")};
    } else if (type == "attested") {
        body = ev::Attested{f.Text("name"), f.Text("meaning")};
    } else if (type == "session_completed") {
        body = ev::SessionCompleted{};
    } else if (type == "session_abandoned") {
        body = ev::SessionAbandoned{f.Text("reason")};
    } else if (type == "observation_recorded") {
        ev::ObservationRecorded o;
        o.rounds = f.Text("rounds");
        o.number = f.Count("number");
        o.step = f.Text("step");
        o.values = f.List("values");
        o.unit = f.Text("unit", false);
        const std::string taken = f.Text("taken");
        o.takenUtcMs = ParseUtcMs(taken);
        if (f.error.empty() && o.takenUtcMs < 0) f.Fail(fmt::format("payload field 'taken' is not a UTC time: '{}'", taken));
        o.note = f.Text("note", false);
        o.lateReason = f.Text("late_reason", false);
        o.warning = f.Text("warning", false);
        o.secondClinician = f.Text("second_clinician", false);
        body = std::move(o);
    } else if (type == "round_missed") {
        body = ev::RoundMissed{f.Text("rounds"), f.Count("number"), f.Text("reason")};
    } else if (type == "observation_ended_early") {
        body = ev::ObservationEndedEarly{f.Text("rounds"), f.Text("reason"), f.Text("second_clinician")};
    } else {
        f.Fail(fmt::format("unknown event type '{}'", type));
        return std::nullopt;
    }
    if (!f.error.empty()) return std::nullopt;
    return body;
}

} // namespace

std::string CanonicalForm(const Event& e) {
    // nlohmann's object keeps keys sorted; dump() without indent is compact and leaves
    // non-ASCII UTF-8 as is. Invalid UTF-8 throws instead of being written.
    const json j{{"seq", e.seq},
                 {"time", FormatUtcMs(e.utcMs)},
                 {"elapsed_ms", e.elapsedMs},
                 {"session", e.sessionId},
                 {"type", EventTypeName(e.body)},
                 {"actor", {{"name", e.actor.name}, {"role", e.actor.role}}},
                 {"payload", PayloadOf(e.body)},
                 {"prev", e.prevHash}};
    try {
        return j.dump();
    } catch (const json::exception& ex) {
        throw Error(fmt::format("event text is not valid UTF-8: {}", ex.what()));
    }
}

std::string SealLine(std::string canonical, std::string& hash) {
    hash = Sha256Hex(canonical);
    canonical.pop_back(); // the closing brace
    canonical.append(kHashMember).append(hash).append("\"}");
    return canonical;
}

std::string EncodeLine(Event& event) { return SealLine(CanonicalForm(event), event.hash); }

LineCheck CheckLine(std::string_view line) {
    LineCheck check;
    // The line ends with exactly ,"hash":"<64 characters>"}
    constexpr std::size_t kTail = kHashMember.size() + 64 + 2;
    const std::size_t at = line.size() - kTail;
    if (line.size() < kTail || line.substr(at, kHashMember.size()) != kHashMember ||
        line.substr(line.size() - 2) != "\"}") {
        check.what = "line does not end with its hash";
        return check;
    }
    const std::string_view claimed = line.substr(at + kHashMember.size(), 64);
    if (!HexEquals(Sha256Of(line.substr(0, at), "}"), claimed)) {
        check.what = IsSha256Hex(claimed) ? "line was changed: its content does not match its hash"
                                      : "line's hash is not 64 hex digits";
        return check;
    }
    check.hash = std::string(claimed);
    check.ok = true;
    return check;
}

std::optional<Event> DecodeLine(std::string_view line, std::string& error) {
    using namespace json_fields;
    error.clear();
    object top;
    if (!ParseObject(line, top)) {
        error = "line is not a JSON object";
        return std::nullopt;
    }
    // The nine fields, each once, in the order EncodeLine writes them (sorted, hash last):
    // one pass reads them all.
    static constexpr std::string_view kFields[] = {"actor", "elapsed_ms", "payload", "prev", "seq",
                                                   "session", "time",       "type",    "hash"};
    std::array<element, std::size(kFields)> at;
    std::size_t count = 0;
    for (const auto field : top) {
        if (count == at.size() || field.key != kFields[count]) {
            error = "line does not have exactly the nine trail fields, once each, in canonical order";
            return std::nullopt;
        }
        at[count++] = field.value;
    }
    if (count != at.size()) {
        error = "line does not have exactly the nine trail fields, once each, in canonical order";
        return std::nullopt;
    }
    const auto& [actorAt, elapsedAt, payloadAt, prevAt, seqAt, sessionAt, timeAt, typeAt, hashAt] = at;
    Event e;
    // Counts must be whole numbers (a fraction, 1e300 or a negative seq is refused, never cast).
    if (seqAt.get_uint64().get(e.seq) != simdjson::SUCCESS || elapsedAt.get_int64().get(e.elapsedMs) != simdjson::SUCCESS) {
        error = "a trail field is of the wrong type: seq and elapsed_ms are whole numbers, seq not negative";
        return std::nullopt;
    }
    std::string_view time, session, prev, hash, type;
    if (timeAt.get_string().get(time) != simdjson::SUCCESS || (e.utcMs = ParseUtcMs(time)) < 0) {
        error = "time is not written YYYY-MM-DDTHH:MM:SS.mmmZ";
        return std::nullopt;
    }
    if (sessionAt.get_string().get(session) != simdjson::SUCCESS || prevAt.get_string().get(prev) != simdjson::SUCCESS ||
        hashAt.get_string().get(hash) != simdjson::SUCCESS || typeAt.get_string().get(type) != simdjson::SUCCESS) {
        error = "a trail field is of the wrong type: session, prev, hash and type are text";
        return std::nullopt;
    }
    e.sessionId = session;
    e.prevHash = prev;
    e.hash = hash;
    object actorObject, payloadObject;
    if (actorAt.get_object().get(actorObject) != simdjson::SUCCESS || !CanonicalKeys(actorObject) ||
        payloadAt.get_object().get(payloadObject) != simdjson::SUCCESS || !CanonicalKeys(payloadObject)) {
        error = "actor and payload are objects with each key once, in canonical order";
        return std::nullopt;
    }
    const Fields actor{actorObject, error, "actor"};
    e.actor = {actor.Text("name"), actor.Text("role")};
    if (!error.empty()) return std::nullopt;
    const Fields payload{payloadObject, error, "payload"};
    auto body = BodyOf(type, payload);
    if (!body) return std::nullopt;
    e.body = std::move(*body);
    return e;
}

} // namespace kc
