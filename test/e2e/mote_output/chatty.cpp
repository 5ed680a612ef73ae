// Mote code that prints, every way a program can: its lines must reach the base program's stderr
// labelled by mote ("[mote 2] …"), never its stdout, which is main's alone (mote_output.cmake).
#include <edgecut/edgecut.hpp>

#include <cstdio>
#include <iostream>

struct [[mote]] Chatty {
  int getLevel();  // the sensor "level"

  [[onboard]] int report(int round) {
    const int level = getLevel();
    std::printf("round %d: level %d\n", round, level);
    std::cout << "round " << round << ": from std::cout" << std::endl;
    std::fprintf(stderr, "round %d: to stderr\n", round);
    std::cerr << "round " << round << ": from std::cerr\n";
    std::puts("a line from puts");
    std::printf("a line without its newline");
    return level;
  }
};

int main() {
  for (int round = 1; round <= 2; ++round) {
    for (Chatty& mote : edgecut::motes<Chatty>()) {
      std::printf("main: round %d, mote %u has level %d\n", round, edgecut::idOf(mote), mote.report(round));
    }
  }
  return 0;
}
