// Forwarding audit events: only durable batches, exactly the trail's lines, failures kept
// out of the session, and the patient reference redacted in the copy only.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "kc/audit/forwarder.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/session.hpp"
#include "process.hpp"
#include "session_env.hpp"

using namespace kc;

namespace {

class RecordingLog : public DiagnosticLog {
public:
    std::vector<std::string> infos, errors;
    void Info(const std::string& message) override { infos.push_back(message); }
    void Error(const std::string& message) override { errors.push_back(message); }
};

class RecordingForwarder : public AuditForwarder {
public:
    std::vector<std::vector<std::string>> batches;
    bool fail = false;
    void Forward(const std::vector<std::string>& lines) override {
        if (fail) throw IoError("the SIEM is down");
        batches.push_back(lines);
    }
    std::string All() const {
        std::string out;
        for (const auto& batch : batches)
            for (const auto& line : batch) out += line + "\n";
        return out;
    }
};

// The session's log and forwarder record what they get; the log hides the fixture's null log.
struct Fixture : test::SessionEnvFixture {
    Fixture() : SessionEnvFixture("f") {}
    RecordingLog log;
    RecordingForwarder forwarder;

    std::unique_ptr<Session> Start(const std::string& patient = "P-0042") {
        return test::StartOrFail(protocol, {{"Dr A", "anesthesiologist"}, patient, "Suite 1"},
                                 {records, clock, ids, log, &forwarder});
    }
};

} // namespace

TEST_CASE("every durable batch is forwarded, as the trail holds it", "[forward]") {
    Fixture f;
    auto session = f.Start();
    REQUIRE(f.forwarder.batches.size() == 1); // session_started
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    REQUIRE(session->Abandon("patient declined").Accepted());
    CHECK(f.forwarder.batches.size() == 3);
    CHECK(f.forwarder.All() == test::ReadAll(session->TrailPath()));
    // A refused command writes nothing and forwards nothing.
    CHECK_FALSE(session->Answer("psychosis", {"no"}).Accepted());
    CHECK(f.forwarder.batches.size() == 3);
}

TEST_CASE("a batch that did not become durable is not forwarded", "[forward]") {
    Fixture f;
    auto session = f.Start();
    const auto before = f.forwarder.batches.size();
    f.io.failWrites = true;
    CHECK_THROWS_AS(session->Answer("psychosis", {"no"}), AuditWriteError);
    CHECK(f.forwarder.batches.size() == before);
    CHECK(f.forwarder.All() == test::ReadAll(session->TrailPath()));
}

TEST_CASE("a forwarding failure goes to the diagnostic log and never to the session", "[forward]") {
    Fixture f;
    f.forwarder.fail = true;
    auto session = f.Start();
    const Decision d = session->Answer("psychosis", {"no"});
    CHECK(d.Accepted());
    CHECK_FALSE(session->Closed());
    CHECK(session->State().lastSeq == 2);
    REQUIRE(f.log.errors.size() == 2);
    CHECK(f.log.errors[1] == "session " + session->Id() + ": audit events not forwarded: the SIEM is down");
    for (const auto& e : f.log.errors) CHECK(e.find("P-0042") == std::string::npos);
}

TEST_CASE("redaction replaces session_started's patient_ref in the copy only", "[forward]") {
    Fixture f;
    const std::string patient = "P-\"42\" Müller\\x"; // quotes, a backslash and UTF-8 survive JSON escaping
    auto session = f.Start(patient);
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    const auto started = f.forwarder.batches.at(0).at(0);
    const auto answered = f.forwarder.batches.at(1).at(0);
    const auto redacted = RedactPatientRef(started);
    REQUIRE(redacted);
    const std::string token = PatientRefToken(patient);
    CHECK(token.size() == 7 + 16);
    CHECK(token.rfind("sha256:", 0) == 0);
    CHECK(redacted->find("Müller") == std::string::npos);
    CHECK(redacted->find("\"patient_ref\":\"" + token + "\"") != std::string::npos);
    // Everything else is byte for byte the trail's line, hash member included.
    std::string expected = started;
    const std::string encoded = "\"patient_ref\":\"P-\\\"42\\\" Müller\\\\x\"";
    REQUIRE(expected.find(encoded) != std::string::npos);
    expected.replace(expected.find(encoded), encoded.size(), "\"patient_ref\":\"" + token + "\"");
    CHECK(*redacted == expected);
    CHECK(test::ReadAll(session->TrailPath()).find(started) == 0); // the trail keeps the value
    CHECK(RedactPatientRef(answered) == answered);
    CHECK_FALSE(RedactPatientRef("not json"));
    CHECK_FALSE(RedactPatientRef(R"({"type":"session_started","payload":{}})"));
}

TEST_CASE("the syslog forwarder says in the diagnostic log whether a daemon listens", "[forward]") {
    RecordingLog log;
    ForwardConfig config;
    config.syslog = true;
    config.ident = "kc-unit-test";
    {
        auto forwarder = MakeSyslogForwarder(config, log);
        struct stat st {};
        const bool daemon = ::stat("/dev/log", &st) == 0 && S_ISSOCK(st.st_mode);
        if (daemon) {
            REQUIRE(log.infos.size() == 1);
            CHECK(log.infos[0] == "audit events are forwarded to syslog as 'kc-unit-test' on facility local4");
        } else {
            REQUIRE(log.errors.size() == 1);
            CHECK(log.errors[0].find("no syslog daemon accepts messages (connect /dev/log: ") != std::string::npos);
        }
    }
    config.syslog = false;
    CHECK_THROWS_AS(MakeSyslogForwarder(config, log), UsageError);
    config.syslog = true;
    config.facility = "local9";
    CHECK_THROWS_AS(MakeSyslogForwarder(config, log), UsageError);
}
