#pragma once
// The protocol model: an immutable, validated description of a checklist. Built only by
// the loader (kc/protocol/loader.hpp); every field here has passed validation.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kc/base/diagnostic.hpp"

namespace kc {

enum class AnswerKind { YesNo, YesNoNa, SingleChoice, MultipleChoice, FreeText, Measurement };
enum class ProtocolStatus { Draft, Approved, Retired };

// The fixed answer values of yes/no steps.
inline constexpr const char* kYes = "yes";
inline constexpr const char* kNo = "no";
inline constexpr const char* kNotApplicable = "not-applicable";

const char* ToString(AnswerKind kind);     // the format's spelling, e.g. "yes-no-na"
const char* ToString(ProtocolStatus status);

// Where a step's content comes from. A guideline basis quotes the reference exactly:
// grade and certainty may be empty when the reference gives none.
struct Basis {
    enum class Kind { Guideline, LocalPolicy };
    Kind kind = Kind::LocalPolicy;
    // guideline
    std::string source;     // a Source id of this protocol
    std::string section;    // e.g. "A2"
    std::string grade;      // A, B, C, D or empty
    std::string certainty;  // high, moderate, low or empty
    std::string provenance; // confirmed, summary, "summary; wording confirmed", "confirmed list"
    std::string gradeNote;  // e.g. "Grade not shown" when the reference says so
    // local policy
    std::string citation;   // optional free citation (e.g. an ASA statement)
    std::string covers;     // the paper's question that covers the topic, if any
    std::string note;       // optional explanation shown to the clinician
};

struct Option {
    std::string id;
    std::string label;
    std::optional<Basis> basis; // e.g. an indication's own strength of evidence
};

// A declarative condition over earlier answers: no scripting, no arithmetic.
struct Condition {
    enum class Op { Equals, Any, All, Not };
    Op op = Op::Equals;
    std::string step;  // Equals: the earlier step
    std::string value; // Equals: the answer value (for multiple choice: "is selected")
    std::vector<Condition> children;
    SourcePos pos;      // of the condition
    SourcePos stepPos;  // Equals: of its step reference
    SourcePos valuePos; // Equals: of its value
};

// A hard stop or a warning, triggered by any of the listed answer values.
struct Rule {
    std::vector<std::string> on;
    std::string message;
    bool secondClinician = false; // warnings only
};

struct Step {
    std::string id;
    std::string prompt;
    std::string help;
    AnswerKind kind = AnswerKind::YesNo;
    std::vector<Option> options; // choice kinds
    std::string unit;            // measurement only; recorded, never used in arithmetic
    Basis basis;                 // the step's own or its phase's
    std::optional<Condition> when;
    bool required = true;
    std::optional<Rule> hardStop;
    std::optional<Rule> warning;
    std::size_t phase = 0; // index into Protocol::phases
    SourcePos pos;

    const Option* FindOption(const std::string& optionId) const;
    // The values a condition or rule may name for this step (empty for free text/measurement).
    std::vector<std::string> AllowedValues() const;
};

struct Phase {
    std::string id;
    std::string title;
    std::string description;
    std::size_t firstStep = 0; // steps [firstStep, firstStep + stepCount) of Protocol::steps
    std::size_t stepCount = 0;
};

struct Source {
    std::string id;
    std::string citation;
    std::string doi;
    std::string pmid;
    std::string url;
    std::string note; // e.g. the guideline's own review status
};

struct Protocol {
    int format = 1;
    std::string id;
    std::string title;
    std::string version; // semantic version
    ProtocolStatus status = ProtocolStatus::Draft;
    std::string description;
    std::string lastReviewed; // YYYY-MM-DD
    std::vector<Source> sources;
    std::vector<Phase> phases;
    std::vector<Step> steps; // in walk order
    // Identity in the audit trail: id + version + SHA-256 of the file's bytes.
    std::string sha256;
    std::string path;
    std::string bytes; // the file as read, archived beside the records that use it

    // Each step id's index, the first when an id is repeated (the loader refuses that). The
    // engine looks steps up on every answer and condition, so the loader builds this once.
    std::unordered_map<std::string, std::size_t> stepIndexById;
    void IndexSteps();

    const Step* FindStep(const std::string& stepId) const;
    std::optional<std::size_t> StepIndex(const std::string& stepId) const;
    const Source* FindSource(const std::string& sourceId) const;
    std::string ShortHash() const { return sha256.substr(0, 12); }
};

using ProtocolPtr = std::shared_ptr<const Protocol>;

} // namespace kc
