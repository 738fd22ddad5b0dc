#include "answer_controls.hpp"

#include <algorithm>

#include <wx/checkbox.h>
#include <wx/datetime.h>
#include <wx/time.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "kc/base/clock.hpp"
#include "local_time.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

// "&1  Complex regional pain syndrome": the number is the key that selects it.
wxString NumberedLabel(std::size_t index, const std::string& label) {
    return index < 9 ? wxString::Format("&%zu   %s", index + 1, ToWx(label)) : ToWx(label);
}

// The keys, shown so that keyboard use is discoverable (none for free text).
wxString KeysHint(AnswerKind kind) {
    switch (kind) {
    case AnswerKind::YesNo: return _("Keys: Y yes, N no; Enter records the answer");
    case AnswerKind::YesNoNa: return _("Keys: Y yes, N no, A not applicable; Enter records the answer");
    case AnswerKind::SingleChoice: return _("Keys: 1-9 choose; Enter records the answer");
    case AnswerKind::MultipleChoice: return _("Keys: 1-9 tick or untick; Enter records the answer");
    case AnswerKind::Measurement: return _("Enter records the answer");
    case AnswerKind::TimePoint: return _("Keys: N now, E earlier; Enter records the answer");
    case AnswerKind::FreeText: break;
    }
    return wxString();
}

} // namespace

AnswerControls::AnswerControls(wxWindow* parent, const Step& step, const Values& initial, bool compact)
    : wxPanel(parent, wxID_ANY), m_step(step) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto selected = [&](const std::string& value) {
        return std::find(initial.begin(), initial.end(), value) != initial.end();
    };
    switch (step.kind) {
    case AnswerKind::YesNo:
    case AnswerKind::YesNoNa:
    case AnswerKind::SingleChoice: {
        std::vector<std::pair<std::string, wxString>> choices;
        if (step.kind == AnswerKind::SingleChoice) {
            for (std::size_t i = 0; i < step.options.size(); ++i)
                choices.emplace_back(step.options[i].id, NumberedLabel(i, step.options[i].label));
        } else {
            choices = {{kYes, _("&Yes")}, {kNo, _("&No")}};
            if (step.kind == AnswerKind::YesNoNa) choices.emplace_back(kNotApplicable, _("Not &applicable"));
        }
        // GTK keeps one button of a group set; a hidden first button holds that until the
        // person chooses, so nothing is ever answered by default.
        auto* placeholder = new wxRadioButton(this, wxID_ANY, "-", wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
        placeholder->Hide();
        placeholder->SetValue(true);
        for (std::size_t i = 0; i < choices.size(); ++i) {
            auto* radio = new wxRadioButton(this, wxID_ANY, choices[i].second);
            radio->SetName(ToWx(step.id + ": " + choices[i].first));
            if (selected(choices[i].first)) radio->SetValue(true);
            m_values.push_back(choices[i].first);
            m_radios.push_back(radio);
            radio->Bind(wxEVT_RADIOBUTTON, [this, value = choices[i].first](wxCommandEvent&) {
                if (m_onSelect) m_onSelect(value);
            });
            sizer->Add(radio, 0, wxBOTTOM, FromDIP(6));
        }
        break;
    }
    case AnswerKind::MultipleChoice:
        for (std::size_t i = 0; i < step.options.size(); ++i) {
            auto* check = new wxCheckBox(this, wxID_ANY, NumberedLabel(i, step.options[i].label));
            check->SetName(ToWx(step.id + ": " + step.options[i].id));
            check->SetValue(selected(step.options[i].id));
            m_values.push_back(step.options[i].id);
            m_checks.push_back(check);
            check->Bind(wxEVT_CHECKBOX, [this, i](wxCommandEvent&) { Ticked(i); });
            sizer->Add(check, 0, wxBOTTOM, FromDIP(6));
        }
        if (std::any_of(step.options.begin(), step.options.end(), [](const Option& o) { return o.exclusive; })) {
            m_notice = new wxStaticText(this, wxID_ANY, wxEmptyString);
            m_notice->SetForegroundColour(wxColour(0x1d, 0x4e, 0x89));
            sizer->Add(m_notice, 0, wxBOTTOM, FromDIP(6));
        }
        break;
    case AnswerKind::FreeText:
        m_text = new wxTextCtrl(this, wxID_ANY, initial.empty() ? wxString() : ToWx(initial.front()), wxDefaultPosition,
                                FromDIP(wxSize(480, 90)), wxTE_MULTILINE);
        m_text->SetName(ToWx(step.id + ": text"));
        sizer->Add(m_text, 0, wxEXPAND);
        break;
    case AnswerKind::Measurement: {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        m_text = new wxTextCtrl(this, wxID_ANY, initial.empty() ? wxString() : ToWx(initial.front()), wxDefaultPosition,
                                FromDIP(wxSize(140, -1)));
        m_text->SetName(ToWx(step.id + ": value in " + step.unit));
        m_text->SetHint(_("number"));
        row->Add(m_text, 0, wxALIGN_CENTER_VERTICAL);
        row->Add(new wxStaticText(this, wxID_ANY, ToWx(step.unit)), 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
        sizer->Add(row);
        if (!compact)
            sizer->Add(new wxStaticText(this, wxID_ANY, _("Recorded exactly as typed; never used in a calculation.")), 0,
                       wxTOP, FromDIP(4));
        break;
    }
    case AnswerKind::TimePoint: {
        // "Now" is the session's moment of recording; an earlier time is a local time of day
        // of today, converted to UTC here (the engine takes "now" or a UTC time).
        const std::int64_t initialUtc = initial.empty() ? -1 : ParseUtcMs(initial.front());
        m_now = new wxRadioButton(this, wxID_ANY, _("&Now"), wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
        m_now->SetName(ToWx(step.id + ": now"));
        m_earlier = new wxRadioButton(this, wxID_ANY, _("&Earlier today, at (local time, HH:MM):"));
        m_earlier->SetName(ToWx(step.id + ": earlier"));
        m_text = new wxTextCtrl(this, wxID_ANY, initialUtc >= 0 ? LocalClock(initialUtc) : wxString(),
                                wxDefaultPosition, FromDIP(wxSize(90, -1)));
        m_text->SetName(ToWx(step.id + ": earlier time of day"));
        m_text->SetHint(_("HH:MM"));
        (initialUtc >= 0 ? m_earlier : m_now)->SetValue(true);
        m_text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
            if (!m_text->GetValue().empty()) m_earlier->SetValue(true);
            e.Skip();
        });
        sizer->Add(m_now, 0, wxBOTTOM, FromDIP(6));
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        row->Add(m_earlier, 0, wxALIGN_CENTER_VERTICAL);
        row->Add(m_text, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
        sizer->Add(row);
        break;
    }
    }
    if (const wxString keys = compact ? wxString() : KeysHint(step.kind); !keys.empty()) {
        auto* hint = new wxStaticText(this, wxID_ANY, keys);
        hint->SetForegroundColour(wxColour(0x66, 0x66, 0x66));
        sizer->Add(hint, 0, wxTOP, FromDIP(8));
    }
    SetSizer(sizer);
}

Values AnswerControls::GetValues() const {
    Values values;
    for (std::size_t i = 0; i < m_radios.size(); ++i)
        if (m_radios[i]->GetValue()) values.push_back(m_values[i]);
    for (std::size_t i = 0; i < m_checks.size(); ++i)
        if (m_checks[i]->GetValue()) values.push_back(m_values[i]);
    if (m_now) {
        if (m_now->GetValue()) {
            values.push_back("now");
        } else {
            const auto utc = LocalTimeOfDayUtcMs(m_text->GetValue(), m_nowUtcMs ? m_nowUtcMs() : wxGetUTCTimeMillis().GetValue());
            values.push_back(utc ? FormatUtcMs(*utc) : FromWx(m_text->GetValue()));
        }
    } else if (m_text) {
        std::string text = FromWx(m_text->GetValue());
        if (m_step.kind == AnswerKind::Measurement) {
            text.erase(0, text.find_first_not_of(" \t"));
            text.erase(text.find_last_not_of(" \t") + 1);
        }
        values.push_back(text);
    }
    return values;
}

wxString AnswerControls::InputError() const {
    if (!m_earlier || !m_earlier->GetValue()) return wxString();
    if (LocalTimeOfDayUtcMs(m_text->GetValue(), 0)) return wxString();
    return wxString::Format(_("'%s' is no time of day: type the local time as HH:MM (for example 09:40), or choose Now."),
                            m_text->GetValue());
}

bool AnswerControls::HandleAnswerKey(int key) {
    if (m_now) {
        if (key == 'N' || key == 'n') {
            m_now->SetValue(true);
            m_now->SetFocus();
            return true;
        }
        if (key == 'E' || key == 'e') {
            m_earlier->SetValue(true);
            m_text->SetFocus();
            return true;
        }
        return false;
    }
    std::string value;
    if (m_step.kind == AnswerKind::YesNo || m_step.kind == AnswerKind::YesNoNa) {
        if (key == 'Y' || key == 'y') value = kYes;
        if (key == 'N' || key == 'n') value = kNo;
        if ((key == 'A' || key == 'a') && m_step.kind == AnswerKind::YesNoNa) value = kNotApplicable;
    } else if (key >= '1' && key <= '9') {
        const auto index = static_cast<std::size_t>(key - '1');
        if (index < m_values.size()) value = m_values[index];
    }
    if (value.empty()) return false;
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        if (m_values[i] != value) continue;
        if (i < m_radios.size()) {
            m_radios[i]->SetValue(true);
            m_radios[i]->SetFocus();
            if (m_onSelect) m_onSelect(value);
        }
        if (i < m_checks.size()) {
            m_checks[i]->SetValue(!m_checks[i]->GetValue());
            m_checks[i]->SetFocus();
            Ticked(i);
        }
    }
    return true;
}

