// Sessions with real files: durability before acknowledgement, failing closed on write
// and sync errors (through an injected SysIo), resume by replay, and the diagnostic log.
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "kc/audit/recover.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/base/file_lock.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/unfinished.hpp"
#include "process.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

struct Fixture : test::SessionEnvFixture {
    std::unique_ptr<Session> Start(const std::string& patient = "P-0042") {
        return SessionEnvFixture::Start({"Dr A", "anesthesiologist"}, patient);
    }
    int Lines(const std::string& path) { // complete lines: a torn tail does not count
        const std::string text = test::ReadAll(path);
        return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }
};

} // namespace

TEST_CASE("an answer is in the trail, synced, before the session acknowledges it", "[session]") {
    Fixture f;
    auto session = f.Start();
    const std::string path = session->TrailPath();
    CHECK(f.Lines(path) == 1);
    const int syncsBefore = f.io.syncs;
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    CHECK(f.io.syncs == syncsBefore + 1); // one durable write per decision
    CHECK(f.Lines(path) == 2);
    CHECK(ScanTrailFile(path).events.back().hash == session->State().lastHash);
    // Records folder and files are private to their owner.
    CHECK((fs::status(f.records.Root()).permissions() & fs::perms::all) == fs::perms::owner_all);
    CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(fs::exists(f.records.ProtocolArchivePath(f.protocol->sha256)));
    CHECK(VerifyPaths({f.records.Root()}, {}).Intact());
}

TEST_CASE("a refused start writes nothing", "[session]") {
    Fixture f;
    std::string refusal;
    auto session = Session::Start(f.protocol, {{"Dr A", "anesthesiologist"}, "  ", ""}, f.Env(), refusal);
    CHECK_FALSE(session);
    CHECK(refusal == "the patient reference is required");
    CHECK(f.records.SessionIds().empty());
}

TEST_CASE("a write or sync failure closes the session and keeps what was recorded", "[session]") {
    struct Case {
        const char* name;
        bool failSync;
        int error;
    };
    for (const Case c : {Case{"ENOSPC on write", false, ENOSPC}, Case{"EIO on write", false, EIO},
                         Case{"EIO on fdatasync", true, EIO}, Case{"ENOSPC on fdatasync", true, ENOSPC}}) {
        DYNAMIC_SECTION(c.name) {
            Fixture f;
            auto session = f.Start();
            REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
            const std::string path = session->TrailPath();
            const std::string before = test::ReadAll(path);
            const SessionState stateBefore = session->State();
            if (c.failSync) {
                f.io.failSyncAt = f.io.syncs + 1;
                f.io.syncErrno = c.error;
            } else {
                f.io.failWriteAt = f.io.writes + 1;
                f.io.writeErrno = c.error;
            }
            const int closesBefore = static_cast<int>(f.io.closedFds.size());
            CHECK_THROWS_AS(session->Answer("hepatic", {"normal"}), AuditWriteError);
            CHECK(session->Closed());
            CHECK(session->ClosedReason().find(std::strerror(c.error)) != std::string::npos);
            CHECK(static_cast<int>(f.io.closedFds.size()) == closesBefore + 1); // the descriptor is given up
            // Nothing acknowledged is lost; the state did not move past the last durable event.
            CHECK(session->State().lastSeq == stateBefore.lastSeq);
            CHECK(test::ReadAll(path).substr(0, before.size()) == before);
            const int writesAfter = f.io.writes;
            const Decision again = session->Answer("hepatic", {"normal"});
            CHECK(again.refusal.rfind("the session is closed for input", 0) == 0);
            CHECK(f.io.writes == writesAfter); // never retried
            const auto scan = ScanTrailFile(path);
            CHECK((!scan.problem || scan.problem->torn));
            CHECK(scan.events.size() >= stateBefore.lastSeq);
        }
    }
}

TEST_CASE("short writes still produce whole, intact lines", "[session]") {
    Fixture f;
    f.io.maxChunk = 7;
    auto session = f.Start();
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    REQUIRE(session->Answer("hepatic", {"moderate"}).Accepted());
    CHECK(f.io.writes > 50);
    const auto scan = ScanTrailFile(session->TrailPath());
    CHECK_FALSE(scan.problem);
    CHECK(scan.events.size() == 4);
}

