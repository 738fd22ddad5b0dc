// A FIFO, socket, device or folder where a regular file is expected is refused by name and
// never opened for reading: nothing the core reads or appends to can block on it.
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "process.hpp"

using namespace kc;

TEST_CASE("ReadFile and the durable append file refuse every kind of special file by name, at once", "[special]") {
    const test::Watchdog watchdog(60); // opening a FIFO for reading would block forever
    for (const auto kind : test::kSpecialFiles) {
        DYNAMIC_SECTION(test::SpecialFileName(kind)) {
            test::TempDir dir;
            const std::string path = dir.File("special.jsonl");
            const std::string words = test::MakeSpecialFile(path, kind);
            try {
                ReadFile(path, 1024);
                FAIL("read " << path);
            } catch (const NotRegularFileError& e) {
                CHECK(std::string(e.what()) == path + ": " + words);
                CHECK(e.Detail() == words);
            }
            for (const auto mode : {DurableAppendFile::Mode::OpenExisting, DurableAppendFile::Mode::CreateNew}) {
                try {
                    DurableAppendFile file(path, mode);
                    FAIL("opened " << path << " to append");
                } catch (const AuditWriteError& e) {
                    CHECK(std::string(e.what()) == path + ": cannot open the audit file: " + words);
                }
            }
            CHECK_THROWS_AS(OpenRegularFile(path, O_RDONLY), NotRegularFileError);
        }
    }
}

TEST_CASE("OpenRegularFile opens regular files as asked and leaves them blocking", "[special]") {
    test::TempDir dir;
    const std::string path = dir.File("plain.txt");
    CHECK(OpenRegularFile(path, O_RDONLY) == -1); // missing: open's own answer
    CHECK(errno == ENOENT);
    const int created = OpenRegularFile(path, O_WRONLY | O_CREAT | O_EXCL, RealSysIo(), 0600);
    REQUIRE(created >= 0);
    CHECK((fcntl(created, F_GETFL) & O_NONBLOCK) == 0);
    close(created);
    test::WriteAll(path, "bytes");
    CHECK(ReadFile(path, 1024) == "bytes");
    test::TempDir other;
    REQUIRE(symlink(path.c_str(), other.File("link").c_str()) == 0);
    CHECK(ReadFile(other.File("link"), 1024) == "bytes"); // a link to a regular file is read
}
