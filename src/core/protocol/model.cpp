#include "kc/protocol/model.hpp"

namespace kc {

const char* ToString(AnswerKind kind) {
    switch (kind) {
    case AnswerKind::YesNo: return "yes-no";
    case AnswerKind::YesNoNa: return "yes-no-na";
    case AnswerKind::SingleChoice: return "single-choice";
    case AnswerKind::MultipleChoice: return "multiple-choice";
    case AnswerKind::FreeText: return "free-text";
    case AnswerKind::Measurement: return "measurement";
    case AnswerKind::TimePoint: return "time-point";
    }
    return "?";
}

const char* ToString(ProtocolStatus status) {
    switch (status) {
    case ProtocolStatus::Draft: return "draft";
    case ProtocolStatus::Approved: return "approved";
    case ProtocolStatus::Retired: return "retired";
    }
    return "?";
}

const char* ToString(Code::System system) {
    return system == Code::System::Loinc ? "loinc" : "snomed";
}

const char* SystemUri(Code::System system) {
    return system == Code::System::Loinc ? "http://loinc.org" : "http://snomed.info/sct";
}

const Option* Step::FindOption(const std::string& optionId) const {
    for (const auto& option : options)
        if (option.id == optionId) return &option;
    return nullptr;
}

std::vector<std::string> Step::AllowedValues() const {
    switch (kind) {
    case AnswerKind::YesNo: return {kYes, kNo};
    case AnswerKind::YesNoNa: return {kYes, kNo, kNotApplicable};
    case AnswerKind::SingleChoice:
    case AnswerKind::MultipleChoice: {
        std::vector<std::string> values;
        for (const auto& option : options) values.push_back(option.id);
        return values;
    }
    case AnswerKind::FreeText:
    case AnswerKind::Measurement:
    case AnswerKind::TimePoint: return {};
    }
    return {};
}

const Step* Protocol::FindStep(const std::string& stepId) const {
    const auto index = StepIndex(stepId);
    return index ? &steps[*index] : nullptr;
}

void Protocol::IndexSteps() {
    stepIndexById.clear();
    for (std::size_t i = 0; i < steps.size(); ++i) stepIndexById.emplace(steps[i].id, i);
}

std::optional<std::size_t> Protocol::StepIndex(const std::string& stepId) const {
    const auto found = stepIndexById.find(stepId);
    if (found == stepIndexById.end()) return std::nullopt;
    return found->second;
}

const Source* Protocol::FindSource(const std::string& sourceId) const {
    for (const auto& source : sources)
        if (source.id == sourceId) return &source;
    return nullptr;
}

const Step* RoundSchedule::FindStep(const std::string& stepId) const {
    const auto index = StepIndex(stepId);
    return index ? &steps[*index] : nullptr;
}

std::optional<std::size_t> RoundSchedule::StepIndex(const std::string& stepId) const {
    // A round holds a handful of steps: a scan is faster than a map.
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == stepId) return i;
    return std::nullopt;
}

const RoundSchedule* Protocol::FindRounds(const std::string& roundsId) const {
    const auto index = RoundsIndex(roundsId);
    return index ? &rounds[*index] : nullptr;
}

std::optional<std::size_t> Protocol::RoundsIndex(const std::string& roundsId) const {
    for (std::size_t i = 0; i < rounds.size(); ++i)
        if (rounds[i].id == roundsId) return i;
    return std::nullopt;
}

} // namespace kc
