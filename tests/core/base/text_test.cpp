#include <catch2/catch.hpp>

#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

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
