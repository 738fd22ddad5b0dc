// What checklistctl shows on a terminal when file names or recorded text hold terminal
// controls: everything it prints is escaped at one boundary (src/cli/terminal.cpp), so a
// crafted name cannot move the cursor, erase a line, hide the verdict or reorder text.
#include <filesystem>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "cli_run.hpp"
#include "kc/audit/codec.hpp"
#include "kc/protocol/loader.hpp"

using kc::test::kCtl;
using kc::test::Run;
namespace fs = std::filesystem;

namespace {

// What a terminal shows for `bytes`: a VT100 subset. CR, LF, BS and TAB; CSI (ESC [ or the C1
// CSI, raw or UTF-8) with cursor moves A B C D H, erases K and J, and SGR 8 (conceal) / 0 / 28;
// other escape sequences are consumed without effect. Concealed text is written as spaces.
std::vector<std::string> Screen(const std::string& bytes) {
    std::vector<std::string> rows(1);
    std::size_t row = 0, col = 0;
    bool concealed = false;
    auto put = [&](char c) {
        if (rows[row].size() < col + 1) rows[row].resize(col + 1, ' ');
        rows[row][col++] = concealed ? ' ' : c;
    };
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        std::size_t csi = 0; // where the parameters start
        if (c == 0x1b && i + 1 < bytes.size() && bytes[i + 1] == '[') csi = i + 2;
        else if (c == 0x9b) csi = i + 1;
        else if (c == 0xc2 && i + 1 < bytes.size() && static_cast<unsigned char>(bytes[i + 1]) == 0x9b) csi = i + 2;
        if (csi != 0) {
            std::size_t end = csi;
            while (end < bytes.size() && (std::isdigit(static_cast<unsigned char>(bytes[end])) || bytes[end] == ';' ||
                                          bytes[end] == '?'))
                ++end;
            if (end >= bytes.size()) break;
            const std::string params = bytes.substr(csi, end - csi);
            const int n = params.empty() || !std::isdigit(static_cast<unsigned char>(params[0])) ? 0 : std::stoi(params);
            switch (bytes[end]) {
            case 'A': row -= std::min(row, static_cast<std::size_t>(std::max(n, 1))); break;
            case 'B': row += static_cast<std::size_t>(std::max(n, 1)); break;
            case 'C': col += static_cast<std::size_t>(std::max(n, 1)); break;
            case 'D': col -= std::min(col, static_cast<std::size_t>(std::max(n, 1))); break;
            case 'H': row = 0; col = 0; break;
            case 'K':
                if (n == 2) rows[row].clear();
                else if (rows[row].size() > col) rows[row].resize(col);
                break;
            case 'J': rows.assign(rows.size(), std::string()); break;
            case 'm':
                if (n == 8) concealed = true;
                if (n == 0 || n == 28) concealed = false;
                break;
            default: break;
            }
            if (rows.size() <= row) rows.resize(row + 1);
            i = end;
            continue;
        }
        if (c == 0x1b) { // another escape sequence: ESC and one more byte
            ++i;
            continue;
        }
        if (c == '\r') col = 0;
        else if (c == '\n') {
            ++row;
            col = 0; // the terminal's onlcr, and a pipe's LF alike
            if (rows.size() <= row) rows.resize(row + 1);
        } else if (c == '\b') col -= col > 0 ? 1 : 0;
        else if (c == '\t') col = (col / 8 + 1) * 8;
        else if (c >= 0x20) put(static_cast<char>(c));
    }
    for (auto& r : rows) r.erase(r.find_last_not_of(' ') + 1);
    return rows;
}

std::string LastLine(const std::vector<std::string>& screen) {
    for (auto it = screen.rbegin(); it != screen.rend(); ++it)
        if (!it->empty()) return *it;
    return {};
}

