#include "kc/audit/codec.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/error.hpp"
#include "kc/session/clock.hpp"
#include "kc/sha256.hpp"

namespace kc {
namespace {

using nlohmann::json;

constexpr std::string_view kHashMember = ",\"hash\":\"";

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

void PutIf(json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

json PayloadOf(const EventBody& body) {
    return std::visit(
        Overloaded{
            [](const ev::SessionStarted& e) {
                return json{{"protocol",
                             {{"id", e.protocol.id},
                              {"version", e.protocol.version},
                              {"sha256", e.protocol.sha256},
                              {"title", e.protocol.title}}},
                            {"patient_ref", e.patientRef},
                            {"location", e.location}};
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
        },
        body);
}

// Reads one payload field, with a message naming it when it is absent or of the wrong type.
struct Fields {
    const json& j;
    std::string& error;

    std::string Text(const char* key, bool required = true) const {
        const auto it = j.find(key);
        if (it == j.end()) {
            if (required && error.empty()) error = fmt::format("payload has no '{}'", key);
            return {};
        }
        if (!it->is_string()) {
            if (error.empty()) error = fmt::format("payload field '{}' is not text", key);
            return {};
        }
        return it->get<std::string>();
    }
    Values List(const char* key) const {
        const auto it = j.find(key);
        Values values;
        if (it == j.end() || !it->is_array()) {
            if (error.empty()) error = fmt::format("payload has no list '{}'", key);
            return values;
        }
        for (const auto& v : *it) {
            if (!v.is_string()) {
                if (error.empty()) error = fmt::format("payload list '{}' holds a non-text value", key);
                return {};
            }
            values.push_back(v.get<std::string>());
        }
        return values;
    }
    bool Flag(const char* key) const {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_boolean()) {
            if (error.empty()) error = fmt::format("payload has no true/false '{}'", key);
            return false;
        }
        return it->get<bool>();
    }
};

std::optional<EventBody> BodyOf(const std::string& type, const json& payload, std::string& error) {
    if (!payload.is_object()) {
        error = "payload is not an object";
        return std::nullopt;
    }
    const Fields f{payload, error};
    std::optional<EventBody> body;
    if (type == "session_started") {
        const auto it = payload.find("protocol");
        if (it == payload.end() || !it->is_object()) {
            error = "payload has no 'protocol'";
            return std::nullopt;
        }
        const Fields p{*it, error};
        body = ev::SessionStarted{{p.Text("id"), p.Text("version"), p.Text("sha256"), p.Text("title")},
                                  f.Text("patient_ref"),
                                  f.Text("location")};
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
    } else {
        error = fmt::format("unknown event type '{}'", type);
        return std::nullopt;
    }
    if (!error.empty()) return std::nullopt;
    return body;
}

bool IsHex64(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace

const char* EventTypeName(const EventBody& body) {
    static constexpr const char* kNames[] = {
        "session_started", "session_resumed", "step_answered", "step_skipped", "warning_raised", "warning_justified",
        "answer_amended", "answer_superseded", "hard_stopped", "attested", "session_completed", "session_abandoned"};
    static_assert(std::size(kNames) == std::variant_size_v<EventBody>);
    return kNames[body.index()];
}

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
    const auto at = line.rfind(kHashMember);
    if (at == std::string_view::npos || line.size() != at + kHashMember.size() + 64 + 2 ||
        line.substr(line.size() - 2) != "\"}") {
        check.what = "line does not end with its hash";
        return check;
    }
    check.hash = std::string(line.substr(at + kHashMember.size(), 64));
    if (!IsHex64(check.hash)) {
        check.what = "line's hash is not 64 hex digits";
        return check;
    }
    check.canonical.reserve(at + 1);
    check.canonical.append(line.substr(0, at)).push_back('}');
    if (Sha256Hex(check.canonical) != check.hash) {
        check.what = "line was changed: its content does not match its hash";
        return check;
    }
    check.ok = true;
    return check;
}

std::optional<Event> DecodeLine(std::string_view line, std::string& error) {
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        error = "line is not a JSON object";
        return std::nullopt;
    }
    Event e;
    try {
        if (j.size() != 9) {
            error = "line does not have exactly the nine trail fields";
            return std::nullopt;
        }
        // get<>() would cast a fraction or an out-of-range number (1e300 is undefined
        // behaviour) and wrap a negative one: counts must be whole numbers, seq not negative.
        if (!j.at("seq").is_number_unsigned() || !j.at("elapsed_ms").is_number_integer()) {
            error = "a trail field is of the wrong type: seq and elapsed_ms are whole numbers, seq not negative";
            return std::nullopt;
        }
        e.seq = j.at("seq").get<std::uint64_t>();
        e.utcMs = ParseUtcMs(j.at("time").get<std::string>());
        if (e.utcMs < 0) {
            error = "time is not written YYYY-MM-DDTHH:MM:SS.mmmZ";
            return std::nullopt;
        }
        e.elapsedMs = j.at("elapsed_ms").get<std::int64_t>();
        e.sessionId = j.at("session").get<std::string>();
        e.actor = {j.at("actor").at("name").get<std::string>(), j.at("actor").at("role").get<std::string>()};
        e.prevHash = j.at("prev").get<std::string>();
        e.hash = j.at("hash").get<std::string>();
        auto body = BodyOf(j.at("type").get<std::string>(), j.at("payload"), error);
        if (!body) return std::nullopt;
        e.body = std::move(*body);
    } catch (const json::exception& ex) {
        error = fmt::format("a trail field is missing or of the wrong type ({})", ex.what());
        return std::nullopt;
    }
    return e;
}

} // namespace kc
