// Every way a records folder can be damaged or tampered with has a fixture folder under
// tests/data/trails/ (made by tests/data/trails/make-fixtures.sh from real recorded sessions),
// with expected.txt listing the findings the verifier must give: "FILE:LINE: PHRASE", FILE
// relative to the fixture, LINE 0 for a finding about the whole file, PHRASE a substring of the
// message. Each test works on a copy, so the fixtures are never modified.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "kc/audit/recover.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kTrails = fs::path(KC_TEST_DATA_DIR) / "trails";

struct Expected {
    std::string file; // relative to the fixture folder
    int line = 0;
    std::string phrase;
};

std::vector<fs::path> FixtureFolders() {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(kTrails))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    return folders;
}

std::vector<Expected> ReadExpected(const fs::path& folder) {
    std::vector<Expected> expected;
    std::istringstream in(kc::test::ReadAll((folder / "expected.txt").string()));
    for (std::string text; std::getline(in, text);) {
        if (text.empty()) continue;
        // FILE:LINE: PHRASE (file names hold no ':')
        const auto colon = text.find(':');
        const auto second = colon == std::string::npos ? colon : text.find(": ", colon + 1);
        if (second == std::string::npos) throw std::runtime_error(folder.string() + ": bad expectation: " + text);
        Expected e;
        e.file = text.substr(0, colon);
        e.line = std::stoi(text.substr(colon + 1, second - colon - 1));
        e.phrase = text.substr(second + 2);
        if (e.file.empty() || e.phrase.empty())
            throw std::runtime_error(folder.string() + ": bad expectation: " + text);
        expected.push_back(std::move(e));
    }
    return expected;
}

// A copy of the fixture in a fresh temp folder; returns the copy's path.
fs::path CopyFixture(const fs::path& fixture, const kc::test::TempDir& temp) {
    const fs::path copy = fs::path(temp.Path()) / fixture.filename();
    fs::copy(fixture, copy, fs::copy_options::recursive);
    return copy;
}

kc::VerifyReport Verify(const std::vector<std::string>& paths) {
    kc::VerifyOptions options;
    options.protocolDirs = {}; // only the records folder's own archive counts
    return kc::VerifyPaths(paths, options);
}

std::string Relative(const std::string& file, const fs::path& root) {
    return fs::path(file).lexically_relative(root).generic_string();
}

std::string Describe(const std::vector<kc::FileFinding>& findings, const fs::path& root) {
    std::string out;
    for (const auto& f : findings) out += Relative(f.file, root) + ":" + std::to_string(f.line) + ": " + f.what + "\n";
    return out.empty() ? "(none)\n" : out;
}

std::string Describe(const std::vector<Expected>& expected) {
    std::string out;
    for (const auto& e : expected) out += e.file + ":" + std::to_string(e.line) + ": " + e.phrase + "\n";
    return out.empty() ? "(none)\n" : out;
}

// Pairs each expectation with a distinct finding (same file, same line, message holding the
// phrase); returns what is left unpaired on either side, empty when they agree exactly.
std::string Mismatches(const std::vector<Expected>& expected, const std::vector<kc::FileFinding>& findings,
                       const fs::path& root) {
    std::vector<bool> used(findings.size(), false);
    std::string out;
    for (const auto& e : expected) {
        bool found = false;
        for (std::size_t i = 0; i < findings.size() && !found; ++i) {
            if (used[i] || Relative(findings[i].file, root) != e.file || findings[i].line != e.line ||
                findings[i].what.find(e.phrase) == std::string::npos)
                continue;
            used[i] = found = true;
        }
        if (!found) out += "expected, not found: " + e.file + ":" + std::to_string(e.line) + ": " + e.phrase + "\n";
    }
    for (std::size_t i = 0; i < findings.size(); ++i)
        if (!used[i])
            out += "found, not expected: " + Relative(findings[i].file, root) + ":" + std::to_string(findings[i].line) +
                   ": " + findings[i].what + "\n";
    return out;
}

std::vector<std::string> SessionFiles(const fs::path& records) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(records / "sessions"))
        if (entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> QuarantineFiles(const std::string& trail) {
    const fs::path path(trail);
    const std::string prefix = path.filename().string() + ".torn-";
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(path.parent_path()))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) found.push_back(entry.path().string());
    return found;
}

// The one session file of a fixture that expected.txt names with the phrase.
std::string ExpectedFile(const fs::path& copy, const std::string& phrase) {
    std::vector<std::string> files;
    for (const auto& e : ReadExpected(copy))
        if (e.phrase == phrase) files.push_back((copy / e.file).string());
    REQUIRE(files.size() == 1);
    return files.front();
}

} // namespace

