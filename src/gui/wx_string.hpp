#pragma once
// The one place UTF-8 std::string and wxString meet.
#include <string>

#include <wx/string.h>

namespace kc::gui {

inline wxString ToWx(const std::string& text) { return wxString::FromUTF8(text.data(), text.size()); }
inline std::string FromWx(const wxString& text) { return text.utf8_string(); }

} // namespace kc::gui
