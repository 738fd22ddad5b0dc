// Special files in a records folder and a protocol library: verify names each one and goes
// on, the start window lists them, and a start or resume refuses clearly; nothing blocks.
#include <filesystem>

#include <catch2/catch.hpp>

#include "kc/audit/records_layout.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "kc/ops/unfinished.hpp"
#include "process.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

bool Names(const VerifyReport& report, const std::string& path, const std::string& words) {
    for (const auto& f : report.findings)
        if (f.file == path && f.what == words) return true;
    return false;
}

} // namespace

TEST_CASE("verify reports each special file in a records folder as a finding and verifies the rest",
          "[special][verify]") {
    const test::Watchdog watchdog(120);
    for (const auto kind : test::kSpecialFiles) {
        DYNAMIC_SECTION(test::SpecialFileName(kind)) {
            test::SessionEnvFixture f;
            std::string listed;
            {
                auto kept = f.Start();
                REQUIRE(kept->Abandon("declined").Accepted());
                auto replaced = f.Start();
                listed = replaced->TrailPath();
                REQUIRE(replaced->Abandon("declined").Accepted());
            }
            VerifyOptions options;
            options.protocolDirs = {f.dir.Path()}; // the protocol's bytes, for when the archive is replaced
            test::WriteAll(f.dir.File("engine-test.yaml"), test::kEngineProtocol);
            REQUIRE(VerifyPaths({f.records.Root()}, options).Intact());
            // In place of a listed trail, as an unlisted trail, of the archive and of the ledger.
            fs::remove(listed);
            const std::string unlisted = f.records.SessionPath("stray");
            const std::string archive = f.records.ProtocolArchivePath(f.protocol->sha256);
            fs::remove(archive);
            const std::string words = test::MakeSpecialFile(listed, kind);
            test::MakeSpecialFile(unlisted, kind);
            test::MakeSpecialFile(archive, kind);
            VerifyReport report = VerifyPaths({f.records.Root()}, options);
            CHECK_FALSE(report.Intact());
            CHECK(Names(report, listed, words));
            CHECK(Names(report, unlisted, words));
            CHECK(Names(report, archive, words));
            CHECK(report.sessionFiles == 1); // the other session was read and checked
            CHECK(report.events == 2);
            // The ledger and the checkpoints too; and a special file named on the command line.
            const std::string ledger = f.records.LedgerPath();
            fs::remove(ledger);
            test::MakeSpecialFile(ledger, kind);
            const std::string checkpoints = layout::CheckpointsPath(f.records.Root());
            test::MakeSpecialFile(checkpoints, kind);
            report = VerifyPaths({f.records.Root(), listed}, options);
            CHECK(Names(report, ledger, words));
            CHECK(Names(report, checkpoints, words));
            CHECK(Names(report, listed, words));
        }
    }
}

TEST_CASE("the start window lists a special file under a trail's or a protocol's name, naming it",
          "[special][unfinished]") {
    const test::Watchdog watchdog(120);
    for (const auto kind : test::kSpecialFiles) {
        DYNAMIC_SECTION(test::SpecialFileName(kind)) {
            test::SessionEnvFixture f;
            auto open = f.Start();
            const std::string special = f.records.SessionPath("special");
            const std::string words = test::MakeSpecialFile(special, kind);
            const auto unfinished = FindUnfinishedSessions(f.records);
            REQUIRE(unfinished.size() == 2);
            CHECK(unfinished[0].sessionId == open->Id());
            CHECK(unfinished[0].problem.empty());
            CHECK(unfinished[1].sessionId == "special");
            CHECK(unfinished[1].problem == special + ": " + words);

            const std::string library = f.dir.File("library");
            fs::create_directory(library);
            test::WriteAll(library + "/a.yaml", test::kEngineProtocol);
            test::MakeSpecialFile(library + "/b.yaml", kind);
            const auto catalog = LoadCatalog({library});
            REQUIRE(catalog.size() == 2);
            CHECK(catalog[0].result.Ok());
            CHECK(catalog[1].path == library + "/b.yaml");
            REQUIRE(catalog[1].result.diagnostics.size() == 1);
            CHECK(catalog[1].result.diagnostics[0].message == library + "/b.yaml: " + words);
        }
    }
}

TEST_CASE("a start or resume refuses a special file in place of the ledger, the archive or the trail, "
          "writing nothing",
          "[special][session]") {
    const test::Watchdog watchdog(120);
    for (const auto kind : test::kSpecialFiles) {
        DYNAMIC_SECTION(test::SpecialFileName(kind)) {
            test::SessionEnvFixture f;
            std::string id;
            {
                auto open = f.Start();
                id = open->Id();
            }
            std::string refusal;
            // The archive.
            const std::string archive = f.records.ProtocolArchivePath(f.protocol->sha256);
            fs::remove(archive);
            const std::string words = test::MakeSpecialFile(archive, kind);
            try {
                Session::Start(f.protocol, {{"Dr A", "nurse"}, "P-1", ""}, f.Env(), refusal);
                FAIL("started with the archive replaced");
            } catch (const NotRegularFileError& e) {
                CHECK(std::string(e.what()).find(archive + ": not a regular file") == 0);
            }
            CHECK(f.records.SessionIds().size() == 1);
            // The ledger.
            const std::string ledger = f.records.LedgerPath();
            fs::remove(ledger);
            test::MakeSpecialFile(ledger, kind);
            try {
                Session::Start(f.protocol, {{"Dr A", "nurse"}, "P-1", ""}, f.Env(), refusal);
                FAIL("started with the ledger replaced");
            } catch (const NotRegularFileError& e) {
                CHECK(std::string(e.what()) == ledger + ": " + words);
            }
            CHECK(f.records.SessionIds().size() == 1);
            CHECK_THROWS_AS(Session::Resume(f.protocol, id, {"Dr A", "nurse"}, f.Env()), NotRegularFileError);
            // The trail.
            const std::string trail = f.records.SessionPath(id);
            fs::remove(trail);
            test::MakeSpecialFile(trail, kind);
            try {
                Session::Resume(f.protocol, id, {"Dr A", "nurse"}, f.Env());
                FAIL("resumed a special file");
            } catch (const NotRegularFileError& e) {
                CHECK(std::string(e.what()) == trail + ": " + words);
            }
        }
    }
}
