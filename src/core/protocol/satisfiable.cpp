// Deciding a condition over independent answer domains. The condition is compiled to
// negation normal form over small variables, then searched with propagation: a conjunct that
// is an answer restricts its step; a conjunction splits into parts that share no undecided
// step, each decided alone; a disjunction is decided one branch at a time; an answer that
// makes every mention of its step true is taken. Only where the parts of a conjunction share
// a step does the search branch on that step's answers. Any and
// all of earlier answers, negations, and groups over different steps are decided without
// branching, in time linear in their size; the search enumerates combinations of answers only
// for the steps that tie branches together, never for all the steps a condition names.
#include "satisfiable.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <set>

namespace kc::loader {
namespace {

struct Node {
    enum class Kind : std::uint8_t { False, True, Literal, And, Or };
    Kind kind = Kind::False;
    bool positive = true; // Literal: the variable holds `value` (true) or does not (false)
    int var = 0;
    int value = 0;
    std::vector<int> kids;
};

constexpr int kFalse = 0;
constexpr int kTrue = 1;

// The condition's variables: one per single-valued step it names, whose values are the named
// answers the step can hold and then "anything else" (another answer, or none) when the step
// can hold that; one two-valued variable (1 = selected) per answer that a multiple-choice step
// it names can select. Named answers a step cannot hold are false. An option selected only
// alone adds, for each other named answer of its step, the clause "not both".
class Compiler {
public:
    Compiler(const Condition& condition, const std::map<std::string, AnswerDomain>& domains) {
        m_nodes.resize(2);
        m_nodes[kTrue].kind = Node::Kind::True;
        std::map<std::string, std::set<std::string>> named;
        Collect(condition, named);
        for (const auto& [stepId, values] : named) {
            const AnswerDomain& d = domains.at(stepId);
            const auto holds = [&](const std::string& v) {
                return std::find(d.values.begin(), d.values.end(), v) != d.values.end();
            };
            auto& vars = m_vars[stepId];
            if (d.multiple) {
                for (const auto& v : values)
                    if (holds(v)) vars.emplace(v, std::pair{NewVariable(2), 1});
                continue;
            }
            const int var = static_cast<int>(m_sizes.size());
            int size = 0;
            for (const auto& v : values)
                if (holds(v)) vars.emplace(v, std::pair{var, size++});
            const bool other = d.canBeAbsent || std::any_of(d.values.begin(), d.values.end(), [&](const auto& v) {
                                   return vars.count(v) == 0;
                               });
            if (other) ++size;
            if (size == 0) m_empty = true; // the step can hold nothing, so no condition on it holds
            NewVariable(size);
        }
        m_root = Compile(condition, false);
        if (m_root != kFalse) m_root = WithExclusions(domains);
    }

    bool Empty() const { return m_empty; }
    int Root() const { return m_root; }
    std::size_t Size() const { return m_conditionNodes; }
    const std::vector<Node>& Nodes() const { return m_nodes; }
    const std::vector<int>& Sizes() const { return m_sizes; }

private:
    void Collect(const Condition& c, std::map<std::string, std::set<std::string>>& named) {
        ++m_conditionNodes;
        if (c.op == Condition::Op::Equals) named[c.step].insert(c.value);
        for (const auto& child : c.children) Collect(child, named);
    }

    // The root and, for each option selected only alone that the condition names, "not it and
    // another named answer of its step".
    int WithExclusions(const std::map<std::string, AnswerDomain>& domains) {
        std::vector<int> clauses;
        for (const auto& [stepId, vars] : m_vars) {
            for (const auto& alone : domains.at(stepId).alone) {
                const auto self = vars.find(alone);
                if (self == vars.end()) continue;
                for (const auto& [value, var] : vars) {
                    if (value == alone) continue;
                    Node clause;
                    clause.kind = Node::Kind::Or;
                    clause.kids = {Literal(self->second, false), Literal(var, false)};
                    clauses.push_back(Add(std::move(clause)));
                }
            }
        }
        if (clauses.empty()) return m_root;
        std::vector<int> kids;
        if (m_root != kTrue && m_nodes[static_cast<std::size_t>(m_root)].kind == Node::Kind::And)
            kids = m_nodes[static_cast<std::size_t>(m_root)].kids;
        else if (m_root != kTrue)
            kids.push_back(m_root);
        kids.insert(kids.end(), clauses.begin(), clauses.end());
        if (kids.size() == 1) return kids.front();
        Node all;
        all.kind = Node::Kind::And;
        all.kids = std::move(kids);
        return Add(std::move(all));
    }

