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
    case AnswerKind::Measurement: return {};
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

} // namespace kc
