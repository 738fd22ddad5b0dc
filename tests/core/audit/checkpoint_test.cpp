// Signed checkpoints: a closed session gets one that verifies; the key is private; every way
// of tampering with the checkpoints, or with a closed session behind their back, is found at
// the right line when the auditor's public key is given; intact records raise no alarm.
#include <filesystem>
#include <functional>
#include <sstream>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/audit/checkpoints.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/recover.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/session.hpp"
#include "kc/base/sha256.hpp"
#include "process.hpp"
#include "rechain.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;
using nlohmann::json;
using test::Rechain;

namespace {

std::vector<std::string> Lines(const std::string& path) { return test::SplitLines(test::ReadAll(path)); }

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    test::WriteAll(path, text);
}

// A checkpoint line from its fields and a signature (which may not match).
std::string CheckpointLine(const json& fields, const std::string& signature) {
    std::string canonical = fields.dump();
    canonical.pop_back();
    return canonical + ",\"signature\":\"" + Base64Encode(signature) + "\"}";
}

json Fields(const std::string& line) {
    json j = json::parse(line);
    j.erase("signature");
    return j;
}

struct Folder : test::SessionEnvFixture {
    Folder() : SessionEnvFixture("cp") {}
    std::string keyDir = dir.File("keys");
    SigningKey key = SigningKey::LoadOrCreate(keyDir);
    std::vector<std::string> sessions;

    SessionEnv Env(bool sign = true) { return SessionEnvFixture::Env(nullptr, sign ? &key : nullptr); }
    std::unique_ptr<Session> Start(bool sign = true) {
        auto session = test::StartOrFail(protocol, {{"Dr A", "anesthesiologist"}, "P-CP", "Suite 1"}, Env(sign));
        sessions.push_back(session->Id());
        return session;
    }
    // A session closed by a hard stop (3 lines) or by abandoning it (2 lines).
    std::string Stopped(bool sign = true) {
        auto s = Start(sign);
        REQUIRE(s->Answer("psychosis", {"yes"}).Accepted());
        REQUIRE(s->State().Ended());
        return s->Id();
    }
    std::string Abandoned() {
        auto s = Start();
        REQUIRE(s->Abandon("Patient declined.").Accepted());
        return s->Id();
    }
    std::string Checkpoints() const { return layout::CheckpointsPath(records.Root()); }
    VerifyReport Verify(std::vector<PublicKey> keys) const {
        VerifyOptions options;
        options.keys = std::move(keys);
        return VerifyPaths({records.Root()}, options);
    }
    VerifyReport VerifyWithKey() const { return Verify({key.Public()}); }
};

std::string Describe(const std::vector<FileFinding>& findings) {
    std::string out;
    for (const auto& f : findings) out += FormatFinding(f) + "\n";
    return out;
}

