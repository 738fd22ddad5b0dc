#include "local_time.hpp"

#include <wx/datetime.h>

#include "kc/base/clock.hpp"
#include "wx_string.hpp"

namespace kc::gui {

std::optional<std::int64_t> LocalTimeOfDayUtcMs(const wxString& text, std::int64_t referenceUtcMs) {
    wxString t = text;
    t.Trim().Trim(false);
    unsigned long hours = 0;
    unsigned long minutes = 0;
    wxString h;
    wxString m;
    if (t.Contains(":")) {
        h = t.BeforeFirst(':');
        m = t.AfterFirst(':');
    } else if (t.length() == 4) {
        h = t.Left(2);
        m = t.Right(2);
    } else {
        return std::nullopt;
    }
    if (h.empty() || h.length() > 2 || m.length() != 2 || !h.IsNumber() || !m.IsNumber() || !h.ToULong(&hours) ||
        !m.ToULong(&minutes) || hours > 23 || minutes > 59)
        return std::nullopt;
    const wxDateTime day{wxLongLong(referenceUtcMs)}; // local representation
    if (!day.IsValid()) return std::nullopt;
    // Set the local time of day on that local date; wx resolves the zone (and daylight saving).
    wxDateTime at(day.GetDay(), day.GetMonth(), day.GetYear(), static_cast<wxDateTime::wxDateTime_t>(hours),
                  static_cast<wxDateTime::wxDateTime_t>(minutes), 0, 0);
    if (!at.IsValid()) return std::nullopt;
    return at.GetValue().GetValue();
}

wxString LocalClock(std::int64_t utcMs) { return wxDateTime(wxLongLong(utcMs)).Format("%H:%M"); }

wxString LocalTime(std::int64_t utcMs) { return wxDateTime(wxLongLong(utcMs)).Format("%X"); }

wxString LocalDateTime(std::int64_t utcMs) { return wxDateTime(wxLongLong(utcMs)).FormatDate() + " " + LocalTime(utcMs); }

wxString LocalDateTime(const std::string& utcText) {
    const std::int64_t ms = ParseUtcMs(utcText);
    return ms < 0 ? ToWx(utcText) : LocalDateTime(ms);
}

wxString UtcText(std::int64_t utcMs) { return ToWx(FormatUtcMs(utcMs) + " UTC"); }

wxString Countdown(std::int64_t ms) {
    if (ms < 0) ms = 0;
    const std::int64_t seconds = (ms + 999) / 1000;
    const auto h = static_cast<long long>(seconds / 3600);
    const auto m = static_cast<long long>(seconds / 60 % 60);
    const auto s = static_cast<long long>(seconds % 60);
    return h > 0 ? wxString::Format("%lld:%02lld:%02lld", h, m, s) : wxString::Format("%lld:%02lld", m, s);
}

} // namespace kc::gui
