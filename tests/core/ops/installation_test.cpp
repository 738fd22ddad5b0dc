// Opening the installation, one rule for both faces: records, key and log folders from the
// request or the data folder, the sharing the settings choose, and a clear refusal.
#include <sys/stat.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "kc/base/error.hpp"
#include "kc/ops/installation.hpp"
#include "process.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

mode_t ModeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

} // namespace

TEST_CASE("installation: the defaults sit in the data folder, the key never in the records", "[installation]") {
    test::TempDir dir;
    const std::string data = dir.File("data");
    const auto in = OpenInstallation(AppConfig{}, {data, {}, {}, {}, nullptr});
    CHECK(in->recordsDir == data + "/records");
    CHECK(in->keyDir == data + "/keys");
    CHECK(in->records->Root() == data + "/records");
    CHECK(fs::is_directory(data + "/records/sessions"));
    CHECK(ModeOf(data + "/records") == 0700);
    REQUIRE(in->key);
    CHECK(fs::exists(in->key->Path()));
    CHECK(in->key->Path().rfind(data + "/keys/", 0) == 0);
    CHECK_FALSE(in->forwarder); // forwarding is off by default
    REQUIRE(in->log != nullptr);
    CHECK_FALSE(fs::exists(data + "/logs")); // no log file unless asked for

    // The same key on the next start: a session closed today verifies with tomorrow's key.
    const auto again = OpenInstallation(AppConfig{}, {data, {}, {}, {}, nullptr});
    CHECK(again->key->KeyId() == in->key->KeyId());
}

TEST_CASE("installation: given folders, group sharing and a log file", "[installation]") {
    test::TempDir dir;
    AppConfig config;
    config.records.groupReadable = true;
    const auto in = OpenInstallation(config, {{}, dir.File("recs"), dir.File("k"), dir.File("logs"), nullptr});
    CHECK(in->records->Root() == dir.File("recs"));
    CHECK(ModeOf(dir.File("recs")) == 0750);
    CHECK(in->key->Path().rfind(dir.File("k") + "/", 0) == 0);
    in->log->Info("installation test");
    CHECK(fs::is_directory(dir.File("logs")));
    ManualClock clock{0, 1};
    SequentialIdGenerator ids{"i"};
    const SessionEnv env = in->Env(clock, ids);
    CHECK(&env.records == in->records.get());
    CHECK(env.signingKey == &*in->key);
}

TEST_CASE("installation: no folder to default to is refused by name", "[installation]") {
    test::TempDir dir;
    try {
        OpenInstallation(AppConfig{}, {{}, dir.File("recs"), {}, {}, nullptr});
        FAIL("opened without a key folder");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()) == "no key folder: neither XDG_DATA_HOME nor HOME is set");
    }
    CHECK_THROWS_AS(OpenInstallation(AppConfig{}, {{}, {}, dir.File("k"), {}, nullptr}), UsageError);
    // A records path that is a file: the folder's own IoError, naming it.
    test::WriteAll(dir.File("file"), "x");
    CHECK_THROWS_AS(OpenInstallation(AppConfig{}, {{}, dir.File("file"), dir.File("k"), {}, nullptr}), IoError);
}
