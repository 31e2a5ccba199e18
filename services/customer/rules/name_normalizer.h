#ifndef CRM_SERVICES_CUSTOMER_RULES_NAME_NORMALIZER_H_
#define CRM_SERVICES_CUSTOMER_RULES_NAME_NORMALIZER_H_

#include <string>
#include <string_view>
#include <vector>

namespace crm::customer {

// A company name reduced to what identifies the company, so that spellings
// of one legal entity compare equal:
//
//   上海华信能源集团有限公司, 上海 华信能源集团（有限公司）, ＳＨＡＮＧＨＡＩ… all fold
//   full-width to half-width, （）to (), drop spaces and punctuation and
//   lower-case Latin letters;
//   the legal form at the end (有限公司, 有限责任公司, 股份有限公司, 集团有限公司,
//   集团, Co., Ltd. …) is stripped: full = "上海华信能源";
//   the leading region (up to three GB/T 2260 divisions, e.g. 浙江省杭州市
//   西湖区) and a region in brackets are stripped from that for the trade
//   name (字号) key: trade = "华信能源", region = "上海";
//   a branch (…分公司, …办事处) is recognised: branch = true and `head` is the
//   key of the company it belongs to.
//   traditional characters are written as simplified ones first (華信 ->
//   华信); regions are names of the GB/T 2260 list (region_names.h), so
//   市政工程 or 超市 in a trade name stay where they are.
struct NormalizedName {
  std::string full;         // without the legal form
  std::string trade;        // `full` without the leading region
  std::string other_trade;  // the trade name of the other reading of a region
                            // that reads two ways (杭州市政诺方: trade 市政诺方,
                            // other_trade 政诺方), else ""
  std::string region;       // the leading region that was removed, e.g. "浙江杭州"
  std::string region_code;  // GB/T 2260 code of the most specific region named
                            // (leading or bracketed), "" when none
  std::string industry;     // the industry word that ends `trade` (能源), or ""
  bool legal_form = false;  // it ended with a legal form (有限公司, Ltd.): a full
                            // legal name, not a short form such as 华信能源
  bool branch = false;
  std::string head;  // for a branch: `full` of its head office
};

NormalizedName NormalizeCompanyName(std::string_view name);

// What the store indexes of a legal name to find duplicate candidates.
struct MatchKeys {
  std::string name;                    // NormalizedName::full
  std::string trade;                   // NormalizedName::trade
  std::string head;                    // a branch's head office, else ""
  std::vector<std::string> edit_keys;  // OneEditKeys of trade and other_trade
  std::string sound;                   // SoundKey(trade) (chinese_readings.h)
                                       // when trade has 2+ characters, else ""
};
MatchKeys MatchKeysOf(std::string_view legal_name);

// The keys that find names one edit (an inserted, dropped or changed
// character, e.g. 信 → 鑫) away: the key itself and the key with each one
// character removed (symmetric-deletion blocking). Two keys one substitution
// apart share a deletion; empty for keys shorter than 3 characters, which
// would match too much.
std::vector<std::string> OneEditKeys(std::string_view key);

// OneEditKeys of `name`'s trade name and, when its region reads two ways, of
// its other trade name too (sorted, unique): what the store keys and a search
// looks up.
std::vector<std::string> EditKeysOf(const NormalizedName& name);

// Characters (code points) of a UTF-8 key.
size_t KeyLength(std::string_view key);

// Edit distance between two keys, counted in characters, capped at
// `cap` + 1 (enough to tell "within cap" apart).
int KeyDistance(std::string_view a, std::string_view b, int cap = 2);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_NAME_NORMALIZER_H_