// The finding at FILE:LINE whose message holds `phrase`.
bool Has(const VerifyReport& report, const std::string& file, int line, const std::string& phrase) {
    for (const auto& f : report.findings)
        if (f.file == file && f.line == line && f.what.find(phrase) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a closed session gets a checkpoint signed by the installation key, and it verifies", "[checkpoint]") {
    Folder f;
    auto session = f.Start();
    CHECK_FALSE(fs::exists(f.Checkpoints())); // nothing is signed while the session is open
    REQUIRE(session->Answer("psychosis", {"yes"}).Accepted());
    const auto lines = Lines(f.Checkpoints());
    REQUIRE(lines.size() == 1);
    Checkpoint c;
    std::string error;
    REQUIRE(DecodeCheckpointLine(lines[0], c, error));
    CHECK(c.seq == 1);
    CHECK(c.sessionId == session->Id());
    CHECK(c.lastSeq == session->State().lastSeq);
    CHECK(c.lastHash == session->State().lastHash);
    CHECK(c.prev == kGenesisHash);
    CHECK(c.keyId == f.key.KeyId());
    CHECK(c.repaired.empty());
    // The signature covers exactly the line without its signature member.
    CHECK(lines[0].rfind(c.canonical.substr(0, c.canonical.size() - 1), 0) == 0);
    CHECK(f.key.Public().Verify(c.canonical, c.signature));
    CHECK_FALSE(f.key.Public().Verify(c.canonical + " ", c.signature));

    const auto withKey = f.VerifyWithKey();
    INFO(Describe(withKey.findings));
    CHECK(withKey.Intact());
    CHECK(withKey.notes.empty());
    const auto withoutKey = f.Verify({});
    CHECK(withoutKey.Intact());
    REQUIRE(withoutKey.notes.size() == 1);
    CHECK(withoutKey.notes[0].what == "1 checkpoint: chain checked, signatures not checked");
    CHECK(withoutKey.notes[0].kind == FindingKind::SignaturesNotChecked);
    REQUIRE(withoutKey.notes[0].remedy);
    CHECK(withoutKey.notes[0].remedy->kind == RemedyKind::VerifyWithKey); // the CLI says "(no --key given)"
}

TEST_CASE("the private key is 0600 in a 0700 folder, the same key on every use, and refused when others may read it",
          "[checkpoint][key]") {
    test::TempDir dir;
    const std::string keyDir = dir.File("data/ketamine-checklist/keys");
    const SigningKey first = SigningKey::LoadOrCreate(keyDir);
    const std::string file = keyDir + "/" + kPrivateKeyFileName;
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    REQUIRE(::stat(keyDir.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    CHECK(test::ReadAll(file).rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    // No temporary file is left behind.
    CHECK(std::distance(fs::directory_iterator(keyDir), fs::directory_iterator()) == 1);

    const SigningKey again = SigningKey::LoadOrCreate(keyDir);
    CHECK(again.KeyId() == first.KeyId());
    CHECK(again.Public().Pem() == first.Public().Pem());
    const PublicKey exported = PublicKey::FromPem(first.Public().Pem(), "export");
    CHECK(exported.KeyId() == first.KeyId());
    CHECK(exported.Verify("message", first.Sign("message")));
    CHECK_FALSE(exported.Verify("message", SigningKey::LoadOrCreate(dir.File("other")).Sign("message")));

    fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
    CHECK_THROWS_AS(SigningKey::LoadOrCreate(keyDir), IoError);
    CHECK_THROWS_AS(PublicKey::FromPem(test::ReadAll(file), "private"), Error); // a private key is not a public one
}

TEST_CASE("intact records give no false alarm: several sessions, each way of closing", "[checkpoint]") {
    Folder f;
    f.Stopped();
    f.Abandoned();
    auto open = f.Start(); // an unfinished session has no checkpoint, and needs none
    REQUIRE(open->Answer("psychosis", {"no"}).Accepted());
    f.Stopped();
    CHECK(Lines(f.Checkpoints()).size() == 3);
    const auto report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(report.Intact());
    CHECK(report.notes.empty());
}

TEST_CASE("tampered checkpoints are found at the right line with --key", "[checkpoint]") {
    Folder f;
    f.Stopped();
    f.Abandoned();
    f.Stopped();
    const std::string path = f.Checkpoints();
    auto lines = Lines(path);
    REQUIRE(lines.size() == 3);

    SECTION("a flipped byte") {
        const auto at = lines[1].find("\"time\":\"") + 8 + 3; // a digit of the year
        lines[1][at] = lines[1][at] == '6' ? '7' : '6';
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, path, 2, "signature does not verify with the given key"));
        // Without the key the chain still shows it, one line later.
        CHECK(Has(f.Verify({}), path, 3, "does not chain to the checkpoint before"));
    }
    SECTION("a checkpoint's last_seq changed: the signature says which side is wrong") {
        const auto at = lines[2].find("\"last_seq\":3");
        REQUIRE(at != std::string::npos);
        lines[2][at + 11] = '2';
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, path, 3, "signature does not verify with the given key"));
        CHECK(report.findings.size() == 1); // the forged checkpoint says nothing about its session
        const auto unsigned_ = f.Verify({});
        CHECK(Has(unsigned_, path, 3, "does not end where its checkpoint says: it was rewritten after its "
                                      "checkpoint, or the checkpoint was changed (checkpoint: 2 events"));
        // Only the signature can tell which file changed: verifying with the key is the remedy.
        REQUIRE(unsigned_.findings.size() == 1);
        CHECK(unsigned_.findings[0].kind == FindingKind::CheckpointMismatch);
        REQUIRE(unsigned_.findings[0].remedy);
        CHECK(unsigned_.findings[0].remedy->kind == RemedyKind::VerifyWithKey);
        CHECK(report.findings[0].kind == FindingKind::CheckpointBadSignature);
        CHECK_FALSE(report.findings[0].remedy);
    }
    SECTION("a flipped byte in the signature") {
        const auto at = lines[0].find("\"signature\":\"") + 13;
        lines[0][at] = lines[0][at] == 'A' ? 'B' : 'A';
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, path, 1, "signature does not verify with the given key"));
        CHECK(report.findings.size() == 1);
    }
    SECTION("a removed checkpoint") {
        lines.erase(lines.begin() + 1);
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, path, 2, "checkpoint sequence 3 where 2 was expected"));
    }
    SECTION("the last checkpoint removed: its session is closed without one") {
        lines.pop_back();
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, f.records.SessionPath(f.sessions[2]), 3, "closed session without checkpoint"));
    }
    SECTION("reordered checkpoints") {
        std::swap(lines[1], lines[2]);
        WriteLines(path, lines);
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, path, 2, "checkpoint sequence 3 where 2 was expected"));
    }
    SECTION("a checkpoint signed by another key") {
        const SigningKey other = SigningKey::LoadOrCreate(f.dir.File("other-keys"));
        json fields = Fields(lines[2]);
        SECTION("claiming the installation key") {
            lines[2] = CheckpointLine(fields, other.Sign(fields.dump()));
            WriteLines(path, lines);
            const auto report = f.VerifyWithKey();
            INFO(Describe(report.findings));
            CHECK(Has(report, path, 3, "signature does not verify with the given key"));
            CHECK(report.findings.size() == 1);
            // With the other key, the lines the installation key signed fail instead.
            CHECK(Has(f.Verify({other.Public()}), path, 1, "signature does not verify with the given key"));
        }
        SECTION("naming its own key") {
            fields["key_id"] = other.KeyId();
            lines[2] = CheckpointLine(fields, other.Sign(fields.dump()));
            WriteLines(path, lines);
            const auto report = f.VerifyWithKey();
            INFO(Describe(report.findings));
            CHECK(Has(report, path, 3, "signature does not verify with the given key (the checkpoint names key " +
                                           other.KeyId().substr(0, 16)));
        }
    }
    SECTION("a checkpoint with a field added") {
        json fields = Fields(lines[0]);
        fields["note"] = "x";
        lines[0] = CheckpointLine(fields, f.key.Sign(fields.dump()));
        WriteLines(path, lines);
        CHECK(Has(f.VerifyWithKey(), path, 1, "does not have exactly the fields"));
    }
}

