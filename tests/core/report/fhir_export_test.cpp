// The FHIR R4 export of the core: which resources a session becomes, that the
// QuestionnaireResponse holds exactly the answers the trail replays to, that the same trail
// always gives the same bytes, and that a damaged trail is refused or marked. (Schema
// validity is checked independently by node in tests/fhir.)
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/fhir_export.hpp"
#include "kc/ops/script.hpp"
#include "kc/ops/session.hpp"
#include "process.hpp"
#include "rechain.hpp"
#include "session_env.hpp"

using namespace kc;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kProtocols = KC_PROTOCOL_DIR;
const std::string kAnswers = std::string(KC_TEST_DATA_DIR) + "/answers/";

// A scripted session on a fixed clock and fixed ids: the same call makes the same trail.
std::string RunSession(const std::string& records, const std::string& protocolFile, const std::string& answersText,
                       RunOutcome expected) {
    const auto loaded = LoadProtocolFile(kProtocols + "/" + protocolFile);
    REQUIRE(loaded.Ok());
    const std::string answersPath = records + ".answers.yaml";
    test::WriteAll(answersPath, answersText);
    std::vector<Diagnostic> diagnostics;
    const auto script = LoadScript(answersPath, diagnostics);
    REQUIRE(script);
    RecordsFolder folder(records);
    ManualClock clock{1'795'614'000'000, 1500};
    SequentialIdGenerator ids{"fhir"};
    auto log = MakeNullDiagnosticLog();
    auto session = test::StartOrFail(loaded.protocol,
                                     {{"Dr A. Operator", "anesthesiologist"}, "P-FHIR-7", script->location},
                                     SessionEnv{folder, clock, ids, *log});
    const RunResult result = RunScript(*session, *script, [](const std::string&) {}, test::AdvanceOn(clock));
    INFO(result.message);
    REQUIRE(result.outcome == expected);
    return session->TrailPath();
}

std::string AmendedChronicAnswers() {
    return test::ReadAll(kAnswers + "chronic-moderate-hepatic.answers.yaml") +
           "amendments:\n  - {after: adverse-events, step: baseline-pain, answer: \"6\", reason: Read from the wrong line}\n";
}

std::vector<json> ResourcesOf(const json& bundle, const std::string& type) {
    std::vector<json> out;
    for (const auto& entry : bundle.at("entry"))
        if (entry.at("resource").at("resourceType") == type) out.push_back(entry.at("resource"));
    return out;
}

// The trail's own fold, independent of the export.
SessionState Replay(const std::string& trail, ProtocolPtr& protocol) {
    const TrailScan scan = ScanTrailFile(trail);
    REQUIRE_FALSE(scan.problem);
    const auto& started = std::get<ev::SessionStarted>(scan.events.front().body);
    protocol = LoadProtocolFile(fs::path(trail).parent_path().parent_path().string() + "/protocols/" +
                                started.protocol.sha256 + ".yaml")
                   .protocol;
    REQUIRE(protocol);
    const Engine engine(protocol);
    SessionState state;
    for (const auto& e : scan.events) REQUIRE(engine.Apply(state, e).empty());
    return state;
}

// An answer in the response back as the trail's value text.
std::string ValueText(const json& answer) {
    if (answer.contains("valueBoolean")) return answer["valueBoolean"].get<bool>() ? "yes" : "no";
    if (answer.contains("valueCoding")) return answer["valueCoding"]["code"];
    if (answer.contains("valueString")) return answer["valueString"];
    if (answer.contains("valueQuantity")) return answer["valueQuantity"]["value"].dump();
    if (answer.contains("valueDateTime")) return answer["valueDateTime"];
    FAIL("an answer of an unexpected type: " << answer.dump());
    return {};
}

} // namespace

