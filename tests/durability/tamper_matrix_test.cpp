// The tamper matrix: every tamper class applied at every place of generated records folders,
// each asserted to be detected at the right place, and intact folders never raising an alarm.
// Classes: a changed byte anywhere in a session file or the ledger (so in every field of
// every line); a deleted, inserted, swapped or duplicated line; truncation at every byte of
// the last line; a deleted, renamed or swapped session file; ledger lines deleted or edited.
// The counts of cases and detections are printed (docs/reliability.md quotes them).
#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "kc/audit/records.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/ops/session.hpp"
#include "process.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

// One records folder with a session of each ending: completed (with a justified warning and
// an amendment), stopped at a hard stop, abandoned, and left open.
struct Records : test::SessionEnvFixture {
    std::string root = records.Root();
    std::map<std::string, std::string> trails; // ending -> trail path

    Records() : SessionEnvFixture("t") {
        const auto start = [&] { return SessionEnvFixture::Start(); };
        auto completed = start();
        REQUIRE(completed->Answer("psychosis", {"no"}).Accepted());
        REQUIRE(completed->Answer("hepatic", {"moderate"}, "Known fatty liver").Accepted());
        REQUIRE(completed->Justify("hepatic", "LFTs stable; hepatology agrees", "Dr B").Accepted());
        REQUIRE(completed->Answer("cv-risk", {"no"}).Accepted());
        REQUIRE(completed->Answer("monitors", {"spo2", "nibp"}).Accepted());
        REQUIRE(completed->Answer("heart-rate", {"72"}).Accepted());
        REQUIRE(completed->Skip("remarks").Accepted());
        REQUIRE(completed->Amend("heart-rate", {"74"}, "Read from the wrong monitor").Accepted());
        REQUIRE(completed->Attest("Dr A", "I confirm this record").Accepted());
        REQUIRE(completed->Complete().Accepted());
        trails["completed"] = completed->TrailPath();

        auto stopped = start();
        REQUIRE(stopped->Answer("psychosis", {"yes"}).Accepted());
        trails["stopped"] = stopped->TrailPath();

        auto abandoned = start();
        REQUIRE(abandoned->Answer("psychosis", {"no"}).Accepted());
        REQUIRE(abandoned->Abandon("Patient declined").Accepted());
        trails["abandoned"] = abandoned->TrailPath();

        auto open = start();
        REQUIRE(open->Answer("psychosis", {"no"}).Accepted());
        REQUIRE(open->Answer("hepatic", {"normal"}).Accepted());
        trails["open"] = open->TrailPath();
    }
    std::string Ledger() const { return root + "/ledger.jsonl"; }
};

std::vector<std::string> SplitLines(const std::string& bytes) { return test::SplitLines(bytes, true); }

std::string Join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l;
    return out;
}

std::vector<FileFinding> Verify(const std::string& root) { return VerifyPaths({root}, {}).findings; }

std::string Describe(const std::vector<FileFinding>& findings) {
    std::string out;
    for (const auto& f : findings) out += FormatFinding(f) + "\n";
    return out.empty() ? "(no findings)" : out;
}

bool FoundAt(const std::vector<FileFinding>& findings, const std::string& file, int line) {
    return std::any_of(findings.begin(), findings.end(), [&](const FileFinding& f) {
        return fs::path(f.file).filename() == fs::path(file).filename() && f.line == line;
    });
}

bool FoundIn(const std::vector<FileFinding>& findings, const std::string& file) {
    return std::any_of(findings.begin(), findings.end(), [&](const FileFinding& f) {
        return fs::path(f.file).filename() == fs::path(file).filename();
    });
}

// Runs one tampered variant of `file` and restores it. Counts cases and detections.
struct Matrix {
    int cases = 0, caught = 0;
    template <typename Check>
    void Try(const Records& r, const std::string& file, const std::string& tampered, const std::string& what,
             Check check) {
        const std::string original = test::ReadAll(file);
        test::WriteAll(file, tampered);
        const auto findings = Verify(r.root);
        test::WriteAll(file, original);
        ++cases;
        const bool ok = check(findings);
        if (ok) ++caught;
        else FAIL_CHECK(what << " in " << fs::path(file).filename().string() << " was not reported at the right place:\n"
                             << Describe(findings));
    }
};

