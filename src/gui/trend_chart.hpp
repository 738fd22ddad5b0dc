#pragma once
// A small chart of one measurement over the rounds: a point per recorded round, joined, and
// the department's limits (Step::limits) as lines where the step states them. The recorded
// decimal text is parsed only to place a point on the axis: drawing, never clinical arithmetic.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <wx/window.h>

#include "kc/protocol/model.hpp"

namespace kc::gui {

class TrendChart : public wxWindow {
public:
    TrendChart(wxWindow* parent, const Step& step);

    // (round number, value as recorded); `lastRound` is the last round the axis runs to.
    void SetPoints(std::vector<std::pair<std::uint64_t, std::string>> points, std::uint64_t lastRound);
    std::size_t PointCount() const { return m_points.size(); }

private:
    void OnPaint(wxPaintEvent& event);

    const Step& m_step;
    std::vector<std::pair<std::uint64_t, std::string>> m_points;
    std::uint64_t m_lastRound = 1;
};

} // namespace kc::gui
