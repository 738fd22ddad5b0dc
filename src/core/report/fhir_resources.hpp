#pragma once
// Internal to the FHIR export: builders of the R4 resources, as insertion-ordered JSON so the
// output reads in the order of the specification's tables and stays byte-for-byte stable.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kc/protocol/model.hpp"
#include "kc/session/engine.hpp"

namespace kc::fhir {

using Json = nlohmann::ordered_json;

// Identifier systems and canonical URLs live under this base. ".invalid" is reserved (RFC
// 2606): the names identify, they never resolve. docs/fhir-export.md lists them.
inline constexpr const char* kBase = "https://ketamine-checklist.invalid/fhir";

std::string SystemUrl(const std::string& name); // kBase + "/" + name
std::string QuestionnaireUrl(const Protocol& protocol);

// Questionnaire: one group per phase, one item per step.
Json BuildQuestionnaire(const Protocol& protocol);

// QuestionnaireResponse: the answers that apply in `state` (answered, shown steps), under
// their phase groups.
Json BuildQuestionnaireResponse(const Protocol& protocol, const Engine& engine, const SessionState& state);

// The answer[] of one step's recorded values.
Json AnswersFor(const Protocol& protocol, const Step& step, const Values& values);

// One Observation per observation_recorded event (docs/fhir-export.md): the step's codes,
// the value, taken (effective) and recorded (issued) times, who took it, the note, the late
// reason and the warning. `stopped`: the value was a hard stop (interpretation critical).
Json BuildObservation(const Protocol& protocol, const SessionState& state, const Event& event,
                      const ev::ObservationRecorded& observation, bool stopped);

const char* ResponseStatus(const SessionState& state);
std::string ActorDisplay(const Actor& actor);
std::string InstantOf(std::int64_t utcMs);

} // namespace kc::fhir