char Other(char c) { return c == 'x' ? 'y' : 'x'; }

} // namespace

TEST_CASE("intact records folders raise no alarm", "[tamper]") {
    for (int i = 0; i < 3; ++i) {
        Records r;
        const auto findings = Verify(r.root);
        INFO(Describe(findings));
        CHECK(findings.empty());
    }
}

TEST_CASE("a changed byte anywhere in a session file or the ledger is reported at its line", "[tamper]") {
    Records r;
    Matrix m;
    std::vector<std::string> files;
    for (const auto& [ending, path] : r.trails) files.push_back(path);
    files.push_back(r.Ledger());
    for (const auto& file : files) {
        const std::string original = test::ReadAll(file);
        int line = 1;
        for (std::size_t i = 0; i < original.size(); ++i) {
            if (original[i] == '\n') {
                ++line;
                continue;
            }
            std::string tampered = original;
            tampered[i] = Other(tampered[i]);
            m.Try(r, file, tampered, "byte " + std::to_string(i) + " (line " + std::to_string(line) + ")",
                  [&](const auto& f) { return FoundAt(f, file, line); });
        }
    }
    WARN("changed bytes: " << m.caught << " of " << m.cases << " detected at their line");
    CHECK(m.cases > 5000);
    CHECK(m.caught == m.cases);
}

TEST_CASE("deleted, inserted, swapped and duplicated lines are reported where the chain breaks", "[tamper]") {
    Records r;
    Matrix m;
    for (const auto& [ending, file] : r.trails) {
        const auto lines = SplitLines(test::ReadAll(file));
        const int n = static_cast<int>(lines.size());
        for (int k = 0; k < n; ++k) {
            auto deleted = lines;
            deleted.erase(deleted.begin() + k);
            // The line after a deleted one breaks the chain; a deleted last line leaves a
            // shorter chain that the ledger (ended sessions) or nothing (open ones) can tell.
            if (k < n - 1)
                m.Try(r, file, Join(deleted), "deleting line " + std::to_string(k + 1),
                      [&](const auto& f) { return FoundAt(f, file, k + 1); });
            else if (ending != "open")
                m.Try(r, file, Join(deleted), "deleting the last line", [&](const auto& f) { return FoundIn(f, file); });

            auto duplicated = lines;
            duplicated.insert(duplicated.begin() + k, lines[static_cast<std::size_t>(k)]);
            m.Try(r, file, Join(duplicated), "duplicating line " + std::to_string(k + 1),
                  [&](const auto& f) { return FoundAt(f, file, k + 2); });

            if (k + 1 < n) {
                auto swapped = lines;
                std::swap(swapped[static_cast<std::size_t>(k)], swapped[static_cast<std::size_t>(k) + 1]);
                m.Try(r, file, Join(swapped), "swapping lines " + std::to_string(k + 1) + " and " + std::to_string(k + 2),
                      [&](const auto& f) { return FoundAt(f, file, k + 1); });
            }
            // A line from another session inserted here.
            const auto foreign = SplitLines(test::ReadAll(r.trails.at(ending == "completed" ? "open" : "completed")));
            auto inserted = lines;
            inserted.insert(inserted.begin() + k, foreign[std::min<std::size_t>(1, foreign.size() - 1)]);
            m.Try(r, file, Join(inserted), "inserting a foreign line at " + std::to_string(k + 1),
                  [&](const auto& f) { return FoundAt(f, file, k + 1); });
        }
    }
    WARN("line edits: " << m.caught << " of " << m.cases << " detected at the right line");
    CHECK(m.cases > 50);
    CHECK(m.caught == m.cases);
}