TEST_CASE("resume replays the trail and continues at the exact next step", "[session]") {
    Fixture f;
    std::string id;
    {
        auto session = f.Start();
        id = session->Id();
        REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
        REQUIRE(session->Answer("hepatic", {"moderate"}).Accepted());
    } // the process "dies" here: no close event
    const auto unfinished = FindUnfinishedSessions(f.records);
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished[0].sessionId == id);
    CHECK(unfinished[0].patientRef == "P-0042");
    auto resumed = Session::Resume(f.protocol, id, {"Dr C", "nurse anesthetist"}, f.Env());
    const auto next = resumed->GetEngine().NextStep(resumed->State());
    REQUIRE(next);
    CHECK(f.protocol->steps[*next].id == "hepatic"); // its warning still needs a justification
    CHECK(resumed->GetEngine().Status(resumed->State(), *next) == StepStatus::AwaitingJustification);
    const auto events = ScanTrailFile(resumed->TrailPath()).events;
    CHECK(std::holds_alternative<ev::SessionResumed>(events.back().body));
    CHECK(events.back().actor.name == "Dr C");
    CHECK(events.back().elapsedMs >= events[events.size() - 2].elapsedMs);
    REQUIRE(resumed->Justify("hepatic", "LFTs reviewed", "Dr D").Accepted());
    CHECK(VerifyPaths({f.records.Root()}, {}).Intact());
}

TEST_CASE("resume refuses a protocol whose bytes differ from the session's", "[session]") {
    Fixture f;
    const std::string id = f.Start()->Id();
    const auto edited = test::LoadInline(test::kEngineProtocol + "# edited\n");
    try {
        Session::Resume(edited, id, {"Dr A", "x"}, f.Env());
        FAIL("resume accepted a different protocol");
    } catch (const ResumeError& e) {
        CHECK(e.GetReason() == ResumeError::Reason::ProtocolMismatch);
        CHECK(std::string(e.what()).find("exact protocol") != std::string::npos);
    }
}

TEST_CASE("a torn last line blocks resume until recovered into a quarantine file", "[session]") {
    Fixture f;
    std::string path, id;
    {
        auto session = f.Start();
        id = session->Id();
        path = session->TrailPath();
        REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    }
    const std::string intact = test::ReadAll(path);
    test::WriteAll(path, intact + R"({"actor":{"name":"Dr A","ro)");
    CHECK_THROWS_AS(Session::Resume(f.protocol, id, {"Dr A", "x"}, f.Env()), ResumeError);
    CHECK(FindUnfinishedSessions(f.records).at(0).torn);
    const RecoverResult r = RecoverTrail(path, f.clock);
    CHECK(r.changed);
    CHECK(test::ReadAll(path) == intact);
    CHECK(test::ReadAll(r.quarantinePath) == R"({"actor":{"name":"Dr A","ro)");
    auto resumed = Session::Resume(f.protocol, id, {"Dr A", "x"}, f.Env());
    CHECK(f.protocol->steps[*resumed->GetEngine().NextStep(resumed->State())].id == "hepatic");
    CHECK_THROWS_AS(RecoverTrail(path, f.clock), LockBusyError); // never while it has a writer
    resumed.reset();
    CHECK_FALSE(RecoverTrail(path, f.clock).changed); // nothing left to recover
}

TEST_CASE("resume records a hard stop that a crash left unwritten, and closes the ledger", "[session]") {
    Fixture f;
    std::string path, id;
    {
        auto session = f.Start();
        id = session->Id();
        path = session->TrailPath();
        REQUIRE(session->Answer("psychosis", {"yes"}).Accepted());
    }
    // Simulate the crash: keep the answer line, lose the hard_stopped line.
    std::string text = test::ReadAll(path);
    text.erase(text.rfind('\n', text.size() - 2) + 1);
    test::WriteAll(path, text);
    auto resumed = Session::Resume(f.protocol, id, {"Dr A", "x"}, f.Env());
    CHECK(resumed->State().status == SessionStatus::Stopped);
    CHECK(resumed->State().stopRecorded);
    CHECK(std::holds_alternative<ev::HardStopped>(ScanTrailFile(path).events.back().body));
    CHECK(test::ReadAll(f.records.LedgerPath()).find("\"outcome\":\"stopped\"") != std::string::npos);
    CHECK_THROWS_AS(Session::Resume(f.protocol, id, {"Dr A", "x"}, f.Env()), ResumeError); // ended now
}

TEST_CASE("the diagnostic log never holds a patient reference", "[session]") {
    Fixture f;
    test::TempDir logs;
    f.log = MakeFileDiagnosticLog(logs.Path());
    const std::string patient = "PSEUDO-REF-73915";
    auto session = f.Start(patient);
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    f.io.failWriteAt = f.io.writes + 1;
    CHECK_THROWS_AS(session->Answer("hepatic", {"normal"}), AuditWriteError);
    session.reset();
    f.log.reset(); // flush and close
    std::string all;
    for (const auto& entry : fs::directory_iterator(logs.Path())) all += test::ReadAll(entry.path().string());
    CHECK(all.find("started on protocol engine-test") != std::string::npos); // the log is written
    CHECK(all.find(patient) == std::string::npos);
    CHECK(test::ReadAll(f.records.SessionPath("s-0001")).find(patient) != std::string::npos); // trail only
}

