#pragma once
// What a person can do about a problem the core reports. The core names the remedy and says
// it in plain words; each face says it its own way instead (the CLI as the command line that
// carries it out, the app as an action such as a Recover button).
#include <cstddef>
#include <string>
#include <string_view>

namespace kc {

enum class RemedyKind {
    Recover,       // recover `path`: move an incomplete last line aside, or add what a crash kept out
    Verify,        // verify `path` (empty: the records folder at hand) and keep what it says
    VerifyWithKey, // verify with the installation's public key: the signatures tell which file changed
    Approve,       // an author reviews the protocol file `path` and approves it again
};

struct Remedy {
    RemedyKind kind = RemedyKind::Verify;
    std::string path;
    // Where the message says the remedy in plain words: [at, at + length). A face with its own
    // words for it says those there instead. npos: the message does not say it; a face that
    // says remedies in words adds them at the end.
    std::size_t at = std::string::npos;
    std::size_t length = 0;
};

// `remedy`, said in plain words by the `length` bytes at `at` of its message.
Remedy SaidAt(Remedy remedy, std::size_t at, std::size_t length);

// before + words + after, and `remedy` told where `words` (the remedy in plain words) stand.
std::string SayRemedy(std::string before, std::string_view words, std::string_view after, Remedy& remedy);

// `message` with `words` said where `remedy` says it (replacing its plain words), or appended.
std::string SayRemedyInstead(std::string message, const Remedy& remedy, std::string_view words);

} // namespace kc
