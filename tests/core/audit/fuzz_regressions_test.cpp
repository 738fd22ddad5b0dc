// Regression tests for what the fuzz targets (tests/fuzz) found: each reproducer is a fixture
// under tests/data/fuzz/<target>/, and the inputs there also seed the fuzzers.
#include <string>

#include <catch2/catch.hpp>

#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "process.hpp"

namespace {

std::string Fixture(const std::string& name) { return kc::test::ReadAll(std::string(KC_TEST_DATA_DIR) + "/fuzz/" + name); }

} // namespace

TEST_CASE("fuzz: a trail line whose seq is a number out of range is refused, not cast") {
    // "seq":1e300 with a valid hash: get<uint64_t>() cast it (undefined behaviour).
    const auto scan = kc::ScanTrail(Fixture("trail/seq-out-of-range.jsonl"));
    REQUIRE(scan.problem);
    CHECK(scan.problem->line == 1);
    CHECK_FALSE(scan.problem->torn);
    CHECK_THAT(scan.problem->what, Catch::Contains("whole numbers"));
    CHECK(scan.events.empty());
}

TEST_CASE("fuzz: a ledger line whose last_seq is a number out of range is refused, not cast") {
    const auto report = kc::VerifyLedgerBytes(Fixture("trail/ledger-last-seq-out-of-range.jsonl"), "ledger.jsonl");
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].line == 2);
    CHECK_THAT(report.findings[0].what, Catch::Contains("'last_seq' is missing or of the wrong type"));
}
