#include "services/customer/rules/homophones.h"

#include "gtest/gtest.h"

namespace crm::customer {
namespace {

TEST(HomophonesTest, CharactersOfOneReadingSoundAlike) {
  EXPECT_TRUE(SoundAlike(U'信', U'鑫'));
  EXPECT_TRUE(SoundAlike(U'华', U'骅'));
  EXPECT_TRUE(SoundAlike(U'源', U'元'));
  EXPECT_TRUE(SoundAlike(U'达', U'达'));
  EXPECT_FALSE(SoundAlike(U'信', U'华'));
  EXPECT_FALSE(SoundAlike(U'信', U'兴'));  // xin and xing are two readings
}

TEST(HomophonesTest, TonesAside) {
  EXPECT_TRUE(SoundAlike(U'黄', U'皇'));  // huáng, huáng
  EXPECT_TRUE(SoundAlike(U'祎', U'易'));  // yī, yì
  EXPECT_TRUE(SoundAlike(U'钛', U'太'));  // tài
  EXPECT_TRUE(SoundAlike(U'信', U'鑫'));  // xìn, xīn
  EXPECT_FALSE(SoundAlike(U'黄', U'华'));
}

TEST(HomophonesTest, ATraditionalCharacterSoundsLikeItsSimplifiedForm) {
  EXPECT_TRUE(SoundAlike(U'華', U'华'));
  EXPECT_TRUE(SoundAlike(U'華', U'骅'));
}

TEST(HomophonesTest, APolyphoneSoundsLikeBothReadings) {
  EXPECT_TRUE(SoundAlike(U'行', U'星'));  // xing
  EXPECT_TRUE(SoundAlike(U'行', U'航'));  // hang
  EXPECT_TRUE(SoundAlike(U'星', U'行'));
  EXPECT_TRUE(SoundAlike(U'航', U'行'));
  EXPECT_TRUE(SoundAlike(U'重', U'中'));  // zhong
  EXPECT_TRUE(SoundAlike(U'重', U'冲'));  // chong
  EXPECT_TRUE(SoundAlike(U'長', U'常'));  // traditional 长: zhang, chang
  EXPECT_FALSE(SoundAlike(U'星', U'航'));
}

TEST(HomophonesTest, ClassicalReadingsAreNotUsed) {
  EXPECT_FALSE(SoundAlike(U'市', U'福'));  // 市 fu only in old dictionaries
  EXPECT_FALSE(SoundAlike(U'广', U'安'));  // 广 an likewise
  EXPECT_FALSE(SoundAlike(U'红', U'工'));  // 红 gong likewise
}

TEST(HomophonesTest, CharactersWithoutAReadingSoundOnlyLikeThemselves) {
  EXPECT_TRUE(SoundAlike(U'A', U'A'));
  EXPECT_FALSE(SoundAlike(U'A', U'a'));
  EXPECT_FALSE(SoundAlike(U'A', U'信'));
  EXPECT_FALSE(SoundAlike(U'信', U'A'));
  EXPECT_FALSE(SoundAlike(U'1', U'一'));
}

TEST(HomophonesTest, OneSubstitutedHomophoneIsRecognised) {
  EXPECT_TRUE(DifferByOneHomophone("华信能源", "华鑫能源"));
  EXPECT_TRUE(DifferByOneHomophone("柳钛", "柳太"));
  EXPECT_TRUE(DifferByOneHomophone("黄河科技", "皇河科技"));
  EXPECT_FALSE(DifferByOneHomophone("华信能源", "华兴能源"));  // one substitution, not alike
  EXPECT_FALSE(DifferByOneHomophone("华信能源", "华信能源"));  // no difference
  EXPECT_FALSE(DifferByOneHomophone("华信能源", "华信源"));    // a deletion
  EXPECT_FALSE(DifferByOneHomophone("华信能源", "骅鑫能源"));  // two substitutions
  EXPECT_FALSE(DifferByOneHomophone("abc", "abd"));
}

TEST(HomophonesTest, OneSubstitutionOfAnyCharacter) {
  EXPECT_TRUE(DifferByOneSubstitution("华信能源", "华兴能源"));
  EXPECT_FALSE(DifferByOneSubstitution("华信能源", "华信源"));
  EXPECT_FALSE(DifferByOneSubstitution("华信能源", "华信能源"));
}

}  // namespace
}  // namespace crm::customer
