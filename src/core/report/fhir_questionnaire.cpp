// The protocol as an R4 Questionnaire and a session's answers as a QuestionnaireResponse
// (mapping table in docs/fhir-export.md).
#include <optional>

#include <fmt/format.h>

#include "fhir_resources.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/render.hpp"

namespace kc::fhir {
namespace {

std::string OptionSystem(const Protocol& p, const Step& step) {
    return SystemUrl("CodeSystem/" + p.id + "/" + step.id);
}

const char* YesNoNaDisplay(const std::string& value) {
    return value == kYes ? "Yes" : value == kNo ? "No" : "Not applicable";
}

// The coding of one answer value of a choice step (options, or yes/no/not-applicable).
Json ValueCoding(const Protocol& p, const Step& step, const std::string& value) {
    if (step.kind == AnswerKind::YesNoNa)
        return Json{{"system", SystemUrl("CodeSystem/yes-no-na")}, {"code", value}, {"display", YesNoNaDisplay(value)}};
    const Option* option = step.FindOption(value);
    return Json{{"system", OptionSystem(p, step)}, {"code", value}, {"display", option ? option->label : value}};
}

// A recorded number as a JSON number. The text passed the engine's check (sign, at most 9
// digits, at most 6 decimals); leading zeros, which JSON forbids, are dropped.
Json DecimalOf(const std::string& text) {
    std::string s = text;
    const std::size_t digits = s.rfind('-', 0) == 0 ? 1 : 0;
    while (s.size() > digits + 1 && s[digits] == '0' && s[digits + 1] != '.') s.erase(digits, 1);
    return Json::parse(s);
}

const char* ItemType(AnswerKind kind) {
    switch (kind) {
    case AnswerKind::YesNo: return "boolean";
    case AnswerKind::YesNoNa:
    case AnswerKind::SingleChoice:
    case AnswerKind::MultipleChoice: return "choice";
    case AnswerKind::FreeText: return "text";
    case AnswerKind::Measurement: return "quantity";
    case AnswerKind::TimePoint: return "dateTime";
    }
    return "string";
}

// The step's basis as the item's code: guideline source and section, grade and certainty in
// the display (no extension needed, and it stays valid R4). The sources' citations are in
// Questionnaire.purpose.
Json BasisCoding(const Basis& b) {
    if (b.kind == Basis::Kind::Guideline) {
        std::string display = fmt::format("{} §{}, {}", b.source, b.section,
                                          b.grade.empty() ? (b.gradeNote.empty() ? std::string("no grade given")
                                                                                 : b.gradeNote)
                                                          : "grade " + b.grade);
        if (!b.certainty.empty()) display += ", " + b.certainty + " certainty";
        return Json{{"system", SystemUrl("guideline/" + b.source)}, {"code", b.section}, {"display", display}};
    }
    std::string display = "Local policy";
    if (!b.citation.empty()) display += ": " + b.citation;
    return Json{{"system", SystemUrl("basis")}, {"code", "local-policy"}, {"display", display}};
}

// One enableWhen for "step equals value"; nullopt when the step's answers have no FHIR
// value a condition can compare (free text, measurement).
std::optional<Json> EnableWhenEquals(const Protocol& p, const Condition& c) {
    const Step* step = p.FindStep(c.step);
    if (step == nullptr) return std::nullopt;
    Json ew{{"question", step->id}, {"operator", "="}};
    if (step->kind == AnswerKind::YesNo)
        ew["answerBoolean"] = c.value == kYes;
    else if (step->kind == AnswerKind::FreeText || step->kind == AnswerKind::Measurement)
        return std::nullopt;
    else
        ew["answerCoding"] = ValueCoding(p, *step, c.value);
    return ew;
}

// A condition maps cleanly when it is one equality, or any/all of equalities (FHIR's "="
// on a repeating question means "one of the answers is", as "is selected" does here).
// "not" does not: FHIR's "!=" is false for an unanswered question and means "one answer
// differs" for a repeating one. Such items carry no enableWhen (docs/fhir-export.md).
void AddEnableWhen(const Protocol& p, const Condition& c, Json& item) {
    Json list = Json::array();
    if (c.op == Condition::Op::Equals) {
        auto ew = EnableWhenEquals(p, c);
        if (!ew) return;
        list.push_back(std::move(*ew));
    } else if (c.op == Condition::Op::Any || c.op == Condition::Op::All) {
        for (const auto& child : c.children) {
            if (child.op != Condition::Op::Equals) return;
            auto ew = EnableWhenEquals(p, child);
            if (!ew) return;
            list.push_back(std::move(*ew));
        }
    } else {
        return;
    }
    if (list.empty()) return;
    const bool several = list.size() > 1;
    item["enableWhen"] = std::move(list);
    if (several) item["enableBehavior"] = c.op == Condition::Op::Any ? "any" : "all";
}

// A measurement's unit is part of its question's text: an R4 quantity item names its unit
// only through an extension.
std::string ItemText(const Step& step) {
    return step.kind == AnswerKind::Measurement && !step.unit.empty() ? fmt::format("{} ({})", step.prompt, step.unit)
                                                                      : step.prompt;
}

Json StepItem(const Protocol& p, const Step& step) {
    Json item{{"linkId", step.id}, {"code", Json::array({BasisCoding(step.basis)})}};
    item["text"] = ItemText(step);
    item["type"] = ItemType(step.kind);
    if (step.when) AddEnableWhen(p, *step.when, item);
    item["required"] = step.required;
    if (step.kind == AnswerKind::MultipleChoice) item["repeats"] = true;
    if (step.kind == AnswerKind::YesNoNa || step.kind == AnswerKind::SingleChoice ||
        step.kind == AnswerKind::MultipleChoice) {
        Json options = Json::array();
        for (const auto& value : step.AllowedValues()) {
            Json option{{"valueCoding", ValueCoding(p, step, value)}};
            if (const Option* o = step.FindOption(value); o && o->exclusive)
                option["extension"] = Json::array({Json{
                    {"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"},
                    {"valueBoolean", true}}});
            options.push_back(std::move(option));
        }
        item["answerOption"] = std::move(options);
    }
    // Each quote as a display item under its question: information shown with it, never
    // answered (R4 allows child items on a question; a display item has no answer).
    if (!step.quotes.empty()) {
        Json quotes = Json::array();
        for (std::size_t i = 0; i < step.quotes.size(); ++i) {
            const Quote& quote = step.quotes[i];
            quotes.push_back(Json{{"linkId", fmt::format("{}:quote-{}", step.id, i + 1)},
                                  {"type", "display"},
                                  {"text", fmt::format("Guideline statement (information): {} ({})", quote.text,
                                                       DescribeGrading(p, quote.basis))}});
        }
        item["item"] = std::move(quotes);
    }
    return item;
}

std::string PhaseLinkId(const Phase& phase) { return "phase:" + phase.id; }

const char* QuestionnaireStatus(ProtocolStatus status) {
    switch (status) {
    case ProtocolStatus::Draft: return "draft";
    case ProtocolStatus::Approved: return "active";
    case ProtocolStatus::Retired: return "retired";
    }
    return "unknown";
}

} // namespace

std::string SystemUrl(const std::string& name) { return std::string(kBase) + "/" + name; }

std::string QuestionnaireUrl(const Protocol& p) { return SystemUrl("Questionnaire/" + p.id); }

std::string InstantOf(std::int64_t utcMs) { return FormatUtcMs(utcMs); }

std::string ActorDisplay(const Actor& actor) {
    return actor.role.empty() ? actor.name : fmt::format("{} ({})", actor.name, actor.role);
}

Json BuildQuestionnaire(const Protocol& p) {
    Json q{{"resourceType", "Questionnaire"}, {"url", QuestionnaireUrl(p)}};
    q["identifier"] = Json::array({Json{{"system", SystemUrl("protocol-id")}, {"value", p.id}},
                                   Json{{"system", SystemUrl("protocol-sha256")}, {"value", p.sha256}}});
    q["version"] = p.version;
    q["title"] = p.title;
    q["status"] = QuestionnaireStatus(p.status);
    q["subjectType"] = Json::array({"Patient"});
    if (!p.description.empty()) q["description"] = p.description;
    std::string purpose;
    for (const auto& source : p.sources) {
        purpose += (purpose.empty() ? "Sources: " : "; ") + source.citation;
        if (!source.doi.empty()) purpose += " doi:" + source.doi;
    }
    if (!purpose.empty()) q["purpose"] = purpose;
    if (!p.lastReviewed.empty()) q["lastReviewDate"] = p.lastReviewed;
    Json groups = Json::array();
    for (const auto& phase : p.phases) {
        Json group{{"linkId", PhaseLinkId(phase)}, {"text", phase.title}, {"type", "group"}};
        Json items = Json::array();
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i)
            items.push_back(StepItem(p, p.steps[i]));
        group["item"] = std::move(items);
        groups.push_back(std::move(group));
    }
    q["item"] = std::move(groups);
    return q;
}

