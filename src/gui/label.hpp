#pragma once
// A static text in the session window's type styles: bold and/or scaled from the default font.
#include <algorithm>

#include <wx/dcclient.h>
#include <wx/stattext.h>

namespace kc::gui {

// A label's minimum size after its font or text changed. GTK can measure a label before a new
// (bold, larger) font applies, and wx keeps the minimum size measured at creation: the
// font's own extent is the floor, so the text is never cut off.
inline void FitToFont(wxStaticText* label) {
    label->InvalidateBestSize();
    wxClientDC dc(label);
    dc.SetFont(label->GetFont());
    const wxSize extent = dc.GetMultiLineTextExtent(label->GetLabel()) + wxSize(label->FromDIP(4), 0);
    const wxSize best = label->GetBestSize();
    label->SetMinSize(wxSize(std::max(best.x, extent.x), std::max(best.y, extent.y)));
}

inline wxStaticText* Label(wxWindow* parent, const wxString& text, bool bold = false, double scale = 1.0) {
    auto* label = new wxStaticText(parent, wxID_ANY, text);
    wxFont font = label->GetFont();
    if (bold) font.MakeBold();
    if (scale != 1.0) font.Scale(static_cast<float>(scale));
    label->SetFont(font);
    return label;
}

} // namespace kc::gui
