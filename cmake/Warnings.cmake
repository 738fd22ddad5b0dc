# One INTERFACE target carries the project's warning flags; targets link it PRIVATE.
add_library(kc_warnings INTERFACE)
add_library(kc::warnings ALIAS kc_warnings)
target_compile_options(kc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${KC_WERROR}>:-Werror>
  # g++ 12's -Wnull-dereference, found after inlining at -O2, fires inside libstdc++, CLI11
  # and nlohmann-json (a string move in CLI::detail::split, json::value<bool>): false
  # positives in code that is not ours. It stays a warning, never an error.
  $<$<BOOL:${KC_WERROR}>:-Wno-error=null-dereference>)

# Every project target calls this: warnings and (when asked) sanitizers.
function(kc_target_defaults target)
  target_link_libraries(${target} PRIVATE kc::warnings kc::sanitizers)
endfunction()
