// The reference for `checklistctl validate` timed as a whole process: reads each file and
// does nothing but YAML::Load of its bytes. Exit 1 when a file cannot be read or parsed.
//   bench_yaml_load_only FILE...
#include <fstream>
#include <iostream>
#include <sstream>

#include <yaml-cpp/yaml.h>

int main(int argc, char** argv) {
    int loaded = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (!in) return 1;
        try {
            if (YAML::Load(bytes.str()).IsMap()) ++loaded;
        } catch (const YAML::Exception&) {
            return 1;
        }
    }
    std::cout << loaded << " of " << argc - 1 << " files loaded\n";
    return loaded == argc - 1 ? 0 : 1;
}
