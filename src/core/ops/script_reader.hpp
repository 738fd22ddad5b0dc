#pragma once
// Private to kc::ops: the answers-file fields read from one YAML mapping, shared by the
// answers-file parser (script.cpp) and the scenarios file (scenarios.cpp), where each scenario
// is an answers file's mapping with a few more keys.
#include <optional>
#include <string>
#include <vector>

#include "kc/ops/script.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::scriptreader {

// The keys of an answers file's top-level mapping.
#define KC_SCRIPT_KEYS "location", "answers", "amendments", "rounds", "end_early", "attestation", "abandon"

// Reads the answers-file keys of `r` (constructed with KC_SCRIPT_KEYS among its keys) into
// `script`, reporting through `checker`. `answersRequired`: the `answers` key must be there.
void ReadScriptFields(loader::Checker& checker, loader::MapReader& r, Script& script, bool answersRequired);

// An answers or scenarios file's bytes (at most 4 MiB); nullopt with an io-error diagnostic
// naming the file when it cannot be read.
std::optional<std::string> ReadInputFile(const std::string& path, std::vector<Diagnostic>& diagnostics);

} // namespace kc::scriptreader
