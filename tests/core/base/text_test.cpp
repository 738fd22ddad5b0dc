#include <catch2/catch.hpp>

#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

#include <fmt/format.h>

using namespace kc;

TEST_CASE("FindInvalidText finds the first bad byte with its line and column", "[text]") {
    CHECK_FALSE(FindInvalidText("plain\ttext\r\nwith é, ≥ and 😀\n"));
    auto bad = FindInvalidText("ok\nab\xc3\x28");
    REQUIRE(bad);
    CHECK(bad->line == 2);
    CHECK(bad->column == 3);
    CHECK(FindInvalidText(std::string("a\0b", 3))->column == 2);
    CHECK(FindInvalidText("\xc0\xaf"));             // overlong '/'
    CHECK(FindInvalidText("\xed\xa0\x80"));         // UTF-16 surrogate
    CHECK(FindInvalidText("\xf4\x90\x80\x80"));     // past U+10FFFF
    CHECK(FindInvalidText("\xe2\x82"));             // truncated
    CHECK(FindInvalidText("x\x7f")->column == 2);   // DEL
}

TEST_CASE("edit distance counts a swap of neighbours as one edit", "[text]") {
    CHECK(EditDistance("prompt", "prompt") == 0);
    CHECK(EditDistance("promt", "prompt") == 1);
    CHECK(EditDistance("stpes", "steps") == 1);
    CHECK(EditDistance("", "abc") == 3);
    CHECK(ClosestMatch("promt", {"id", "prompt", "help"}) == "prompt");
    CHECK(ClosestMatch("a", {"id", "prompt"}).empty());
    CHECK(ClosestMatch("colour", {"id", "prompt"}).empty());
}

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[text]") {
    CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(ToHex(Sha256Of("a", "bc")) == Sha256Hex("abc")); // the verify path's two-part digest
    CHECK(ToHex(Sha256Of("abc")) == Sha256Hex("abc"));
}

