#pragma once
// A static text in the session window's type styles: bold and/or scaled from the default font.
#include <wx/stattext.h>

namespace kc::gui {

inline wxStaticText* Label(wxWindow* parent, const wxString& text, bool bold = false, double scale = 1.0) {
    auto* label = new wxStaticText(parent, wxID_ANY, text);
    wxFont font = label->GetFont();
    if (bold) font.MakeBold();
    if (scale != 1.0) font.Scale(static_cast<float>(scale));
    label->SetFont(font);
    return label;
}

} // namespace kc::gui