TEST_CASE("each trail fixture gives exactly its expected findings", "[trail-fixtures]") {
    const auto fixtures = FixtureFolders();
    REQUIRE(fixtures.size() >= 15);
    for (const auto& fixture : fixtures) {
        DYNAMIC_SECTION(fixture.filename().string()) {
            kc::test::TempDir temp;
            const fs::path copy = CopyFixture(fixture, temp);
            const auto expected = ReadExpected(copy);
            const auto report = Verify({copy.string()});
            INFO("expected:\n" << Describe(expected) << "verifier said:\n" << Describe(report.findings, copy));
            CHECK(report.findings.size() == expected.size());
            CHECK(Mismatches(expected, report.findings, copy) == "");
        }
    }
}

TEST_CASE("the intact fixture verifies clean, as a folder and file by file", "[trail-fixtures]") {
    kc::test::TempDir temp;
    const fs::path copy = CopyFixture(kTrails / "intact", temp);
    REQUIRE(ReadExpected(copy).empty());

    const auto report = Verify({copy.string()});
    INFO(Describe(report.findings, copy));
    CHECK(report.Intact());
    CHECK(report.sessionFiles == 3);
    CHECK(report.events > 0);

    const auto files = SessionFiles(copy);
    REQUIRE(files.size() == 3);
    for (const auto& file : files) {
        DYNAMIC_SECTION(fs::path(file).filename().string()) {
            const auto single = Verify({file});
            INFO(Describe(single.findings, copy));
            CHECK(single.Intact());
            CHECK(single.sessionFiles == 1);
            CHECK(single.events > 0);
            CHECK_FALSE(kc::ScanTrailFile(file).problem.has_value());
        }
    }
    // The files and their folder named together: still nothing.
    auto all = files;
    all.push_back(copy.string());
    const auto together = Verify(all);
    INFO(Describe(together.findings, copy));
    CHECK(together.Intact());
}

TEST_CASE("every tamper fixture is detected", "[trail-fixtures]") {
    const auto fixtures = FixtureFolders();
    REQUIRE(fixtures.size() >= 15);
    for (const auto& fixture : fixtures) {
        if (fixture.filename() == "intact") continue;
        DYNAMIC_SECTION(fixture.filename().string()) {
            kc::test::TempDir temp;
            const fs::path copy = CopyFixture(fixture, temp);
            CHECK_FALSE(ReadExpected(copy).empty()); // a tamper fixture without expectations proves nothing
            const auto report = Verify({copy.string()});
            CHECK_FALSE(report.Intact());
        }
    }
}

TEST_CASE("recover moves a torn tail aside and leaves an intact chain", "[trail-fixtures]") {
    // In both fixtures a crash interrupted the write of a session's line 6: the line was never
    // acknowledged, so the ledger never recorded the session as closed. Once the tail is moved
    // aside the session is simply unfinished, and the whole folder verifies clean.
    for (const std::string name : {"torn-last-line", "zero-filled-tail"}) {
        DYNAMIC_SECTION(name) {
            kc::test::TempDir temp;
            const fs::path copy = CopyFixture(kTrails / name, temp);
            const std::string trail = ExpectedFile(copy, name == "torn-last-line" ? "incomplete" : "zero-filled");

            const auto before = Verify({copy.string()});
            INFO("before:\n" << Describe(before.findings, copy));
            REQUIRE(before.findings.size() == 1);
            CHECK(before.findings.front().torn);
            CHECK(before.findings.front().file == trail);
            CHECK(before.findings.front().line == 6);

            const std::string bytes = kc::test::ReadAll(trail);
            const kc::TrailScan scan = kc::ScanTrail(bytes);
            REQUIRE(scan.problem.has_value());
            REQUIRE(scan.problem->torn);
            REQUIRE(scan.events.size() == 5);
            const std::size_t intact = scan.intactBytes;
            REQUIRE(intact > 0);
            REQUIRE(intact < bytes.size());
            if (name == "zero-filled-tail")
                CHECK(bytes.find_first_not_of('\0', intact) == std::string::npos);

            const std::string ledger = kc::test::ReadAll((copy / "ledger.jsonl").string());
            kc::ManualClock clock;
            const kc::RecoverResult result = kc::RecoverTrail(trail, clock);
            INFO(result.message);
            CHECK(result.changed);
            // The session is unfinished and the ledger already lists its start: nothing to add.
            CHECK(kc::test::ReadAll((copy / "ledger.jsonl").string()) == ledger);
            // The tail is beside the trail, byte for byte; the trail is the intact prefix.
            const auto quarantined = QuarantineFiles(trail);
            REQUIRE(quarantined.size() == 1);
            CHECK(quarantined.front() == result.quarantinePath);
            CHECK(fs::path(result.quarantinePath).parent_path() == fs::path(trail).parent_path());
            CHECK(kc::test::ReadAll(result.quarantinePath) == bytes.substr(intact));
            CHECK(kc::test::ReadAll(trail) == bytes.substr(0, intact));

            // The session file's chain is intact, alone and in its folder (the quarantine file
            // is not a session file and is not reported).
            const kc::TrailScan after = kc::ScanTrailFile(trail);
            CHECK_FALSE(after.problem.has_value());
            CHECK(after.events.size() == 5);
            const auto single = Verify({trail});
            INFO("the trail after recovery:\n" << Describe(single.findings, copy));
            CHECK(single.Intact());
            const auto folder = Verify({copy.string()});
            INFO("the folder after recovery:\n" << Describe(folder.findings, copy));
            CHECK(folder.Intact());

            // A second recovery finds nothing to do and makes no second quarantine file.
            kc::ManualClock later(1'764'000'100'000);
            CHECK_FALSE(kc::RecoverTrail(trail, later).changed);
            CHECK(QuarantineFiles(trail).size() == 1);
        }
    }
}

