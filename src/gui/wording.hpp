#pragma once
// How the windows say the core's words: a refusal of the engine ("the session is stopped; ...")
// shown as a sentence, with its capital.
#include <wx/string.h>

namespace kc::gui {

inline wxString Sentence(const wxString& text) {
    if (text.empty()) return text;
    wxString out = text;
    out[0] = wxToupper(out[0]);
    return out;
}

} // namespace kc::gui
