# One INTERFACE target carries the project's warning flags; targets link it PRIVATE.
add_library(kc_warnings INTERFACE)
add_library(kc::warnings ALIAS kc_warnings)
target_compile_options(kc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${KC_WERROR}>:-Werror>)

# Every project target calls this: warnings and (when asked) sanitizers.
function(kc_target_defaults target)
  target_link_libraries(${target} PRIVATE kc::warnings kc::sanitizers)
endfunction()
