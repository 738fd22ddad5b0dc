#include "kc/protocol/loader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "kc/yaml/map_reader.hpp"
#include "dose_text.hpp"
#include "evidence_loader.hpp"
#include "references.hpp"
#include "rounds_loader.hpp"
#include "kc/base/error.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"
#include "kc/protocol/checks.hpp"

namespace kc {
namespace {

using loader::Checker;
using loader::MapReader;
using loader::Node;
using loader::PosOf;
using loader::ReadCodes;
using loader::ReadLimits;
using loader::ReadRoundTiming;
using loader::RoundSite;



class ProtocolReader {
public:
    ProtocolReader(Checker& checker, Protocol& protocol) : m_checker(checker), m_p(protocol) {}

    void Read(const Node& root) {
        MapReader top(m_checker, root, "the protocol",
                      {"format", "id", "title", "version", "status", "description", "last_reviewed", "evidence",
                       "sources", "phases"});
        if (!top.Valid()) return;
        ReadHeader(top);
        if (const Node* sources = top.List("sources", true))
            for (const auto& item : sources->children) ReadSource(item);
        if (const Node* phases = top.List("phases", true))
            for (const auto& item : phases->children) ReadPhase(item);
    }

private:
    void ReadHeader(MapReader& top) {
        if (const Node* format = top.Get("format")) {
            if (!format->IsScalar() || format->quoted || format->value != "1")
                m_checker.Error(*format, "invalid-value",
                                "unsupported format version; this program reads format 1 (write 'format: 1')");
        } else {
            top.Missing("format");
        }
        if (auto id = top.Text("id", true)) {
            CheckId(top.At("id"), *id, "protocol id");
            m_p.id = *id;
        }
        m_p.title = top.Text("title", true).value_or("");
        if (auto version = top.Text("version", true)) {
            if (!IsSemver(*version))
                m_checker.Error(top.At("version"), "invalid-value",
                                fmt::format("version '{}' is not a semantic version such as 1.0.0", *version));
            m_p.version = *version;
        }
        if (auto status = top.Text("status", true)) {
            if (*status == "draft") m_p.status = ProtocolStatus::Draft;
            else if (*status == "approved") m_p.status = ProtocolStatus::Approved;
            else if (*status == "retired") m_p.status = ProtocolStatus::Retired;
            else
                m_checker.Error(top.At("status"), "invalid-value",
                                fmt::format("status '{}' must be draft, approved or retired{}", *status,
                                            DidYouMean(*status, {"draft", "approved", "retired"})));
        }
        m_p.description = top.Text("description", false).value_or("");
        if (auto reviewed = top.Text("last_reviewed", true)) {
            if (!IsDate(*reviewed))
                m_checker.Error(top.At("last_reviewed"), "invalid-value",
                                fmt::format("last_reviewed '{}' is not a date written YYYY-MM-DD", *reviewed));
            m_p.lastReviewed = *reviewed;
        }
        if (const Node* evidence = top.Map("evidence", false)) loader::ReadEvidence(m_checker, *evidence, m_p);
    }

    void CheckId(const Node& at, const std::string& id, std::string_view what) {
        if (!IsId(id))
            m_checker.Error(at, "invalid-value",
                            fmt::format("{} '{}' must be lower-case letters and digits joined by '-' or '_'", what, id));
    }

    // Remembers an id and reports a second use of it within the same scope.
    void Unique(std::map<std::string, int>& seen, const Node& at, const std::string& id, std::string_view what) {
        const auto [it, inserted] = seen.emplace(id, at.line);
        if (!inserted)
            m_checker.Error(at, "duplicate-id",
                            fmt::format("{} '{}' is already used at line {}", what, id, it->second));
    }

