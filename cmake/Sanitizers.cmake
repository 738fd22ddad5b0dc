# ASan + UBSan for the whole build when KC_SANITIZE is on (the asan preset); with KC_FUZZ
# (the fuzz preset, clang) also libFuzzer's coverage instrumentation.
add_library(kc_sanitizers INTERFACE)
add_library(kc::sanitizers ALIAS kc_sanitizers)
# g++'s "undefined" leaves out float-cast-overflow (an out-of-range double to integer), which
# is how untrusted JSON numbers go wrong: it is asked for by name.
if(KC_SANITIZE)
  target_compile_options(kc_sanitizers INTERFACE
    -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=undefined,float-cast-overflow
    -fno-omit-frame-pointer)
  target_link_options(kc_sanitizers INTERFACE -fsanitize=address,undefined,float-cast-overflow)
endif()
if(KC_FUZZ)
  target_compile_options(kc_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(kc_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