TEST_CASE("recover refuses to cut a last line the ledger shows was acknowledged", "[trail-fixtures]") {
    // The ledger closed this session at line 13, which it does only after line 13 was durable:
    // losing that line is damage, not an interrupted write. Recover must not move an
    // acknowledged line aside; it refuses and changes nothing, and verify keeps saying so.
    kc::test::TempDir temp;
    const fs::path copy = CopyFixture(kTrails / "torn-closed-session", temp);
    const std::string trail = ExpectedFile(copy, "cut short");
    const std::string bytes = kc::test::ReadAll(trail);
    kc::ManualClock clock;
    try {
        kc::RecoverTrail(trail, clock);
        FAIL("recover removed an acknowledged line");
    } catch (const kc::Error& e) {
        CHECK(std::string(e.what()).find("acknowledged") != std::string::npos);
    }
    CHECK(kc::test::ReadAll(trail) == bytes);
    for (const auto& entry : fs::directory_iterator(copy / "sessions"))
        CHECK(entry.path().string().find(".torn-") == std::string::npos);
    const auto folder = Verify({copy.string()});
    REQUIRE(folder.findings.size() == 1);
    CHECK(folder.findings.front().line == 13);
    CHECK_FALSE(folder.findings.front().torn);
}

TEST_CASE("each fixture's findings carry the kind of their verdict, and only recoverable ones offer recover",
          "[trail-fixtures]") {
    using K = kc::FindingKind;
    const std::map<std::string, std::multiset<K>> kinds = {
        {"bad-hash-digits", {K::BrokenChain}},
        {"bad-time-line", {K::BrokenChain}},
        {"crashed-before-first-line", {K::Torn}},
        {"duplicated-earlier-line", {K::BrokenChain}},
        {"duplicated-line", {K::BrokenChain}},
        {"edited-hash", {K::BrokenChain}},
        {"edited-ledger", {K::BrokenChain}},
        {"edited-line", {K::BrokenChain}},
        {"edited-protocol-archive", {K::ProtocolUnknown, K::ProtocolUnknown, K::ArchiveChanged}},
        {"empty-line", {K::BrokenChain}},
        {"empty-session-file", {K::Emptied}},
        {"extra-field-line", {K::BrokenChain}},
        {"foreign-session-file", {K::NotInLedger}},
        {"inserted-line", {K::BrokenChain}},
        {"intact", {}},
        {"ledger-bad-entry", {K::BrokenChain}},
        {"ledger-missing-close", {K::LedgerMissingClose}},
        {"ledger-removed-line", {K::BrokenChain}},
        {"ledger-resealed-line", {K::BrokenChain}},
        {"ledger-torn-last-line", {K::Torn, K::LedgerMissingClose}},
        {"missing-ledger", {K::LedgerMissing}},
        {"missing-payload-field", {K::BrokenChain}},
        {"missing-session-file", {K::Missing}},
        {"no-session-started", {K::BrokenChain}},
        {"not-json-line", {K::BrokenChain}},
        {"protocol-violation", {K::ProtocolViolation}},
        {"rechained-edit", {K::EndMismatch}},
        {"removed-first-line", {K::BrokenChain}},
        {"removed-line", {K::BrokenChain}},
        {"renamed-session-file", {K::Misnamed, K::Missing, K::NotInLedger}},
        {"reordered-lines", {K::BrokenChain}},
        {"replaced-session-file", {K::Misnamed, K::Replaced, K::EndMismatch}},
        {"resealed-line", {K::BrokenChain}},
        {"rewritten-session-file", {K::Replaced, K::EndMismatch}},
        {"sealed-not-json-line", {K::BrokenChain}},
        {"session-file-is-folder", {K::Unreadable}},
        {"torn-closed-session", {K::CutShort}},
        {"torn-last-line", {K::Torn}},
        {"truncated-session", {K::EndMismatch}},
        {"unknown-event-type", {K::BrokenChain}},
        {"unknown-protocol", {K::ProtocolUnknown}},
        {"wrong-session-line", {K::BrokenChain}},
        {"wrong-type-field", {K::BrokenChain}},
        {"zero-bytes-mid-line", {K::BrokenChain}},
        {"zero-filled-last-line", {K::BrokenChain}},
        {"zero-filled-tail", {K::Torn}},
    };
    const auto fixtures = FixtureFolders();
    CHECK(kinds.size() == fixtures.size()); // a new fixture names its kinds here too
    for (const auto& fixture : fixtures) {
        DYNAMIC_SECTION(fixture.filename().string()) {
            const auto expected = kinds.find(fixture.filename().string());
            REQUIRE(expected != kinds.end());
            kc::test::TempDir temp;
            const fs::path copy = CopyFixture(fixture, temp);
            const auto report = Verify({copy.string()});
            INFO(Describe(report.findings, copy));
            std::multiset<K> found;
            for (const auto& f : report.findings) {
                found.insert(f.kind);
                // The core says no command of a face: the remedy is typed, the face says it.
                CHECK(f.what.find("checklistctl") == std::string::npos);
                CHECK(f.what.find("--key") == std::string::npos);
                const bool recoverable = f.kind == K::Torn || f.kind == K::LedgerMissingClose;
                CHECK(f.torn == (f.kind == K::Torn));
                CHECK(f.remedy.has_value() == recoverable);
                if (f.remedy) {
                    CHECK(f.remedy->kind == kc::RemedyKind::Recover);
                    CHECK(f.remedy->path == f.file);
                }
                // A session file's finding names it as the ledger does; the folder's own files do not.
                const bool inSessions = fs::path(f.file).parent_path().filename() == "sessions";
                CHECK(f.trail == (inSessions ? "sessions/" + fs::path(f.file).filename().string() : std::string()));
            }
            CHECK(found == expected->second);
        }
    }
}

