// checklistctl key export and verify --key as an installation and an auditor use them, and
// the documented openssl recipe that checks a checkpoint without our binary.
#include <filesystem>
#include <sstream>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

using kc::test::kCtl;
using kc::test::Run;
namespace fs = std::filesystem;

namespace {

kc::test::ProcessResult RunSession(const std::string& records, const std::string& keyDir, const std::string& answers) {
    return kc::test::RunScripted(records, kc::test::kAnswersDir + answers,
                                 {"Dr A", "P-CLI-CP", {"--key-dir", keyDir, "--quiet"}});
}

// Records with a completed and a stopped session, and the installation's public key exported.
struct Installation {
    kc::test::TempDir dir;
    std::string records = dir.File("records");
    std::string keyDir = dir.File("keys");
    std::string pub = dir.File("pub.pem");

    Installation() {
        REQUIRE(RunSession(records, keyDir, "example-complete.answers.yaml").exitCode == 0);
        REQUIRE(RunSession(records, keyDir, "example-psychosis-stop.answers.yaml").exitCode == 3);
        const auto exported = Run({kCtl, "key", "export", "--key-dir", keyDir});
        REQUIRE(exported.exitCode == 0);
        kc::test::WriteAll(pub, exported.out);
    }
    std::string Checkpoints() const { return records + "/checkpoints.jsonl"; }
};

std::vector<std::string> Lines(const std::string& text) { return kc::test::SplitLines(text); }

kc::test::ProcessResult Shell(const std::string& script) { return Run({"/bin/bash", "-c", script}); }

} // namespace