TEST_CASE("truncation at every byte of the last line is reported at that line", "[tamper]") {
    Records r;
    Matrix m;
    for (const auto& [ending, file] : r.trails) {
        const std::string original = test::ReadAll(file);
        const auto lines = SplitLines(original);
        const int n = static_cast<int>(lines.size());
        const std::size_t lastStart = original.size() - lines.back().size();
        // Cut after 1 .. all-but-one bytes of the last line (a cut at its start is a deleted
        // line, above; a cut after its newline is the intact file).
        // An open session's cut last line was never acknowledged: torn, recoverable. An ended
        // session's was (the ledger holds its final hash): damage, not a torn tail.
        const bool open = ending == "open";
        for (std::size_t cut = lastStart + 1; cut < original.size(); ++cut)
            m.Try(r, file, original.substr(0, cut), "cutting at byte " + std::to_string(cut), [&](const auto& f) {
                return std::any_of(f.begin(), f.end(), [&](const FileFinding& x) {
                    return fs::path(x.file).filename() == fs::path(file).filename() && x.line == n && x.torn == open;
                });
            });
        // The last line zero-filled, as some file systems leave it after a power cut.
        std::string zeroed = original;
        std::fill(zeroed.begin() + static_cast<long>(lastStart), zeroed.end(), '\0');
        m.Try(r, file, zeroed, "zero-filling the last line", [&](const auto& f) { return FoundAt(f, file, n); });
    }
    WARN("truncations: " << m.caught << " of " << m.cases << " reported at the last line (torn only when open)");
    CHECK(m.cases > 500);
    CHECK(m.caught == m.cases);
}

TEST_CASE("deleted, renamed and swapped session files are reported against the ledger", "[tamper]") {
    int cases = 0;
    for (const auto& ending : {"completed", "stopped", "abandoned", "open"}) {
        DYNAMIC_SECTION("deleting the " << ending << " session's file") {
            Records r;
            const std::string file = r.trails.at(ending);
            fs::remove(file);
            const auto findings = Verify(r.root);
            INFO(Describe(findings));
            CHECK(FoundIn(findings, file));
            ++cases;
        }
        DYNAMIC_SECTION("renaming the " << ending << " session's file") {
            Records r;
            const std::string file = r.trails.at(ending);
            const std::string renamed = fs::path(file).parent_path() / "renamed.jsonl";
            fs::rename(file, renamed);
            const auto findings = Verify(r.root);
            INFO(Describe(findings));
            CHECK(FoundIn(findings, file));
            CHECK(FoundIn(findings, renamed));
            ++cases;
        }
    }
    SECTION("swapping two session files' contents") {
        Records r;
        const std::string a = r.trails.at("completed"), b = r.trails.at("abandoned");
        const std::string bytesA = test::ReadAll(a), bytesB = test::ReadAll(b);
        test::WriteAll(a, bytesB);
        test::WriteAll(b, bytesA);
        const auto findings = Verify(r.root);
        INFO(Describe(findings));
        CHECK(FoundIn(findings, a));
        CHECK(FoundIn(findings, b));
    }
    SECTION("replacing a session file with another session's copy") {
        Records r;
        const std::string a = r.trails.at("stopped");
        test::WriteAll(a, test::ReadAll(r.trails.at("completed")));
        const auto findings = Verify(r.root);
        INFO(Describe(findings));
        CHECK(FoundIn(findings, a));
    }
}

TEST_CASE("deleted, duplicated and swapped ledger lines are reported where the ledger's chain breaks", "[tamper]") {
    Records r;
    Matrix m;
    const std::string file = r.Ledger();
    const auto lines = SplitLines(test::ReadAll(file));
    const int n = static_cast<int>(lines.size());
    for (int k = 0; k < n; ++k) {
        auto deleted = lines;
        deleted.erase(deleted.begin() + k);
        // A deleted last ledger line leaves a shorter chain; the session it listed is then
        // a file the ledger does not know, or an ended session without its closing entry.
        m.Try(r, file, Join(deleted), "deleting ledger line " + std::to_string(k + 1), [&](const auto& f) {
            return k < n - 1 ? FoundAt(f, file, k + 1) : !f.empty();
        });
        auto duplicated = lines;
        duplicated.insert(duplicated.begin() + k, lines[static_cast<std::size_t>(k)]);
        m.Try(r, file, Join(duplicated), "duplicating ledger line " + std::to_string(k + 1),
              [&](const auto& f) { return FoundAt(f, file, k + 2); });
        if (k + 1 < n) {
            auto swapped = lines;
            std::swap(swapped[static_cast<std::size_t>(k)], swapped[static_cast<std::size_t>(k) + 1]);
            m.Try(r, file, Join(swapped), "swapping ledger lines " + std::to_string(k + 1),
                  [&](const auto& f) { return FoundAt(f, file, k + 1); });
        }
    }
    WARN("ledger line edits: " << m.caught << " of " << m.cases << " detected at the right place");
    CHECK(m.caught == m.cases);
}