    int Literal(std::pair<int, int> varValue, bool positive) {
        Node literal;
        literal.kind = Node::Kind::Literal;
        literal.positive = positive;
        literal.var = varValue.first;
        literal.value = varValue.second;
        return Add(std::move(literal));
    }

    int NewVariable(int size) {
        m_sizes.push_back(size);
        return static_cast<int>(m_sizes.size()) - 1;
    }

    int Add(Node node) {
        m_nodes.push_back(std::move(node));
        return static_cast<int>(m_nodes.size()) - 1;
    }

    // `negated`: compile not(c), pushing the negation down to the answers.
    int Compile(const Condition& c, bool negated) {
        switch (c.op) {
        case Condition::Op::Equals: {
            const auto& vars = m_vars.at(c.step);
            const auto found = vars.find(c.value);
            if (found == vars.end()) return negated ? kTrue : kFalse;
            return Literal(found->second, !negated);
        }
        case Condition::Op::Not: return Compile(c.children.front(), !negated);
        case Condition::Op::Any:
        case Condition::Op::All: break;
        }
        const bool conjunction = (c.op == Condition::Op::All) != negated;
        const int absorbing = conjunction ? kFalse : kTrue;
        const Node::Kind kind = conjunction ? Node::Kind::And : Node::Kind::Or;
        std::vector<int> kids;
        for (const auto& child : c.children) {
            const int k = Compile(child, negated);
            if (k == absorbing) return absorbing;
            if (k == kFalse || k == kTrue) continue; // the neutral constant
            if (m_nodes[static_cast<std::size_t>(k)].kind == kind) {
                const auto inner = m_nodes[static_cast<std::size_t>(k)].kids;
                kids.insert(kids.end(), inner.begin(), inner.end());
            } else {
                kids.push_back(k);
            }
        }
        if (kids.empty()) return conjunction ? kTrue : kFalse;
        if (kids.size() == 1) return kids.front();
        Node group;
        group.kind = kind;
        group.kids = std::move(kids);
        return Add(std::move(group));
    }

    std::vector<Node> m_nodes;
    std::vector<int> m_sizes;                                            // values per variable
    std::map<std::string, std::map<std::string, std::pair<int, int>>> m_vars; // step → answer → (var, value)
    std::size_t m_conditionNodes = 0;
    bool m_empty = false;
    int m_root = kFalse;
};

enum class Truth : std::uint8_t { False, True, Unknown };
enum class Result : std::uint8_t { Sat, Unsat, Unknown };

// Nesting of the search (each level splits a conjunction, a disjunction or a step's answers);
// bounded so that the stack stays small whatever the input.
constexpr int kMaxDepth = 1000;

class Solver {
public:
    Solver(const std::vector<Node>& nodes, const std::vector<int>& sizes, std::size_t budget)
        : m_nodes(nodes), m_sizes(sizes), m_count(sizes), m_budget(budget) {
        std::size_t total = 0;
        for (int size : sizes) {
            m_offset.push_back(total);
            total += static_cast<std::size_t>(size);
        }
        m_alive.assign(total, 1);
        m_owner.assign(sizes.size(), -1);
        m_mentions.resize(sizes.size());
        m_holds.assign(total, 0);
        m_holdsNot.assign(total, 0);
    }

    Result Solve(std::vector<int> conjuncts, int depth) {
        if (OutOfBudget() || depth > kMaxDepth) return Result::Unknown;
        const std::size_t mark = m_trail.size();
        const Result result = SolveHere(std::move(conjuncts), depth);
        Undo(mark);
        return result;
    }

private:
    bool OutOfBudget() const { return m_work > m_budget; }
    const Node& At(int n) const { return m_nodes[static_cast<std::size_t>(n)]; }
    bool Alive(int var, int value) const {
        return m_alive[m_offset[static_cast<std::size_t>(var)] + static_cast<std::size_t>(value)] != 0;
    }
    bool Decided(int var) const { return m_count[static_cast<std::size_t>(var)] <= 1; }

    Truth Eval(int n) {
        ++m_work;
        const Node& x = At(n);
        switch (x.kind) {
        case Node::Kind::False: return Truth::False;
        case Node::Kind::True: return Truth::True;
        case Node::Kind::Literal: {
            const bool can = Alive(x.var, x.value);
            const bool must = can && Decided(x.var);
            if (x.positive) return must ? Truth::True : can ? Truth::Unknown : Truth::False;
            return must ? Truth::False : can ? Truth::Unknown : Truth::True;
        }
        case Node::Kind::And:
        case Node::Kind::Or: break;
        }
        const Truth decisive = x.kind == Node::Kind::And ? Truth::False : Truth::True;
        bool unknown = false;
        for (int k : x.kids) {
            const Truth t = Eval(k);
            if (t == decisive) return decisive;
            unknown = unknown || t == Truth::Unknown;
        }
        if (unknown) return Truth::Unknown;
        return decisive == Truth::False ? Truth::True : Truth::False;
    }