    void ReadSource(const Node& node) {
        MapReader r(m_checker, node, "a source", {"id", "citation", "doi", "pmid", "url", "note", "developed_by", "published",
                                                  "review_status"});
        if (!r.Valid()) return;
        Source source;
        if (auto id = r.Text("id", true)) {
            CheckId(r.At("id"), *id, "source id");
            Unique(m_sourceIds, r.At("id"), *id, "source id");
            source.id = *id;
        }
        source.citation = r.Text("citation", true).value_or("");
        if (auto doi = r.Text("doi", false)) {
            static const std::regex kDoi(R"(10\.[0-9]{4,9}/\S+)");
            if (!std::regex_match(*doi, kDoi))
                m_checker.Error(r.At("doi"), "invalid-value",
                                fmt::format("doi '{}' is not a DOI such as 10.1097/AAP.0000000000000808", *doi));
            source.doi = *doi;
        }
        if (auto pmid = r.Text("pmid", false)) {
            static const std::regex kPmid("[1-9][0-9]{0,9}");
            if (!std::regex_match(*pmid, kPmid))
                m_checker.Error(r.At("pmid"), "invalid-value", fmt::format("pmid '{}' must be a number", *pmid));
            source.pmid = *pmid;
        }
        source.url = r.Text("url", false).value_or("");
        source.note = r.Text("note", false).value_or("");
        loader::ReadSourceEvidence(m_checker, r, source);
        m_p.sources.push_back(std::move(source));
    }

    void ReadPhase(const Node& node) {
        MapReader r(m_checker, node, "a phase", {"id", "title", "description", "basis", "steps", "rounds"});
        if (!r.Valid()) return;
        Phase phase;
        if (auto id = r.Text("id", true)) {
            CheckId(r.At("id"), *id, "phase id");
            Unique(m_phaseIds, r.At("id"), *id, "phase id");
            phase.id = *id;
        }
        phase.title = r.Text("title", true).value_or("");
        phase.description = r.Text("description", false).value_or("");
        std::optional<Basis> phaseBasis;
        if (const Node* basis = r.Map("basis", false)) phaseBasis = ReadBasis(*basis);
        phase.firstStep = m_p.steps.size();
        const std::size_t phaseIndex = m_p.phases.size();
        if (const Node* steps = r.List("steps", true))
            for (const auto& item : steps->children) ReadStep(item, phaseIndex, phaseBasis, m_p.steps, false);
        phase.stepCount = m_p.steps.size() - phase.firstStep;
        if (const Node* rounds = r.List("rounds", false))
            for (const auto& item : rounds->children) ReadRounds(item, phaseIndex, phaseBasis);
        m_p.phases.push_back(std::move(phase));
    }

    // A round schedule: its timing (rounds_loader.cpp), basis and steps; never rounds inside.
    void ReadRounds(const Node& node, std::size_t phaseIndex, const std::optional<Basis>& phaseBasis) {
        MapReader r(m_checker, node, "a round schedule",
                    {"id", "title", "description", "from", "until", "for", "every", "grace", "basis", "steps",
                     "rounds"});
        if (!r.Valid()) return;
        RoundSchedule rounds;
        rounds.phase = phaseIndex;
        rounds.pos = PosOf(node);
        if (auto id = r.Text("id", true)) {
            CheckId(r.At("id"), *id, "rounds id");
            Unique(m_roundIds, r.At("id"), *id, "rounds id");
            rounds.id = *id;
        }
        rounds.title = r.Text("title", true).value_or("");
        rounds.description = r.Text("description", false).value_or("");
        RoundSite site = ReadRoundTiming(m_checker, r, rounds);
        site.id = PosOf(r.At("id"));
        ReadOwnBasis(r, node, rounds.basis, phaseBasis,
                     fmt::format("rounds '{}' have no basis for their interval and period: give 'basis' (guideline "
                                 "or local_policy) on the schedule or on its phase",
                                 rounds.id));
        NestedRounds(r);
        if (const Node* steps = r.List("steps", true))
            for (const auto& item : steps->children) ReadStep(item, phaseIndex, phaseBasis, rounds.steps, true);
        m_p.rounds.push_back(std::move(rounds));
        m_roundSites.push_back(site);
    }

    void NestedRounds(MapReader& r) {
        if (r.Get("rounds") != nullptr)
            m_checker.Error(r.Self().Key(KeyIndex(r.Self(), "rounds")), "nested-rounds",
                            "rounds do not nest: a round schedule and its steps hold no 'rounds'; give a second "
                            "schedule in the phase's 'rounds' instead");
    }

