#pragma once
// Cross-step checks of a protocol: references, cycles, reachability. Private to the loader.
#include <set>
#include <string>

#include "kc/protocol/model.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::loader {

// Runs on a partly valid model too, so one run reports everything; conditions naming a step
// in `unreliable` (a step whose kind could not be read) are not judged.
void CheckReferences(Checker& checker, const Protocol& protocol, const std::set<std::string>& unreliable);

} // namespace kc::loader