    void Remove(int var, int value) {
        m_alive[m_offset[static_cast<std::size_t>(var)] + static_cast<std::size_t>(value)] = 0;
        --m_count[static_cast<std::size_t>(var)];
        m_trail.emplace_back(var, value);
    }

    void Undo(std::size_t mark) {
        while (m_trail.size() > mark) {
            const auto [var, value] = m_trail.back();
            m_trail.pop_back();
            m_alive[m_offset[static_cast<std::size_t>(var)] + static_cast<std::size_t>(value)] = 1;
            ++m_count[static_cast<std::size_t>(var)];
        }
    }

    // Keeps only `value` (`positive`) or every value but it.
    void Restrict(int var, int value, bool positive) {
        if (!positive) {
            Remove(var, value);
            return;
        }
        for (int v = 0; v < m_sizes[static_cast<std::size_t>(var)]; ++v)
            if (v != value && Alive(var, v)) Remove(var, v);
    }

    // Propagates to a fixed point: an answer the conjunction requires restricts its step, a
    // disjunction with one branch left requires that branch. Then the conjuncts left are all
    // disjunctions with two open branches or more (false: one is false).
    bool Propagate(std::vector<int>& conjuncts) {
        for (bool changed = true; changed;) {
            changed = false;
            std::vector<int> pending = std::move(conjuncts);
            conjuncts.clear();
            while (!pending.empty()) {
                const int n = pending.back();
                pending.pop_back();
                const Node& x = At(n);
                if (x.kind == Node::Kind::And) {
                    pending.insert(pending.end(), x.kids.begin(), x.kids.end());
                    continue;
                }
                if (x.kind != Node::Kind::Or) {
                    const Truth t = Eval(n);
                    if (t == Truth::False) return false;
                    if (t == Truth::Unknown) {
                        Restrict(x.var, x.value, x.positive);
                        changed = true;
                    }
                    continue;
                }
                int open = 0, last = -1;
                bool holds = false;
                for (int k : x.kids) {
                    const Truth t = Eval(k);
                    holds = t == Truth::True;
                    if (holds) break;
                    if (t == Truth::Unknown) {
                        ++open;
                        last = k;
                    }
                }
                if (holds) continue;
                if (open == 0) return false;
                if (open == 1) pending.push_back(last);
                else conjuncts.push_back(n);
            }
        }
        return true;
    }

    Result SolveHere(std::vector<int> conjuncts, int depth) {
        Shape shape;
        for (;;) {
            if (!Propagate(conjuncts)) return Result::Unsat;
            if (OutOfBudget()) return Result::Unknown;
            if (conjuncts.empty()) return Result::Sat;
            shape = Examine(conjuncts);
            if (OutOfBudget()) return Result::Unknown;
            if (shape.pure.empty()) break;
            // An answer that makes every mention of its step true cannot hurt (the condition
            // is monotone in each mention): take it, and propagate again.
            for (const auto& [var, value] : shape.pure) Restrict(var, value, true);
        }
        bool unknown = false;
        if (shape.parts.size() > 1) {
            for (auto& part : shape.parts) {
                const Result r = Solve(std::move(part), depth + 1);
                if (r == Result::Unsat) return r;
                unknown = unknown || r == Result::Unknown;
            }
            return unknown ? Result::Unknown : Result::Sat;
        }
        if (conjuncts.size() == 1) { // one disjunction: some branch must hold
            for (int k : At(conjuncts.front()).kids) {
                if (Eval(k) == Truth::False) continue;
                const Result r = Solve({k}, depth + 1);
                if (r == Result::Sat) return r;
                unknown = unknown || r == Result::Unknown;
            }
            return unknown ? Result::Unknown : Result::Unsat;
        }
        // Disjunctions that share a step: try each answer it can still hold, the answer that
        // makes most of its mentions true first.
        for (int value : shape.order) {
            const std::size_t mark = m_trail.size();
            Restrict(shape.var, value, true);
            const Result r = Solve(conjuncts, depth + 1);
            Undo(mark);
            if (r == Result::Sat) return r;
            unknown = unknown || r == Result::Unknown;
        }
        return unknown ? Result::Unknown : Result::Unsat;
    }

    struct Shape {
        std::vector<std::vector<int>> parts;       // conjuncts that share no undecided variable
        std::vector<std::pair<int, int>> pure;     // (var, value) making every mention of var true
        int var = -1;                              // the variable mentioned most often
        std::vector<int> order;                    // its values still possible, best first
    };