    std::optional<Basis> ReadBasis(const Node& node) {
        MapReader r(m_checker, node, "a basis", {"guideline", "local_policy"});
        if (!r.Valid()) return std::nullopt;
        const Node* guideline = r.Get("guideline");
        const Node* local = r.Get("local_policy");
        if ((guideline != nullptr) == (local != nullptr)) {
            m_checker.Error(node, "missing-basis", "a basis names exactly one of 'guideline' or 'local_policy'");
            return std::nullopt;
        }
        Basis basis;
        if (guideline != nullptr) return loader::ReadGuideline(m_checker, *guideline, "a guideline basis", m_sourceRefs);
        basis.kind = Basis::Kind::LocalPolicy;
        if (local->IsNull()) return basis; // "local_policy:" alone: the clinic's rule, no citation
        MapReader l(m_checker, *local, "a local_policy basis", {"citation", "covers", "note"});
        if (!l.Valid()) return std::nullopt;
        {
            basis.citation = l.Text("citation", false).value_or("");
            basis.covers = l.Text("covers", false).value_or("");
            basis.note = l.Text("note", false).value_or("");
        }
        return basis;
    }

    // Graded statements shown with the step as information (text and its guideline).
    void ReadQuotes(MapReader& r, Step& step) {
        const Node* list = r.List("quotes", false);
        if (list == nullptr) return;
        for (const auto& item : list->children) {
            MapReader q(m_checker, item, "a quote", {"text", "guideline"});
            if (!q.Valid()) continue;
            Quote quote;
            quote.pos = PosOf(item);
            quote.text = q.Text("text", true).value_or("");
            if (const Node* guideline = q.Map("guideline", true))
                if (auto basis = loader::ReadGuideline(m_checker, *guideline, "a quote's guideline", m_sourceRefs)) quote.basis = std::move(*basis);
            step.quotes.push_back(std::move(quote));
        }
    }

    // A step of the walk, or (inRound) a step of each round of a schedule.
    void ReadStep(const Node& node, std::size_t phaseIndex, const std::optional<Basis>& phaseBasis,
                  std::vector<Step>& into, bool inRound) {
        MapReader r(m_checker, node, inRound ? "a round step" : "a step",
                    inRound ? std::initializer_list<std::string_view>{"id", "prompt", "help", "kind", "options",
                                                                      "unit", "basis", "when", "required",
                                                                      "hard_stop", "warning", "limits", "codes",
                                                                      "note_required", "quotes", "rounds"}
                            : std::initializer_list<std::string_view>{"id", "prompt", "help", "kind", "options",
                                                                      "unit", "basis", "when", "required",
                                                                      "hard_stop", "warning", "limits", "codes",
                                                                      "note_required", "quotes"});
        if (!r.Valid()) return;
        if (inRound) NestedRounds(r);
        m_stepTexts.clear();
        Step step;
        step.phase = phaseIndex;
        step.pos = PosOf(node);
        if (auto id = r.Text("id", true)) {
            CheckId(r.At("id"), *id, "step id");
            Unique(m_stepIds, r.At("id"), *id, "step id");
            step.id = *id;
        }
        step.prompt = r.Text("prompt", true).value_or("");
        if (r.Get("prompt") != nullptr) m_stepTexts.push_back({step.prompt, PosOf(r.At("prompt")), "a prompt"});
        step.help = r.Text("help", false).value_or("");
        const bool kindKnown = ReadKind(r, step);
        if (!kindKnown) m_unreliableSteps.insert(step.id);
        if (kindKnown && inRound && step.kind == AnswerKind::TimePoint)
            m_checker.Error(r.At("kind"), "kind-mismatch",
                            "a time-point step belongs to the walk, not to a round: a schedule is anchored on "
                            "top-level time points");
        ReadKindDetails(r, step, kindKnown);
        ReadOwnBasis(r, node, step.basis, phaseBasis,
                     fmt::format("step '{}' has no basis: give 'basis' (guideline or local_policy) on the step or "
                                 "on its phase",
                                 step.id));
        ReadQuotes(r, step);
        if (const Node* when = r.Get("when"); when && !when->IsNull()) {
            if (auto condition = ReadCondition(*when)) step.when = std::move(*condition);
        }
        step.required = r.Bool("required", true);
        step.noteRequired = r.Bool("note_required", false);
        ReadStepRules(r, step, kindKnown);
        if (const Node* codes = r.List("codes", false)) step.codes = ReadCodes(m_checker, *codes);
        if (step.limits) {
            const Node& limits = r.At("limits");
            for (const char* key : {"message", "stop_message"})
                if (const Node* message = limits.Find(key); message != nullptr && message->IsScalar())
                    m_stepTexts.push_back({message->value, PosOf(*message), "a limits message"});
        }
        loader::CheckDoseText(m_checker, r, step, m_stepTexts);
        into.push_back(std::move(step));
    }

