#include <edgecut/edgecut.hpp>

// These two names hash to one function id (FNV-1a 32 of "_Z6flikxwv" and of "_Z6fvjtrav").
[[onbase]] void flikxw() {}
[[onbase]] void fvjtra() {}

int main() {
  flikxw();
  fvjtra();
}