TEST_CASE("a closed session rewritten and re-chained, with the ledger edited to match, is found", "[checkpoint]") {
    Folder f;
    const std::string id = f.Stopped();
    f.Abandoned();
    const std::string trail = f.records.SessionPath(id);
    const std::string checkpoints = f.Checkpoints();
    // The attacker changes the patient reference, re-hashes the trail and the ledger.
    test::ResealClosedSession(trail, f.records.LedgerPath(), id,
                              [](std::vector<json>& lines) { lines[0]["payload"]["patient_ref"] = "P-OTHER"; });
    const std::string newLast = CheckLine(Lines(trail).back()).hash;
    // The hash chain and the ledger alone no longer show it ...
    VerifyOptions chainOnly;
    {
        test::TempDir copy;
        fs::copy(f.records.Root(), copy.File("r"), fs::copy_options::recursive);
        fs::remove(copy.File("r/checkpoints.jsonl"));
        CHECK(VerifyPaths({copy.File("r")}, chainOnly).Intact());
    }

    SECTION("the checkpoint left alone") {
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, checkpoints, 1, "session " + id + " was rewritten after its checkpoint"));
        CHECK(report.findings.size() == 1);
        CHECK(Has(f.Verify({}), checkpoints, 1, "was rewritten after its checkpoint")); // the chain alone shows this
    }
    SECTION("the checkpoints edited and re-chained too, but not re-signed") {
        auto lines = Lines(checkpoints);
        std::string prev = kGenesisHash;
        for (auto& line : lines) {
            json fields = Fields(line);
            Checkpoint c;
            std::string error;
            REQUIRE(DecodeCheckpointLine(line, c, error));
            if (fields["session"] == id) fields["last_hash"] = newLast;
            fields["prev"] = prev;
            line = CheckpointLine(fields, c.signature); // the old signature: the key is not at hand
            prev = Sha256Hex(fields.dump());
        }
        WriteLines(checkpoints, lines);
        // Without the key the rewrite is consistent everywhere ...
        const auto noKey = f.Verify({});
        INFO(Describe(noKey.findings));
        CHECK(noKey.Intact());
        // ... and only the signatures show it.
        const auto report = f.VerifyWithKey();
        INFO(Describe(report.findings));
        CHECK(Has(report, checkpoints, 1, "signature does not verify with the given key"));
    }
}