    // The answer kind; false (reported) when missing or not one of the format's kinds.
    bool ReadKind(MapReader& r, Step& step) {
        const auto kind = r.Text("kind", true);
        if (!kind) return false;
        static const std::map<std::string, AnswerKind> kKinds = {
            {"yes-no", AnswerKind::YesNo},
            {"yes-no-na", AnswerKind::YesNoNa},
            {"single-choice", AnswerKind::SingleChoice},
            {"multiple-choice", AnswerKind::MultipleChoice},
            {"free-text", AnswerKind::FreeText},
            {"measurement", AnswerKind::Measurement},
            {"time-point", AnswerKind::TimePoint}};
        if (const auto it = kKinds.find(*kind); it != kKinds.end()) {
            step.kind = it->second;
            return true;
        }
        std::vector<std::string> names;
        for (const auto& [name, value] : kKinds) names.push_back(name);
        const auto suggestion = ClosestMatch(*kind, names);
        m_checker.Error(r.At("kind"), "invalid-value",
                        fmt::format("kind '{}' is not one of yes-no, yes-no-na, single-choice, "
                                    "multiple-choice, free-text, measurement, time-point{}",
                                    *kind, suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
        return false;
    }

    // What only some kinds have: options for choice steps, a unit for measurements.
    void ReadKindDetails(MapReader& r, Step& step, bool kindKnown) {
        const bool choice = step.kind == AnswerKind::SingleChoice || step.kind == AnswerKind::MultipleChoice;
        if (kindKnown && choice) {
            if (const Node* options = r.List("options", true)) ReadOptions(*options, step);
            if (step.options.empty()) m_unreliableSteps.insert(step.id);
        } else if (kindKnown && r.Get("options")) {
            m_checker.Error(r.Self().Key(KeyIndex(r.Self(), "options")), "kind-mismatch",
                            fmt::format("'options' belong to choice steps, not to a {} step", ToString(step.kind)));
        }
        if (kindKnown && step.kind == AnswerKind::Measurement) {
            if (auto unit = r.Text("unit", true)) {
                if (IsDoseUnit(*unit))
                    m_checker.Error(r.At("unit"), "dose-calculation",
                                    fmt::format("unit '{}' is a weight, volume or dose unit; a protocol records "
                                                "observations and never takes a weight or dose",
                                                *unit));
                step.unit = *unit;
            }
        } else if (kindKnown && r.Get("unit")) {
            m_checker.Error(r.Self().Key(KeyIndex(r.Self(), "unit")), "kind-mismatch",
                            fmt::format("'unit' belongs to measurement steps, not to a {} step", ToString(step.kind)));
        }
        if (kindKnown && step.kind == AnswerKind::Measurement) {
            if (const Node* limits = r.Map("limits", false)) step.limits = ReadLimits(m_checker, *limits);
        } else if (kindKnown && r.Get("limits")) {
            m_checker.Error(r.Self().Key(KeyIndex(r.Self(), "limits")), "kind-mismatch",
                            fmt::format("'limits' belong to measurement steps, not to a {} step", ToString(step.kind)));
        }
    }

    // A step's or a schedule's own basis, else its phase's; without either, `missing` is reported.
    void ReadOwnBasis(MapReader& r, const Node& node, Basis& into, const std::optional<Basis>& phaseBasis,
                      std::string missing) {
        const Node* basisNode = r.Get("basis");
        if (basisNode != nullptr && !basisNode->IsNull()) {
            if (const Node* basis = r.Map("basis", false))
                if (auto b = ReadBasis(*basis)) into = *b;
        } else if (phaseBasis) {
            into = *phaseBasis;
        } else if ((basisNode == nullptr && !r.Misspelt("basis")) || (basisNode != nullptr && !basisNode->refused)) {
            m_checker.Error(basisNode ? *basisNode : node, "missing-basis", std::move(missing));
        }
    }

    void ReadStepRules(MapReader& r, Step& step, bool kindKnown) {
        if (const Node* stop = r.Map("hard_stop", false))
            step.hardStop = ReadRule(*stop, r.Self().Key(KeyIndex(r.Self(), "hard_stop")), step, kindKnown,
                                     "a hard_stop", false);
        if (const Node* warning = r.Map("warning", false))
            step.warning = ReadRule(*warning, r.Self().Key(KeyIndex(r.Self(), "warning")), step, kindKnown,
                                    "a warning", true);
        if (step.hardStop && step.warning)
            for (const auto& value : step.warning->on)
                if (std::find(step.hardStop->on.begin(), step.hardStop->on.end(), value) != step.hardStop->on.end())
                    m_checker.Error(r.Self().Key(KeyIndex(r.Self(), "warning")), "conflicting-rules",
                                    fmt::format("answer '{}' is both a hard stop and a warning; a hard stop ends "
                                                "the session, so the warning could never be justified",
                                                value));
    }

    static std::size_t KeyIndex(const Node& map, std::string_view key) {
        for (std::size_t i = 0; i < map.MapSize(); ++i)
            if (map.Key(i).IsScalar() && map.Key(i).value == key) return i;
        return 0;
    }

    void ReadOptions(const Node& list, Step& step) {
        std::map<std::string, int> seen;
        for (const auto& item : list.children) {
            MapReader r(m_checker, item, "an option", {"id", "label", "basis", "exclusive"});
            if (!r.Valid()) continue;
            Option option;
            if (auto id = r.Text("id", true)) {
                CheckId(r.At("id"), *id, "option id");
                Unique(seen, r.At("id"), *id, "option id");
                option.id = *id;
            }
            option.label = r.Text("label", true).value_or("");
            if (r.Get("label") != nullptr) m_stepTexts.push_back({option.label, PosOf(r.At("label")), "an option label"});
            if (const Node* basis = r.Map("basis", false)) option.basis = ReadBasis(*basis);
            option.exclusive = r.Bool("exclusive", false);
            if (option.exclusive && step.kind != AnswerKind::MultipleChoice)
                m_checker.Error(*r.Get("exclusive"), "kind-mismatch",
                                "'exclusive' belongs to the options of a multiple-choice step (a single-choice "
                                "step's options are exclusive already)");
            step.options.push_back(std::move(option));
        }
        if (list.children.size() < 2)
            m_checker.Error(list, "invalid-value", "a choice step needs at least two options");
    }

    std::optional<Rule> ReadRule(const Node& node, const Node& key, const Step& step, bool kindKnown,
                                 std::string_view what, bool isWarning) {
        MapReader r(m_checker, node, what,
                    isWarning ? std::initializer_list<std::string_view>{"answers", "message", "second_clinician"}
                              : std::initializer_list<std::string_view>{"answers", "message"});
        if (!r.Valid()) return std::nullopt;
        Rule rule;
        const Node* message = r.Get("message");
        const bool blank = message != nullptr && message->IsScalar() &&
                           message->value.find_first_not_of(" \t\r\n") == std::string::npos;
        if (message == nullptr && r.Misspelt("message")) {
            // said where the misspelt key is
        } else if (message == nullptr || message->IsNull() || blank)
            m_checker.Error(message ? *message : node, "missing-message",
                            fmt::format("{} needs a 'message' saying why, shown to the clinician and recorded", what));
        else {
            rule.message = r.Text("message", false).value_or("");
            m_stepTexts.push_back({rule.message, PosOf(*message), fmt::format("{} message", what)});
        }
        if (isWarning) rule.secondClinician = r.Bool("second_clinician", false);
        const Node* answers = r.List("answers", true);
        if (answers == nullptr || !kindKnown) return rule;
        const auto allowed = step.AllowedValues();
        if (allowed.empty()) {
            m_checker.Error(key, "kind-mismatch",
                            fmt::format("{} needs answers to compare, but a {} step has none (no arithmetic on "
                                        "recorded values)",
                                        what, ToString(step.kind)));
            return rule;
        }
        for (const auto& value : answers->children) {
            if (!value.IsScalar()) {
                m_checker.Error(value, "wrong-type", "an answer value must be text");
                continue;
            }
            if (std::find(allowed.begin(), allowed.end(), value.value) == allowed.end())
                m_checker.Error(value, "unknown-answer",
                                fmt::format("'{}' is not an answer of step '{}' (answers: {}){}", value.value,
                                            step.id, fmt::join(allowed, ", "), DidYouMean(value.value, allowed)));
            rule.on.push_back(value.value);
        }
        return rule;
    }

    std::optional<Condition> ReadCondition(const Node& node) {
        MapReader r(m_checker, node, "a condition", {"equals", "any", "all", "not"});
        if (!r.Valid()) return std::nullopt;
        if (node.MapSize() != 1) {
            m_checker.Error(node, node.MapSize() == 0 ? "missing-key" : "invalid-value",
                            "a condition has exactly one of: equals, any, all, not");
            return std::nullopt;
        }
        const std::string& op = node.Key(0).value;
        const Node& arg = node.Value(0);
        Condition c;
        c.pos = PosOf(node);
        if (op == "equals") {
            MapReader e(m_checker, arg, "an 'equals' condition", {"step", "value"});
            if (!e.Valid()) return std::nullopt;
            auto step = e.Text("step", true);
            auto value = e.Text("value", true);
            if (!step || !value) return std::nullopt;
            c.op = Condition::Op::Equals;
            c.step = *step;
            c.value = *value;
            c.stepPos = PosOf(e.At("step"));
            c.valuePos = PosOf(e.At("value"));
            return c;
        }
        if (op == "not") {
            auto inner = ReadCondition(arg);
            if (!inner) return std::nullopt;
            c.op = Condition::Op::Not;
            c.children.push_back(std::move(*inner));
            return c;
        }
        if (op != "any" && op != "all") return std::nullopt; // unknown key, already reported
        c.op = op == "any" ? Condition::Op::Any : Condition::Op::All;
        if (!arg.IsSequence() || arg.children.empty()) {
            m_checker.Error(arg, "wrong-type", fmt::format("'{}' takes a non-empty list of conditions", op));
            return std::nullopt;
        }
        bool ok = true;
        for (const auto& item : arg.children) {
            auto inner = ReadCondition(item);
            if (inner) c.children.push_back(std::move(*inner));
            else ok = false;
        }
        if (!ok) return std::nullopt;
        return c;
    }

public:
    const std::set<std::string>& UnreliableSteps() const { return m_unreliableSteps; }
    const std::vector<RoundSite>& RoundSites() const { return m_roundSites; }

    void CheckSourceRefs() {
        for (const auto& [id, pos] : m_sourceRefs)
            if (!m_p.FindSource(id) && !m_p.sources.empty()) {
                std::vector<std::string> ids;
                for (const auto& s : m_p.sources) ids.push_back(s.id);
                const auto suggestion = ClosestMatch(id, ids);
                m_checker.Error(pos, "unknown-source",
                                fmt::format("source '{}' is not listed under 'sources'{}", id,
                                            suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
            }
    }

private:
    Checker& m_checker;
    Protocol& m_p;
    std::map<std::string, int> m_sourceIds, m_phaseIds, m_stepIds, m_roundIds;
    std::vector<RoundSite> m_roundSites; // parallel to m_p.rounds
    std::vector<std::pair<std::string, SourcePos>> m_sourceRefs;
    std::set<std::string> m_unreliableSteps;
    std::vector<loader::StepText> m_stepTexts; // the current step's, for the dose-as-target rule
};

} // namespace

LoadResult ParseProtocol(std::string_view bytes, const std::string& displayPath) {
    LoadResult result;
    auto parsed = yamltree::Parse(bytes, displayPath, yamltree::Limits{kMaxProtocolBytes, 32, 200000});
    result.diagnostics = std::move(parsed.diagnostics);
    if (!parsed.ok) return result;

    Checker checker(displayPath);
    auto protocol = std::make_shared<Protocol>();
    ProtocolReader reader(checker, *protocol);
    reader.Read(parsed.root);
    protocol->IndexSteps();
    reader.CheckSourceRefs();
    loader::CheckRoundAnchors(checker, *protocol, reader.RoundSites(), reader.UnreliableSteps());
    loader::CheckReferences(checker, *protocol, reader.UnreliableSteps());

    auto& found = checker.Diagnostics();
    result.diagnostics.insert(result.diagnostics.end(), found.begin(), found.end());
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    if (HasErrors(result.diagnostics)) return result;
    protocol->sha256 = Sha256Hex(bytes);
    protocol->path = displayPath;
    protocol->bytes = std::string(bytes);
    result.protocol = std::move(protocol);
    return result;
}

} // namespace kc
