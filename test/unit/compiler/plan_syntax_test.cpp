// The placement plan parser: per-group placement and the JSON syntax errors, with their exact text.
#include "plan_test_support.hpp"

namespace edgecut::compiler {
namespace {
namespace plan_syntax_test_cpp {

using namespace plan_test;

std::string withGroups(const std::string& groups) {
  return "{\"network\": {\"motes\": [\n"
         "  {\"id\": 1, \"position\": [1, 0], \"path\": \"/greenhouse/a\"},\n"
         "  {\"id\": 2, \"position\": [2, 0], \"path\": \"/greenhouse/b\"},\n"
         "  {\"id\": 3, \"position\": [3, 0], \"path\": \"/field/a\"},\n"
         "  {\"id\": 4, \"position\": [4, 0], \"path\": \"/field/b\"}],\n"
         " \"clusters\": [{\"name\": \"field\", \"members\": [3, 4]}]},\n"
         " \"placement\": {\"f\": [\n" + groups + "\n]}}\n";
}

TEST(PlanGroups, ParsesEachSelector) {
  Parsed parsed = parse(withGroups("{\"motes\": [2, 1], \"side\": \"mote\"},\n"
                                   "{\"cluster\": \"field\", \"side\": \"auto\"},\n"
                                   "{\"path\": \"/greenhouse/\", \"side\": \"base\"},\n"
                                   "{\"side\": \"base\"}"));
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  ASSERT_EQ(parsed.plan->placements.size(), 1u);
  const std::vector<PlacementGroup>& groups = parsed.plan->placements[0].groups;
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].selector, PlacementGroup::Selector::Motes);
  EXPECT_EQ(groups[0].motes, (std::vector<std::uint32_t>{2, 1}));
  EXPECT_EQ(groups[0].side, Side::Mote);
  EXPECT_EQ(groups[0].label(), "motes 2, 1");
  EXPECT_EQ(loc(groups[0].location), "plan.json:8:1");
  EXPECT_EQ(loc(groups[0].selectorLocation), "plan.json:8:11");
  EXPECT_EQ(loc(groups[0].sideLocation), "plan.json:8:27");
  EXPECT_EQ(groups[1].selector, PlacementGroup::Selector::Cluster);
  EXPECT_EQ(groups[1].label(), "cluster 'field'");
  EXPECT_EQ(groups[1].side, Side::Auto);
  EXPECT_EQ(groups[2].selector, PlacementGroup::Selector::Path);
  EXPECT_EQ(groups[2].label(), "path '/greenhouse'") << "a trailing '/' is dropped, as Region::path does";
  EXPECT_EQ(groups[3].selector, PlacementGroup::Selector::Rest);
  EXPECT_EQ(groups[3].label(), "the other motes");
}

TEST(PlanGroups, UnknownMotesClustersAndPaths) {
  EXPECT_EQ(errors(withGroups("{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
                              "{\"cluster\": \"feild\", \"side\": \"base\"},\n"
                              "{\"path\": \"/greenhous\", \"side\": \"base\"},\n"
                              "{\"path\": \"orchard\", \"side\": \"base\"}")),
            "plan.json:8:15: error: unknown mote id 7; the network's motes are 1, 2, 3 and 4\n"
            "{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
            "              ^\n"
            "plan.json:8:18: error: mote 1 is listed twice in this group; remove one\n"
            "{\"motes\": [1, 7, 1], \"side\": \"mote\"},\n"
            "                 ^\n"
            "plan.json:9:13: error: unknown cluster 'feild'; did you mean 'field'?\n"
            "{\"cluster\": \"feild\", \"side\": \"base\"},\n"
            "            ^\n"
            "plan.json:10:10: error: path '/greenhous' holds no mote of the network; did you mean '/greenhouse'?\n"
            "{\"path\": \"/greenhous\", \"side\": \"base\"},\n"
            "         ^\n"
            "plan.json:11:10: error: 'path' must start with '/', such as \"/greenhouse\", not \"orchard\"\n"
            "{\"path\": \"orchard\", \"side\": \"base\"}\n"
            "         ^\n"
            "5 errors generated.\n");
}

TEST(PlanGroups, MalformedGroups) {
  EXPECT_EQ(errors(withGroups("{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
                              "{\"motes\": []},\n"
                              "\"mote\",\n"
                              "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}")),
            "plan.json:8:16: error: a group selects its motes by one of 'motes', 'cluster' or 'path', but this "
            "one has both 'motes' and 'path'; make them two groups\n"
            "{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
            "               ^\n"
            "plan.json:8:2: note: 'motes' given here\n"
            "{\"motes\": [1], \"path\": \"/field\", \"side\": \"mote\"},\n"
            " ^\n"
            "plan.json:9:11: error: 'motes' is empty; list the ids of the motes this group runs on, e.g. [1, 2]\n"
            "{\"motes\": []},\n"
            "          ^\n"
            "plan.json:9:1: error: the group has no 'side'; add \"side\": \"mote\", \"base\" or \"auto\"\n"
            "{\"motes\": []},\n"
            "^\n"
            "plan.json:10:1: error: a group of 'f' must be an object such as {\"motes\": [1, 2], \"side\": \"mote\"}, "
            "not a string\n"
            "\"mote\",\n"
            "^\n"
            "plan.json:11:33: error: unknown key 'sides' in a group of 'f'; did you mean 'side'?\n"
            "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}\n"
            "                                ^\n"
            "plan.json:11:30: error: the 'side' of a group of 'f' must be \"mote\", \"base\" or \"auto\", not a number\n"
            "{\"cluster\": \"field\", \"side\": 1, \"sides\": \"base\"}\n"
            "                             ^\n"
            "6 errors generated.\n");
  EXPECT_EQ(errors(withGroups("")),
            "plan.json:7:21: error: the group list of 'f' is empty; give groups such as [{\"motes\": [1, 2], "
            "\"side\": \"mote\"}, {\"side\": \"base\"}], or one side for every mote, e.g. \"mote\"\n"
            " \"placement\": {\"f\": [\n"
            "                    ^\n"
            "1 error generated.\n");
}

TEST(PlanGroups, AGroupAfterTheDefaultIsUnreachable) {
  EXPECT_EQ(errors(withGroups("{\"side\": \"base\"},\n{\"motes\": [1], \"side\": \"mote\"}")),
            "plan.json:9:1: error: this group of 'f' is unreachable: the group before it has no selector, so it "
            "takes every mote left; move the group without a selector to the end\n"
            "{\"motes\": [1], \"side\": \"mote\"}\n"
            "^\n"
            "plan.json:8:1: note: the group without a selector is here\n"
            "{\"side\": \"base\"},\n"
            "^\n"
            "1 error generated.\n");
}

TEST(PlanGroups, ANetworkWithoutClustersSaysHowToSelect) {
  EXPECT_EQ(errors(withMotes("{\"id\": 1, \"position\": [0, 0]}", "}, \"placement\": {\"f\": [{\"cluster\": \"x\", \"side\": \"mote\"}]")),
            "plan.json:3:37: error: unknown cluster 'x'; the network names no cluster: add one to its \"clusters\" "
            "with a \"name\", or select the motes by \"motes\" or \"path\"\n"
            "]}, \"placement\": {\"f\": [{\"cluster\": \"x\", \"side\": \"mote\"}]}}\n"
            "                                    ^\n"
            "1 error generated.\n");
}

// ---- JSON syntax --------------------------------------------------------------------------------

TEST(PlanSyntax, MissingCommaInObject) {
  EXPECT_EQ(errors("{\n  \"network\": {\"motes\": []}\n  \"profile\": \"mcu\"\n}\n"),
            "plan.json:3:3: error: expected ',' or '}' after object member\n"
            "  \"profile\": \"mcu\"\n"
            "  ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, MissingCommaInArray) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": [\n  {\"id\": 1, \"position\": [1 2]}]}}"),
            "plan.json:2:28: error: expected ',' or ']' after array element\n"
            "  {\"id\": 1, \"position\": [1 2]}]}}\n"
            "                           ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, MissingColon) {
  EXPECT_EQ(errors("{\"network\" {}}"),
            "plan.json:1:12: error: expected ':' after object key\n"
            "{\"network\" {}}\n"
            "           ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, TrailingCommas) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n}"),
            "plan.json:1:26: error: JSON does not allow a trailing comma; remove this ','\n"
            "{\"network\": {\"motes\": []},\n"
            "                         ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": [1, ]}}"),
            "plan.json:1:25: error: JSON does not allow a trailing comma; remove this ','\n"
            "{\"network\": {\"motes\": [1, ]}}\n"
            "                        ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, Comments) {
  EXPECT_EQ(errors("{\n  // the network\n  \"network\": {\"motes\": []}\n}"),
            "plan.json:2:3: error: JSON does not allow comments; remove this comment\n"
            "  // the network\n"
            "  ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": /* inline */ {\"motes\": []}}"),
            "plan.json:1:13: error: JSON does not allow comments; remove this comment\n"
            "{\"network\": /* inline */ {\"motes\": []}}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, NonFiniteNumbersAndBadLiterals) {
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": NaN}}"),
            "plan.json:1:25: error: NaN and Infinity are not valid JSON numbers; use a finite number\n"
            "{\"energy\": {\"transmit\": NaN}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": -Infinity}}"),
            "plan.json:1:25: error: NaN and Infinity are not valid JSON numbers; use a finite number\n"
            "{\"energy\": {\"transmit\": -Infinity}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"energy\": {\"transmit\": 1e999}}"),
            "plan.json:1:25: error: number '1e999' is out of range\n"
            "{\"energy\": {\"transmit\": 1e999}}\n"
            "                        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": True}"),
            "plan.json:1:13: error: invalid literal 'True'; JSON's literals are 'true', 'false' and 'null', in "
            "lower case\n"
            "{\"network\": True}\n"
            "            ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": nul}"),
            "plan.json:1:13: error: invalid literal 'nul'; JSON's literals are 'true', 'false' and 'null'\n"
            "{\"network\": nul}\n"
            "            ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, UnquotedStringValue) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}, \"placement\": {\"f\": mote}}"),
            "plan.json:1:47: error: expected a JSON value; strings must be in double quotes\n"
            "{\"network\": {\"motes\": []}, \"placement\": {\"f\": mote}}\n"
            "                                              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": [1, , 2]}}"),
            "plan.json:1:27: error: expected a JSON value before ','\n"
            "{\"network\": {\"motes\": [1, , 2]}}\n"
            "                          ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, BadNumbers) {
  EXPECT_EQ(errors("{\"a\": 012}"),
            "plan.json:1:7: error: JSON numbers cannot have leading zeros\n"
            "{\"a\": 012}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 1.}"),
            "plan.json:1:9: error: expected a digit after the decimal point\n"
            "{\"a\": 1.}\n"
            "        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": .5}"),
            "plan.json:1:7: error: JSON numbers need a digit before the decimal point (write 0.5, not .5)\n"
            "{\"a\": .5}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": +5}"),
            "plan.json:1:7: error: JSON numbers cannot start with '+'; remove it\n"
            "{\"a\": +5}\n"
            "      ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 1e}"),
            "plan.json:1:9: error: expected a digit in the exponent\n"
            "{\"a\": 1e}\n"
            "        ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"a\": 0x1F}"),
            "plan.json:1:8: error: unexpected 'x' in number\n"
            "{\"a\": 0x1F}\n"
            "       ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, Strings) {
  EXPECT_EQ(errors("{'network': {}}"),
            "plan.json:1:2: error: JSON strings must be in double quotes, not single quotes\n"
            "{'network': {}}\n"
            " ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{network: {}}"),
            "plan.json:1:2: error: object keys must be strings in double quotes\n"
            "{network: {}}\n"
            " ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"net.json}\n"),
            "plan.json:1:13: error: missing terminating '\"' character\n"
            "{\"network\": \"net.json}\n"
            "            ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\\qb\"}"),
            "plan.json:1:15: error: invalid escape sequence '\\q' in string; JSON allows \\\" \\\\ \\/ \\b \\f \\n "
            "\\r \\t and \\uXXXX\n"
            "{\"network\": \"a\\qb\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\\u12G4\"}"),
            "plan.json:1:15: error: expected four hex digits after '\\u'\n"
            "{\"network\": \"a\\u12G4\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"\\udc00\"}"),
            "plan.json:1:14: error: unpaired UTF-16 surrogate in '\\u' escape; a low surrogate must follow a "
            "high one\n"
            "{\"network\": \"\\udc00\"}\n"
            "             ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"a\tb\"}"),
            "plan.json:1:15: error: unescaped control character U+0009 in string; write it as an escape such as "
            "\\t or \\u0009\n"
            "{\"network\": \"a\tb\"}\n"
            "              ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": \"caf\xE9\"}"),
            "plan.json:1:17: error: invalid UTF-8 in string; JSON text must be UTF-8\n"
            "{\"network\": \"caf<E9>\"}\n"
            "                ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, EndOfFileNotesTheOpenBracket) {
  EXPECT_EQ(errors("{\n  \"network\": {\"motes\": [\n"),
            "plan.json:3:1: error: expected a JSON value\n"
            "plan.json:2:24: note: to match this '['\n"
            "  \"network\": {\"motes\": [\n"
            "                       ^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}"),
            "plan.json:1:26: error: expected ',' or '}' after object member\n"
            "{\"network\": {\"motes\": []}\n"
            "                         ^\n"
            "plan.json:1:1: note: to match this '{'\n"
            "{\"network\": {\"motes\": []}\n"
            "^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, EmptyFileAndTrailingText) {
  EXPECT_EQ(errors(""), "plan.json:1:1: error: expected a JSON value, but the file is empty\n1 error generated.\n");
  EXPECT_EQ(errors("  \n"),
            "plan.json:2:1: error: expected a JSON value, but the file is empty\n1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}}\n}\n"),
            "plan.json:2:1: error: unexpected text after the JSON value; a JSON file holds exactly one value\n"
            "}\n"
            "^\n"
            "1 error generated.\n");
  EXPECT_EQ(errors("{\"network\": {\"motes\": []}}, {}"),
            "plan.json:1:27: error: unexpected ',' after the top-level value; a JSON file holds exactly one value\n"
            "{\"network\": {\"motes\": []}}, {}\n"
            "                          ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, DuplicateKeys) {
  EXPECT_EQ(errors("{\"network\": {\"motes\": []},\n"
                   " \"profile\": \"linux\",\n"
                   " \"profile\": \"mcu\"}"),
            "plan.json:3:2: error: duplicate key 'profile'; each key may appear only once\n"
            " \"profile\": \"mcu\"}\n"
            " ^\n"
            "plan.json:2:2: note: first given here\n"
            " \"profile\": \"linux\",\n"
            " ^\n"
            "1 error generated.\n");
}

