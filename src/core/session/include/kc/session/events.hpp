#pragma once
// The events of a session: what the trail records and what the session state is folded
// from. Each event type has a typed payload; kc/audit/codec.hpp maps them to JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kc {

struct Actor {
    std::string name;
    std::string role;
    bool operator==(const Actor&) const = default;
};

struct ProtocolRef {
    std::string id;
    std::string version;
    std::string sha256;
    std::string title;
    bool operator==(const ProtocolRef&) const = default;
};

using Values = std::vector<std::string>; // one value, or several for multiple choice

// The approval manifest an approved protocol was checked against when a session started
// (kc/protocol/approval.hpp): its id and its sequence number then.
struct ManifestRef {
    std::string id;
    std::uint64_t sequence = 0;
    bool operator==(const ManifestRef&) const = default;
};

namespace ev {

struct SessionStarted {
    ProtocolRef protocol;
    std::string patientRef; // pseudonymous; lives in the trail only, never in the diagnostic log
    std::string location;
    // Absent for a draft, for a manifest written before manifests were numbered, and in trails
    // written before sessions recorded it.
    std::optional<ManifestRef> manifest = std::nullopt;
    bool operator==(const SessionStarted&) const = default;
};
struct SessionResumed {
    std::string note; // why or after what (e.g. "reopened after the program ended unexpectedly")
    bool operator==(const SessionResumed&) const = default;
};
struct StepAnswered {
    std::string step;
    Values values;
    std::string unit; // measurements: the protocol's unit, recorded with the value
    std::string note;
    bool operator==(const StepAnswered&) const = default;
};
struct StepSkipped {
    std::string step; // an optional step left unanswered
    std::string note;
    bool operator==(const StepSkipped&) const = default;
};
struct WarningRaised {
    std::string step;
    std::string message;
    bool secondClinicianRequired = false;
    bool operator==(const WarningRaised&) const = default;
};
struct WarningJustified {
    std::string step;
    std::string justification;
    std::string secondClinician; // empty when the protocol does not ask for one
    bool operator==(const WarningJustified&) const = default;
};
struct AnswerAmended {
    std::string step;
    Values oldValues;
    Values newValues;
    std::string reason;
    bool operator==(const AnswerAmended&) const = default;
};
struct AnswerSuperseded {
    std::string step; // no longer applies: its condition turned false after an amendment
    Values values;
    std::string cause; // the amended step
    bool operator==(const AnswerSuperseded&) const = default;
};
struct HardStopped {
    std::string step;
    Values values;
    std::string message;
    bool operator==(const HardStopped&) const = default;
};
struct Attested {
    std::string name;    // printed name of the signer
    std::string meaning; // what the signature means (21 CFR 11.50)
    bool operator==(const Attested&) const = default;
};
// One step of one round of observations (kc/protocol/model.hpp, RoundSchedule), answered apart
// from the walk. `taken` is when it was observed; the envelope's time is when it was recorded.
struct ObservationRecorded {
    std::string rounds;           // the schedule's id
    std::uint64_t number = 0;     // the round: due `number` intervals after the schedule's start
    std::string step;
    Values values;
    std::string unit;             // measurements: the protocol's unit
    std::int64_t takenUtcMs = 0;
    std::string note;             // what was done: required when the value raised a warning
    std::string lateReason;       // required when taken after the grace, or entered later than the grace after
    std::string warning;          // the warning its value raised (limits or rule), or empty
    std::string secondClinician;  // when the warning asks for one
    bool operator==(const ObservationRecorded&) const = default;
};
// A round past its grace closed without (all of) its observations.
struct RoundMissed {
    std::string rounds;
    std::uint64_t number = 0;
    std::string reason;
    bool operator==(const RoundMissed&) const = default;
};
// A schedule's rounds and period ended before their time, acknowledged by a second clinician.
struct ObservationEndedEarly {
    std::string rounds;
    std::string reason;
    std::string secondClinician;
    bool operator==(const ObservationEndedEarly&) const = default;
};
struct SessionCompleted {
    bool operator==(const SessionCompleted&) const = default;
};
struct SessionAbandoned {
    std::string reason;
    bool operator==(const SessionAbandoned&) const = default;
};

} // namespace ev

using EventBody = std::variant<ev::SessionStarted, ev::SessionResumed, ev::StepAnswered, ev::StepSkipped,
                               ev::WarningRaised, ev::WarningJustified, ev::AnswerAmended, ev::AnswerSuperseded,
                               ev::HardStopped, ev::Attested, ev::SessionCompleted, ev::SessionAbandoned,
                               ev::ObservationRecorded, ev::RoundMissed, ev::ObservationEndedEarly>;

// The trail's name for each event type ("step_answered", ...).
const char* EventTypeName(const EventBody& body);

// One recorded event: the envelope the trail writes around a body.
struct Event {
    std::uint64_t seq = 0;        // 1-based, no gaps
    std::int64_t utcMs = 0;       // wall-clock time, UTC, ms
    std::int64_t elapsedMs = 0;   // monotonic ms of session time; continues from the last value on resume
    std::string sessionId;
    Actor actor;
    EventBody body;
    std::string prevHash;         // hash of the previous line; 64 zeros for the first
    std::string hash;             // SHA-256 of this line's canonical form
};

inline const std::string kGenesisHash(64, '0');

} // namespace kc
