// The one chained-log primitive under the trail, the ledger and the checkpoints: the scan
// names the first break (torn, unread, sequence, link, refused) at its line, and the locked
// append chains each line to the last one and refuses after a torn or damaged tail.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "kc/audit/chained_log.hpp"
#include "kc/base/sha256.hpp"
#include "process.hpp"

using namespace kc;

namespace {

// A toy chained format, "seq prev", whose hash is the SHA-256 of the line.
std::string Line(std::uint64_t seq, const std::string& prev) { return std::to_string(seq) + " " + prev; }

struct Toy {
    std::string hash;
    std::string prev;
};

ChainScan Scan(std::string_view bytes, std::vector<int>* accepted = nullptr, int refuseAt = 0) {
    Toy toy;
    return ScanChain(
        bytes,
        [&](std::string_view line, ChainLink& link, std::string& error) {
            const auto space = line.find(' ');
            if (space == std::string_view::npos) {
                error = "not a toy line";
                return false;
            }
            toy.prev = std::string(line.substr(space + 1));
            toy.hash = Sha256Hex(line);
            link = {std::stoull(std::string(line.substr(0, space))), toy.prev, toy.hash};
            return true;
        },
        [&](int lineNo) {
            if (lineNo == refuseAt) return std::string("refused by the caller");
            if (accepted) accepted->push_back(lineNo);
            return std::string();
        });
}

std::string Chain(int n) {
    std::string bytes, prev = kGenesisHash;
    for (int i = 1; i <= n; ++i) {
        const std::string line = Line(static_cast<std::uint64_t>(i), prev);
        prev = Sha256Hex(line);
        bytes += line + "\n";
    }
    return bytes;
}

} // namespace

TEST_CASE("the chain scan names the first break at its line", "[chained-log]") {
    const std::string intact = Chain(3);
    std::vector<int> accepted;
    ChainScan scan = Scan(intact, &accepted);
    CHECK_FALSE(scan.problem);
    CHECK(scan.lines == 3);
    CHECK(scan.intactBytes == intact.size());
    CHECK(accepted == std::vector<int>{1, 2, 3});

    scan = Scan(intact + "4 abc");
    REQUIRE(scan.problem);
    CHECK(scan.problem->kind == ChainBreak::Torn);
    CHECK(scan.problem->line == 4);
    CHECK(scan.lines == 4);
    CHECK(scan.intactBytes == intact.size());
    CHECK(scan.problem->offset == intact.size());

    scan = Scan(intact + "garbage\n");
    REQUIRE(scan.problem);
    CHECK(scan.problem->kind == ChainBreak::Unread);
    CHECK(scan.problem->what == "not a toy line");

    const std::string lines = Chain(4);
    const std::string withoutSecond = lines.substr(0, lines.find('\n') + 1) + lines.substr(lines.find('\n', lines.find('\n') + 1) + 1);
    scan = Scan(withoutSecond);
    REQUIRE(scan.problem);
    CHECK(scan.problem->kind == ChainBreak::Sequence);
    CHECK(scan.problem->line == 2);
    CHECK(scan.problem->seq == 3);
    CHECK(scan.problem->expected == 2);

    scan = Scan(intact + Line(4, kGenesisHash) + "\n");
    REQUIRE(scan.problem);
    CHECK(scan.problem->kind == ChainBreak::Link);
    CHECK(scan.problem->line == 4);

    accepted.clear();
    scan = Scan(intact, &accepted, 2);
    REQUIRE(scan.problem);
    CHECK(scan.problem->kind == ChainBreak::Refused);
    CHECK(scan.problem->what == "refused by the caller");
    CHECK(accepted == std::vector<int>{1});
    CHECK(scan.intactBytes == intact.find('\n') + 1);
}

TEST_CASE("the locked append chains each line to the last and refuses after a torn or damaged tail",
          "[chained-log]") {
    test::TempDir dir;
    ChainAppend append;
    append.path = dir.File("toy.jsonl");
    append.folder = dir.Path();
    append.names = {"the toy", "the toy's last line", "the toy's end", "toy", ""};
    append.readHead = [](const std::string& last, ChainHead& head, std::string& error) {
        const auto space = last.find(' ');
        if (space == std::string::npos) {
            error = "not a toy line";
            return false;
        }
        head = {std::stoull(last.substr(0, space)), Sha256Hex(last)};
        return true;
    };
    append.nextLine = [](const ChainHead& head) { return Line(head.seq + 1, head.hash); };
    for (int i = 0; i < 3; ++i) AppendChained(append, RealSysIo());
    CHECK(test::ReadAll(append.path) == Chain(3));

    test::WriteAll(append.path, Chain(3) + "4 ab");
    try {
        AppendChained(append, RealSysIo());
        FAIL("appended after a torn line");
    } catch (const AuditWriteError& e) {
        CHECK(std::string(e.what()) == append.path + ": the toy's last line is incomplete (an interrupted write); recover it");
        REQUIRE(e.GetRemedy());
        CHECK(e.GetRemedy()->kind == RemedyKind::Recover);
    }
    test::WriteAll(append.path, Chain(3) + "garbage\n");
    CHECK_THROWS_WITH(AppendChained(append, RealSysIo()), Catch::Contains("the toy's last line is damaged (not a toy line)"));
    CHECK(test::ReadAll(append.path) == Chain(3) + "garbage\n");
}
