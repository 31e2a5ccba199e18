#include "services/customer/rules/region_names.h"

#include <algorithm>
#include <deque>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "libs/pg/embedded_file.h"
#include "libs/strings/utf8.h"
#include "services/customer/rules/industry_words.h"

namespace crm {
extern const EmbeddedFile kGbt2260Names[];
extern const int kGbt2260Names_count;
}  // namespace crm

namespace crm::customer {
namespace {

using Text = std::u32string;

// GB/T 2260 codes: PPCCXX, province PP0000, prefecture PPCC00, county PPCCXX.
enum class Level { kProvince, kPrefecture, kCounty };

Level LevelOf(std::string_view code) {
  if (code.substr(2) == "0000") return Level::kProvince;
  if (code.substr(4) == "00") return Level::kPrefecture;
  return Level::kCounty;
}

// The digits that tell a division apart: "33" for 330000, "3301" for 330100.
std::string_view Significant(std::string_view code) {
  while (code.size() > 2 && code.substr(code.size() - 2) == "00") code.remove_suffix(2);
  return code;
}

// Whether `inner` lies within `outer` and is not `outer` itself.
bool StrictlyWithin(std::string_view inner, std::string_view outer) {
  const std::string_view a = Significant(inner), b = Significant(outer);
  return a.size() > b.size() && a.substr(0, b.size()) == b;
}

Text Decode(std::string_view utf8) {
  Text out;
  size_t pos = 0;
  while (pos < utf8.size()) {
    if (const std::optional<char32_t> c = DecodeUtf8(utf8, &pos); c.has_value()) {
      out.push_back(*c);
    } else {
      ++pos;
    }
  }
  return out;
}

bool EndsWith(std::u32string_view text, std::u32string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Peoples named in autonomous regions and prefectures (宁夏回族自治区,
// 恩施土家族苗族自治州), as they are written there.
constexpr std::u32string_view kPeoples[] = {
    U"壮族",   U"回族",     U"维吾尔",   U"藏族",     U"蒙古族", U"蒙古",   U"土家族", U"苗族",
    U"朝鲜族", U"侗族",     U"布依族",   U"傣族",     U"景颇族", U"白族",   U"哈尼族", U"彝族",
    U"傈僳族", U"哈萨克",   U"柯尔克孜", U"羌族",     U"黎族",   U"瑶族",   U"满族",   U"畲族",
    U"水族",   U"仡佬族",   U"纳西族",   U"普米族",   U"怒族",   U"独龙族", U"佤族",   U"拉祜族",
    U"布朗族", U"达斡尔族", U"鄂温克族", U"鄂伦春族", U"锡伯族", U"撒拉族", U"保安族", U"东乡族",
    U"土族",   U"裕固族",   U"塔吉克",   U"仫佬族",   U"毛南族", U"各族"};

// Suffixes of division names, longest first.
constexpr std::u32string_view kSuffixes[] = {
    U"特别行政区", U"自治区", U"自治州", U"自治县", U"自治旗", U"新区", U"林区", U"特区",
    U"地区",       U"省",     U"市",     U"区",     U"县",     U"盟",   U"旗"};

// A division's name without its suffix and the peoples before an 自治
// suffix: 宁夏回族自治区 -> 宁夏, 西湖区 -> 西湖; the whole name when fewer
// than two characters would be left (城区).
Text BareName(const Text& name) {
  Text bare = name;
  for (const std::u32string_view suffix : kSuffixes) {
    if (EndsWith(bare, suffix)) {
      bare.resize(bare.size() - suffix.size());
      if (suffix.substr(0, 2) == U"自治") {
        for (bool stripped = true; stripped;) {
          stripped = false;
          for (const std::u32string_view people : kPeoples) {
            if (EndsWith(bare, people) && bare.size() >= people.size() + 2) {  // 内蒙古
              bare.resize(bare.size() - people.size());
              stripped = true;
            }
          }
        }
      }
      break;
    }
  }
  return bare.size() >= 2 ? bare : name;
}

struct Division {
  std::string code;
  Level level;
  Text bare;  // BareName
};

// Words that begin with a suffix character (市场, 省心, 区块链): after
// 上海市场…, 上海 is the region and 市场 the business, not 上海市 and 场….
constexpr std::u32string_view kWordsAfterShortForms[] = {
    U"市场", U"市政", U"市民", U"市容", U"省心", U"省钱", U"区块链", U"区域", U"县域", U"盟友"};

class Divisions {
 public:
  Divisions() {
    for (int f = 0; f < kGbt2260Names_count; ++f) Load(kGbt2260Names[f].contents);
    // Not a division of the list, but names begin with it (中国华信).
    AddName(U"中国", divisions_.emplace_back(
                         Division{.code = "", .level = Level::kProvince, .bare = U"中国"}));
  }

  // The divisions named exactly `name` (full or short form), in list order.
  const std::vector<const Division*>* Find(std::u32string_view name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &it->second;
  }

  size_t longest() const { return longest_; }

 private:
  void Load(std::string_view tsv) {
    while (!tsv.empty()) {
      const size_t end = std::min(tsv.find('\n'), tsv.size());
      const std::string_view line = tsv.substr(0, end);
      tsv.remove_prefix(std::min(end + 1, tsv.size()));
      const size_t tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab != 6) continue;
      const std::string code(line.substr(0, tab));
      const Text name = Decode(line.substr(tab + 1));
      const Level level = LevelOf(code);
      const Division& division =
          divisions_.emplace_back(Division{.code = code, .level = level, .bare = BareName(name)});
      AddName(name, division);
      // Short forms: provinces (浙江, 宁夏) and cities (杭州, 义乌), not
      // districts or counties (西湖), nor 地区/盟/自治州, whose short forms
      // begin too many trade names (阿里 of 阿里地区, 阿里巴巴).
      const bool city = EndsWith(name, U"市");
      if ((level == Level::kProvince || city) && division.bare != name) {
        AddName(division.bare, division);
      }
    }
  }

  void AddName(const Text& name, const Division& division) {
    auto it = by_name_.find(name);
    if (it == by_name_.end()) it = by_name_.try_emplace(names_.emplace_back(name)).first;
    it->second.push_back(&division);
    longest_ = std::max(longest_, name.size());
  }

  // Deques: entries never move, so the views and pointers below stay valid.
  std::deque<Division> divisions_;
  std::deque<Text> names_;
  absl::flat_hash_map<std::u32string_view, std::vector<const Division*>> by_name_;
  size_t longest_ = 0;
};

const Divisions& TheDivisions() {
  static const Divisions* const divisions = new Divisions();
  return *divisions;
}

// The division named `name` that fits after `within` (a code, or nullptr for
// the first): one inside it, else none; the first has no such bound and the
// largest division of that name wins (吉林省 over 吉林市).
const Division* Pick(const std::vector<const Division*>& named, const std::string* within) {
  const Division* best = nullptr;
  for (const Division* division : named) {
    if (within != nullptr && !within->empty() && !StrictlyWithin(division->code, *within)) continue;
    if (best == nullptr || division->level < best->level) best = division;
  }
  return best;
}

struct Match {
  size_t length = 0;
  const Division* division = nullptr;
  size_t other_length = 0;  // the full name's length, when the short form won
};

bool StartsWithWordAfterShortForm(std::u32string_view rest, size_t longer_by) {
  for (const std::u32string_view word : kWordsAfterShortForms) {
    if (word.size() > longer_by && rest.substr(0, word.size()) == word) return true;
  }
  // An industry word that takes the suffix character (市政工程).
  for (size_t length = longer_by + 1; length <= std::min<size_t>(rest.size(), 4); ++length) {
    if (IsIndustryWords(rest.substr(0, length))) return true;
  }
  return false;
}

// The division named at the start of `text`: the longest name, unless a
// shorter name of the same division leaves a word that took its suffix
// character (上海市场: 上海, then 市场).
Match MatchAt(std::u32string_view text, const std::string* within) {
  const Divisions& divisions = TheDivisions();
  Match longest;
  for (size_t length = std::min(text.size(), divisions.longest()); length >= 2; --length) {
    const auto* named = divisions.Find(text.substr(0, length));
    if (named == nullptr) continue;
    const Division* division = Pick(*named, within);
    if (division == nullptr) continue;
    if (longest.division == nullptr) {
      longest = {length, division};
    } else if (division == longest.division &&
               StartsWithWordAfterShortForm(text.substr(length), longest.length - length)) {
      return {length, division, longest.length};
    }
  }
  return longest;
}

// Up to three divisions in a row at the start of `text`, each inside the one
// before (after 中国, any). `keep` characters at least stay after them, and
// never industry words alone (东方电气 keeps 东方).
LeadingRegions Parse(std::u32string_view text, size_t keep) {
  LeadingRegions out;
  std::string code;
  bool named = false;
  for (int count = 0; count < 3; ++count) {
    const Match match = MatchAt(text.substr(out.length), named ? &code : nullptr);
    if (match.division == nullptr) break;
    const std::u32string_view rest = text.substr(out.length + match.length);
    if (keep > 0 && (rest.size() < keep || IsIndustryWords(rest))) break;
    // The reading not taken counts only where it, too, leaves a trade name.
    const size_t other_end = out.length + match.other_length;
    const bool other_fits = match.other_length > 0 &&
                            text.size() >= other_end + std::max<size_t>(keep, 2) &&
                            !IsIndustryWords(text.substr(other_end));
    out.other_length = other_fits ? other_end : 0;
    out.length += match.length;
    out.names += match.division->bare;
    if (!match.division->code.empty()) code = match.division->code;
    named = true;
  }
  out.code = code;
  return out;
}

}  // namespace

LeadingRegions ParseLeadingRegions(std::u32string_view name) { return Parse(name, 2); }

std::optional<std::string> RegionCodeOfName(std::u32string_view text) {
  const LeadingRegions regions = Parse(text, 0);
  if (regions.length == 0 || regions.length != text.size()) return std::nullopt;
  return regions.code;  // "" for 中国
}

bool RegionsOverlap(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return true;
  const std::string_view x = Significant(a), y = Significant(b);
  return x.substr(0, std::min(x.size(), y.size())) == y.substr(0, std::min(x.size(), y.size()));
}

}  // namespace crm::customer
