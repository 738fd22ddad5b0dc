// Approved protocols are pinned by hash in a signed manifest: a changed byte, a changed
// manifest or another key's signature keeps a session from starting until re-approval.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/base/error.hpp"
#include "kc/protocol/approval.hpp"
#include "process.hpp"
#include "test_protocols.hpp"

using namespace kc;

namespace {

struct Folder {
    test::TempDir dir;
    SigningKey key = SigningKey::LoadOrCreate(dir.File("keys"));
    std::string path = dir.File("protocols-engine-test.yaml");

    ProtocolPtr Write(const std::string& status, const std::string& extra = "") {
        return test::WriteEngineProtocol(path, status, extra);
    }
};

} // namespace

TEST_CASE("an approved protocol starts only when the signed manifest pins its exact bytes", "[approval]") {
    Folder f;
    ProtocolPtr p = f.Write("approved");
    ApprovalCheck check = CheckApproval(*p, f.key.Public());
    CHECK_FALSE(check.mayStart);
    CHECK(check.message.find("no signed approval manifest") != std::string::npos);
    CHECK(check.message.find("approves it again") != std::string::npos);
    CHECK(check.message.find("checklistctl") == std::string::npos); // the CLI says its command itself
    REQUIRE(check.remedy);
    CHECK(check.remedy->kind == RemedyKind::Approve);
    CHECK(check.remedy->path == p->path);

    const Approval a = ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000);
    CHECK(a.sha256 == p->sha256);
    CHECK(CheckApproval(*p, f.key.Public()).mayStart);

    // One byte more (a comment) after approval: refused, naming who approved it.
    p = f.Write("approved", "# edited after approval\n");
    check = CheckApproval(*p, f.key.Public());
    CHECK_FALSE(check.mayStart);
    CHECK(check.message.find("has changed since it was approved by Dr P. Author") != std::string::npos);

    // Re-approval after review replaces the entry for that version.
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'100'000);
    CHECK(CheckApproval(*p, f.key.Public()).mayStart);
    CHECK(test::ReadAll(ApprovalManifestPath(p->path)).find(p->sha256) != std::string::npos);
}

TEST_CASE("an edited manifest or another key's manifest is refused, never trusted", "[approval]") {
    Folder f;
    ProtocolPtr p = f.Write("approved");
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000);
    const std::string manifest = ApprovalManifestPath(p->path);
    const std::string signedText = test::ReadAll(manifest);

    std::string edited = signedText;
    edited.replace(edited.find("Dr P. Author"), 12, "Dr Q. Author");
    test::WriteAll(manifest, edited);
    ApprovalCheck check = CheckApproval(*p, f.key.Public());
    CHECK_FALSE(check.mayStart);
    CHECK(check.message.find("the signature does not verify") != std::string::npos);
    // Approving again does not paper over an edited manifest.
    CHECK_THROWS_AS(ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'100'000), Error);

    test::WriteAll(manifest, signedText);
    test::TempDir other;
    const SigningKey otherKey = SigningKey::LoadOrCreate(other.File("keys"));
    check = CheckApproval(*p, otherKey.Public());
    CHECK_FALSE(check.mayStart);
    CHECK(check.message.find("signed with another key") != std::string::npos);

    test::WriteAll(manifest, "{not json");
    CHECK(CheckApproval(*p, f.key.Public()).message.find("not an approval manifest") != std::string::npos);
}

TEST_CASE("drafts need no approval and retired protocols never start", "[approval]") {
    Folder f;
    CHECK(CheckApproval(*f.Write("draft"), f.key.Public()).mayStart);
    const ApprovalCheck retired = CheckApproval(*f.Write("retired"), f.key.Public());
    CHECK_FALSE(retired.mayStart);
    CHECK(retired.message.find("retired") != std::string::npos);
}

TEST_CASE("every approval numbers the manifest one more, under its signature", "[approval]") {
    Folder f;
    ProtocolPtr p = f.Write("approved");
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000);
    const std::string path = ApprovalManifestPath(p->path);
    auto manifest = nlohmann::json::parse(test::ReadAll(path));
    CHECK(manifest["sequence"] == 1);
    const std::string id = manifest["manifest_id"];
    CHECK(id.size() == 32);
    ApprovalCheck check = CheckApproval(*p, f.key.Public());
    CHECK(check.manifestId == id);
    CHECK(check.manifestSequence == 1);
    CHECK(check.manifestPath == path);
    p = f.Write("approved", "# reviewed change\n");
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'100'000);
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'200'000); // again, the same bytes: still one more
    manifest = nlohmann::json::parse(test::ReadAll(path));
    CHECK(manifest["sequence"] == 3);
    CHECK(manifest["manifest_id"] == id); // the same manifest
    CHECK(CheckApproval(*p, f.key.Public()).manifestSequence == 3);

    // The number is signed: raising it by hand breaks the signature.
    manifest["sequence"] = 9;
    test::WriteAll(path, manifest.dump(2));
    CHECK(CheckApproval(*p, f.key.Public()).message.find("the signature does not verify") != std::string::npos);
}

TEST_CASE("a manifest from before sequence numbers still approves, and its next approval numbers it", "[approval]") {
    Folder f;
    ProtocolPtr p = f.Write("approved");
    test::WriteUnnumberedManifest(*p, f.key);
    ApprovalCheck check = CheckApproval(*p, f.key.Public());
    INFO(check.message);
    CHECK(check.mayStart);
    CHECK(check.manifestId.empty());
    CHECK(check.manifestSequence == 0);
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000);
    check = CheckApproval(*p, f.key.Public());
    CHECK(check.manifestSequence == 1);
    CHECK(check.manifestId.size() == 32);
}

TEST_CASE("a draft whose id and version were approved with other bytes says which bytes were approved",
          "[approval]") {
    Folder f;
    ProtocolPtr p = f.Write("approved");
    ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000);
    const std::string approvedSha = p->sha256;
    const ApprovalCheck draft = CheckApproval(*f.Write("draft", "# unreviewed\n"), f.key.Public());
    CHECK(draft.mayStart);
    CHECK(draft.priorApproval.find("approved by Dr P. Author on 2026-11-25") != std::string::npos);
    CHECK(draft.priorApproval.find("approved bytes were sha256 " + approvedSha.substr(0, 12) +
                                   "; this file differs and is marked draft") != std::string::npos);
    test::TempDir other;
    CHECK(CheckApproval(*test::WriteEngineProtocol(other.File("p.yaml"), "draft"), f.key.Public()).priorApproval.empty());
}

TEST_CASE("a special file in place of approvals.json is refused by name, never waited on", "[approval][special]") {
    const test::Watchdog watchdog(60); // a read that blocks fails the test instead of hanging it
    for (const auto kind : test::kSpecialFiles) {
        DYNAMIC_SECTION(test::SpecialFileName(kind)) {
            Folder f;
            ProtocolPtr p = f.Write("approved");
            const std::string manifest = ApprovalManifestPath(p->path);
            const std::string words = test::MakeSpecialFile(manifest, kind);
            const ApprovalCheck check = CheckApproval(*p, f.key.Public());
            CHECK_FALSE(check.mayStart);
            CHECK_THAT(check.message, Catch::Contains(manifest) && Catch::Contains(words));
            CHECK_THROWS_WITH(ApproveProtocol(*p, "Dr P. Author", f.key, 1'795'614'000'000),
                              Catch::Contains(words) && Catch::Contains("it is not replaced"));
        }
    }
}