TEST_CASE("recovery cannot launder records into the ledger", "[session][recover]") {
    Fixture f;
    std::string first, second;
    {
        auto a = f.Start();
        first = a->Id();
        auto b = f.Start("P-0043");
        second = b->Id();
    }
    SECTION("entries it adds are marked, and verify shows them") {
        // A trail whose ledger entry a crash (or a person) kept out.
        std::string ledger = test::ReadAll(f.records.LedgerPath());
        ledger.erase(ledger.find('\n', ledger.find('\n') + 1) + 1); // keep lines 1-2 of 2+
        test::WriteAll(f.records.LedgerPath(), ledger.substr(0, ledger.find('\n') + 1));
        const RecoverResult r = RecoverTrail(f.records.SessionPath(second), f.clock);
        CHECK(r.message.find("marked as a repair") != std::string::npos);
        const auto report = VerifyPaths({f.records.Root()}, {});
        CHECK(report.Intact());
        REQUIRE(report.notes.size() == 1);
        CHECK(report.notes[0].what.find("added by recovery") != std::string::npos);
    }
    SECTION("no new ledger for a folder that holds other sessions") {
        fs::remove(f.records.LedgerPath());
        CHECK_THROWS_WITH(RecoverTrail(f.records.SessionPath(first), f.clock),
                          Catch::Contains("has no ledger but holds other sessions"));
        CHECK_FALSE(fs::exists(f.records.LedgerPath()));
    }
    SECTION("nothing is added to a damaged ledger") {
        std::string ledger = test::ReadAll(f.records.LedgerPath());
        ledger.replace(ledger.find("session_opened"), 14, "session_opene!");
        test::WriteAll(f.records.LedgerPath(), ledger);
        CHECK_THROWS_WITH(RecoverTrail(f.records.SessionPath(first), f.clock), Catch::Contains("ledger is damaged"));
        CHECK(test::ReadAll(f.records.LedgerPath()) == ledger);
    }
}

TEST_CASE("a session does not start while the ledger's last line is torn", "[session]") {
    Fixture f;
    f.Start();
    test::WriteAll(f.records.LedgerPath(), test::ReadAll(f.records.LedgerPath()) + "{\"payload\":");
    const auto before = f.records.SessionIds();
    std::string refusal;
    try {
        Session::Start(f.protocol, {{"Dr A", "anesthesiologist"}, "P-9", ""}, f.Env(), refusal);
        FAIL("a session started after a torn ledger line");
    } catch (const AuditWriteError& e) {
        CHECK_THAT(e.what(), Catch::Contains("recover it before starting sessions"));
        REQUIRE(e.GetRemedy());
        CHECK(e.GetRemedy()->kind == RemedyKind::Recover);
        CHECK(e.GetRemedy()->path == f.records.LedgerPath());
    }
    CHECK(f.records.SessionIds() == before); // no orphan trail
}

TEST_CASE("a group-readable records folder opens folders and new files to the group, never to others", "[session]") {
    const mode_t previous = ::umask(027);
    test::TempDir dir;
    RecordsFolder records(dir.File("records"), RealSysIo(), RecordsSharing::Group);
    ManualClock clock{1'795'614'000'000, 1000};
    SequentialIdGenerator ids{"g"};
    auto log = MakeNullDiagnosticLog();
    const ProtocolPtr protocol = test::LoadInline(test::kEngineProtocol, dir.File("engine-test.yaml"));
    std::string refusal;
    auto session = Session::Start(protocol, {{"Dr A", "anesthesiologist"}, "P-GROUP", "Suite 1"},
                                  {records, clock, ids, *log}, refusal);
    ::umask(previous);
    REQUIRE(session);
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    const auto mode = [](const std::string& path) { return fs::status(path).permissions() & fs::perms::all; };
    const auto folder = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec;
    const auto file = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read;
    CHECK(mode(records.Root()) == folder);
    CHECK(mode(records.SessionsDir()) == folder);
    CHECK(mode(session->TrailPath()) == file);
    CHECK(mode(records.LedgerPath()) == file);
    CHECK(mode(records.ProtocolArchivePath(protocol->sha256)) == file);
    CHECK(VerifyPaths({records.Root()}, {}).Intact());
}

