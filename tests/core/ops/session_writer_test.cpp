// One writer per session, a session named by its id, a clock the records can hold, and the
// truth about a ledger that fell behind a durable trail (issue 13, items 1, 2, 5, 8, 9).
#include <filesystem>

#include <csignal>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "kc/audit/recover.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/session_lock.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/ops/session.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("a session open in one window cannot be resumed in another, in this process or any", "[session][writer]") {
    test::SessionEnvFixture f;
    auto env = f.Env();
    env.writer = "open in a window of the checklist app";
    auto session = test::StartOrFail(f.protocol, {{"Dr A", "anesthesiologist"}, "P-1", "Suite 1"}, env);
    const std::string id = session->Id();
    REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    const std::string before = test::ReadAll(session->TrailPath());

    try {
        Session::Resume(f.protocol, id, {"Dr B", "anesthesiologist"}, f.Env());
        FAIL("a second writer was let in");
    } catch (const LockBusyError& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::StartsWith("session " + id + " is open in a window of the checklist app on this "
                                           "computer (" + ThisHostName() + ") since 2026-11-25T"));
        CHECK_THAT(what, Catch::Contains("(process " + std::to_string(::getpid()) + ")"));
        CHECK_THAT(what, Catch::EndsWith("cannot be resumed here until that one closes it (nothing was changed)"));
        CHECK(e.Holder().pid == ::getpid());
    }
    CHECK(test::ReadAll(session->TrailPath()) == before);
    const auto holder = SessionWriter(session->TrailPath());
    REQUIRE(holder);
    CHECK(holder->what == "open in a window of the checklist app");

    // Recover refuses too, and changes nothing.
    CHECK_THROWS_AS(RecoverTrail(session->TrailPath(), f.clock), LockBusyError);
    CHECK(test::ReadAll(session->TrailPath()) == before);

    // Once the window closes, the session is free again, and its lock file is gone.
    const std::string lockPath = layout::WriterLockPath(session->TrailPath());
    CHECK(fs::exists(lockPath));
    session.reset();
    CHECK_FALSE(fs::exists(lockPath));
    CHECK_FALSE(SessionWriter(f.records.SessionPath(id)));
    auto resumed = Session::Resume(f.protocol, id, {"Dr B", "anesthesiologist"}, f.Env());
    CHECK(resumed->Answer("hepatic", {"normal"}).Accepted());
}

TEST_CASE("a session is resumed by its id only, never by a path", "[session][writer]") {
    test::SessionEnvFixture f;
    std::string id;
    {
        auto session = f.Start();
        id = session->Id();
    }
    test::TempDir other;
    const RecordsFolder elsewhere(other.File("records"));
    for (const std::string& name :
         {std::string("../../") + other.File("records") + "/sessions/" + id, "../" + id, id + "/..", "/" + id,
          std::string(), std::string("S-0001"), std::string("-x"), std::string(65, 'a'), id + "\n", id + " "}) {
        INFO(name);
        try {
            Session::Resume(f.protocol, name, {"Dr B", "anesthesiologist"}, f.Env());
            FAIL("resumed by a name that is not an id");
        } catch (const ResumeError& e) {
            CHECK(e.GetReason() == ResumeError::Reason::NotAnId);
            CHECK_THAT(e.what(), Catch::Contains("a session is named by its id only"));
        }
    }
    CHECK(fs::is_empty(elsewhere.SessionsDir()));
    CHECK_FALSE(fs::exists(elsewhere.LedgerPath()));
    CHECK(Session::Resume(f.protocol, id, {"Dr B", "anesthesiologist"}, f.Env()));
}

