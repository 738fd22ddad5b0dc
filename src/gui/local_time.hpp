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
// The time of day with seconds in local time, in the desktop's format ("19:12:09").
wxString LocalTime(std::int64_t utcMs);
// The date and time of day in local time, in the desktop's (the clinic's) date format:
// "15/11/2026 19:12:09" under en_GB, "11/15/2026 07:12:09 PM" under en_US. Windows show
// this; the trail and the printed record keep UTC, which UtcText gives for a tooltip.
wxString LocalDateTime(std::int64_t utcMs);
// The same from the trail's UTC text ("2026-11-15T19:12:09.555Z"); the text itself when it
// is no UTC time.
wxString LocalDateTime(const std::string& utcText);
// "2026-11-15T19:12:09.555Z UTC", for "shown on request" (tooltips, details panes).
wxString UtcText(std::int64_t utcMs);
// "12:04" (minutes:seconds) or "1:02:03" for a span of time; "0:00" for a negative one.
wxString Countdown(std::int64_t ms);

} // namespace kc::gui
