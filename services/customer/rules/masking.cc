#include "services/customer/rules/masking.h"

#include <algorithm>
#include <vector>

#include "libs/strings/utf8.h"
#include "services/customer/rules/concat.h"

namespace crm::customer {
namespace {

constexpr std::string_view kPhoneStars = "****";
constexpr std::string_view kEmailStars = "***";
constexpr std::string_view kWechatStars = "****";
constexpr size_t kPhoneLead = 3;
constexpr size_t kPhoneTail = 4;
constexpr size_t kPhoneFullLength = 11;
constexpr size_t kPhoneMinShown = 4;  // shorter values are fully masked
constexpr size_t kWechatKeep = 2;
constexpr size_t kWechatShare = 5;  // keep at most 1/5 of the length per side

// Splits `text` into its characters; an invalid byte becomes a character of
// its own so that masking never fails and never emits half a sequence.
std::vector<std::string_view> Characters(std::string_view text) {
  std::vector<std::string_view> characters;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (!DecodeUtf8(text, &pos).has_value()) ++pos;
    characters.push_back(text.substr(start, pos - start));
  }
  return characters;
}

std::string Keep(const std::vector<std::string_view>& characters, size_t lead, size_t tail,
                 std::string_view stars) {
  std::string out;
  for (size_t i = 0; i < lead; ++i) out.append(characters[i]);
  out.append(stars);
  for (size_t i = characters.size() - tail; i < characters.size(); ++i) {
    out.append(characters[i]);
  }
  return out;
}

}  // namespace

std::string MaskPhone(std::string_view phone) {
  if (phone.empty()) return "";
  const std::vector<std::string_view> characters = Characters(phone);
  const size_t n = characters.size();
  if (n < kPhoneMinShown) return std::string(kPhoneStars);
  // 3 + 4 of 11 is the customary mask; scale it down for shorter values and
  // cap it for longer ones, so at most 7/11 of any value shows.
  const size_t lead = std::min(kPhoneLead, n * kPhoneLead / kPhoneFullLength);
  const size_t tail = std::min(kPhoneTail, n * kPhoneTail / kPhoneFullLength);
  return Keep(characters, lead, tail, kPhoneStars);
}

std::string MaskEmail(std::string_view email) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos) return MaskWechat(email);
  const std::vector<std::string_view> local = Characters(email.substr(0, at));
  const size_t lead = local.size() >= 2 ? 1 : 0;
  return Concat(Keep(local, lead, 0, kEmailStars), email.substr(at));
}

std::string MaskWechat(std::string_view wechat) {
  if (wechat.empty()) return "";
  const std::vector<std::string_view> characters = Characters(wechat);
  const size_t keep = std::min(kWechatKeep, characters.size() / kWechatShare);
  return Keep(characters, keep, keep, kWechatStars);
}

}  // namespace crm::customer