Json AnswersFor(const Protocol& p, const Step& step, const Values& values) {
    Json answers = Json::array();
    for (const auto& value : values) {
        switch (step.kind) {
        case AnswerKind::YesNo: answers.push_back(Json{{"valueBoolean", value == kYes}}); break;
        case AnswerKind::YesNoNa:
        case AnswerKind::SingleChoice:
        case AnswerKind::MultipleChoice: answers.push_back(Json{{"valueCoding", ValueCoding(p, step, value)}}); break;
        case AnswerKind::FreeText: answers.push_back(Json{{"valueString", value}}); break;
        case AnswerKind::Measurement:
            answers.push_back(Json{{"valueQuantity", Json{{"value", DecimalOf(value)}, {"unit", step.unit}}}});
            break;
        case AnswerKind::TimePoint: answers.push_back(Json{{"valueDateTime", value}}); break;
        }
    }
    return answers;
}

const char* ResponseStatus(const SessionState& s) {
    switch (s.status) {
    case SessionStatus::Completed: {
        for (const auto& r : s.steps)
            if (r.amendments > 0) return "amended";
        return "completed";
    }
    case SessionStatus::Stopped:
    case SessionStatus::Abandoned: return "stopped";
    case SessionStatus::NotStarted:
    case SessionStatus::Active: break;
    }
    return "in-progress";
}

