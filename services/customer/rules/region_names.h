#ifndef CRM_SERVICES_CUSTOMER_RULES_REGION_NAMES_H_
#define CRM_SERVICES_CUSTOMER_RULES_REGION_NAMES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace crm::customer {

// Chinese administrative divisions by name, from the GB/T 2260 list
// (data/gbt2260.tsv, compiled in): a company name's region is parsed from
// the names of real divisions, never from a suffix such as 市 alone, so
// 市政工程 (municipal works) and 超市 (supermarket) stay in the trade name.

// The regions that begin a folded name (letters lower-cased, no spaces).
struct LeadingRegions {
  size_t length = 0;        // characters they take, suffixes included
  std::u32string names;     // without suffixes: 浙江省杭州市西湖区 -> 浙江杭州西湖
  std::string code;         // the most specific division's code ("330106");
                            // "" when only 中国 was named
  size_t other_length = 0;  // when the last division reads two ways (杭州市政诺方:
                            // 杭州 + 市政诺方, or 杭州市 + 政诺方), the length
                            // of the reading not taken; else 0
};

// Up to three divisions at the start of `name`, each within the one before
// and written in full (浙江省, 杭州市, 西湖区, 宁夏回族自治区) or, for a
// province or a city (prefecture- or county-level), without its suffix
// (浙江, 杭州, 义乌); 中国 counts too. The longest name is taken, unless a
// shorter one leaves a word that took its suffix character (上海市场…: 上海).
// At least two characters are always left for the trade name, and never
// industry words alone (东方电气 keeps 东方).
LeadingRegions ParseLeadingRegions(std::u32string_view name);

// The code of the division that `text` names as a whole (深圳, 深圳市,
// 浙江杭州 -> the most specific one), or nullopt: what a bracketed part
// such as 华信能源（深圳）有限公司 holds. "" for 中国, which has no code.
std::optional<std::string> RegionCodeOfName(std::u32string_view text);

// Whether two GB/T 2260 codes can name one place: one division lies within
// the other (310000 and 310115), or either is unknown ("").
bool RegionsOverlap(std::string_view a, std::string_view b);

}  // namespace crm::customer

#endif  // CRM_SERVICES_CUSTOMER_RULES_REGION_NAMES_H_