void AnswerControls::Ticked(std::size_t i) {
    if (!m_notice || i >= m_checks.size() || !m_checks[i]->GetValue()) return;
    const auto& options = m_step.options;
    std::vector<wxString> cleared;
    for (std::size_t j = 0; j < m_checks.size(); ++j) {
        if (j == i || !m_checks[j]->GetValue()) continue;
        if (options[i].exclusive || options[j].exclusive) {
            m_checks[j]->SetValue(false);
            cleared.push_back(ToWx(options[j].label));
        }
    }
    if (cleared.empty()) return;
    wxString notice;
    if (options[i].exclusive) {
        notice = wxString::Format(_("\"%s\" is chosen only alone: the other ticks were cleared."), ToWx(options[i].label));
    } else {
        notice = wxString::Format(_("\"%s\" was cleared: it is chosen only alone."), cleared.front());
    }
    m_notice->SetLabel(notice);
    m_notice->Wrap(FromDIP(480));
    GetParent()->Layout();
}

wxString AnswerControls::Notice() const { return m_notice ? m_notice->GetLabel() : wxString(); }

void AnswerControls::FocusFirst() {
    if (m_now) (m_now->GetValue() ? static_cast<wxWindow*>(m_now) : m_text)->SetFocus();
    else if (m_text) m_text->SetFocus();
    else if (!m_radios.empty()) m_radios.front()->SetFocus();
    else if (!m_checks.empty()) m_checks.front()->SetFocus();
}

} // namespace kc::gui
