#include "kc/protocol/checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <regex>
#include <string>

namespace kc {
namespace {

bool AllDigits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

} // namespace

bool IsLoincCode(std::string_view code) {
    const std::size_t dash = code.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 7 || code.size() != dash + 2) return false;
    const std::string_view number = code.substr(0, dash);
    if (!AllDigits(number) || !AllDigits(code.substr(dash + 1))) return false;
    // LOINC's mod-10: from the right, the 1st, 3rd, ... digits doubled (digit sums of the
    // products), the others as they are; the check digit brings the sum to a multiple of 10.
    int sum = 0;
    bool doubled = true;
    for (std::size_t i = number.size(); i-- > 0; doubled = !doubled) {
        int digit = number[i] - '0';
        if (doubled) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
    }
    return (10 - sum % 10) % 10 == code.back() - '0';
}

bool IsSnomedCtId(std::string_view id) {
    if (id.size() < 6 || id.size() > 18 || !AllDigits(id) || id.front() == '0') return false;
    const std::string_view partition = id.substr(id.size() - 3, 2);
    static constexpr std::array<std::string_view, 6> kPartitions = {"00", "01", "02", "10", "11", "12"};
    bool known = false;
    for (auto p : kPartitions) known = known || p == partition;
    if (!known) return false;
    // Verhoeff (dihedral group D5): the id with its check digit folds to 0.
    static constexpr int kD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                       {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                       {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                       {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                       {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    static constexpr int kP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    int c = 0;
    for (std::size_t i = 0; i < id.size(); ++i) c = kD[c][kP[i % 8][id[id.size() - 1 - i] - '0']];
    return c == 0;
}

bool IsDecimalText(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t intStart = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const std::size_t intDigits = i - intStart;
    if (intDigits == 0 || intDigits > 9) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    const std::size_t fracStart = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i == s.size() && i - fracStart >= 1 && i - fracStart <= 6;
}

namespace {

// A decimal's parts with the zeros that do not change its value removed.
struct DecimalParts {
    bool negative = false;
    std::string_view whole;    // no leading zeros ("" for zero)
    std::string_view fraction; // no trailing zeros
};

DecimalParts Split(std::string_view s) {
    DecimalParts d;
    if (!s.empty() && s.front() == '-') {
        d.negative = true;
        s.remove_prefix(1);
    }
    const std::size_t dot = s.find('.');
    d.whole = s.substr(0, dot);
    if (dot != std::string_view::npos) d.fraction = s.substr(dot + 1);
    while (!d.whole.empty() && d.whole.front() == '0') d.whole.remove_prefix(1);
    while (!d.fraction.empty() && d.fraction.back() == '0') d.fraction.remove_suffix(1);
    if (d.whole.empty() && d.fraction.empty()) d.negative = false; // -0 is 0
    return d;
}

// Orders two magnitudes: the longer whole part is larger, then digit by digit.
int CompareMagnitude(const DecimalParts& a, const DecimalParts& b) {
    if (a.whole.size() != b.whole.size()) return a.whole.size() < b.whole.size() ? -1 : 1;
    if (const int c = a.whole.compare(b.whole); c != 0) return c < 0 ? -1 : 1;
    if (const int c = a.fraction.compare(b.fraction); c != 0) return c < 0 ? -1 : 1;
    return 0;
}

} // namespace

int CompareDecimalText(std::string_view a, std::string_view b) {
    const DecimalParts x = Split(a), y = Split(b);
    if (x.negative != y.negative) return x.negative ? -1 : 1;
    const int magnitude = CompareMagnitude(x, y);
    return x.negative ? -magnitude : magnitude;
}

// [a-z][a-z0-9]*([-_][a-z0-9]+)*, by hand: ids are checked for every step and option.
bool IsId(const std::string& s) {
    if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
    bool afterSeparator = false;
    for (char c : s) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == '-' || c == '_') {
            if (afterSeparator) return false;
            afterSeparator = true;
        } else if (alnum) {
            afterSeparator = false;
        } else {
            return false;
        }
    }
    return !afterSeparator;
}

bool IsSemver(const std::string& s) {
    static const std::regex kSemver(
        R"((0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))"
        R"((-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?)");
    return s.size() <= 64 && std::regex_match(s, kSemver);
}

bool IsDate(const std::string& s) {
    static const std::regex kDate(R"(([0-9]{4})-([0-9]{2})-([0-9]{2}))");
    std::smatch m;
    if (!std::regex_match(s, m, kDate)) return false;
    const int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
    static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[static_cast<std::size_t>(month - 1)]) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

bool IsPartialDate(const std::string& s) {
    static const std::regex kYear("[0-9]{4}");
    static const std::regex kMonth("[0-9]{4}-(0[1-9]|1[0-2])");
    return std::regex_match(s, kYear) || std::regex_match(s, kMonth) || IsDate(s);
}

// A number, or a range of two ("0.5–2", "0.5-2", "0.5 to 2"), then a mass or unit amount,
// optionally per weight and per time, or a volume per weight or per time (a pump rate), and no
// letter straight after ("2 groups" is no dose).
// The character before the number is consumed (no look-behind in ECMAScript) and left out.
std::string FindDoseFigure(std::string_view text) {
    static const std::regex kDose(
        R"((?:^|[^A-Za-z0-9._])()"
        R"([0-9]+(?:[.,][0-9]+)?(?:\s*(?:–|—|-|to)\s*[0-9]+(?:[.,][0-9]+)?)?)"
        R"(\s*(?:(?:milligrams?|micrograms?|nanograms?|grams?|mg|mcg|µg|μg|ug|ng|g|units?|iu))"
        R"((?:\s*/\s*(?:kg|h|hr|hour|min|minute|d|day))*)"
        // a volume only as a pump rate or per weight (mL/h, mL/kg): "a 50 mL syringe" is no dose
        R"(|(?:ml|millilitres?|milliliters?)(?:\s*/\s*(?:kg|h|hr|hour|min|minute))+))"
        R"()(?![A-Za-z]))",
        std::regex::ECMAScript | std::regex::icase);
    const std::string s(text);
    std::smatch m;
    if (!std::regex_search(s, m, kDose)) return "";
    return m[1].str();
}

namespace {

// "below" that says where something is on the page ("the statement quoted below", "the
// statement below and", "see below.") rather than a bound: after quoted, shown, listed, given,
// stated, see, statement(s), quote(s), text or box, or ending its clause (punctuation or the
// end of the text after it).
bool PlaceBelow(const std::string& lower, std::size_t at) {
    const std::size_t end = at + 5;
    std::size_t next = end;
    while (next < lower.size() && lower[next] == ' ') ++next;
    if (next >= lower.size() || std::string_view(".,;:?!)").find(lower[next]) != std::string_view::npos) return true;
    std::size_t wordEnd = at;
    while (wordEnd > 0 && lower[wordEnd - 1] == ' ') --wordEnd;
    std::size_t wordStart = wordEnd;
    while (wordStart > 0 && std::isalpha(static_cast<unsigned char>(lower[wordStart - 1]))) --wordStart;
    const std::string_view before = std::string_view(lower).substr(wordStart, wordEnd - wordStart);
    for (std::string_view place : {"quoted", "shown", "listed", "given", "stated", "see", "statement", "statements",
                                   "quote", "quotes", "text", "box"})
        if (before == place) return true;
    return false;
}

} // namespace

std::string FindTargetWording(std::string_view text) {
    static constexpr std::array<std::string_view, 11> kWords = {
        "at least", "below", "minimum", "no less than", "lower than", "too low",
        "under-dos", "underdos", "under dos", "or more", "target"};
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t best = std::string::npos;
    std::string_view found;
    for (auto word : kWords) {
        for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
            const bool wordStart = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
            if (wordStart && !(word == "below" && PlaceBelow(lower, at))) {
                if (at < best) {
                    best = at;
                    found = word;
                }
                break;
            }
        }
    }
    return best == std::string::npos ? "" : std::string(text.substr(best, found.size()));
}

// A measurement in one of these units would be a weight, a dose, a volume given or an
// infusion rate, which the format refuses: a bare mass or volume (kg, mg, mL, units), any
// amount per body weight (mg/kg, mL/kg/h) and any drug amount or pump volume per time
// (mg/h, mcg/min, units/h, mL/h). Concentrations (mmol/L, mg/dL) and oxygen flow (L/min)
// are observations and stay allowed.
bool IsDoseUnit(std::string unit) {
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
    static const std::regex kDose(
        R"((kg|g|lb|lbs|mg|mcg|ug|µg|μg|ng|ml|l|iu|units?|mmol|meq))"                       // amounts
        R"(|.*/(kg|lb|lbs)(/.*)?)"                                                         // per weight
        R"(|(g|mg|mcg|ug|µg|μg|ng|iu|units?|mmol|meq|ml)/(h|hr|hour|min|minute|s|sec|d|day))"); // rates
    return std::regex_match(unit, kDose);
}

} // namespace kc
