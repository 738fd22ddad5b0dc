#pragma once
// The program's text literals are UTF-8, and wx turns char strings into wxString through
// the C library's locale. Under a non-UTF-8 locale (plain "C", as in CI and many services)
// "…" or "✓" would become empty labels; this makes the character type UTF-8 first.
#include <clocale>
#include <cstring>
#include <langinfo.h>

namespace kc::gui {

inline void EnsureUtf8Characters() {
    const char* codeset = nl_langinfo(CODESET);
    if (codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0) return;
    if (std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr) std::setlocale(LC_CTYPE, "en_US.UTF-8");
}

} // namespace kc::gui
