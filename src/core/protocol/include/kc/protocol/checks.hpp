#pragma once
// Checks of values a protocol states: standard codes (their check digits) and the decimal text
// of measurements and limits. Pure functions; none throws.
#include <string>
#include <string_view>

namespace kc {

// A LOINC code: 1 to 7 digits, '-', and the mod-10 check digit of LOINC's algorithm (the Luhn
// digit of the number before the '-'), e.g. 8867-4.
bool IsLoincCode(std::string_view code);

// A SNOMED CT identifier: 6 to 18 digits without a leading zero, a correct Verhoeff check digit
// (the last digit) and a partition (the 2nd and 3rd digits from the right) of 00, 01, 02, 10, 11
// or 12 (a concept, description or relationship id), e.g. 22298006.
bool IsSnomedCtId(std::string_view id);

// A recorded number as text: an optional '-', 1 to 9 digits, optionally '.' and 1 to 6 digits.
// The same form the engine accepts for a measurement.
bool IsDecimalText(std::string_view text);

// Orders two IsDecimalText values by the numbers they write (-1, 0, 1), digit by digit, with
// no conversion and no arithmetic ("-0" equals "0.00"). Both must be IsDecimalText.
int CompareDecimalText(std::string_view a, std::string_view b);

// The format's ids (protocol, phase, step, option, source): [a-z][a-z0-9]*([-_][a-z0-9]+)*, at
// most 64 characters.
bool IsId(const std::string& s);

// A semantic version (semver.org 2.0, without build metadata), at most 64 characters.
bool IsSemver(const std::string& s);

// A real calendar date written YYYY-MM-DD.
bool IsDate(const std::string& s);

// A date written YYYY, YYYY-MM or YYYY-MM-DD (a real month and calendar date), e.g. a
// guideline's publication date.
bool IsPartialDate(const std::string& s);

// The first dose figure in `text`: a number (or a range such as 0.5–2) followed by a dose unit
// (mg, mcg, µg, g, ng, units, milligrams ..., alone or per kg and per time: mg/kg, mg/kg/h,
// mg/h). Returns it as written, or "" when there is none. Words for numbers are not seen.
std::string FindDoseFigure(std::string_view text);

// The first lower-bound or target wording in `text` ("at least", "below", "minimum", "no less
// than", "lower than", "too low", "under-dos...", "or more", "target"), matched without regard
// to case at the start of a word; "" when there is none. A "below" that places something on
// the page ("the statement quoted below", "see below.") is no bound and is not found.
std::string FindTargetWording(std::string_view text);

// A unit that would make a measurement a weight, a dose, a volume given or an infusion rate
// (kg, mg/kg, mL/h ...), which the format refuses; concentrations and oxygen flow are allowed.
bool IsDoseUnit(std::string unit);

} // namespace kc