TEST_CASE("a completed chronic session with a justified warning and an amendment becomes one Bundle", "[fhir]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml", AmendedChronicAnswers(),
                                         RunOutcome::Completed);
    const FhirExportResult result = ExportSessionFhir(trail, {});
    REQUIRE_FALSE(result.refused);
    CHECK(result.damage.empty());
    const json bundle = json::parse(result.bundle);
    const auto scanned = ScanTrailFile(trail).events;
    const std::size_t events = scanned.size();
    const auto observations = static_cast<std::size_t>(std::count_if(scanned.begin(), scanned.end(), [](const Event& e) {
        return std::holds_alternative<ev::ObservationRecorded>(e.body);
    }));
    CHECK(observations > 0); // the answers file records rounds

    CHECK(bundle["resourceType"] == "Bundle");
    CHECK(bundle["type"] == "collection");
    CHECK(bundle["entry"].size() == events + 4 + observations);
    CHECK(ResourcesOf(bundle, "Observation").size() == observations);
    CHECK(ResourcesOf(bundle, "Questionnaire").size() == 1);
    CHECK(ResourcesOf(bundle, "QuestionnaireResponse").size() == 1);
    CHECK(ResourcesOf(bundle, "Provenance").size() == 1);
    const auto audits = ResourcesOf(bundle, "AuditEvent");
    CHECK(audits.size() == events + 1); // one per trail event, one for the verification

    // Every fullUrl is a distinct urn:uuid, and references point at entries of the Bundle.
    std::set<std::string> urls;
    for (const auto& entry : bundle["entry"]) {
        const std::string url = entry["fullUrl"];
        CHECK(std::regex_match(url, std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
        urls.insert(url);
    }
    CHECK(urls.size() == bundle["entry"].size());
    const json provenance = ResourcesOf(bundle, "Provenance").front();
    CHECK(urls.count(provenance["target"][0]["reference"]) == 1);

    const json qr = ResourcesOf(bundle, "QuestionnaireResponse").front();
    CHECK(qr["status"] == "amended");
    CHECK(qr["subject"]["identifier"]["value"] == "P-FHIR-7");
    CHECK(qr["author"]["display"] == "Dr A. Operator (anesthesiologist)");
    const std::string version = LoadProtocolFile(kProtocols + "/ketamine-chronic-pain-2018.yaml").protocol->version;
    CHECK(qr["questionnaire"] == "https://ketamine-checklist.invalid/fhir/Questionnaire/ketamine-chronic-pain-2018|" + version);

    // The justification, its second clinician, the amendment and the attestation are audited.
    std::map<std::string, json> byType;
    for (const auto& a : audits) byType[a["subtype"][0]["code"]] = a;
    REQUIRE(byType.count("warning_justified") == 1);
    CHECK(byType["warning_justified"]["agent"].size() == 2);
    CHECK(byType["warning_justified"]["agent"][1]["who"]["display"] == "Dr B. Second");
    REQUIRE(byType.count("answer_amended") == 1);
    CHECK(byType["answer_amended"]["action"] == "U");
    CHECK(byType["answer_amended"]["entity"][0]["description"].get<std::string>().find("7 -> 6") != std::string::npos);
    CHECK(byType.count("attested") == 1);
    CHECK(byType["trail_verified"]["outcome"] == "0");
    // Each event's AuditEvent names the trail by its final hash.
    const std::string finalHash = ScanTrailFile(trail).events.back().hash;
    for (const auto& a : audits) CHECK(a["entity"][0]["what"]["identifier"]["value"] == finalHash);
}

TEST_CASE("the QuestionnaireResponse holds exactly the answers the trail replays to", "[fhir]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml", AmendedChronicAnswers(),
                                         RunOutcome::Completed);
    ProtocolPtr protocol;
    const SessionState state = Replay(trail, protocol);
    const json qr = ResourcesOf(json::parse(ExportSessionFhir(trail, {}).bundle), "QuestionnaireResponse").front();

    std::map<std::string, std::vector<std::string>> exported;
    for (const auto& group : qr["item"]) {
        CHECK(group["linkId"].get<std::string>().rfind("phase:", 0) == 0);
        for (const auto& item : group["item"]) {
            std::vector<std::string> values;
            for (const auto& answer : item["answer"]) values.push_back(ValueText(answer));
            exported[item["linkId"]] = values;
        }
    }
    std::map<std::string, std::vector<std::string>> replayed;
    for (std::size_t i = 0; i < state.steps.size(); ++i)
        if (state.steps[i].answered) replayed[protocol->steps[i].id] = state.steps[i].values;
    CHECK(exported == replayed);
    CHECK(exported.at("baseline-pain") == std::vector<std::string>{"6"}); // the amended value
    CHECK(exported.count("remarks") == 0);                                // skipped
}