TEST_CASE("a session file that cannot be read is named once, its cause apart", "[trail-fixtures]") {
    kc::test::TempDir temp;
    const fs::path copy = CopyFixture(kTrails / "session-file-is-folder", temp);
    const auto report = Verify({copy.string()});
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].kind == kc::FindingKind::Unreadable);
    CHECK(report.findings[0].what == "is a folder, not a file"); // FILE: is said by the finding, not twice
}

namespace {

// Runs in `folder` for the scope (as a person who typed `cd RECORDS` would).
struct InFolder {
    fs::path previous = fs::current_path();
    explicit InFolder(const fs::path& folder) { fs::current_path(folder); }
    ~InFolder() { fs::current_path(previous); }
};

} // namespace

TEST_CASE("a trail named relative to its records folder (sessions/ID.jsonl) is that folder's trail",
          "[trail-fixtures]") {
    kc::test::TempDir temp;
    SECTION("recover refuses to cut a line the ledger shows was acknowledged") {
        const fs::path copy = CopyFixture(kTrails / "torn-closed-session", temp);
        const std::string trail = ExpectedFile(copy, "cut short");
        const std::string bytes = kc::test::ReadAll(trail);
        const InFolder here(copy);
        kc::ManualClock clock;
        CHECK_THROWS_WITH(kc::RecoverTrail(Relative(trail, copy), clock), Catch::Contains("acknowledged"));
        CHECK(kc::test::ReadAll(trail) == bytes);
        CHECK(QuarantineFiles(trail).empty());
    }
    SECTION("recover moves a torn tail aside and the folder verifies clean") {
        const fs::path copy = CopyFixture(kTrails / "torn-last-line", temp);
        const std::string trail = ExpectedFile(copy, "incomplete");
        const InFolder here(copy);
        kc::ManualClock clock;
        CHECK(kc::RecoverTrail(Relative(trail, copy), clock).changed);
        const auto folder = Verify({"."});
        INFO(Describe(folder.findings, copy));
        CHECK(folder.Intact());
    }
    SECTION("verify finds its protocol in the folder's archive") {
        const fs::path copy = CopyFixture(kTrails / "intact", temp);
        const std::string trail = SessionFiles(copy).front();
        const InFolder here(copy);
        const auto single = Verify({Relative(trail, copy)});
        INFO(Describe(single.findings, copy));
        CHECK(single.Intact());
    }
}
