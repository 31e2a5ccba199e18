#include "services/customer/rules/uscc.h"

#include <string>

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

// Codes printed on business licences, each checked by hand against the
// algorithm; 91350100M000100Y43 is the worked example of GB 32100-2015.
constexpr std::string_view kPublishedCodes[] = {
    "91110000600037341L", "91350100M000100Y43", "914403001922038216",
    "91440300708461136T", "91330100716105852F", "91110108551385082Q",
};

std::string WithCheck(std::string_view first17) {
  return std::string(first17) + ExpectedCheckCharacter(first17);
}

TEST(UsccTest, PublishedCodesAreValid) {
  for (std::string_view code : kPublishedCodes) {
    EXPECT_EQ(UsccError(code), std::nullopt) << code;
    EXPECT_EQ(ExpectedCheckCharacter(code.substr(0, 17)), code.back()) << code;
  }
}

TEST(UsccTest, CheckCharacterFollowsTheWeights) {
  EXPECT_EQ(ExpectedCheckCharacter("91110000600037341"), 'L');
  EXPECT_EQ(ExpectedCheckCharacter("91350100M000100Y4"), '3');
  // A sum that is a multiple of 31 gives 31, written as '0'.
  EXPECT_EQ(ExpectedCheckCharacter("91310115000000012"), '0');
  EXPECT_EQ(ExpectedCheckCharacter("91310115000000002"), 'Y');
}

TEST(UsccTest, CheckCharacterNeedsSeventeenCodeCharacters) {
  EXPECT_EQ(ExpectedCheckCharacter("9111000060003734"), '\0');
  EXPECT_EQ(ExpectedCheckCharacter("911100006000373411"), '\0');
  EXPECT_EQ(ExpectedCheckCharacter("9111000060003734I"), '\0');
}

TEST(UsccTest, CodesOfOtherAuthoritiesAndCategories) {
  for (std::string_view first17 : {
           "11100000000013127",  // 机构编制, 机关; 100000 = central level
           "12100000400000374",  // 机构编制, 事业单位
           "31110000E00017525",  // 司法行政, 律师执业机构
           "51110000MJ0000001",  // 民政, 社会团体
           "53100000500021676",  // 民政, 基金会
           "92310115MA1K3YJ12",  // 工商, 个体工商户
           "93310115MA1K3YJ12",  // 工商, 农民专业合作社
           "A1110000MA0000000",  // 中央军委改革和编制办公室, 军队事业单位
           "N2330102MF0000000",  // 农业, 村级集体经济组织
           "Y1110000MA0000000",  // 其他
       }) {
    EXPECT_EQ(UsccError(WithCheck(first17)), std::nullopt) << first17;
  }
}

TEST(UsccTest, WrongLength) {
  EXPECT_EQ(UsccError("9111000060003734"), "uscc: must be 18 characters, got 16");
  EXPECT_EQ(UsccError("91110000600037341L0"), "uscc: must be 18 characters, got 19");
  EXPECT_EQ(UsccError(""), "uscc: must be 18 characters, got 0");
  // Counted in characters, not bytes.
  EXPECT_EQ(UsccError("9111000060003734华L"),
            "uscc: character '华' at position 17 is not allowed (allowed: 0-9 and "
            "ABCDEFGHJKLMNPQRTUWXY)");
}

TEST(UsccTest, CharactersOutsideTheCodeSet) {
  EXPECT_EQ(UsccError("9111I000600037341L"),
            "uscc: character 'I' at position 5 is not allowed (allowed: 0-9 and "
            "ABCDEFGHJKLMNPQRTUWXY)");
  for (char c : {'O', 'Z', 'S', 'V', 'l', '-'}) {
    std::string code = "91110000600037341L";
    code[9] = c;
    ASSERT_TRUE(UsccError(code).has_value()) << c;
    EXPECT_NE(UsccError(code)->find("at position 10 is not allowed"), std::string::npos) << c;
  }
  EXPECT_EQ(UsccError("91110000 00037341L"),
            "uscc: character U+0020 at position 9 is not allowed (allowed: 0-9 and "
            "ABCDEFGHJKLMNPQRTUWXY)");
  EXPECT_EQ(UsccError("91110000\xFF"
                      "00037341L"),
            "uscc: not valid UTF-8");
}

TEST(UsccTest, RegistrationAuthority) {
  EXPECT_EQ(UsccError(WithCheck("B1110000600037341")),
            "uscc: registration authority 'B' at position 1 is unknown; expected one of 1-9, "
            "A, N, Y");
  EXPECT_EQ(UsccError(WithCheck("01110000600037341")),
            "uscc: registration authority '0' at position 1 is unknown; expected one of 1-9, "
            "A, N, Y");
}

TEST(UsccTest, CategoryMustBelongToTheAuthority) {
  EXPECT_EQ(UsccError(WithCheck("94110000600037341")),
            "uscc: organisation category '4' at position 2 is not defined for registration "
            "authority '9' (工商); expected one of 1, 2, 3");
  EXPECT_EQ(UsccError(WithCheck("99110000600037341")),
            "uscc: organisation category '9' at position 2 is not defined for registration "
            "authority '9' (工商); expected one of 1, 2, 3");
  EXPECT_EQ(UsccError(WithCheck("Y2110000600037341")),
            "uscc: organisation category '2' at position 2 is not defined for registration "
            "authority 'Y' (其他); expected one of 1");
  EXPECT_EQ(UsccError(WithCheck("54110000600037341")),
            "uscc: organisation category '4' at position 2 is not defined for registration "
            "authority '5' (民政); expected one of 1, 2, 3, 9");
  EXPECT_EQ(UsccError(WithCheck("1A110000600037341")),
            "uscc: organisation category 'A' at position 2 is not defined for registration "
            "authority '1' (机构编制); expected one of 1, 2, 3, 9");
}

TEST(UsccTest, RegionMustBeDigits) {
  EXPECT_EQ(UsccError(WithCheck("9131011A600037341")),
            "uscc: region code at positions 3-8 must be 6 digits, got '31011A'");
}

TEST(UsccTest, WrongCheckCharacter) {
  EXPECT_EQ(UsccError("91110000600037341X"), "uscc: check character is 'X', expected 'L'");
  EXPECT_EQ(UsccError("91350100M000100Y47"), "uscc: check character is '7', expected '3'");
  // One changed digit in the body is caught by the check character.
  EXPECT_EQ(UsccError("91110000600037342L"), "uscc: check character is 'L', expected 'P'");
  // So is a swap of two neighbouring characters.
  EXPECT_TRUE(UsccError("91110000600073341L").has_value());
}

TEST(UsccTest, NormalizeTrimsUpperCasesAndFoldsFullWidth) {
  EXPECT_EQ(NormalizeUscc("  91110000600037341l\t"), "91110000600037341L");
  EXPECT_EQ(NormalizeUscc("\u3000９１１１００００６００"
                          "０３７３４１ｌ\u3000"),
            "91110000600037341L");
  EXPECT_EQ(NormalizeUscc("91350100m000100y43"), "91350100M000100Y43");
  EXPECT_EQ(UsccError(NormalizeUscc(" 91350100m000100y43 ")), std::nullopt);
  // Inner spaces are not removed: they are an input error worth reporting.
  EXPECT_EQ(NormalizeUscc("9111 0000"), "9111 0000");
  EXPECT_EQ(NormalizeUscc(""), "");
}

}  // namespace
}  // namespace crm::customer