TEST_CASE("the same trail gives the same bytes, wherever its records folder is", "[fhir]") {
    test::TempDir dir;
    const std::string a = RunSession(dir.File("a"), "ketamine-acute-pain-2018.yaml",
                                     test::ReadAll(kAnswers + "acute-opioid-tolerant-complete.answers.yaml"),
                                     RunOutcome::Completed);
    const std::string first = ExportSessionFhir(a, {}).bundle;
    CHECK(ExportSessionFhir(a, {}).bundle == first);
    fs::copy(dir.File("a"), dir.File("moved"), fs::copy_options::recursive);
    CHECK(ExportSessionFhir(dir.File("moved") + "/sessions/" + fs::path(a).filename().string(), {}).bundle == first);
    // An identical second session (same clock, ids and answers) exports identically.
    const std::string b = RunSession(dir.File("b"), "ketamine-acute-pain-2018.yaml",
                                     test::ReadAll(kAnswers + "acute-opioid-tolerant-complete.answers.yaml"),
                                     RunOutcome::Completed);
    CHECK(test::ReadAll(a) == test::ReadAll(b));
    CHECK(ExportSessionFhir(b, {}).bundle == first);
    CHECK(json::parse(first)["entry"][1]["resource"]["status"] == "completed");
}

TEST_CASE("a hard-stopped session exports as stopped, with the hard stop audited", "[fhir]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml",
                                         test::ReadAll(kAnswers + "chronic-psychosis-stop.answers.yaml"),
                                         RunOutcome::Stopped);
    const json bundle = json::parse(ExportSessionFhir(trail, {}).bundle);
    const json qr = ResourcesOf(bundle, "QuestionnaireResponse").front();
    CHECK(qr["status"] == "stopped");
    bool stopAudited = false;
    for (const auto& a : ResourcesOf(bundle, "AuditEvent"))
        if (a["subtype"][0]["code"] == "hard_stopped") {
            stopAudited = true;
            CHECK(a["outcomeDesc"].get<std::string>().rfind("Hard stop: Active psychosis", 0) == 0);
        }
    CHECK(stopAudited);
}

