#pragma once
// A problem found in a file, with its place (1-based line and column; 0 when the
// problem concerns the whole file) and the validator rule that found it.
#include <string>
#include <vector>

namespace kc {

// A place in a source file (1-based; 0 when unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

enum class Severity { Error, Warning };

struct Diagnostic {
    std::string file;
    int line = 0;
    int column = 0;
    Severity severity = Severity::Error;
    std::string rule;    // stable rule name, e.g. "unknown-key"; fixtures are named after it
    std::string message; // one plain sentence for an author

    bool operator==(const Diagnostic&) const = default;
};

// GCC style: "FILE:LINE:COL: error: MESSAGE [rule]".
std::string FormatDiagnostic(const Diagnostic& d);

bool HasErrors(const std::vector<Diagnostic>& diagnostics);

} // namespace kc
