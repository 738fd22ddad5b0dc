#pragma once
// The person's wall clock: the window shows and takes times of day in local time; the engine
// and the trail hold UTC. The conversion happens here and only here.
#include <cstdint>
#include <optional>
#include <string>

#include <wx/string.h>

namespace kc::gui {

// "HH:MM" (or "H:MM", "HHMM") of the local day that `referenceUtcMs` falls on, as UTC
// milliseconds; nullopt when the text is no time of day.
std::optional<std::int64_t> LocalTimeOfDayUtcMs(const wxString& text, std::int64_t referenceUtcMs);
// "10:15" in local time.
wxString LocalClock(std::int64_t utcMs);
// "12:04" (minutes:seconds) or "1:02:03" for a span of time; "0:00" for a negative one.
wxString Countdown(std::int64_t ms);

} // namespace kc::gui