TEST_CASE("a damaged trail is refused with FILE:LINE, or exported up to the damage and marked", "[fhir]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml",
                                         test::ReadAll(kAnswers + "chronic-psychosis-stop.answers.yaml"),
                                         RunOutcome::Stopped);
    std::string bytes = test::ReadAll(trail);
    // Line 6 (consent: after the start, identity, adult, indication and capacity) says "no"
    // now, without a new hash.
    constexpr int kConsentLine = 6;
    std::size_t at = 0;
    for (int line = 1; line < kConsentLine; ++line) at = bytes.find('\n', at) + 1;
    REQUIRE(bytes.substr(at, bytes.find('\n', at) - at).find("\"step\":\"consent\"") != std::string::npos);
    const std::size_t yes = bytes.find("\"yes\"", at);
    REQUIRE(yes < bytes.find('\n', at));
    bytes.replace(yes, 5, "\"no\"");
    test::WriteAll(trail, bytes);

    const FhirExportResult refused = ExportSessionFhir(trail, {});
    CHECK(refused.refused);
    CHECK(refused.bundle.empty());
    REQUIRE_FALSE(refused.damage.empty());
    CHECK(refused.damage.front().line == kConsentLine);
    CHECK(FormatFinding(refused.damage.front()).find(trail + ":6: ") == 0);

    FhirExportOptions allow;
    allow.allowDamaged = true;
    const FhirExportResult marked = ExportSessionFhir(trail, allow);
    REQUIRE_FALSE(marked.refused);
    CHECK(marked.exportedEvents == kConsentLine - 1);
    const json bundle = json::parse(marked.bundle);
    CHECK(ResourcesOf(bundle, "AuditEvent").size() == kConsentLine);
    const json verification = ResourcesOf(bundle, "AuditEvent").front();
    CHECK(verification["outcome"] == "8");
    CHECK(verification["outcomeDesc"].get<std::string>().find(":6: line was changed") != std::string::npos);
    CHECK(ResourcesOf(bundle, "QuestionnaireResponse").front()["status"] == "in-progress");
}

TEST_CASE("a trail re-sealed after its checkpoint was signed is refused as damaged, as verify says", "[fhir]") {
    test::SessionEnvFixture f("fx");
    const SigningKey key = SigningKey::LoadOrCreate(f.dir.File("keys"));
    auto s = test::StartOrFail(f.protocol, {{"Dr A", "anesthesiologist"}, "P-FHIR-8", "Suite 1"}, f.Env(nullptr, &key));
    REQUIRE(s->Answer("psychosis", {"yes"}).Accepted());
    const std::string trail = s->TrailPath(), id = s->Id();
    s.reset();
    REQUIRE_FALSE(ExportSessionFhir(trail, {}).refused);
    test::ResealClosedSession(trail, f.records.LedgerPath(), id,
                              [](std::vector<json>& lines) { lines[0]["payload"]["patient_ref"] = "P-OTHER"; });
    const FhirExportResult refused = ExportSessionFhir(trail, {});
    CHECK(refused.refused);
    REQUIRE(refused.damage.size() == 1);
    CHECK(refused.damage[0].kind == FindingKind::CheckpointMismatch);
    CHECK(FormatFinding(refused.damage[0]).find(layout::CheckpointsPath(f.records.Root()) + ":1: ") == 0);
    FhirExportOptions allow;
    allow.allowDamaged = true;
    const json verification = ResourcesOf(json::parse(ExportSessionFhir(trail, allow).bundle), "AuditEvent").front();
    CHECK(verification["outcome"] == "8");
}

