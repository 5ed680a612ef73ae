#include <edgecut/edgecut.hpp>
int main() { return 0; }
