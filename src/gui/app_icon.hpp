#pragma once
// The application icon (the same drawing as data/ketamine-checklist.svg, which the desktop
// entry uses), drawn by wx's SVG support at whatever size and scale a window needs.
#include <wx/bmpbndl.h>
#include <wx/iconbndl.h>

namespace kc::gui {

inline constexpr const char* kAppIconSvg = R"svg(<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <rect x="10" y="8" width="44" height="52" rx="5" fill="#1d4e89"/>
  <rect x="15" y="14" width="34" height="41" rx="2" fill="#ffffff"/>
  <rect x="23" y="4" width="18" height="9" rx="3" fill="#7a8da3"/>
  <path d="M20 25 l4 4 l8 -9" stroke="#1d7a3a" stroke-width="4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
  <rect x="35" y="23" width="10" height="3" fill="#99a"/>
  <path d="M20 41 l4 4 l8 -9" stroke="#1d7a3a" stroke-width="4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
  <rect x="35" y="39" width="10" height="3" fill="#99a"/>
</svg>)svg";

inline wxIconBundle AppIcons() {
    wxIconBundle icons;
    const wxBitmapBundle bundle = wxBitmapBundle::FromSVG(kAppIconSvg, wxSize(64, 64));
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        wxIcon icon;
        icon.CopyFromBitmap(bundle.GetBitmap(wxSize(size, size)));
        icons.AddIcon(icon);
    }
    return icons;
}

} // namespace kc::gui