TEST_CASE("resume holds the person resuming to the rules of a start and writes nothing for a refused one",
          "[session]") {
    Fixture f;
    std::string id, path;
    {
        auto session = f.Start();
        id = session->Id();
        path = session->TrailPath();
        REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    }
    const std::string trail = test::ReadAll(path);
    const std::string ledger = test::ReadAll(f.records.LedgerPath());
    const std::vector<Actor> refused = {{"", ""},
                                        {"   ", "nurse"},
                                        {"Dr C", ""},
                                        {"Dr \x1b[2J\x1b[HC", "nurse"},
                                        {"Dr C", "nurse\xe2\x80\xae"},
                                        {"Dr C\xc2\x9b", "nurse"},
                                        {std::string(120 * 1024, 'C'), "nurse"}};
    for (const auto& actor : refused) {
        try {
            Session::Resume(f.protocol, id, actor, f.Env());
            FAIL("resume accepted the person " << actor.name.substr(0, 40) << " / " << actor.role);
        } catch (const ResumeError& e) {
            CHECK(e.GetReason() == ResumeError::Reason::Refused);
            CHECK(std::string(e.what()).find("cannot be resumed: the operator's") != std::string::npos);
        }
        CHECK(test::ReadAll(path) == trail);
        CHECK(test::ReadAll(f.records.LedgerPath()) == ledger);
    }
    auto resumed = Session::Resume(f.protocol, id, {"Dr C", "nurse anesthetist"}, f.Env());
    const auto events = ScanTrailFile(path).events;
    CHECK(std::holds_alternative<ev::SessionResumed>(events.back().body));
    CHECK(events.back().actor == Actor{"Dr C", "nurse anesthetist"});
    CHECK(VerifyPaths({f.records.Root()}, {}).Intact());
}

TEST_CASE("session time goes on while a session with rounds is closed: rounds that fell due meanwhile are overdue on resume") {
    Fixture f;
    const auto loaded = LoadProtocolFile(std::string(KC_TEST_DATA_DIR) + "/protocols/valid/rounds.yaml");
    REQUIRE(loaded.Ok());
    f.protocol = loaded.protocol;
    std::string id;
    std::int64_t startedElapsed = 0;
    {
        auto session = f.Start();
        id = session->Id();
        REQUIRE(session->Answer("monitored", {"yes"}).Accepted());
        REQUIRE(session->Answer("infusion-started", {"now"}).Accepted());
        startedElapsed = session->State().lastElapsedMs;
        const ScheduleInfo before = session->GetEngine().Schedule(session->State(), 0, session->Now());
        REQUIRE(before.rounds.size() == 1);
        CHECK(before.rounds[0].status == RoundStatus::Upcoming);
    } // the program ends: no close event
    f.clock.Advance(37 * 60'000); // 37 minutes later, the session is reopened
    auto resumed = Session::Resume(f.protocol, id, {"Dr C", "nurse anesthetist"}, f.Env());
    const Event& resumedEvent = resumed->Events().back();
    REQUIRE(std::holds_alternative<ev::SessionResumed>(resumedEvent.body));
    CHECK(resumedEvent.elapsedMs - startedElapsed >= 37 * 60'000);
    const ScheduleInfo after = resumed->GetEngine().Schedule(resumed->State(), 0, resumed->Now());
    REQUIRE(after.rounds.size() == 3); // rounds 1 and 2 due by now (15 and 30 min), round 3 next
    CHECK(after.rounds[0].status == RoundStatus::Overdue);
    CHECK(after.rounds[1].status == RoundStatus::Overdue);
    CHECK(after.rounds[2].status == RoundStatus::Upcoming);
    CHECK(after.rounds[0].dueElapsedMs == after.anchorElapsedMs + 15 * 60'000);
    // Recording round 1 now is a late entry: it needs a reason.
    const Decision late = resumed->Observe({"infusion-observations", 1, "obs-heart-rate", {"80"}, std::nullopt, "", "", ""});
    CHECK(late.refusal.find("late") != std::string::npos);
    REQUIRE(resumed->Observe({"infusion-observations", 1, "obs-heart-rate", {"80"}, std::nullopt, "", "the program was closed", ""})
                .Accepted());
}

TEST_CASE("a wall clock set back while a session was closed does not take session time back") {
    Fixture f;
    std::string id;
    std::int64_t lastElapsed = 0;
    {
        auto session = f.Start();
        id = session->Id();
        REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
        lastElapsed = session->State().lastElapsedMs;
    }
    f.clock.Advance(-3'600'000); // an hour back
    auto resumed = Session::Resume(f.protocol, id, {"Dr C", "nurse anesthetist"}, f.Env());
    CHECK(resumed->Events().back().elapsedMs >= lastElapsed);
}