TEST_CASE("the Questionnaire maps kinds, statuses and clean conditions, and leaves the rest out", "[fhir]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml",
                                         test::ReadAll(kAnswers + "chronic-psychosis-stop.answers.yaml"),
                                         RunOutcome::Stopped);
    const json q = ResourcesOf(json::parse(ExportSessionFhir(trail, {}).bundle), "Questionnaire").front();
    CHECK(q["status"] == "draft"); // the protocol's status: draft
    CHECK(q["version"] == LoadProtocolFile(kProtocols + "/ketamine-chronic-pain-2018.yaml").protocol->version);
    std::map<std::string, json> items;
    for (const auto& group : q["item"]) {
        CHECK(group["type"] == "group");
        for (const auto& item : group["item"]) items[item["linkId"]] = item;
    }
    const auto loaded = LoadProtocolFile(kProtocols + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    CHECK(items.size() == loaded.protocol->steps.size());
    int exclusives = 0;
    for (const auto& step : loaded.protocol->steps) {
        const json& item = items.at(step.id);
        const std::map<AnswerKind, std::string> types{{AnswerKind::YesNo, "boolean"},
                                                      {AnswerKind::YesNoNa, "choice"},
                                                      {AnswerKind::SingleChoice, "choice"},
                                                      {AnswerKind::MultipleChoice, "choice"},
                                                      {AnswerKind::FreeText, "text"},
                                                      {AnswerKind::Measurement, "quantity"},
                                                      {AnswerKind::TimePoint, "dateTime"}};
        CHECK(item["type"] == types.at(step.kind));
        CHECK(item.value("repeats", false) == (step.kind == AnswerKind::MultipleChoice));
        CHECK(item["required"] == step.required);
        if (step.basis.kind == Basis::Kind::Guideline) CHECK(item["code"][0]["code"] == step.basis.section);
        if (!step.when) CHECK_FALSE(item.contains("enableWhen"));
        if (step.when && step.when->op == Condition::Op::Not) CHECK_FALSE(item.contains("enableWhen"));
        if (step.when && step.when->op == Condition::Op::Equals) CHECK(item["enableWhen"].size() == 1);
        if (step.when && step.when->op == Condition::Op::Any) CHECK(item["enableBehavior"] == "any");
        if (step.when && step.when->op == Condition::Op::All) CHECK(item["enableBehavior"] == "all");
        for (const auto& option : step.options) { // "None of these": the optionExclusive extension, and only there
            const auto coded = std::find_if(item["answerOption"].begin(), item["answerOption"].end(),
                                            [&](const json& o) { return o["valueCoding"]["code"] == option.id; });
            REQUIRE(coded != item["answerOption"].end());
            const json none = json::array();
            const json exclusive = json::array(
                {{{"url", "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"}, {"valueBoolean", true}}});
            CHECK(coded->value("extension", none) == (option.exclusive ? exclusive : none));
            exclusives += option.exclusive ? 1 : 0;
        }
    }
    // liver-risk, interacting-medicines, psych-neuro-history, allergies, other-cautions,
    // repeat-exposure-symptoms, monitors and adverse-events: each has its "None" option.
    CHECK(exclusives == 8);
}

TEST_CASE("each quote is a display item under its question, with its grading", "[fhir][quotes]") {
    test::TempDir dir;
    const std::string trail = RunSession(dir.File("records"), "ketamine-chronic-pain-2018.yaml",
                                         test::ReadAll(kAnswers + "chronic-psychosis-stop.answers.yaml"),
                                         RunOutcome::Stopped);
    const json q = ResourcesOf(json::parse(ExportSessionFhir(trail, {}).bundle), "Questionnaire").front();
    std::map<std::string, json> items;
    for (const auto& group : q["item"])
        for (const auto& item : group["item"]) items[item["linkId"]] = item;
    const auto loaded = LoadProtocolFile(kProtocols + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    int quotes = 0;
    const std::regex grading(R"( \(Cohen et al\. 2018 A[0-9], ([ABCD]|grade not given), (high|moderate|low|certainty not given)\)$)");
    for (const auto& step : loaded.protocol->steps) {
        const json& item = items.at(step.id);
        INFO(step.id);
        if (step.quotes.empty()) {
            CHECK_FALSE(item.contains("item"));
            continue;
        }
        REQUIRE(item["item"].size() == step.quotes.size());
        for (std::size_t i = 0; i < step.quotes.size(); ++i) {
            const json& display = item["item"][i];
            CHECK(display["type"] == "display");
            CHECK(display["linkId"] == step.id + ":quote-" + std::to_string(i + 1));
            const std::string text = display["text"];
            CHECK(text.rfind("Guideline statement (information): " + step.quotes[i].text + " (", 0) == 0);
            CHECK(std::regex_search(text, grading));
            ++quotes;
        }
    }
    CHECK(quotes >= 3);
}

TEST_CASE("name-based UUIDs are stable, well formed and distinct", "[fhir]") {
    CHECK(NameBasedUuid("s/1") == NameBasedUuid("s/1"));
    CHECK(NameBasedUuid("s/1") != NameBasedUuid("s/2"));
    CHECK(std::regex_match(NameBasedUuid("x"),
                           std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}