// A byte or character a terminal acts on, or that reorders text: none may reach the screen raw.
std::string FirstControl(const std::string& shown) {
    for (std::size_t i = 0; i < shown.size();) {
        const auto c = static_cast<unsigned char>(shown[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return fmt::format("byte 0x{:02x} at {}", c, i);
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (length == 0 || i + length > shown.size()) return fmt::format("byte 0x{:02x} that is not UTF-8 at {}", c, i);
        const std::string_view sequence(shown.data() + i, length);
        if (c == 0xc2 && static_cast<unsigned char>(shown[i + 1]) <= 0x9f) return fmt::format("C1 control at {}", i);
        for (const std::string_view bidi : {"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
                                            "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9", "\xe2\x80\x8e",
                                            "\xe2\x80\x8f", "\xd8\x9c"})
            if (sequence == bidi) return fmt::format("bidirectional control at {}", i);
        i += length;
    }
    return {};
}

// A pty turns each LF into CR LF: the CR it adds is the terminal's, not the program's.
std::string WithoutPtyCr(std::string out) {
    for (std::size_t at; (at = out.find("\r\n")) != std::string::npos;) out.erase(at, 1);
    return out;
}

// A records folder with one completed session.
std::string CompletedRecords(const kc::test::TempDir& dir) {
    const std::string records = dir.File("records");
    const auto r = kc::test::RunScripted(records, kc::test::kAnswersDir + "example-complete.answers.yaml");
    REQUIRE(r.exitCode == 0);
    return records;
}

std::string OnlyTrail(const std::string& records) {
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") return e.path().string();
    return {};
}

// Names that try to take over the terminal, one of each kind.
const std::vector<std::pair<std::string, std::string>> kCraftedNames = {
    {"cursor up and erase", "x\x1b[1A\x1b[2K\rgone"},
    {"conceal the rest", "x\x1b[8mhidden"},
    {"clear the screen", "x\x1b[2J\x1b[Hclear"},
    {"backspace and bell", "x\b\b\b\amoved"},
    {"C1 CSI", "x\xc2\x9b" "2Jc1"},
    {"raw C1 byte", "x\x9b" "2Jraw"},
    {"right-to-left override", "x\xe2\x80\xae" "lmth.exe"},
    {"DEL", "x\x7f" "del"},
};

} // namespace

TEST_CASE("a crafted file name cannot make verify look intact on a terminal while it exits 1", "[cli][terminal]") {
    kc::test::TempDir dir;
    const std::string records = CompletedRecords(dir);
    const std::string intact = kc::test::RunWithin(30, {kCtl, "verify", records}).out;
    REQUIRE(intact.find("1 session files, 13 events: intact") != std::string::npos);
    // A copy of the trail under a name that ends concealment, erases its line, moves up over the
    // line before, writes the summary of an intact folder and conceals everything after it.
    const std::string crafted =
        "a\r\x1b[0m\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K1 session files, 13 events: intact\x1b[8m.jsonl";
    fs::copy_file(OnlyTrail(records), records + "/sessions/" + crafted);

    const auto shown = kc::test::RunOnTerminal({kCtl, "verify", records});
    REQUIRE_FALSE(shown.timedOut);
    INFO(shown.out);
    CHECK(shown.exitCode == 1);
    CHECK(FirstControl(WithoutPtyCr(shown.out)) == "");
    const auto screen = Screen(shown.out);
    std::string onScreen;
    for (const auto& line : screen) onScreen += line + "\n";
    INFO("the screen shows:\n" << onScreen);
    CHECK(LastLine(screen).find("2 session files, 26 events: ") == 0);
    CHECK(LastLine(screen).find("problem") != std::string::npos);
    for (const auto& line : screen) CHECK(line.find("1 session files, 13 events: intact") != 0);
    // The name is still named, as visible text.
    CHECK(shown.out.find("a\\x0d\\x1b[0m\\x1b[2K\\x1b[1A") != std::string::npos);

    // The same through a pipe.
    const auto piped = kc::test::RunWithin(30, {kCtl, "verify", records});
    CHECK(piped.exitCode == 1);
    CHECK(FirstControl(piped.out + piped.err) == "");
    CHECK(LastLine(Screen(piped.out)).find("problem") != std::string::npos);
}

TEST_CASE("every command shows a crafted path from its command line as visible text", "[cli][terminal]") {
    kc::test::TempDir dir;
    for (const auto& [what, name] : kCraftedNames) {
        const std::string path = dir.File(name);
        int command = 0;
        for (const std::vector<std::string>& args :
             std::vector<std::vector<std::string>>{{"validate", path + ".yaml"},
                                                   {"show", path + ".yaml"},
                                                   {"verify", path},
                                                   {"replay", path + ".jsonl"},
                                                   {"recover", path + ".jsonl"},
                                                   {"report", path},
                                                   {"export", path + ".jsonl"},
                                                   {"run", path + ".yaml", "--answers", path, "--records", path,
                                                    "--operator", "Dr A", "--role", "nurse", "--patient-ref", "P-1"},
                                                   {"verify", dir.Path(), "--no-such-option" + name}}) {
            DYNAMIC_SECTION(what << ": command " << ++command << ", " << args[0]) {
                std::vector<std::string> argv{kCtl};
                argv.insert(argv.end(), args.begin(), args.end());
                const auto r = kc::test::RunWithin(30, argv);
                INFO(r.out << r.err);
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode != 0);
                CHECK(FirstControl(r.out + r.err) == "");
                const std::string all = r.out + r.err; // the name is still named, visibly
                CHECK((all.find("\\x") != std::string::npos || all.find("\\u{") != std::string::npos));
            }
        }
    }
}