TEST_CASE("HtmlEscape escapes markup characters", "[text]") {
    CHECK(HtmlEscape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("HtmlEscape shows controls and bidirectional formatting as text and keeps prose as it is", "[text]") {
    CHECK(HtmlEscape("line 1\nline 2\tתודה \xe2\x80\x8f(RLM) é") == "line 1\nline 2\tתודה \xe2\x80\x8f(RLM) é");
    CHECK(HtmlEscape("a\x1b[2Jb") == "a\\x1b[2Jb");
    CHECK(HtmlEscape("dose \xe2\x80\xae" "gm 01<") == "dose \\u{202e}gm 01&lt;");
    CHECK(HtmlEscape("x\xc2\x9by\xff") == "x\\u{9b}y\\xff");
}

namespace {

// The UTF-8 bytes of one code point.
std::string Utf8(char32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xc0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xe0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        s += static_cast<char>(0xf0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return s;
}

// Every code point that controls a terminal or reorders what is shown, by class.
std::vector<char32_t> Range(char32_t from, char32_t to) {
    std::vector<char32_t> all;
    for (char32_t cp = from; cp <= to; ++cp) all.push_back(cp);
    return all;
}
const std::vector<char32_t> kC1 = Range(0x80, 0x9f);
const std::vector<char32_t> kBidiFormatting = [] {
    auto all = Range(0x202a, 0x202e); // embeddings, pop, overrides
    for (char32_t cp : Range(0x2066, 0x2069)) all.push_back(cp); // isolates
    return all;
}();
const std::vector<char32_t> kBidiMarks = {0x200e, 0x200f, 0x061c};
const std::vector<char32_t> kSeparators = {0x2028, 0x2029};

} // namespace

TEST_CASE("a name refuses every control, bidirectional formatting and mark, a paragraph keeps its line breaks",
          "[text]") {
    const std::vector<std::string> clean = {"Dr Zoë O'Brien-Smith", "د. أحمد", "ד״ר כהן", "王医生", "Émile (RN), ward 3"};
    for (const auto& text : clean) {
        CHECK_FALSE(FindInvalidText(text, TextRules::Line));
        CHECK_FALSE(FindInvalidText(text, TextRules::Paragraph));
    }
    for (char32_t c = 0; c < 0x20; ++c) {
        INFO("C0 " << static_cast<int>(c));
        const std::string text = fmt::format("Dr {}A", Utf8(c));
        CHECK(FindInvalidText(text, TextRules::Line));
        const bool lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
        CHECK(FindInvalidText(text, TextRules::Paragraph).has_value() == !lineBreakOrTab);
        CHECK(FindInvalidText(text, TextRules::File).has_value() == !lineBreakOrTab);
    }
    for (auto rules : {TextRules::Line, TextRules::Paragraph, TextRules::File})
        CHECK(FindInvalidText("Dr \x7f" "A", rules));
    for (const auto& set : {kC1, kBidiFormatting}) {
        for (char32_t cp : set) {
            INFO("U+" << std::hex << static_cast<unsigned>(cp));
            const std::string text = fmt::format("Dr {}A", Utf8(cp));
            const auto bad = FindInvalidText(text, TextRules::Line);
            REQUIRE(bad);
            CHECK(bad->column == 4);
            CHECK(FindInvalidText(text, TextRules::Paragraph));
            CHECK_FALSE(FindInvalidText(text, TextRules::File)); // protocol files keep their rules (the loader's)
        }
    }
    for (const auto& set : {kBidiMarks, kSeparators}) {
        for (char32_t cp : set) {
            INFO("U+" << std::hex << static_cast<unsigned>(cp));
            const std::string text = fmt::format("Dr A{}", Utf8(cp));
            CHECK(FindInvalidText(text, TextRules::Line));
            CHECK_FALSE(FindInvalidText(text, TextRules::Paragraph)); // right-to-left prose may need a mark
        }
    }
    CHECK(FindInvalidText("Dr \xe2\x80\xae" "A", TextRules::Line)->what.find("U+202E") != std::string::npos);
    CHECK(FindInvalidText("Dr \xc2\x9b" "A", TextRules::Line)->what.find("U+009B") != std::string::npos);
    CHECK(FindInvalidText("Dr\tA", TextRules::Line)->what.find("0x09") != std::string::npos);
}

TEST_CASE("EscapeControls shows every terminal control and bidirectional character as visible text", "[text]") {
    CHECK(EscapeControls("plain, é, ≥, 😀, tab\there\nnext line") == "plain, é, ≥, 😀, tab\there\nnext line");
    CHECK(EscapeControls("a\x1b[2K\rb") == "a\\x1b[2K\\x0db");
    CHECK(EscapeControls(std::string("nul\0!", 5)) == "nul\\x00!");
    CHECK(EscapeControls("del\x7f") == "del\\x7f");
    CHECK(EscapeControls("bad \xff\xc3(") == "bad \\xff\\xc3(");  // not UTF-8: each byte shown
    CHECK(EscapeControls("cut \xe2\x80") == "cut \\xe2\\x80");     // a truncated sequence at the end
    for (char32_t c = 0; c < 0x20; ++c) {
        if (c == '\t' || c == '\n') continue;
        INFO("C0 " << static_cast<int>(c));
        const std::string escaped = EscapeControls(Utf8(c));
        CHECK(escaped == fmt::format("\\x{:02x}", static_cast<unsigned>(c)));
    }
    for (const auto& set : {kC1, kBidiFormatting, kBidiMarks, kSeparators})
        for (char32_t cp : set) {
            INFO("U+" << std::hex << static_cast<unsigned>(cp));
            CHECK(EscapeControls(fmt::format("x{}y", Utf8(cp))) == fmt::format("x\\u{{{:x}}}y", static_cast<unsigned>(cp)));
        }
    // Nothing escaped holds a byte a terminal acts on.
    std::string everything;
    for (int b = 0; b < 256; ++b) everything += static_cast<char>(b);
    for (const auto& set : {kC1, kBidiFormatting, kBidiMarks, kSeparators})
        for (char32_t cp : set) everything += Utf8(cp);
    const std::string shown = EscapeControls(everything);
    for (char c : shown) {
        const bool visible = (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
        CHECK(visible);
    }
}

TEST_CASE("IncompleteUtf8Tail holds back only the start of a sequence that may still be completed", "[text]") {
    CHECK(IncompleteUtf8Tail("abc") == 0);
    CHECK(IncompleteUtf8Tail("ab\xe2") == 1);
    CHECK(IncompleteUtf8Tail("ab\xe2\x80") == 2);
    CHECK(IncompleteUtf8Tail("ab\xe2\x80\xae") == 0);
    CHECK(IncompleteUtf8Tail("ab\xf0\x9f\x98") == 3);
    CHECK(IncompleteUtf8Tail("ab\xff") == 0);         // never valid: shown at once
    CHECK(IncompleteUtf8Tail("ab\x80") == 0);         // a stray continuation byte
    CHECK(IncompleteUtf8Tail("ab\xe0\x80") == 0);     // an overlong start is not waited for
}