Json BuildQuestionnaireResponse(const Protocol& p, const Engine& engine, const SessionState& s) {
    Json qr{{"resourceType", "QuestionnaireResponse"}};
    qr["identifier"] = Json{{"system", SystemUrl("session-id")}, {"value", s.sessionId}};
    qr["questionnaire"] = QuestionnaireUrl(p) + "|" + p.version;
    qr["status"] = ResponseStatus(s);
    qr["subject"] = Json{{"type", "Patient"},
                         {"identifier", Json{{"system", SystemUrl("patient-ref")}, {"value", s.patientRef}}}};
    qr["authored"] = InstantOf(s.endedUtcMs > 0 ? s.endedUtcMs : s.startedUtcMs);
    qr["author"] = Json{{"type", "Practitioner"}, {"display", ActorDisplay(s.operatorActor)}};
    const std::vector<bool> shown = engine.Visibility(s);
    Json groups = Json::array();
    for (const auto& phase : p.phases) {
        Json items = Json::array();
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount && i < s.steps.size(); ++i) {
            const StepRecord& r = s.steps[i];
            if (!r.answered || r.values.empty() || !shown[i]) continue;
            const Step& step = p.steps[i];
            items.push_back(Json{{"linkId", step.id}, {"text", ItemText(step)}, {"answer", AnswersFor(p, step, r.values)}});
        }
        // A group with no answered item is left out: a response item needs an answer or items.
        if (items.empty()) continue;
        groups.push_back(Json{{"linkId", PhaseLinkId(phase)}, {"text", phase.title}, {"item", std::move(items)}});
    }
    if (!groups.empty()) qr["item"] = std::move(groups);
    return qr;
}

} // namespace kc::fhir
