#pragma once
// checklistctl's output boundary. Everything it prints reaches the terminal through here, so
// that a file name, a recorded text or a diagnostic can never move the cursor, erase or hide
// a line, or reorder what is shown: control characters, bytes that are not UTF-8 and
// bidirectional formatting are written as visible text (kc::EscapeControls: \x1b, \u{202e}).
// Files the CLI writes (-o FILE) are not terminal output and keep their bytes.
#include <memory>
#include <streambuf>
#include <string_view>

namespace kc::cli {

// While it lives, std::cout and std::cerr (and whatever prints through them: CLI11's help
// and errors too) escape what they print. The composition root (main) holds one.
class EscapedOutput {
public:
    EscapedOutput();
    ~EscapedOutput(); // flushes what is held, and gives the streams back their own buffers
    EscapedOutput(const EscapedOutput&) = delete;
    EscapedOutput& operator=(const EscapedOutput&) = delete;

private:
    std::unique_ptr<std::streambuf> m_out, m_err;
    std::streambuf* m_originalOut = nullptr;
    std::streambuf* m_originalErr = nullptr;
};

// A document in its own format (CSV, JSON, HTML, Markdown, a PEM key, a FHIR Bundle) on
// standard output: its exact bytes when standard output is a file or a pipe (they are data,
// and their format escapes what it must), escaped like all else when it is a terminal.
// Throws IoError when standard output cannot be written.
void PrintDocument(std::string_view bytes);

} // namespace kc::cli