TEST_CASE("while the clock reads a time a record cannot hold, nothing is started, answered or recovered",
          "[session][clock]") {
    CHECK(ParseUtcMs("2262-04-11T23:47:16.854Z") == kLatestUtcMs);
    CHECK(ParseUtcMs("2262-04-11T23:47:16.855Z") == -1);
    CHECK(ParseUtcMs("2263-01-01T00:00:00.000Z") == -1);
    CHECK(FormatUtcMs(kLatestUtcMs) == "2262-04-11T23:47:16.854Z");
    for (const std::int64_t bad : {std::int64_t{-1}, std::int64_t{-86'400'000} * 365 * 3, kLatestUtcMs + 1,
                                   std::int64_t{253'402'300'800'000}}) {
        INFO(bad);
        {
            test::SessionEnvFixture f("s", bad, 0);
            std::string refusal;
            CHECK_FALSE(Session::Start(f.protocol, {{"Dr A", "anesthesiologist"}, "P-1", ""}, f.Env(), refusal));
            CHECK_THAT(refusal, Catch::Contains("outside the times a record can hold (1970 to 2262); nothing was "
                                                "written"));
            CHECK(fs::is_empty(f.records.SessionsDir()));
            CHECK_FALSE(fs::exists(f.records.LedgerPath()));
        }
        test::SessionEnvFixture f("s", test::kTestEpochMs, 0);
        auto session = f.Start();
        const std::string path = session->TrailPath(), id = session->Id();
        const std::string before = test::ReadAll(path);
        f.clock.Advance(bad - test::kTestEpochMs);
        const Decision refused = session->Answer("psychosis", {"no"});
        CHECK_THAT(refused.refusal, Catch::Contains("outside the times a record can hold"));
        CHECK(test::ReadAll(path) == before);
        CHECK_FALSE(session->Closed()); // nothing failed: it answers once the clock is right
        session.reset();
        CHECK_THROWS_AS(Session::Resume(f.protocol, id, {"Dr A", "anesthesiologist"}, f.Env()), ClockRangeError);
        test::WriteAll(path, before + "{\"torn");
        CHECK_THROWS_AS(RecoverTrail(path, f.clock), ClockRangeError);
        CHECK(test::ReadAll(path) == before + "{\"torn");
        f.clock.Advance(test::kTestEpochMs - bad);
        CHECK(RecoverTrail(path, f.clock).changed);
        CHECK(Session::Resume(f.protocol, id, {"Dr A", "anesthesiologist"}, f.Env())->Answer("psychosis", {"no"})
                  .Accepted());
    }
}

TEST_CASE("a ledger or checkpoint that fails after a durable trail line says what is recorded and what is behind",
          "[session][ledger]") {
    test::SessionEnvFixture f;
    const SigningKey key = SigningKey::LoadOrCreate(f.dir.File("keys"));

    SECTION("at the end: the trail holds the outcome, the ledger's entry is behind") {
        auto session = test::StartOrFail(f.protocol, {{"Dr A", "anesthesiologist"}, "P-1", ""}, f.Env(nullptr, &key));
        const std::string path = session->TrailPath();
        f.io.failWritesTo = "ledger.jsonl"; // the trail line goes out; the ledger's does not
        try {
            session->Abandon("patient declined");
            FAIL("no error");
        } catch (const AuditWriteError&) {
            FAIL("said the trail could not be written, but it was");
        } catch (const LedgerBehindError& e) {
            const std::string what = e.what();
            CHECK_THAT(what, Catch::StartsWith("event 2 is recorded in " + path + " (the session is abandoned), but "
                                               "the ledger could not list its end: "));
            CHECK_THAT(what, Catch::Contains("Nothing recorded is lost; recover the trail to add what is missing"));
            REQUIRE(e.GetRemedy());
            CHECK(e.GetRemedy()->kind == RemedyKind::Recover);
        }
        CHECK(session->State().status == SessionStatus::Abandoned);
        CHECK(std::holds_alternative<ev::SessionAbandoned>(ScanTrailFile(path).events.back().body));
        CHECK(Count(test::ReadAll(f.records.LedgerPath()), "session_closed") == 0);
        f.io.failWritesTo.clear(); // the disk has room again; the window is still open
        const RecoverResult recovered = RecoverTrail(path, f.clock, f.io, &key);
        CHECK(recovered.changed);
        CHECK(Count(test::ReadAll(f.records.LedgerPath()), "session_closed") == 1);
        CHECK(VerifyPaths({f.records.Root()}, {}).Intact());
    }
    SECTION("at the end: the ledger holds it, the signed checkpoint is behind") {
        auto session = test::StartOrFail(f.protocol, {{"Dr A", "anesthesiologist"}, "P-1", ""}, f.Env(nullptr, &key));
        f.io.failWritesTo = "checkpoints.jsonl";
        CHECK_THROWS_WITH(session->Abandon("patient declined"),
                          Catch::Contains("but its signed checkpoint could not be written"));
        f.io.failWritesTo.clear();
        CHECK(Count(test::ReadAll(f.records.LedgerPath()), "session_closed") == 1);
        CHECK(RecoverTrail(session->TrailPath(), f.clock, f.io, &key).changed);
        CHECK(Count(test::ReadAll(layout::CheckpointsPath(f.records.Root())), "\n") == 1);
    }
    SECTION("at the start: the first line is durable, the ledger does not list it yet") {
        f.io.failWritesTo = "ledger.jsonl";
        std::string refusal;
        CHECK_THROWS_WITH(Session::Start(f.protocol, {{"Dr A", "anesthesiologist"}, "P-1", ""}, f.Env(), refusal),
                          Catch::StartsWith("event 1 is recorded in ") &&
                              Catch::Contains("(the session is open), but the ledger could not list the session") &&
                              Catch::Contains("and resume the session"));
        f.io.failWritesTo.clear();
        const std::string id = "s-0001";
        CHECK(ScanTrailFile(f.records.SessionPath(id)).events.size() == 1);
        CHECK(RecoverTrail(f.records.SessionPath(id), f.clock, f.io).changed);
        CHECK(Session::Resume(f.protocol, id, {"Dr A", "anesthesiologist"}, f.Env())->Answer("psychosis", {"no"})
                  .Accepted());
        CHECK(VerifyPaths({f.records.Root()}, {}).Intact());
    }
}

