# ASan + UBSan for the whole build when KC_SANITIZE is on (the asan preset).
add_library(kc_sanitizers INTERFACE)
add_library(kc::sanitizers ALIAS kc_sanitizers)
if(KC_SANITIZE)
  target_compile_options(kc_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(kc_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
