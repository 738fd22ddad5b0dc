// The unfinished sessions come from the ledger: a session it lists as closed is not read,
// an open one is, and so is a trail a crash kept out of the ledger.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "kc/ops/unfinished.hpp"
#include "process.hpp"
#include "session_env.hpp"

using namespace kc;

TEST_CASE("unfinished sessions: open ones listed, closed ones not even read", "[unfinished]") {
    test::SessionEnvFixture f;
    auto closed = f.Start();
    REQUIRE(closed->Abandon("Patient declined").Accepted());
    auto open = f.Start({"Dr B", "anesthesiologist"}, "P-0043");
    REQUIRE(open->Answer("psychosis", {"no"}).Accepted());

    auto unfinished = FindUnfinishedSessions(f.records);
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished[0].sessionId == open->Id());
    CHECK(unfinished[0].operatorActor.name == "Dr B");
    CHECK(unfinished[0].patientRef == "P-0043");
    CHECK(unfinished[0].events == 2);
    CHECK_FALSE(unfinished[0].torn);
    CHECK(unfinished[0].problem.empty());
    // It is open now (in this test, as in a window): the list says who has it.
    REQUIRE(unfinished[0].writer);
    CHECK(unfinished[0].writer->pid == ::getpid());
    CHECK(unfinished[0].writer->what == "open in another window");

    // The closed session's trail is never opened: not even damage to it shows here (verify
    // reports it), which a scan of every trail would have listed as "damaged".
    test::WriteAll(closed->TrailPath(), "not a trail\n");
    unfinished = FindUnfinishedSessions(f.records);
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished[0].sessionId == open->Id());
    open.reset(); // the window closes
    CHECK_FALSE(FindUnfinishedSessions(f.records).at(0).writer);
}

TEST_CASE("unfinished sessions: a trail the ledger never listed is still found", "[unfinished]") {
    test::SessionEnvFixture f;
    auto open = f.Start();
    auto ended = f.Start();
    REQUIRE(ended->Answer("psychosis", {"yes"}).Accepted()); // a hard stop ends it
    REQUIRE(ended->State().Ended());
    // A crash before the ledger was written: the ledger has nothing of either session.
    test::WriteAll(f.records.LedgerPath(), "");
    const auto unfinished = FindUnfinishedSessions(f.records);
    REQUIRE(unfinished.size() == 2);
    CHECK(unfinished[0].sessionId == open->Id());
    CHECK(unfinished[0].events == 1);
    CHECK_FALSE(unfinished[0].ledgerBehind);
    // The ended trail is read, and ended: offered for recovery (its ledger entry is behind), not for resume.
    CHECK(unfinished[1].sessionId == ended->Id());
    CHECK(unfinished[1].ledgerBehind);
    CHECK_FALSE(unfinished[1].writer); // it writes no more
}

TEST_CASE("unfinished sessions: a torn or damaged open trail is listed with what is wrong", "[unfinished]") {
    test::SessionEnvFixture f;
    auto torn = f.Start();
    auto damaged = f.Start();
    REQUIRE(damaged->Answer("psychosis", {"no"}).Accepted());
    test::WriteAll(torn->TrailPath(), test::ReadAll(torn->TrailPath()) + R"({"actor":{"na)");
    std::string bytes = test::ReadAll(damaged->TrailPath());
    bytes[bytes.find("\"no\"") + 1] = 'N';
    test::WriteAll(damaged->TrailPath(), bytes);

    const auto unfinished = FindUnfinishedSessions(f.records);
    REQUIRE(unfinished.size() == 2);
    const auto& a = unfinished[0].sessionId == torn->Id() ? unfinished[0] : unfinished[1];
    const auto& b = unfinished[0].sessionId == torn->Id() ? unfinished[1] : unfinished[0];
    CHECK(a.torn);
    CHECK(a.problem.empty());
    CHECK_FALSE(b.torn);
    CHECK(b.problem.find("line 2") == 0);
}
