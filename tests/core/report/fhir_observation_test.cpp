// Rounds in the FHIR export: one Observation per recorded observation, with the step's codes,
// its value, taken (effectiveDateTime) and recorded (issued) times, the patient reference, the
// note, late reason and warning, and "A" (abnormal) or "AA" (a hard stop) as interpretation;
// the Bundle stays valid against the official R4 JSON Schema (tests/fhir/validate.js, node).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/base/clock.hpp"
#include "kc/report/fhir_export.hpp"
#include "process.hpp"
#include "rounds_driver.hpp"

using namespace kc;
using nlohmann::json;
using test::RoundsDriver;

namespace {

const std::string kValidator = std::string(KC_TEST_DATA_DIR) + "/../fhir/validate.js";
const std::string kBase = "https://ketamine-checklist.invalid/fhir/";

std::vector<json> Observations(const json& bundle) {
    std::vector<json> out;
    for (const auto& entry : bundle.at("entry"))
        if (entry.at("resource").at("resourceType") == "Observation") out.push_back(entry.at("resource"));
    return out;
}

const json& ObservationOf(const std::vector<json>& all, const std::string& id) {
    for (const auto& o : all)
        if (o.at("identifier").at(0).at("value") == id) return o;
    throw std::runtime_error("no Observation " + id);
}

std::string Time(std::int64_t minute) { return FormatUtcMs(RoundsDriver::Utc(minute)); }

// The official schema's verdict on the Bundle, by node (independent of the exporter).
void CheckValidR4(const std::string& bundle) {
    test::TempDir dir;
    test::WriteAll(dir.File("bundle.json"), bundle);
    const auto result = test::Run({"/usr/bin/env", "node", kValidator, dir.File("bundle.json")});
    INFO(result.out << result.err);
    CHECK(result.exitCode == 0);
}

} // namespace

TEST_CASE("each observation of a round is an Observation with its codes, value, times and notes", "[fhir][rounds]") {
    RoundsDriver d;
    d.RecordMixedSession();
    const std::string text = BuildFhirBundle(d.protocol, d.log, {}, "s-rounds.jsonl");
    const json bundle = json::parse(text);
    const auto obs = Observations(bundle);
    // Recorded: during rounds 1, 2 and 4 (heart rate and SpO2 each), after round 1 (heart rate
    // and sedation); round 3 was missed.
    REQUIRE(obs.size() == 3 * 2 + 2);

    // Round 1, on time at 17: the LOINC code as the protocol gives it, then the step's own.
    const json& hr1 = ObservationOf(obs, "s-rounds/during/1/hr");
    CHECK(hr1["status"] == "final");
    CHECK(hr1["code"]["coding"][0] == json{{"system", "http://loinc.org"}, {"code", "8867-4"}, {"display", "Heart rate"}});
    CHECK(hr1["code"]["coding"][1]["system"] == kBase + "CodeSystem/rounds-report");
    CHECK(hr1["code"]["coding"][1]["code"] == "hr");
    CHECK(hr1["subject"]["identifier"] == json{{"system", kBase + "patient-ref"}, {"value", "P-ROUNDS"}});
    CHECK(hr1["effectiveDateTime"] == Time(17));
    CHECK(hr1["issued"] == Time(17));
    CHECK(hr1["valueQuantity"] == json{{"value", 80}, {"unit", "/min"}});
    CHECK_FALSE(hr1.contains("interpretation"));
    CHECK_FALSE(hr1.contains("note"));
    const json& spo2 = ObservationOf(obs, "s-rounds/during/1/spo2");
    CHECK(spo2["code"]["coding"][0] == json{{"system", "http://loinc.org"}, {"code", "59408-5"}});
    CHECK(spo2["valueQuantity"] == json{{"value", 98}, {"unit", "%"}});

    // Round 2: taken at 44, recorded at 45, late with its reason.
    const json& hr2 = ObservationOf(obs, "s-rounds/during/2/hr");
    CHECK(hr2["effectiveDateTime"] == Time(44));
    CHECK(hr2["issued"] == Time(45));
    CHECK(hr2["note"] == json::array({json{{"text", "Late entry: monitor alarm being dealt with"}}}));

    // Round 4: 130 is above the department's 120: abnormal, the warning and the note of what was done.
    const json& hr4 = ObservationOf(obs, "s-rounds/during/4/hr");
    CHECK(hr4["interpretation"][0]["coding"][0]["code"] == "A");
    CHECK(hr4["note"] == json::array({json{{"text", "Warning: Heart rate outside the department's limits."}},
                                      json{{"text", "infusion slowed, reviewed by Dr A"}}}));
    CHECK_FALSE(ObservationOf(obs, "s-rounds/during/4/spo2").contains("interpretation"));

    // A choice: a CodeableConcept of the option; a step without standard codes has its own only.
    const json& sedation = ObservationOf(obs, "s-rounds/after/1/sedation");
    CHECK(sedation["code"]["coding"].size() == 1);
    CHECK(sedation["valueCodeableConcept"]["coding"][0] ==
          json{{"system", kBase + "CodeSystem/rounds-report/sedation"}, {"code", "drowsy"}, {"display", "Drowsy"}});
    CHECK(sedation["effectiveDateTime"] == Time(89));

    CheckValidR4(text);
}

TEST_CASE("a value past a stop limit is a critical abnormal Observation, and the Bundle stays valid R4",
          "[fhir][rounds]") {
    RoundsDriver d;
    d.Start();
    d.At(2);
    d.Answer("infusion-start", {"now"});
    d.At(16);
    d.Observe("during", 1, "hr", {"25"}); // below the stop limit 30: hard stop
    REQUIRE(d.state.status == SessionStatus::Stopped);
    const std::string text = BuildFhirBundle(d.protocol, d.log, {}, "s-rounds.jsonl");
    const auto obs = Observations(json::parse(text));
    REQUIRE(obs.size() == 1);
    CHECK(obs[0]["interpretation"][0]["coding"][0]["code"] == "AA");
    CHECK(obs[0]["effectiveDateTime"] == Time(16));
    CheckValidR4(text);
}