TEST_CASE("key export prints the public key and its id, the key is created once and private", "[cli][checkpoint]") {
    Installation i;
    const auto exported = Run({kCtl, "key", "export", "--key-dir", i.keyDir});
    CHECK(exported.out.rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
    CHECK(exported.out.find("-----END PUBLIC KEY-----\n") == exported.out.size() - 25);
    CHECK(exported.out == kc::test::ReadAll(i.pub)); // the same key every time
    // The key id is the SHA-256 of the DER public key, as openssl computes it.
    const auto openssl = Shell("openssl pkey -pubin -in '" + i.pub + "' -outform DER | sha256sum | cut -c1-64");
    REQUIRE(openssl.exitCode == 0);
    const std::string keyId = openssl.out.substr(0, 64);
    CHECK(exported.err.find("key id (SHA-256 of the DER public key): " + keyId) != std::string::npos);
    CHECK(kc::test::ReadAll(i.Checkpoints()).find("\"key_id\":\"" + keyId + "\"") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat((i.keyDir + "/installation-ed25519.pem").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    REQUIRE(::stat(i.keyDir.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
}

TEST_CASE("verify --key passes intact records and says what it checked", "[cli][checkpoint]") {
    Installation i;
    CHECK(Lines(kc::test::ReadAll(i.Checkpoints())).size() == 2);
    const auto v = Run({kCtl, "verify", i.records, "--key", i.pub});
    INFO(v.out << v.err);
    CHECK(v.exitCode == 0);
    CHECK(v.out == "2 session files, 17 events: intact\n");
    const auto noKey = Run({kCtl, "verify", i.records});
    CHECK(noKey.exitCode == 0);
    CHECK(noKey.out.find("note: " + i.Checkpoints() +
                         ": 2 checkpoints: chain checked, signatures not checked (no --key given)\n") == 0);
}

TEST_CASE("verify --key reports tampering as FILE:LINE: what and exits 1", "[cli][checkpoint]") {
    Installation i;
    auto lines = Lines(kc::test::ReadAll(i.Checkpoints()));
    SECTION("a flipped byte") {
        const auto at = lines[1].find("\"last_seq\":") + 11;
        lines[1][at] = '9';
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        kc::test::WriteAll(i.Checkpoints(), text);
        const auto v = Run({kCtl, "verify", i.records, "--key", i.pub});
        CHECK(v.exitCode == 1);
        CHECK(v.out.find(i.Checkpoints() + ":2: signature does not verify with the given key\n") != std::string::npos);
    }
    SECTION("records signed by another installation") {
        kc::test::TempDir other;
        const auto exported = Run({kCtl, "key", "export", "--key-dir", other.File("keys")});
        REQUIRE(exported.exitCode == 0);
        kc::test::WriteAll(other.File("pub.pem"), exported.out);
        const auto v = Run({kCtl, "verify", i.records, "--key", other.File("pub.pem")});
        CHECK(v.exitCode == 1);
        CHECK(v.out.find(i.Checkpoints() + ":1: signature does not verify with the given key (the checkpoint names "
                                           "key ") != std::string::npos);
        CHECK(v.out.find(i.Checkpoints() + ":2: ") != std::string::npos);
    }
    SECTION("a key file that is not a public key") {
        const auto v = Run({kCtl, "verify", i.records, "--key", i.keyDir + "/installation-ed25519.pem"});
        CHECK(v.exitCode == 2);
        CHECK(v.err.find("not a PEM public key") != std::string::npos);
        CHECK(Run({kCtl, "verify", i.records, "--key", i.dir.File("absent.pem")}).exitCode == 2);
    }
}

TEST_CASE("a checkpoint verifies with openssl alone, as docs/audit-trail-format.md shows", "[cli][checkpoint]") {
    Installation i;
    // The recipe of the documentation, word for word (section 9): the message is the line
    // without its signature member, the signature its base64 decoded.
    const std::string recipe = "set -e; cd '" + i.dir.Path() + "'; F=records/checkpoints.jsonl; N=2\n"
        R"SH(sed -n "${N}p" "$F" | tr -d '\n' | sed -E 's/,"signature":"[A-Za-z0-9+\/=]{88}"}$/}/' > msg
sed -n "${N}p" "$F" | sed -E 's/.*,"signature":"([A-Za-z0-9+\/=]{88})"}$/\1/' | base64 -d > sig
openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg -sigfile sig
)SH";
    const auto ok = Shell(recipe);
    INFO(ok.out << ok.err);
    CHECK(ok.exitCode == 0);
    CHECK(ok.out == "Signature Verified Successfully\n");
    CHECK(fs::file_size(i.dir.File("sig")) == 64);
    // The previous checkpoint's hash is the SHA-256 of its message bytes.
    const auto prev = Shell("cd '" + i.dir.Path() +
                            R"SH('; sed -n 1p records/checkpoints.jsonl | tr -d '\n' | sed -E 's/,"signature":"[A-Za-z0-9+\/=]{88}"}$/}/' | sha256sum | cut -c1-64)SH");
    CHECK(kc::test::ReadAll(i.dir.File("msg")).find("\"prev\":\"" + prev.out.substr(0, 64) + "\"") !=
          std::string::npos);
    // A changed message does not verify.
    auto lines = Lines(kc::test::ReadAll(i.Checkpoints()));
    lines[1].replace(lines[1].find("\"time\":\"2"), 9, "\"time\":\"1");
    kc::test::WriteAll(i.Checkpoints(), lines[0] + "\n" + lines[1] + "\n");
    const auto bad = Shell(recipe);
    CHECK(bad.exitCode != 0);
    CHECK(bad.out.find("Signature Verification Failure") != std::string::npos);
}

TEST_CASE("after a crash before the checkpoint, recover --key-dir signs it as a repair", "[cli][checkpoint]") {
    Installation i;
    // The crash: the stopped session's close is in the ledger, its checkpoint never written.
    const auto lines = Lines(kc::test::ReadAll(i.Checkpoints()));
    kc::test::WriteAll(i.Checkpoints(), lines[0] + "\n");
    std::string stopped;
    for (const auto& e : fs::directory_iterator(i.records + "/sessions"))
        if (lines[1].find(e.path().stem().string()) != std::string::npos) stopped = e.path().string();
    REQUIRE_FALSE(stopped.empty());
    const auto before = Run({kCtl, "verify", i.records, "--key", i.pub});
    CHECK(before.exitCode == 1);
    CHECK(before.out.find(stopped + ":4: closed session without checkpoint") != std::string::npos);

    const auto recovered = Run({kCtl, "recover", stopped, "--key-dir", i.keyDir});
    INFO(recovered.out << recovered.err);
    CHECK(recovered.exitCode == 0);
    CHECK(recovered.out == stopped + ": intact; nothing to recover; checkpoints.jsonl now holds its signed checkpoint "
                                     "(marked as a repair; a crash had kept it out)\n");
    const auto after = Run({kCtl, "verify", i.records, "--key", i.pub});
    CHECK(after.exitCode == 0);
    CHECK(after.out.find("note: " + i.Checkpoints() + ":2: checkpoint for session ") == 0);
    CHECK(after.out.find("added by recovery") != std::string::npos);
}
