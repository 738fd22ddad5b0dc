// The records folder's layout: every file's place, and a trail's key and folder from its path.
#include <catch2/catch.hpp>

#include "kc/audit/records_layout.hpp"

using namespace kc;

TEST_CASE("the layout names every file of a records folder", "[layout]") {
    CHECK(layout::LedgerPath("R") == "R/ledger.jsonl");
    CHECK(layout::CheckpointsPath("R") == "R/checkpoints.jsonl");
    CHECK(layout::SessionsDir("R") == "R/sessions");
    CHECK(layout::ProtocolsDir("R") == "R/protocols");
    CHECK(layout::TrailPath("R", "s-1") == "R/sessions/s-1.jsonl");
    CHECK(layout::ProtocolArchivePath("R", "ab12") == "R/protocols/ab12.yaml");
    CHECK(layout::TrailKey("s-1") == "sessions/s-1.jsonl");
    CHECK(layout::PathOfKey("R", layout::TrailKey("s-1")) == layout::TrailPath("R", "s-1"));
    CHECK(layout::SessionIdOfKey("sessions/s-1.jsonl") == "s-1");
    CHECK(layout::KeyOfTrail("elsewhere/s-1.jsonl") == "sessions/s-1.jsonl");
    CHECK(layout::QuarantinePath("R/sessions/s-1.jsonl", "20261201T101010.000Z") ==
          "R/sessions/s-1.jsonl.torn-20261201T101010.000Z");
    // A folder typed with its slash ("records/") names its files as a person would.
    CHECK(layout::LedgerPath("R/") == "R/ledger.jsonl");
    CHECK(layout::TrailPath("R/", "s-1") == "R/sessions/s-1.jsonl");
    CHECK(layout::LedgerPath("/") == "/ledger.jsonl");
}

TEST_CASE("file names tell trails, quarantine files, archived protocols, the ledger and the checkpoints", "[layout]") {
    CHECK(layout::IsTrailName("s-1.jsonl"));
    CHECK_FALSE(layout::IsTrailName(".jsonl"));
    CHECK_FALSE(layout::IsTrailName("s-1.jsonl.torn-20261201T101010.000Z"));
    CHECK_FALSE(layout::IsTrailName("notes.txt"));
    CHECK(layout::SessionIdOfTrailName("s-1.jsonl") == "s-1");
    CHECK(layout::IsQuarantineName("s-1.jsonl.torn-20261201T101010.000Z"));
    CHECK_FALSE(layout::IsQuarantineName("s-1.jsonl"));
    CHECK(layout::ShaOfArchiveName("ab12.yaml") == "ab12");
    CHECK(layout::ShaOfArchiveName("ab12.yaml.tmp-7").empty());
    CHECK(layout::IsLedgerFile("R/ledger.jsonl"));
    CHECK(layout::IsLedgerFile("ledger.jsonl"));
    CHECK_FALSE(layout::IsLedgerFile("R/sessions/ledger.jsonl.torn-1"));
    CHECK(layout::IsCheckpointsFile("R/checkpoints.jsonl"));
}

TEST_CASE("a trail in a sessions folder belongs to the records folder above it", "[layout]") {
    const auto place = layout::PlaceOfTrail("R/sessions/s-1.jsonl");
    REQUIRE(place);
    CHECK(place->root == "R");
    CHECK(place->key == "sessions/s-1.jsonl");
    // Named from inside the records folder: the current folder, not the file system's root.
    const auto here = layout::PlaceOfTrail("sessions/s-1.jsonl");
    REQUIRE(here);
    CHECK(here->root == ".");
    CHECK_FALSE(layout::PlaceOfTrail("R/s-1.jsonl"));
    CHECK_FALSE(layout::PlaceOfTrail("s-1.jsonl"));
}
