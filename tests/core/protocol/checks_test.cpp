#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "kc/protocol/checks.hpp"

using namespace kc;

namespace {

// Every single-digit change of a valid code: a check digit catches each of them.
std::vector<std::string> AlteredDigits(const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code[i] < '0' || code[i] > '9') continue;
        for (char d = '0'; d <= '9'; ++d) {
            if (d == code[i]) continue;
            std::string altered = code;
            altered[i] = d;
            out.push_back(altered);
        }
    }
    return out;
}

// Two neighbouring digits swapped (where they differ).
std::vector<std::string> Transposed(const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 1 < code.size(); ++i) {
        if (code[i] == code[i + 1] || code[i] == '-' || code[i + 1] == '-') continue;
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        out.push_back(swapped);
    }
    return out;
}

} // namespace

TEST_CASE("LOINC codes pass with their mod-10 check digit and fail with any digit altered", "[checks]") {
    for (const std::string code : {"8867-4", "8480-6", "8462-4", "59408-5", "9279-1", "72514-3"}) {
        INFO(code);
        CHECK(IsLoincCode(code));
        // The mod-10 (Luhn) digit catches every single-digit change, the check digit's too.
        for (const auto& altered : AlteredDigits(code)) {
            INFO(altered);
            CHECK_FALSE(IsLoincCode(altered));
        }
    }
}

TEST_CASE("LOINC codes must have the form digits-digit", "[checks]") {
    for (const std::string bad : {"", "-4", "8867", "8867-", "8867-44", "88674", "12345678-9", "8867 -4", " 8867-4",
                                  "a867-4", "8867-x", "+8867-4"})
        CHECK_FALSE(IsLoincCode(bad));
    CHECK(IsLoincCode("1234567-4")); // seven digits: the longest form (Luhn of 1234567 is 4)
}

TEST_CASE("SNOMED CT ids pass with their Verhoeff check digit and fail with any digit altered", "[checks]") {
    for (const std::string id : {"22298006", "38341003", "386661006"}) {
        INFO(id);
        CHECK(IsSnomedCtId(id));
        for (const auto& altered : AlteredDigits(id)) {
            INFO(altered);
            CHECK_FALSE(IsSnomedCtId(altered));
        }
        for (const auto& swapped : Transposed(id)) { // Verhoeff catches every adjacent transposition
            INFO(swapped);
            CHECK_FALSE(IsSnomedCtId(swapped));
        }
    }
}

TEST_CASE("SNOMED CT ids need 6 to 18 digits, no leading zero and a known partition", "[checks]") {
    for (const std::string bad : {"", "12345", "022298006", "2229800a", "22298006 ", "1234567890123456789"})
        CHECK_FALSE(IsSnomedCtId(bad));
    // 900000000000207008 (a core module concept) is 18 digits with partition 00.
    CHECK(IsSnomedCtId("900000000000207008"));
    // Verhoeff-correct, but partition 03 (the 2nd and 3rd digits from the right): no such partition.
    CHECK_FALSE(IsSnomedCtId("1000036"));
    CHECK_FALSE(IsSnomedCtId("1000037")); // and with a wrong check digit too
}

TEST_CASE("decimal text is the measurement's form", "[checks]") {
    for (const std::string good : {"0", "50", "-40", "37.5", "123456789", "0.000001", "-0"}) CHECK(IsDecimalText(good));
    for (const std::string bad : {"", "-", "1234567890", "1.", ".5", "1.1234567", "+5", "1e3", "5 ", "1,5", "--1"})
        CHECK_FALSE(IsDecimalText(bad));
}

TEST_CASE("decimal text compares by the number it writes", "[checks]") {
    CHECK(CompareDecimalText("40", "50") < 0);
    CHECK(CompareDecimalText("50", "40") > 0);
    CHECK(CompareDecimalText("50", "50.0") == 0);
    CHECK(CompareDecimalText("-0", "0.00") == 0);
    CHECK(CompareDecimalText("007", "7") == 0);
    CHECK(CompareDecimalText("9", "10") < 0);
    CHECK(CompareDecimalText("-10", "-9") < 0);
    CHECK(CompareDecimalText("-1", "0") < 0);
    CHECK(CompareDecimalText("37.5", "37.45") > 0);
    CHECK(CompareDecimalText("-37.5", "-37.45") < 0);
    CHECK(CompareDecimalText("0.1", "0.09") > 0);
}

