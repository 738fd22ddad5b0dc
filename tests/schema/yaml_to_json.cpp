// Converts YAML files to JSON as a YAML 1.2 editor (the yaml-language-server) sees them, so that
// protocols/protocol.schema.json can be checked against the protocols it describes. Plain
// scalars resolve by the YAML 1.2 core schema (null, true/false, integers, floats); quoted ones
// stay text. Independent of the loader: nothing here knows the protocol format.
//   yaml_to_json IN.yaml OUT.json
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace {

nlohmann::json Scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return text; // quoted
    static const std::regex kNull("~|null|Null|NULL|");
    static const std::regex kTrue("true|True|TRUE");
    static const std::regex kFalse("false|False|FALSE");
    static const std::regex kInt("[-+]?[0-9]+");
    static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, kNull)) return nullptr;
    if (std::regex_match(text, kTrue)) return true;
    if (std::regex_match(text, kFalse)) return false;
    if (std::regex_match(text, kInt) && text.size() < 18) return std::stoll(text);
    if (std::regex_match(text, kInt) || std::regex_match(text, kFloat)) return std::stod(text);
    return text;
}

nlohmann::json Convert(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar: return Scalar(node);
    case YAML::NodeType::Sequence: {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : node) out.push_back(Convert(item));
        return out;
    }
    case YAML::NodeType::Map: {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& entry : node) out[entry.first.as<std::string>()] = Convert(entry.second);
        return out;
    }
    }
    return nullptr;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: yaml_to_json IN.yaml OUT.json\n";
        return 2;
    }
    try {
        std::ofstream out(argv[2]);
        out << Convert(YAML::LoadFile(argv[1])).dump(2) << "\n";
        return out ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << argv[1] << ": " << e.what() << "\n";
        return 2;
    }
}
