// Approved protocols are pinned by hash in a signed manifest: a changed byte, a changed
// manifest or another key's signature keeps a session from starting until re-approval.
#include <catch2/catch.hpp>

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