TEST_CASE("a writer on another host is named by its host, and a writer that dies lets go", "[session][writer]") {
    test::TempDir dir;
    const std::string trail = dir.File("s-0001.jsonl");
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Another host, as far as names go: a UTS namespace of its own (root only; else this host).
        if (::unshare(CLONE_NEWUTS) == 0) ::sethostname("ward-7", 6);
        const auto lock = LockSessionTrail(trail, "s-0001", "open in a window of the checklist app", "start",
                                           test::kTestEpochMs, 0600);
        const char byte = 'x';
        (void)!::write(ready[1], &byte, 1);
        for (;;) ::pause(); // holds the lock until killed
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    const auto holder = SessionWriter(trail);
    REQUIRE(holder);
    CHECK(holder->pid == child);
    CHECK(holder->since == "2026-11-25T13:40:00.000Z");
    if (holder->host == "ward-7") {
        CHECK(DescribeHolder(*holder) == "open in a window of the checklist app on ward-7 since "
                                         "2026-11-25T13:40:00.000Z (process " + std::to_string(child) + ")");
    } else {
        WARN("not root: the other host is this host by name");
    }
    try {
        LockSessionTrail(trail, "s-0001", "being recovered", "be recovered", test::kTestEpochMs, 0600);
        FAIL("taken while another process holds it");
    } catch (const LockBusyError& e) {
        CHECK(e.Holder().pid == child);
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK_FALSE(SessionWriter(trail)); // the kernel released it with its holder
    CHECK(LockSessionTrail(trail, "s-0001", "being recovered", "be recovered", test::kTestEpochMs, 0600));
}

TEST_CASE("a ledger entry put back by recovery keeps the approval manifest the session started under",
          "[session][ledger]") {
    test::SessionEnvFixture f;
    StartRequest request{{"Dr A", "anesthesiologist"}, "P-1", ""};
    request.manifest = ManifestRef{"manifest-7", 3};
    std::string id, path;
    {
        auto session = test::StartOrFail(f.protocol, request, f.Env());
        id = session->Id();
        path = session->TrailPath();
    }
    test::WriteAll(f.records.LedgerPath(), ""); // a crash kept the opened entry out
    CHECK(RecoverTrail(path, f.clock).changed);
    const auto entries = f.records.ReadLedger();
    REQUIRE(entries.size() == 1);
    CHECK_FALSE(entries[0].repaired.empty());
    REQUIRE(entries[0].manifest);
    CHECK(*entries[0].manifest == ManifestRef{"manifest-7", 3});
}

TEST_CASE("verify says a torn line may be a write under way while its session is open, and offers no recover",
          "[session][writer]") {
    test::SessionEnvFixture f;
    auto session = f.Start();
    const std::string path = session->TrailPath();
    test::WriteAll(path, test::ReadAll(path) + "{\"seq\":"); // the writer's line, half out
    auto report = VerifyPaths({f.records.Root()}, {});
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].kind == FindingKind::Torn);
    CHECK_THAT(report.findings[0].what, Catch::Contains("the session is open in another window on this computer") &&
                                            Catch::Contains("its writer may be in the middle of this line"));
    CHECK_FALSE(report.findings[0].remedy);
    session.reset(); // the writer is gone: the line is an interrupted write, and recover is the remedy
    report = VerifyPaths({f.records.Root()}, {});
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].what.find("its writer") == std::string::npos);
    REQUIRE(report.findings[0].remedy);
    CHECK(report.findings[0].remedy->kind == RemedyKind::Recover);
}
