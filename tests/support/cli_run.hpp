#pragma once
// What the checklistctl tests share: the program, the bundled minimal protocol, the answers
// files, and a scripted `checklistctl run` started as a clinician would start it.
// Include only from targets that define CHECKLISTCTL, KC_PROTOCOL_DIR and KC_TEST_DATA_DIR.
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "process.hpp"

namespace kc::test {

// KC_CHECKLISTCTL runs the tests against another build (an older one, to see a test fail).
inline const std::string kCtl = std::getenv("KC_CHECKLISTCTL") ? std::getenv("KC_CHECKLISTCTL") : CHECKLISTCTL;
inline const std::string kMinimalProtocol = std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml";
inline const std::string kAnswersDir = std::string(KC_TEST_DATA_DIR) + "/answers/";

struct ScriptedRun {
    std::string operatorName = "Dr A";
    std::string patientRef = "P-CLI-1"; // empty: no --patient-ref (a resumed session has one)
    std::vector<std::string> extra;     // more options, after the others
};

// checklistctl run on the minimal protocol with an answers file, into `records`.
inline ProcessResult RunScripted(const std::string& records, const std::string& answers, const ScriptedRun& how = {}) {
    std::vector<std::string> args = {kCtl,      "run",        kMinimalProtocol,  "--answers", answers, "--records",
                                     records,   "--operator", how.operatorName, "--role",    "anesthesiologist"};
    if (!how.patientRef.empty()) args.insert(args.end(), {"--patient-ref", how.patientRef});
    args.insert(args.end(), how.extra.begin(), how.extra.end());
    return Run(args);
}

} // namespace kc::test