TEST_CASE("a crash between the ledger close and the checkpoint: verify says so, recover signs it as a repair",
          "[checkpoint][recover]") {
    Folder f;
    f.Stopped();
    const std::string id = f.Stopped(false); // closed, but the process died before signing
    const std::string trail = f.records.SessionPath(id);
    auto report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    REQUIRE(report.findings.size() == 1);
    CHECK(Has(report, trail, 3, "closed session without checkpoint: the ledger closed it (ledger line 4)"));
    // Recovery is the remedy, said in plain words where a face puts its own (the CLI: its command).
    const FileFinding& missing = report.findings.front();
    CHECK(missing.kind == FindingKind::CheckpointMissing);
    REQUIRE(missing.remedy);
    CHECK(missing.remedy->kind == RemedyKind::Recover);
    CHECK(missing.remedy->path == trail);
    CHECK(missing.what.substr(missing.remedy->at, missing.remedy->length) == " (recovery adds one, marked as a repair)");
    CHECK(missing.what.find("checklistctl") == std::string::npos);
    CHECK_FALSE(f.Verify({}).Intact()); // the key is not needed to see a missing checkpoint

    // Without the key, recover cannot sign: nothing changes.
    CHECK_FALSE(RecoverTrail(trail, f.clock).changed);
    const auto result = RecoverTrail(trail, f.clock, RealSysIo(), &f.key);
    CHECK(result.changed);
    CHECK(result.message.find("signed checkpoint (marked as a repair") != std::string::npos);
    report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(report.Intact());
    REQUIRE(report.notes.size() == 1);
    CHECK(report.notes[0].line == 2);
    CHECK(report.notes[0].what.find("added by recovery") != std::string::npos);
    // Recovering again adds nothing.
    CHECK_FALSE(RecoverTrail(trail, f.clock, RealSysIo(), &f.key).changed);
}

TEST_CASE("recover does not sign a session the ledger does not close where the trail ends", "[checkpoint][recover]") {
    Folder f;
    const std::string id = f.Stopped(false);
    Rechain(f.records.LedgerPath(), [](std::vector<json>& lines) { lines.back()["payload"]["last_seq"] = 2; });
    RecoverTrail(f.records.SessionPath(id), f.clock, RealSysIo(), &f.key);
    CHECK_FALSE(fs::exists(f.Checkpoints()));
}

TEST_CASE("a torn last checkpoint is reported, refuses new ones, and is recovered", "[checkpoint][recover]") {
    Folder f;
    f.Stopped();
    f.Stopped();
    const std::string path = f.Checkpoints();
    const std::string bytes = test::ReadAll(path);
    test::WriteAll(path, bytes.substr(0, bytes.size() - 40));
    auto report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(Has(report, path, 2, "incomplete, not acknowledged"));
    CHECK(Has(report, f.records.SessionPath(f.sessions[1]), 3, "closed session without checkpoint"));
    auto session = f.Start();
    CHECK_THROWS_AS(session->Answer("psychosis", {"yes"}), LedgerBehindError); // the trail has it; the checkpoint cannot be signed
    const auto result = RecoverTrail(path, f.clock, RealSysIo(), &f.key);
    CHECK(result.changed);
    CHECK(Lines(path).size() == 1);
    // Each session's own recovery then signs what the crash kept out.
    for (const auto& id : {f.sessions[1], f.sessions[2]}) RecoverTrail(f.records.SessionPath(id), f.clock, RealSysIo(), &f.key);
    report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(report.Intact());
    CHECK(report.notes.size() == 2);
}

TEST_CASE("with --key, a folder without checkpoints has every closed session reported", "[checkpoint]") {
    Folder f;
    const std::string id = f.Stopped(false);
    CHECK(f.Verify({}).Intact()); // a folder from before checkpoints, without a key: as before
    const auto report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(Has(report, f.records.SessionPath(id), 3, "closed session without checkpoint"));
    CHECK(Has(report, f.records.SessionPath(id), 3, "there is no checkpoints.jsonl"));
}

TEST_CASE("a checkpoint whose session file is gone, or that the ledger does not close, is reported", "[checkpoint]") {
    Folder f;
    const std::string gone = f.Stopped();
    f.Stopped();
    fs::remove(f.records.SessionPath(gone));
    const auto report = f.VerifyWithKey();
    INFO(Describe(report.findings));
    CHECK(Has(report, f.Checkpoints(), 1, "checkpoint for session " + gone + ", but sessions/" + gone +
                                               ".jsonl is missing"));
}

TEST_CASE("base64 round-trips and refuses what is not canonical", "[checkpoint]") {
    std::string bytes;
    for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        CHECK(Base64Decode(Base64Encode(s), bytes));
        CHECK(bytes == s);
    }
    CHECK(Base64Encode("foobar") == "Zm9vYmFy");
    CHECK(Base64Encode("fo") == "Zm8=");
    CHECK_FALSE(Base64Decode("Zm9=", bytes)); // stray bits in the padding
    CHECK_FALSE(Base64Decode("Zm8", bytes));
    CHECK_FALSE(Base64Decode("Zm=8", bytes));
    CHECK_FALSE(Base64Decode("Z m8", bytes));
}