TEST_CASE("recorded text reaches the terminal escaped, and a file written with -o keeps its bytes",
          "[cli][terminal]") {
    kc::test::TempDir dir;
    const std::string records = CompletedRecords(dir);
    // A forged trail: sealed and chained as the writer seals them, with controls in the text.
    const auto protocol = kc::LoadProtocolFile(kc::test::kMinimalProtocol).protocol;
    REQUIRE(protocol);
    const std::string evil = "Dr \x1b[2J\x1b[H\xe2\x80\xae" "A\x1b[8m";
    std::string trail, prev = kc::kGenesisHash;
    std::uint64_t seq = 0;
    for (const kc::EventBody& body :
         std::vector<kc::EventBody>{kc::ev::SessionStarted{{protocol->id, protocol->version, protocol->sha256,
                                                            protocol->title},
                                                           "P-\x1b[31mred",
                                                           "ward\r9"},
                                    kc::ev::SessionAbandoned{"declined \x1b[1A\x1b[2K\xc2\x9b" "2J"}}) {
        kc::Event e;
        e.seq = ++seq;
        e.utcMs = 1'795'614'000'000 + static_cast<std::int64_t>(seq);
        e.sessionId = "forged";
        e.actor = {evil, "nurse\xe2\x81\xa7"};
        e.body = body;
        e.prevHash = prev;
        trail += kc::EncodeLine(e) + "\n";
        prev = e.hash;
    }
    const std::string forged = records + "/sessions/forged.jsonl";
    kc::test::WriteAll(forged, trail);

    const std::vector<std::vector<std::string>> commands = {
        {"replay", forged}, {"verify", records}, {"report", records}, {"report", records, "--format", "json"},
        {"report", records, "--format", "html"}, {"export", forged, "--allow-damaged"}};
    for (std::size_t c = 0; c < commands.size(); ++c) {
        const auto& args = commands[c];
        DYNAMIC_SECTION("command " << c << ": " << args[0]) { // a stable name (no temporary path)
            std::vector<std::string> argv{kCtl};
            argv.insert(argv.end(), args.begin(), args.end());
            const auto shown = kc::test::RunOnTerminal(argv);
            INFO(shown.out);
            REQUIRE_FALSE(shown.timedOut);
            CHECK(FirstControl(WithoutPtyCr(shown.out)) == "");
        }
    }
    const auto replay = kc::test::RunWithin(30, {kCtl, "replay", forged});
    CHECK(FirstControl(replay.out + replay.err) == "");
    CHECK(replay.out.find("Dr \\x1b[2J\\x1b[H\\u{202e}A\\x1b[8m") != std::string::npos);

    // Documents keep their bytes: through a pipe and in a file (CSV keeps the text as recorded).
    const auto csv = kc::test::RunWithin(30, {kCtl, "report", records});
    CHECK(csv.out.find(evil) != std::string::npos);
    const std::string file = dir.File("report.csv");
    REQUIRE(kc::test::RunWithin(30, {kCtl, "report", records, "-o", file}).exitCode == 1);
    CHECK(kc::test::ReadAll(file) == csv.out);
    CHECK(FirstControl(csv.err) == ""); // what it says on stderr is for a person
}
