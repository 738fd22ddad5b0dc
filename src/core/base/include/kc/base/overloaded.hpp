#pragma once
// std::visit with one lambda per alternative: std::visit(Overloaded{[](const A&) {...}, ...}, v).

namespace kc {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

} // namespace kc
