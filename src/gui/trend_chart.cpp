#include "trend_chart.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>

#include <wx/dcbuffer.h>
#include <wx/graphics.h>
#include <wx/settings.h>

#include "wx_string.hpp"

namespace kc::gui {
namespace {

// A decimal as recorded ("72", "36.8", "-1.5") placed on the axis; nullopt when it is none.
std::optional<double> AxisPosition(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

struct LimitLine {
    std::string text;
    double at;
    wxColour colour;
    bool stop;
};

} // namespace

TrendChart::TrendChart(wxWindow* parent, const Step& step)
    : wxWindow(parent, wxID_ANY, wxDefaultPosition, parent->FromDIP(wxSize(210, 120)), wxFULL_REPAINT_ON_RESIZE),
      m_step(step) {
    SetName(ToWx("Trend: " + step.prompt));
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetMinSize(FromDIP(wxSize(210, 120)));
    Bind(wxEVT_PAINT, &TrendChart::OnPaint, this);
}

void TrendChart::SetPoints(std::vector<std::pair<std::uint64_t, std::string>> points, std::uint64_t lastRound) {
    m_points = std::move(points);
    m_lastRound = std::max<std::uint64_t>(lastRound, 1);
    Refresh();
}

void TrendChart::OnPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    dc.SetBackground(wxBrush(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW)));
    dc.Clear();
    std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
    if (!gc) return;
    const wxColour text = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    gc->SetFont(GetFont().Smaller(), text);

    std::vector<LimitLine> limits;
    if (m_step.limits) {
        const Limits& l = *m_step.limits;
        const wxColour amber(0xb3, 0x6b, 0x00);
        const wxColour red(0xa0, 0x00, 0x00);
        auto add = [&](const std::optional<std::string>& value, const char* what, const wxColour& colour, bool stop) {
            if (!value) return;
            if (const auto at = AxisPosition(*value)) limits.push_back({std::string(what) + " " + *value, *at, colour, stop});
        };
        add(l.below, "below", amber, false);
        add(l.above, "above", amber, false);
        add(l.stopBelow, "stop below", red, true);
        add(l.stopAbove, "stop above", red, true);
    }
    std::vector<std::pair<std::uint64_t, double>> placed;
    for (const auto& [round, value] : m_points)
        if (const auto at = AxisPosition(value)) placed.emplace_back(round, *at);

    // The axis spans the points and the limits, with a margin.
    std::optional<double> lo;
    std::optional<double> hi;
    auto span = [&](double v) {
        lo = lo ? std::min(*lo, v) : v;
        hi = hi ? std::max(*hi, v) : v;
    };
    for (const auto& p : placed) span(p.second);
    for (const auto& l : limits) span(l.at);
    const wxSize size = GetClientSize();
    const double left = FromDIP(44);
    const double right = size.x - FromDIP(8);
    const double top = FromDIP(18);
    const double bottom = size.y - FromDIP(16);
    gc->DrawText(ToWx(m_step.prompt + (m_step.unit.empty() ? "" : " (" + m_step.unit + ")")), left, 1);
    gc->SetPen(wxPen(wxColour(0xbb, 0xbb, 0xbb), FromDIP(1)));
    gc->StrokeLine(left, top, left, bottom);
    gc->StrokeLine(left, bottom, right, bottom);
    if (!lo) {
        gc->DrawText(_("No values recorded yet"), left + FromDIP(8), top + FromDIP(8));
        return;
    }
    double margin = (*hi - *lo) * 0.1;
    if (margin == 0) margin = std::max(1.0, std::abs(*hi) * 0.1);
    const double yMin = *lo - margin;
    const double yMax = *hi + margin;
    auto y = [&](double v) { return bottom - (v - yMin) / (yMax - yMin) * (bottom - top); };
    const double rounds = static_cast<double>(m_lastRound);
    auto x = [&](std::uint64_t round) {
        return rounds <= 1 ? (left + right) / 2 : left + FromDIP(10) + (static_cast<double>(round) - 1) / (rounds - 1) * (right - left - FromDIP(20));
    };
    for (const auto& l : limits) {
        wxPen pen(l.colour, FromDIP(1), l.stop ? wxPENSTYLE_SOLID : wxPENSTYLE_SHORT_DASH);
        gc->SetPen(pen);
        gc->StrokeLine(left, y(l.at), right, y(l.at));
        gc->SetFont(GetFont().Smaller(), l.colour);
        gc->DrawText(ToWx(l.text), right - FromDIP(90), y(l.at) - FromDIP(13));
    }
    gc->SetFont(GetFont().Smaller(), text);
    gc->DrawText(wxString::FromCDouble(*hi), 2, y(*hi) - FromDIP(6));
    if (*lo != *hi) gc->DrawText(wxString::FromCDouble(*lo), 2, y(*lo) - FromDIP(6));
    gc->DrawText(wxString::Format(_("round 1 … %llu"), static_cast<unsigned long long>(m_lastRound)), left,
                 bottom + FromDIP(1));
    const wxColour line(0x1d, 0x4e, 0x89);
    gc->SetPen(wxPen(line, FromDIP(2)));
    if (placed.size() > 1) {
        wxGraphicsPath path = gc->CreatePath();
        path.MoveToPoint(x(placed[0].first), y(placed[0].second));
        for (std::size_t i = 1; i < placed.size(); ++i) path.AddLineToPoint(x(placed[i].first), y(placed[i].second));
        gc->StrokePath(path);
    }
    gc->SetBrush(wxBrush(line));
    const double r = FromDIP(3);
    for (const auto& p : placed) gc->DrawEllipse(x(p.first) - r, y(p.second) - r, 2 * r, 2 * r);
}

} // namespace kc::gui
