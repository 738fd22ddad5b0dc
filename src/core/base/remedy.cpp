#include "kc/base/remedy.hpp"

namespace kc {

Remedy SaidAt(Remedy remedy, std::size_t at, std::size_t length) {
    remedy.at = at;
    remedy.length = length;
    return remedy;
}

std::string SayRemedy(std::string before, std::string_view words, std::string_view after, Remedy& remedy) {
    remedy.at = before.size();
    remedy.length = words.size();
    before.append(words).append(after);
    return before;
}

std::string SayRemedyInstead(std::string message, const Remedy& remedy, std::string_view words) {
    if (remedy.at > message.size()) return message.append(words);
    return message.replace(remedy.at, remedy.length, words);
}

} // namespace kc