    // Walks the open conjuncts once: which share undecided variables, how each variable is
    // mentioned (as holding, or not holding, which value).
    Shape Examine(const std::vector<int>& conjuncts) {
        std::vector<int> parent(conjuncts.size());
        std::iota(parent.begin(), parent.end(), 0);
        const auto find = [&](int i) {
            while (parent[static_cast<std::size_t>(i)] != i)
                i = parent[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
            return i;
        };
        std::vector<int> touched;
        std::vector<int> stack;
        for (std::size_t c = 0; c < conjuncts.size(); ++c) {
            stack.assign(1, conjuncts[c]);
            while (!stack.empty()) {
                const Node& x = At(stack.back());
                stack.pop_back();
                ++m_work;
                if (x.kind != Node::Kind::Literal) {
                    stack.insert(stack.end(), x.kids.begin(), x.kids.end());
                    continue;
                }
                if (Decided(x.var)) continue;
                const auto var = static_cast<std::size_t>(x.var);
                if (m_mentions[var].total++ == 0) touched.push_back(x.var);
                const std::size_t at = m_offset[var] + static_cast<std::size_t>(x.value);
                if (x.positive) ++m_mentions[var].positive, ++m_holds[at];
                else ++m_holdsNot[at];
                if (m_owner[var] < 0) m_owner[var] = static_cast<int>(c);
                else parent[static_cast<std::size_t>(find(static_cast<int>(c)))] = find(m_owner[var]);
            }
        }
        Shape shape;
        int best = 0;
        for (int var : touched) {
            const auto v = static_cast<std::size_t>(var);
            const Mentions m = m_mentions[v];
            const int negative = m.total - m.positive;
            // How many mentions each value makes true: its own "holds", every "does not hold" of another.
            std::vector<std::pair<int, int>> scored;
            for (int value = 0; value < m_sizes[v]; ++value) {
                const std::size_t at = m_offset[v] + static_cast<std::size_t>(value);
                if (Alive(var, value)) scored.emplace_back(m_holds[at] + negative - m_holdsNot[at], value);
                m_holds[at] = m_holdsNot[at] = 0;
            }
            m_mentions[v] = {};
            m_owner[v] = -1;
            if (scored.empty()) continue; // not reached: an undecided variable has two values or more
            const auto top = std::min_element(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
                return a.first > b.first || (a.first == b.first && a.second < b.second);
            });
            if (top->first == m.total) shape.pure.emplace_back(var, top->second);
            if (m.total > best || (m.total == best && var < shape.var)) {
                best = m.total;
                shape.var = var;
                std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
                shape.order.clear();
                for (const auto& entry : scored) shape.order.push_back(entry.second);
            }
        }
        std::map<int, std::vector<int>> byRoot;
        for (std::size_t c = 0; c < conjuncts.size(); ++c) byRoot[find(static_cast<int>(c))].push_back(conjuncts[c]);
        for (auto& [root, part] : byRoot) shape.parts.push_back(std::move(part));
        return shape;
    }

    struct Mentions {
        int total = 0;
        int positive = 0;
    };

    const std::vector<Node>& m_nodes;
    const std::vector<int>& m_sizes;
    std::vector<int> m_count;          // values still possible, per variable
    std::vector<std::size_t> m_offset; // of each variable's values in m_alive
    std::vector<char> m_alive;
    std::vector<std::pair<int, int>> m_trail; // removed (var, value), for Undo
    // Examine's scratch, all zero (m_owner: -1) between calls.
    std::vector<int> m_owner;
    std::vector<Mentions> m_mentions;
    std::vector<int> m_holds, m_holdsNot; // per value, as m_alive
    std::size_t m_work = 0;
    std::size_t m_budget;
};

} // namespace

Satisfiability Satisfiable(const Condition& condition, const std::map<std::string, AnswerDomain>& domains) {
    const Compiler compiled(condition, domains);
    if (compiled.Empty() || compiled.Root() == kFalse) return Satisfiability::Unsatisfiable;
    if (compiled.Root() == kTrue) return Satisfiability::Satisfiable;
    Solver solver(compiled.Nodes(), compiled.Sizes(), kSearchStepsPerConditionNode * compiled.Size());
    switch (solver.Solve({compiled.Root()}, 0)) {
    case Result::Sat: return Satisfiability::Satisfiable;
    case Result::Unsat: return Satisfiability::Unsatisfiable;
    case Result::Unknown: break;
    }
    return Satisfiability::TooComplex;
}

} // namespace kc::loader
