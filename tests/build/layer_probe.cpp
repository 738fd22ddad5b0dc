// Compiled by tests/build/CMakeLists.txt against one layer's library with one header: a
// header of a layer above (or a private one) must not be found.
#include PROBE_HEADER

int LayerProbe() { return 0; }
