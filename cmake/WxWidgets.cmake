# CMake 3.25's FindwxWidgets gives variables, not a target: wrap them once, here,
# in kc::wx, so the rest of the build only ever links a target.
find_package(wxWidgets 3.2 REQUIRED COMPONENTS core base html adv)
add_library(kc_wx INTERFACE)
add_library(kc::wx ALIAS kc_wx)
target_include_directories(kc_wx SYSTEM INTERFACE ${wxWidgets_INCLUDE_DIRS})
target_compile_definitions(kc_wx INTERFACE ${wxWidgets_DEFINITIONS}
  $<$<CONFIG:Debug>:${wxWidgets_DEFINITIONS_DEBUG}>)
target_compile_options(kc_wx INTERFACE ${wxWidgets_CXX_FLAGS})
target_link_libraries(kc_wx INTERFACE ${wxWidgets_LIBRARIES})
