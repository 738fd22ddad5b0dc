// checklistctl record: the session record the app prints, from a trail, by path or by session
// id; written with the records folder's permissions, as report and export are.
#include <filesystem>
#include <regex>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "cli_run.hpp"
#include "process.hpp"

using kc::test::Run;
namespace fs = std::filesystem;

namespace {

std::string RunOne(const std::string& records, const std::string& answers = "example-complete.answers.yaml") {
    const auto r = kc::test::RunScripted(records, kc::test::kAnswersDir + answers,
                                         {"Dr A", "P-RECORD-1", {"--quiet"}});
    REQUIRE(r.exitCode == 0);
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") return e.path().string();
    FAIL("no trail");
    return {};
}

// The "hash" of the trail's last line, as the trail holds it.
std::string FinalHash(const std::string& trail) {
    const std::string bytes = kc::test::ReadAll(trail);
    const auto at = bytes.rfind("\"hash\":\"");
    REQUIRE(at != std::string::npos);
    return bytes.substr(at + 8, 64);
}

mode_t ModeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// The text a reader sees: tags dropped, the spaces between a hash's groups too.
std::string WithoutTagsAndSpaces(const std::string& html) {
    const std::string text = std::regex_replace(html, std::regex("<[^>]*>"), "");
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

} // namespace

TEST_CASE("record writes the session record: every hash whole, the signing time, the same by path and id",
          "[cli][record]") {
    kc::test::TempDir dir;
    const std::string trail = RunOne(dir.File("records"));
    const auto toStdout = Run({kc::test::kCtl, "record", trail});
    INFO(toStdout.err);
    REQUIRE(toStdout.exitCode == 0);
    const std::string& html = toStdout.out;
    CHECK(html.find("<h1>Session record") != std::string::npos);
    CHECK(html.find("P-RECORD-1") != std::string::npos);
    CHECK(html.find("Liver function tests reviewed this week") != std::string::npos);
    // The final hash, all 64 characters, in groups of 8 that wrap; and the protocol's sha256.
    const std::string hash = FinalHash(trail);
    CHECK(WithoutTagsAndSpaces(html).find(hash) != std::string::npos);
    CHECK(html.find(hash.substr(0, 8) + " " + hash.substr(8, 8)) != std::string::npos);
    const std::string protocolSha = kc::test::ReadAll(trail).substr(kc::test::ReadAll(trail).find("\"sha256\":\"") + 10, 64);
    CHECK(WithoutTagsAndSpaces(html).find(protocolSha) != std::string::npos);
    // 21 CFR 11.50: name, time of signing and meaning, side by side.
    const std::regex attestation("Signed by</th><td[^>]*><b>Dr A\\. Operator</b></td></tr>\n"
                                 "<tr><th>Signed at</th><td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC</td></tr>\n"
                                 "<tr><th>Meaning</th><td>“I confirm that this record is complete and accurate\\.”");
    CHECK(std::regex_search(html, attestation));

    const auto toFile = Run({kc::test::kCtl, "record", trail, "-o", dir.File("record.html")});
    CHECK(toFile.exitCode == 0);
    CHECK(toFile.out.find("wrote the record of " + trail + " (") == 0);
    CHECK(kc::test::ReadAll(dir.File("record.html")) == html);
    const std::string id = fs::path(trail).stem().string();
    const auto byId = Run({kc::test::kCtl, "record", id, "--records", dir.File("records")});
    CHECK(byId.exitCode == 0);
    CHECK(byId.out == html);
}

TEST_CASE("record refuses a damaged trail unless allowed, and then marks it NOT INTACT", "[cli][record]") {
    kc::test::TempDir dir;
    const std::string trail = RunOne(dir.File("records"));
    kc::test::WriteAll(trail, kc::test::ReadAll(trail) + "{\"not\":\"sealed\"}\n");
    const auto damaged = Run({kc::test::kCtl, "record", trail, "-o", dir.File("record.html")});
    CHECK(damaged.exitCode == 1);
    CHECK(damaged.err.find(trail + ":14: ") == 0);
    CHECK(damaged.err.find("nothing written (--allow-damaged") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.File("record.html")));
    const auto allowed = Run({kc::test::kCtl, "record", trail, "--allow-damaged"});
    CHECK(allowed.exitCode == 0);
    CHECK(allowed.out.find("NOT INTACT") != std::string::npos);
    CHECK(allowed.out.find(".jsonl:14: ") != std::string::npos);
    CHECK(allowed.err.find("the record shows the 13 events before the damage") != std::string::npos);
    const auto missing = Run({kc::test::kCtl, "record", dir.File("nope.jsonl")});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("nope.jsonl") != std::string::npos);
}

TEST_CASE("records, exports and reports get the records folder's permissions, not 0644", "[cli][record]") {
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    const std::string trail = RunOne(records);
    const mode_t expected = ModeOf(records) & 0666;
    REQUIRE(expected == 0600); // the records folder is the owner's only (0700)
    for (const std::string name : {"record.html", "bundle.json", "report.json", "report.csv"}) {
        const std::string out = dir.File(name);
        kc::test::WriteAll(out, "old\n");
        REQUIRE(::chmod(out.c_str(), 0644) == 0); // an older file, readable by all: it is tightened
        const auto r = name == "record.html"   ? Run({kc::test::kCtl, "record", trail, "-o", out})
                       : name == "bundle.json" ? Run({kc::test::kCtl, "export", trail, "-o", out})
                                               : Run({kc::test::kCtl, "report", records, "--format",
                                                      name == "report.json" ? "json" : "csv", "--with-patient-ref",
                                                      "-o", out});
        INFO(name << ": " << r.err);
        CHECK(r.exitCode == 0);
        CHECK(kc::test::ReadAll(out).find("P-RECORD-1") != std::string::npos);
        CHECK(ModeOf(out) == expected);
        fs::remove(out);
    }
    // A folder shared with its group (0750): its files are 0640, and so is what is written from it.
    REQUIRE(::chmod(records.c_str(), 0750) == 0);
    const auto shared = Run({kc::test::kCtl, "record", trail, "-o", dir.File("shared.html")});
    CHECK(shared.exitCode == 0);
    CHECK(ModeOf(dir.File("shared.html")) == 0640);
}