TEST(PlanSyntax, DuplicateKeysInBigObjects) {
  std::string placement;
  for (int i = 0; i < 100; ++i) placement += "\"f" + std::to_string(i) + "\": \"base\", ";
  placement += "\"f42\": \"mote\"";
  std::string rendered = errors("{\"network\": {\"motes\": []}, \"placement\": {" + placement + "}}");
  EXPECT_EQ(rendered.substr(0, rendered.find('\n')),
            "plan.json:1:1532: error: duplicate key 'f42'; each key may appear only once");
  EXPECT_NE(rendered.find("plan.json:1:662: note: first given here"), std::string::npos);
}

TEST(PlanSyntax, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "{\"network\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  std::string rendered = errors(deep);
  EXPECT_EQ(rendered.substr(0, rendered.find('\n')),
            "plan.json:1:524: error: JSON nesting is too deep (more than 512 levels)");
}

TEST(PlanSyntax, ByteOrderMarkAndCrlfAreAccepted) {
  Parsed parsed = parse("\xEF\xBB\xBF{\r\n\"network\": {\"motes\": []},\r\n\"profile\": \"mcu\"\r\n}\r\n");
  ASSERT_TRUE(parsed.plan) << parsed.diagnostics;
  EXPECT_EQ(loc(parsed.plan->profileLocation), "plan.json:3:12");
}

// ---- motes --------------------------------------------------------------------------------------

}  // namespace plan_syntax_test_cpp
}  // namespace
}  // namespace edgecut::compiler
