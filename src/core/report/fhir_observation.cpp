// A round's observation as an R4 Observation (mapping table in docs/fhir-export.md). Built from
// the observation_recorded event itself: it carries who took it, when it was taken and when it
// was recorded, and the warning its value raised as the engine decided it.
#include <fmt/format.h>

#include "fhir_resources.hpp"

namespace kc::fhir {
namespace {

constexpr const char* kInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

// The step's standard codes, then the protocol's own code for the step (its id).
Json StepCode(const Protocol& p, const Step& step) {
    Json codings = Json::array();
    for (const Code& c : step.codes) {
        Json coding{{"system", SystemUri(c.system)}, {"code", c.code}};
        if (!c.display.empty()) coding["display"] = c.display;
        codings.push_back(std::move(coding));
    }
    codings.push_back(Json{{"system", SystemUrl("CodeSystem/" + p.id)}, {"code", step.id}, {"display", step.prompt}});
    return Json{{"coding", std::move(codings)}, {"text", step.prompt}};
}

// The answer[] entries of a QuestionnaireResponse item, as an Observation's value[x]: a
// coding becomes a CodeableConcept.
void AddValue(const Json& answer, Json& target) {
    for (const auto& [key, value] : answer.items()) {
        if (key == "valueCoding")
            target["valueCodeableConcept"] = Json{{"coding", Json::array({value})}};
        else
            target[key] = value;
    }
}

Json Annotation(const std::string& text) { return Json{{"text", text}}; }

} // namespace

Json BuildObservation(const Protocol& p, const SessionState& state, const Event& event,
                      const ev::ObservationRecorded& o, bool stopped) {
    const RoundSchedule* schedule = p.FindRounds(o.rounds);
    const Step* step = schedule ? schedule->FindStep(o.step) : nullptr;
    Json obs{{"resourceType", "Observation"}};
    obs["identifier"] = Json::array({Json{{"system", SystemUrl("observation")},
                                          {"value", fmt::format("{}/{}/{}/{}", state.sessionId, o.rounds, o.number,
                                                                o.step)}}});
    obs["status"] = "final";
    obs["code"] = step ? StepCode(p, *step)
                       : Json{{"coding", Json::array({Json{{"system", SystemUrl("CodeSystem/" + p.id)}, {"code", o.step}}})}};
    obs["subject"] = Json{{"type", "Patient"},
                          {"identifier", Json{{"system", SystemUrl("patient-ref")}, {"value", state.patientRef}}}};
    obs["effectiveDateTime"] = InstantOf(o.takenUtcMs);
    obs["issued"] = InstantOf(event.utcMs);
    obs["performer"] = Json::array({Json{{"type", "Practitioner"}, {"display", ActorDisplay(event.actor)}}});
    const Json answers = step ? AnswersFor(p, *step, o.values) : Json::array();
    if (answers.size() == 1) {
        AddValue(answers[0], obs);
    } else if (answers.size() > 1) {
        // Several options chosen: one component each (a CodeableConcept's codings would say
        // one concept in several code systems).
        Json components = Json::array();
        for (const auto& answer : answers) {
            Json component{{"code", obs["code"]}};
            AddValue(answer, component);
            components.push_back(std::move(component));
        }
        obs["component"] = std::move(components);
    }
    if (stopped || !o.warning.empty())
        obs["interpretation"] = Json::array({Json{
            {"coding", Json::array({stopped ? Json{{"system", kInterpretation}, {"code", "AA"}, {"display", "Critical abnormal"}}
                                            : Json{{"system", kInterpretation}, {"code", "A"}, {"display", "Abnormal"}}})}}});
    Json notes = Json::array();
    if (!o.warning.empty())
        notes.push_back(Annotation(o.secondClinician.empty()
                                       ? "Warning: " + o.warning
                                       : fmt::format("Warning: {} (acknowledged by {})", o.warning, o.secondClinician)));
    if (!o.note.empty()) notes.push_back(Annotation(o.note));
    if (!o.lateReason.empty()) notes.push_back(Annotation("Late entry: " + o.lateReason));
    if (!notes.empty()) obs["note"] = std::move(notes);
    return obs;
}

} // namespace kc::fhir
