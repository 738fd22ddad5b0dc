#pragma once
// Small protocols for engine and session tests, written inline so each test shows the
// rules it relies on.
#include <string>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "kc/base/signing_key.hpp"
#include "kc/protocol/approval.hpp"
#include "kc/protocol/loader.hpp"
#include "process.hpp"

namespace kc::test {

// eligibility: psychosis (hard stop on yes), hepatic (stop on severe, warning with second
// clinician on moderate); assessment: cv-risk, ecg (only when cv-risk = yes; warning on
// no), monitors (multiple choice), heart-rate (measurement), remarks (optional free text).
inline const std::string kEngineProtocol = R"(format: 1
id: engine-test
title: Engine test protocol
version: 1.0.0
status: draft
last_reviewed: 2026-11-25
sources:
  - {id: s, citation: Test source}
phases:
  - id: eligibility
    title: Eligibility
    basis: {local_policy: {}}
    steps:
      - id: psychosis
        prompt: Active psychosis?
        kind: yes-no
        hard_stop: {answers: ["yes"], message: Psychosis stops the session.}
      - id: hepatic
        prompt: Hepatic status?
        kind: single-choice
        options: [{id: normal, label: Normal}, {id: moderate, label: Moderate}, {id: severe, label: Severe}]
        hard_stop: {answers: [severe], message: Severe hepatic disease.}
        warning: {answers: [moderate], message: Moderate hepatic disease., second_clinician: true}
  - id: assessment
    title: Assessment
    basis: {local_policy: {}}
    steps:
      - {id: cv-risk, prompt: "Cardiovascular risk?", kind: yes-no}
      - id: ecg
        prompt: Baseline ECG reviewed?
        kind: yes-no
        when: {equals: {step: cv-risk, value: "yes"}}
        warning: {answers: ["no"], message: No ECG.}
      - id: monitors
        prompt: Monitors attached?
        kind: multiple-choice
        options: [{id: spo2, label: SpO2}, {id: nibp, label: NIBP}]
      - {id: heart-rate, prompt: Heart rate, kind: measurement, unit: /min}
      - {id: remarks, prompt: Remarks, kind: free-text, required: false}
)";

inline ProtocolPtr LoadInline(const std::string& text, const std::string& name = "inline.yaml") {
    auto result = ParseProtocol(text, name);
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(FormatDiagnostic(d));
    REQUIRE(result.Ok());
    return result.protocol;
}

// The engine protocol with another status (and `extra` text after it), written to `path`
// and loaded from there, as an approval manifest beside it expects.
inline ProtocolPtr WriteEngineProtocol(const std::string& path, const std::string& status,
                                       const std::string& extra = "") {
    std::string text = kEngineProtocol;
    text.replace(text.find("status: draft"), 13, "status: " + status);
    WriteAll(path, text + extra);
    return LoadInline(ReadAll(path), path);
}

// An approval manifest as written before manifests were numbered (no manifest_id, no
// sequence), pinning `protocol`'s bytes and signed with `key`, beside the protocol file.
inline void WriteUnnumberedManifest(const Protocol& protocol, const SigningKey& key) {
    nlohmann::json manifest{{"format", 1},
                            {"key_id", key.KeyId()},
                            {"approvals", nlohmann::json::array({{{"id", protocol.id},
                                                                  {"version", protocol.version},
                                                                  {"sha256", protocol.sha256},
                                                                  {"approved_by", "Dr Old"},
                                                                  {"time", "2026-01-01T00:00:00.000Z"}}})}};
    manifest["signature"] = Base64Encode(key.Sign(manifest.dump()));
    WriteAll(ApprovalManifestPath(protocol.path), manifest.dump(2));
}

} // namespace kc::test
