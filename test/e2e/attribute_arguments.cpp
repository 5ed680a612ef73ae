// An edgecut attribute that takes no argument, given one: clang with the edgecut plugin says so
// (Clang 14 parses no argument of a plugin's attribute; the registration reads them from the source).
[[onboard(1)]] int read();

struct [[edgecut::mote("Thermo")]] Thermo {};

int main() { return 0; }
