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

// A unit that would make a measurement a weight, a dose, a volume given or an infusion rate
// (kg, mg/kg, mL/h ...), which the format refuses; concentrations and oxygen flow are allowed.
bool IsDoseUnit(std::string unit);

} // namespace kc
