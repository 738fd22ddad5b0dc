#pragma once
// The protocol model: an immutable, validated description of a checklist. Built only by
// the loader (kc/protocol/loader.hpp); every field here has passed validation.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kc/base/diagnostic.hpp"

namespace kc {

// TimePoint records when something happened (the infusion started, stopped): its value is a
// UTC time, "2026-12-02T10:15:00.000Z", entered as now or as an earlier time.
enum class AnswerKind { YesNo, YesNoNa, SingleChoice, MultipleChoice, FreeText, Measurement, TimePoint };
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

// A graded statement of the guideline shown with a step as information, never as what the step
// asks or as a target: e.g. a dose statement the order is reviewed against, or the strength of
// evidence a patient is told about. `basis` is always a guideline basis with the same checks as
// a step's; the step's own `basis` stays what the step is (often local policy).
struct Quote {
    std::string text;
    Basis basis;
    SourcePos pos;
};

struct Option {
    std::string id;
    std::string label;
    std::optional<Basis> basis; // e.g. an indication's own strength of evidence
    bool exclusive = false;     // multiple choice: selected only alone ("None of these")
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

// A standard code a step carries for export (FHIR): LOINC (e.g. 8867-4, heart rate) or
// SNOMED CT. The loader checks each code's own check digit.
struct Code {
    enum class System { Loinc, Snomed };
    System system = System::Loinc;
    std::string code;
    std::string display; // optional: the code's display name
    SourcePos pos;
};
const char* ToString(Code::System system); // "loinc", "snomed"
const char* SystemUri(Code::System system); // "http://loinc.org", "http://snomed.info/sct"

// The department's limits for a measurement (always local policy). A value below `below` or
// above `above` raises a warning that needs a note of what was done (and a second clinician
// when asked); a value below `stopBelow` or above `stopAbove` is a hard stop. The limits are
// decimal text as the protocol states them; a measured value is compared with them, and that
// comparison is the only one made: never a dose, a rate, a weight or arithmetic.
struct Limits {
    std::optional<std::string> below;
    std::optional<std::string> above;
    std::string message; // the warning's text
    bool secondClinician = false;
    std::optional<std::string> stopBelow;
    std::optional<std::string> stopAbove;
    std::string stopMessage; // the hard stop's text (required when a stop limit is given)
    SourcePos pos;
};

struct Step {
    std::string id;
    std::string prompt;
    std::string help;
    AnswerKind kind = AnswerKind::YesNo;
    std::vector<Option> options; // choice kinds
    std::string unit;            // measurement only; recorded, never used in arithmetic
    Basis basis;                 // the step's own or its phase's
    std::vector<Quote> quotes;   // guideline statements shown as information
    std::optional<Condition> when;
    bool required = true;
    std::optional<Rule> hardStop;
    std::optional<Rule> warning;
    std::optional<Limits> limits; // measurement only
    std::vector<Code> codes;
    bool noteRequired = false;    // the answer needs a note (e.g. why the infusion was stopped)
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

// A timed group of steps ("rounds"), observed again every `everyMs` from the time recorded by
// the time-point step `from`: until the later time-point step `until` is recorded, or for
// `forMs` after `from` (the minimum observation period). Round n is due at from + n x every
// (n = 1, 2, ...) and open for entry from `graceMs` before until `graceMs` after that; a round
// belongs to the schedule while its due time is not after the end. Round steps are answered
// in any order, apart from the walk; their conditions may name top-level steps and earlier
// steps of the same round. Rounds never nest.
struct RoundSchedule {
    std::string id;
    std::string title;
    std::string description;
    std::string from;          // a time-point step, before this schedule in the walk
    std::string until;         // a later time-point step, or empty
    std::int64_t forMs = 0;    // when `until` is empty: the period after `from`
    std::int64_t everyMs = 0;
    std::int64_t graceMs = 0;
    Basis basis;               // of the interval and the period (local policy where the paper is silent)
    std::vector<Step> steps;   // the steps of each round
    std::size_t phase = 0;     // index into Protocol::phases
    SourcePos pos;

    const Step* FindStep(const std::string& stepId) const;
    std::optional<std::size_t> StepIndex(const std::string& stepId) const;
};

struct Source {
    std::string id;
    std::string citation;
    std::string doi;
    std::string pmid;
    std::string url;
    std::string note; // anything else a reviewer should know
    std::string developedBy;  // who developed the guideline (optional)
    std::string published;    // the guideline's date: YYYY, YYYY-MM or YYYY-MM-DD (optional)
    std::string reviewStatus; // the guideline's own review status (optional)
};

struct Protocol {
    int format = 1;
    std::string id;
    std::string title;
    std::string version; // semantic version
    ProtocolStatus status = ProtocolStatus::Draft;
    std::string description;
    std::string lastReviewed; // YYYY-MM-DD: content last reviewed against the evidence reference
    // The project's evidence reference (`evidence:`): its repository path (relative, e.g.
    // docs/evidence/asra-2018-ketamine.md) and who translated the guideline into this protocol.
    std::string evidenceReference;
    std::string translatedBy;
    SourcePos evidenceReferencePos; // of `evidence.reference`, for the validator's warning
    std::vector<Source> sources;
    std::vector<Phase> phases;
    std::vector<Step> steps; // in walk order
    std::vector<RoundSchedule> rounds; // in the order of their phases
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
    const RoundSchedule* FindRounds(const std::string& roundsId) const;
    std::optional<std::size_t> RoundsIndex(const std::string& roundsId) const;
    std::string ShortHash() const { return sha256.substr(0, 12); }
};

using ProtocolPtr = std::shared_ptr<const Protocol>;

} // namespace kc
