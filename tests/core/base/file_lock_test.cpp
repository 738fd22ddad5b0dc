// The writer lock under every session (kc/base/file_lock.hpp): who holds it, a dead holder's
// file taken over, a second taker refused, and only regular files locked.
#include <filesystem>

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "kc/base/file_lock.hpp"
#include "process.hpp"

using namespace kc;
namespace fs = std::filesystem;

TEST_CASE("a writer lock survives nothing but its holder: a lock file left by a dead process is taken over",
          "[lock]") {
    test::TempDir dir;
    const std::string path = dir.File("s.lock");
    // A crash leaves the file with its holder's words in it, but no lock.
    test::WriteAll(path, "host=elsewhere\npid=12\nwhat=open\nsince=2026-01-01T00:00:00.000Z\n");
    CHECK_FALSE(FileLock::Holder(path));
    LockHolder busy;
    auto lock = FileLock::Acquire(path, {"here", 7, "testing", "now"}, FileLock::Wait::No, 0600, &busy);
    REQUIRE(lock);
    const auto holder = FileLock::Holder(path);
    REQUIRE(holder);
    CHECK(holder->host == "here");
    CHECK(holder->pid == 7);
    CHECK(holder->what == "testing");
    // A second taker in this process is refused and told who has it.
    CHECK_FALSE(FileLock::Acquire(path, {"there", 8, "other", "later"}, FileLock::Wait::No, 0600, &busy));
    CHECK(busy.host == "here");
    CHECK(busy.since == "now");
}

TEST_CASE("a lock file that is not a regular file is refused, never opened for reading", "[lock]") {
    test::TempDir dir;
    const std::string fifo = dir.File("s.lock");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(FileLock::Holder(fifo), Catch::Contains("not a regular file"));
    CHECK_THROWS_WITH(FileLock::Acquire(fifo, {}, FileLock::Wait::No, 0600, nullptr),
                      Catch::Contains("not a regular file"));
    fs::create_directory(dir.File("d.lock"));
    CHECK_THROWS_AS(FileLock::Acquire(dir.File("d.lock"), {}, FileLock::Wait::No, 0600, nullptr), IoError);
}


TEST_CASE("a holder whose lock file was replaced leaves the new holder's file alone", "[lock]") {
    test::TempDir dir;
    const std::string path = dir.File("s.lock");
    auto first = FileLock::Acquire(path, {"a", 1, "first", "t1"}, FileLock::Wait::No, 0600, nullptr);
    REQUIRE(first);
    fs::remove(path); // removed by hand while held
    auto second = FileLock::Acquire(path, {"b", 2, "second", "t2"}, FileLock::Wait::No, 0600, nullptr);
    REQUIRE(second);
    first.reset();
    REQUIRE(fs::exists(path));
    const auto holder = FileLock::Holder(path);
    REQUIRE(holder);
    CHECK(holder->what == "second");
}