TEST_CASE("FindDoseFigure finds a number with a dose unit, and nothing else", "[checks][dose-as-target]") {
    CHECK(kc::FindDoseFigure("bolus up to 0.35 mg/kg") == "0.35 mg/kg");
    CHECK(kc::FindDoseFigure("infusions 0.5–2 mg/kg per hour") == "0.5–2 mg/kg");
    CHECK(kc::FindDoseFigure("0.1-0.5 mg/kg/h for tolerability") == "0.1-0.5 mg/kg/h");
    CHECK(kc::FindDoseFigure("a total of at least 80 mg over more than 2 h") == "80 mg");
    CHECK(kc::FindDoseFigure("22 mg/h for 4 days") == "22 mg/h");
    CHECK(kc::FindDoseFigure("clonidine 150 µg") == "150 µg");
    CHECK(kc::FindDoseFigure("clonidine 150 μg") == "150 μg");
    CHECK(kc::FindDoseFigure("150mcg") == "150mcg");
    CHECK(kc::FindDoseFigure("paracetamol 1 g") == "1 g");
    CHECK(kc::FindDoseFigure("10 milligrams") == "10 milligrams");
    CHECK(kc::FindDoseFigure("5 MG") == "5 MG");
    // A pump rate or a volume per weight is a dose too; a syringe's size is not.
    CHECK(kc::FindDoseFigure("run the pump at 22 mL/h") == "22 mL/h");
    CHECK(kc::FindDoseFigure("0.5 ml/kg/h") == "0.5 ml/kg/h");
    CHECK(kc::FindDoseFigure("a 50 mL syringe").empty());
    // No dose: times, observations, sections, a unit without a number, a word after a number.
    CHECK(kc::FindDoseFigure("over more than 2 h").empty());
    CHECK(kc::FindDoseFigure("SpO2 below 94 %, heart rate 50 /min, 2 L/min oxygen").empty());
    CHECK(kc::FindDoseFigure("Guideline A3, grade C").empty());
    CHECK(kc::FindDoseFigure("the dose in mg/kg as ordered").empty());
    CHECK(kc::FindDoseFigure("split into 2 groups").empty());
    CHECK(kc::FindDoseFigure("glucose 5 mmol/L").empty());
    CHECK(kc::FindDoseFigure("").empty());
}

TEST_CASE("FindTargetWording finds lower-bound and target words at the start of a word", "[checks][dose-as-target]") {
    CHECK(kc::FindTargetWording("Does the order total at least 80 mg?") == "at least");
    CHECK(kc::FindTargetWording("The order is Below the statement") == "Below");
    CHECK(kc::FindTargetWording("under-dosed") == "under-dos");
    CHECK(kc::FindTargetWording("the minimum dose") == "minimum");
    CHECK(kc::FindTargetWording("80 mg or more") == "or more");
    CHECK(kc::FindTargetWording("no less than the statement") == "no less than");
    CHECK(kc::FindTargetWording("lower than the statement") == "lower than");
    CHECK(kc::FindTargetWording("too low") == "too low");
    CHECK(kc::FindTargetWording("the target total") == "target");
    CHECK(kc::FindTargetWording("first at least, then below") == "at least"); // the first one
    CHECK(kc::FindTargetWording("Has the order been reviewed against the statement?").empty());
    CHECK(kc::FindTargetWording("Is the order within the guideline statement quoted below? Confirm.").empty());
    CHECK(kc::FindTargetWording("the statement shown below the prompt").empty());
    CHECK(kc::FindTargetWording("See below.").empty());
    CHECK(kc::FindTargetWording("Review the order against the statement below and confirm").empty());
    CHECK(kc::FindTargetWording("The order falls below the statement") == "below");
    CHECK(kc::FindTargetWording("Is the order below the statement quoted below?") == "below");
    CHECK(kc::FindTargetWording("a subtarget").empty()); // not at the start of a word
}
