#include "bench/duplicates_bench.h"

#include <iconv.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/cpu_usage.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/auth/principal_metadata.h"
#include "libs/pg/pool.h"
#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"
#include "opencc/opencc.h"
#include "pqxx/pqxx"
#include "services/customer/duplicates/duplicate_finder.h"
#include "services/customer/duplicates/duplicate_scanner.h"
#include "services/customer/rules/chinese_readings.h"
#include "services/customer/rules/duplicate_score.h"
#include "services/customer/rules/name_normalizer.h"
#include "services/customer/rules/uscc.h"

namespace crm::bench {
namespace {

using customer::v1::CustomerService;
using customer::v1::DuplicateMatch;

// ---- places, industries, legal forms ----

struct District {
  const char* name;  // with its 区
  const char* code;
};

struct City {
  const char* province;         // short: 浙江
  const char* province_suffix;  // 省, 市 (a municipality), 壮族自治区
  const char* name;             // 杭州; a municipality's own name
  const char* code;             // GB/T 2260
  int weight;                   // how many companies are registered there, roughly
  std::vector<District> districts;
  bool Municipality() const { return std::string_view(province) == name; }
};

// Municipalities register companies in a district; their code is a
// district's. Cities the name normaliser does not know (湛江, 义乌, 宜昌 ...)
// are in here on purpose: real data has them.
const std::vector<City>& Cities() {
  static const std::vector<City> cities = {
      {"上海",
       "市",
       "上海",
       "310000",
       120,
       {{"浦东新区", "310115"},
        {"黄浦区", "310101"},
        {"徐汇区", "310104"},
        {"闵行区", "310112"},
        {"嘉定区", "310114"}}},
      {"北京",
       "市",
       "北京",
       "110000",
       110,
       {{"朝阳区", "110105"}, {"海淀区", "110108"}, {"东城区", "110101"}, {"丰台区", "110106"}}},
      {"天津", "市", "天津", "120000", 30, {{"滨海新区", "120116"}, {"和平区", "120101"}}},
      {"重庆", "市", "重庆", "500000", 30, {{"渝北区", "500112"}, {"江北区", "500105"}}},
      {"广东", "省", "深圳", "440300", 90, {{"南山区", "440305"}, {"福田区", "440304"}}},
      {"广东", "省", "广州", "440100", 80, {{"天河区", "440106"}}},
      {"广东", "省", "东莞", "441900", 30, {}},
      {"广东", "省", "佛山", "440600", 30, {}},
      {"广东", "省", "珠海", "440400", 12, {}},
      {"广东", "省", "中山", "442000", 10, {}},
      {"广东", "省", "惠州", "441300", 10, {}},
      {"广东", "省", "湛江", "440800", 6, {}},
      {"广东", "省", "肇庆", "441200", 5, {}},
      {"浙江", "省", "杭州", "330100", 70, {{"西湖区", "330106"}, {"滨江区", "330108"}}},
      {"浙江", "省", "宁波", "330200", 30, {}},
      {"浙江", "省", "温州", "330300", 20, {}},
      {"浙江", "省", "嘉兴", "330400", 10, {}},
      {"浙江", "省", "绍兴", "330600", 10, {}},
      {"浙江", "省", "金华", "330700", 8, {}},
      {"浙江", "省", "台州", "331000", 8, {}},
      {"浙江", "省", "义乌", "330782", 8, {}},
      {"浙江", "省", "丽水", "331100", 4, {}},
      {"江苏", "省", "苏州", "320500", 60, {}},
      {"江苏", "省", "南京", "320100", 50, {{"鼓楼区", "320106"}}},
      {"江苏", "省", "无锡", "320200", 25, {}},
      {"江苏", "省", "常州", "320400", 15, {}},
      {"江苏", "省", "南通", "320600", 12, {}},
      {"江苏", "省", "徐州", "320300", 10, {}},
      {"江苏", "省", "扬州", "321000", 8, {}},
      {"江苏", "省", "昆山", "320583", 10, {}},
      {"江苏", "省", "泰州", "321200", 6, {}},
      {"山东", "省", "青岛", "370200", 30, {}},
      {"山东", "省", "济南", "370100", 25, {}},
      {"山东", "省", "烟台", "370600", 10, {}},
      {"山东", "省", "潍坊", "370700", 10, {}},
      {"山东", "省", "临沂", "371300", 8, {}},
      {"山东", "省", "淄博", "370300", 6, {}},
      {"湖北", "省", "武汉", "420100", 35, {{"洪山区", "420111"}}},
      {"湖北", "省", "宜昌", "420500", 6, {}},
      {"湖北", "省", "襄阳", "420600", 5, {}},
      {"四川", "省", "成都", "510100", 40, {{"武侯区", "510107"}}},
      {"四川", "省", "绵阳", "510700", 5, {}},
      {"四川", "省", "宜宾", "511500", 4, {}},
      {"福建", "省", "厦门", "350200", 20, {}},
      {"福建", "省", "福州", "350100", 18, {}},
      {"福建", "省", "泉州", "350500", 12, {}},
      {"福建", "省", "漳州", "350600", 5, {}},
      {"河南", "省", "郑州", "410100", 25, {}},
      {"河南", "省", "洛阳", "410300", 6, {}},
      {"河南", "省", "南阳", "411300", 5, {}},
      {"河北", "省", "石家庄", "130100", 12, {}},
      {"河北", "省", "唐山", "130200", 6, {}},
      {"河北", "省", "保定", "130600", 6, {}},
      {"湖南", "省", "长沙", "430100", 22, {}},
      {"湖南", "省", "株洲", "430200", 5, {}},
      {"安徽", "省", "合肥", "340100", 20, {}},
      {"安徽", "省", "芜湖", "340200", 6, {}},
      {"辽宁", "省", "沈阳", "210100", 12, {}},
      {"辽宁", "省", "大连", "210200", 12, {}},
      {"陕西", "省", "西安", "610100", 20, {}},
      {"广西", "壮族自治区", "南宁", "450100", 8, {}},
      {"广西", "壮族自治区", "柳州", "450200", 5, {}},
      {"江西", "省", "南昌", "360100", 10, {}},
      {"江西", "省", "赣州", "360700", 5, {}},
      {"云南", "省", "昆明", "530100", 10, {}},
  };
  return cities;
}

struct Industry {
  const char* word;
  const char* code;  // GB/T 4754 section
  // Holds 市, 省, 县 or 区, which a region suffix rule would cut (市政工程).
  bool place_word = false;
};

const std::vector<Industry>& Industries() {
  static const std::vector<Industry> industries = {
      {"能源", "D"},           {"科技", "M"},           {"物流", "G"},
      {"贸易", "F"},           {"建设", "E"},           {"医药", "C"},
      {"电子", "C"},           {"机械", "C"},           {"化工", "C"},
      {"食品", "C"},           {"环保", "N"},           {"信息技术", "I"},
      {"新材料", "C"},         {"实业", "C"},           {"投资", "L"},
      {"置业", "K"},           {"电气", "C"},           {"纺织", "C"},
      {"汽车服务", "O"},       {"农业", "A"},           {"文化传媒", "R"},
      {"供应链管理", "L"},     {"建筑工程", "E"},       {"软件", "I"},
      {"生物科技", "M"},       {"网络科技", "I"},       {"商贸", "F"},
      {"包装", "C"},           {"餐饮管理", "H"},       {"印刷", "C"},
      {"市政工程", "E", true}, {"超市", "F", true},     {"城市建设", "E", true},
      {"社区服务", "O", true}, {"园区开发", "K", true}, {"市场营销", "L", true},
  };
  return industries;
}

struct LegalForm {
  const char* text;
  int weight;
};

const std::vector<LegalForm>& LegalForms() {
  static const std::vector<LegalForm> forms = {{"有限公司", 55},
                                               {"有限责任公司", 14},
                                               {"股份有限公司", 14},
                                               {"集团有限公司", 10},
                                               {"集团股份有限公司", 2}};
  return forms;
}

// Characters common in trade names (字号); the groups are homophones a
// clerk may type for one another (信/鑫).
constexpr char kTradeCharacters[] =
    "华信鑫欣新兴星骅桦源元圆泰太瑞锐德得盛胜晟宏鸿弘佳嘉丰峰锋辉晖通同龙隆祥翔金锦成诚恒衡"
    "明铭凯恺宇羽雨晨辰鹏朋正政润闰阳扬汇惠林霖云芸志智立力利天地安康荣昌顺和美宝福永长东光博"
    "联创益聚众邦汉鼎腾飞森川江海山义仁君浩亿万千优泽越奥方捷威雅蓝恩诺达远强旭豪俊杰卓铁钢银"
    "宁平丽秀春秋坤乾亨启航帆舟桥图谷禾田石玉青红紫大友爱乐思睿慧精工品尚";
const char* const kHomophones[] = {
    "信鑫欣新", "兴星", "华骅桦", "源元圆", "泰太",   "瑞锐", "德得",  "盛胜晟",
    "宏鸿弘",   "佳嘉", "丰峰锋", "辉晖",   "通同",   "龙隆", "祥翔",  "金锦",
    "成诚",     "恒衡", "明铭",   "凯恺",   "宇羽雨", "晨辰", "鹏朋",  "正政",
    "润闰",     "阳扬", "汇惠",   "林霖",   "云芸",   "志智", "立力利"};

constexpr const char* kBranchMarkers[] = {"分公司", "分公司", "分公司", "分公司", "分公司",
                                          "分公司", "分公司", "分公司", "办事处", "营业部"};
constexpr const char* kOwners[] = {"orgUnits/sub-east", "orgUnits/east-ka", "orgUnits/sub-north",
                                   "orgUnits/sub-south"};

std::vector<std::string> SplitCharacters(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (!DecodeUtf8(text, &pos).has_value()) {
      ++pos;
      continue;
    }
    out.emplace_back(text.substr(start, pos - start));
  }
  return out;
}

// Full-width ASCII variants to ASCII and back (（）↔ (), Ａ ↔ A).
std::string SwapWidth(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    std::optional<char32_t> c = DecodeUtf8(text, &pos);
    if (!c.has_value()) {
      ++pos;
      continue;
    }
    if (*c >= 0x21 && *c <= 0x7E) {
      *c += 0xFEE0;
    } else if (*c >= 0xFF01 && *c <= 0xFF5E) {
      *c -= 0xFEE0;
    }
    AppendUtf8(*c, &out);
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The 3,755 characters of GB 2312 level 1, the common ones a pinyin input
// method offers first; empty when iconv has no GB 2312.
std::vector<std::string> CommonCharacters() {
  std::vector<std::string> out;
  iconv_t cd = iconv_open("UTF-8", "GB2312");
  if (cd == reinterpret_cast<iconv_t>(-1)) return out;
  for (int hi = 0xB0; hi <= 0xD7; ++hi) {
    for (int lo = 0xA1; lo <= (hi == 0xD7 ? 0xF9 : 0xFE); ++lo) {
      char in[2] = {static_cast<char>(hi), static_cast<char>(lo)};
      char converted[8];
      char* in_at = in;
      char* out_at = converted;
      size_t in_left = sizeof(in), out_left = sizeof(converted);
      if (iconv(cd, &in_at, &in_left, &out_at, &out_left) != static_cast<size_t>(-1)) {
        out.emplace_back(converted, out_at - converted);
      }
    }
  }
  iconv_close(cd);
  return out;
}

char32_t CodePointOf(std::string_view character) {
  size_t pos = 0;
  return DecodeUtf8(character, &pos).value_or(0);
}

// Simplified to traditional characters (OpenCC's s2t), the direction the
// service never needs: names as an office in Hong Kong or Taiwan writes them.
class TraditionalWriter final {
 public:
  TraditionalWriter() : converter_(opencc_open("s2t.json")) {}
  ~TraditionalWriter() {
    if (ok()) opencc_close(converter_);
  }
  TraditionalWriter(const TraditionalWriter&) = delete;
  TraditionalWriter& operator=(const TraditionalWriter&) = delete;

  bool ok() const { return converter_ != reinterpret_cast<opencc_t>(-1); }
  // `text` itself when OpenCC could not be opened.
  std::string Write(const std::string& text) const {
    if (!ok()) return text;
    char* converted = opencc_convert_utf8(converter_, text.data(), text.size());
    if (converted == nullptr) return text;
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
  }

 private:
  opencc_t converter_;
};

// ---- records ----

// How a name carries its region.
enum class Format {
  kProvinceCity,  // 浙江省杭州市华信能源有限公司
  kCity,          // 杭州华信能源有限公司
  kCityShi,       // 杭州市华信能源有限公司
  kProvince,      // 浙江华信能源有限公司 / 浙江省…
  kDistrict,      // 杭州市西湖区华信能源有限公司
  kBracketed,     // 华信能源（杭州）有限公司
  kNone,          // 华信能源有限公司
};
constexpr int kFormatWeights[] = {25, 22, 18, 8, 12, 9, 6};
// Companies sharing an earlier company's 字号 with another industry word.
constexpr double kSiblingShare = 0.05;

struct Record {
  std::string trade;  // 字号 as written
  int industry = 0;
  int form = 0;
  int city = 0;
  int district = -1;  // in the name (kDistrict) or, for a municipality, the code only
  Format format = Format::kNone;
  bool province_suffix = true;  // kProvince: 浙江省 rather than 浙江
  bool latin = false;           // the 字号 has Latin letters
  bool sibling = false;         // its 字号 is an earlier company's, with another industry
  std::string legal_name, region, uscc, id;
};

std::string Compose(const Record& r) {
  const City& c = Cities()[r.city];
  const std::string city_shi = crm::StrCat(c.name, "市");
  std::string prefix, bracket;
  switch (r.format) {
    case Format::kProvinceCity:
      prefix = c.Municipality() ? city_shi : crm::StrCat(c.province, c.province_suffix, city_shi);
      break;
    case Format::kCity:
      prefix = c.name;
      break;
    case Format::kCityShi:
      prefix = city_shi;
      break;
    case Format::kProvince:
      prefix = crm::StrCat(c.province, r.province_suffix ? c.province_suffix : "");
      break;
    case Format::kDistrict:
      prefix = crm::StrCat(city_shi, r.district >= 0 ? c.districts[r.district].name : "");
      break;
    case Format::kBracketed:
      bracket = crm::StrCat("（", c.name, "）");
      break;
    case Format::kNone:
      break;
  }
  return crm::StrCat(prefix, r.trade, Industries()[r.industry].word, bracket,
                     LegalForms()[r.form].text);
}

std::string RegionCode(const City& c, int district) {
  if (district >= 0) return c.districts[district].code;
  return c.code;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    characters_ = SplitCharacters(kTradeCharacters);
    for (const char* group : kHomophones) {
      const std::vector<std::string> members = SplitCharacters(group);
      for (const std::string& m : members) homophones_[m] = members;
    }
    for (const City& c : Cities()) city_weights_.push_back(c.weight);
    for (const LegalForm& f : LegalForms()) form_weights_.push_back(f.weight);
    FindSoundAlikes();
  }

  std::mt19937_64& rng() { return rng_; }
  int Uniform(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  double Unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  int PickCity() {
    return std::discrete_distribution<int>(city_weights_.begin(), city_weights_.end())(rng_);
  }
  int Form() {
    return std::discrete_distribution<int>(form_weights_.begin(), form_weights_.end())(rng_);
  }
  Format PickFormat() {
    return static_cast<Format>(std::discrete_distribution<int>(std::begin(kFormatWeights),
                                                               std::end(kFormatWeights))(rng_));
  }

  // A 字号 not used yet (by a record or an earlier query), which the
  // normaliser keeps whole (no region or legal form read into it).
  std::string NewTrade(int industry, bool* latin) {
    for (;;) {
      std::string trade;
      const double r = Unit();
      *latin = false;
      if (r < 0.08) {
        trade = Cjk(2);
      } else if (r < 0.70) {
        trade = Cjk(3);
      } else if (r < 0.93) {
        trade = Cjk(4);
      } else if (r < 0.97) {
        trade = crm::StrCat(Cjk(2), Latin(1 + Uniform(2)));
        *latin = true;
      } else {
        trade = Latin(3);
        *latin = true;
      }
      if (Claim(trade, industry)) return trade;
    }
  }

  // Takes `trade` if it is free and kept whole by the normaliser.
  bool Claim(const std::string& trade, int industry) {
    if (used_.contains(Lower(trade)) || !ClaimKey(trade, industry)) return false;
    used_.insert(Lower(trade));
    return true;
  }

  // Takes `trade` (already another company's 字号) with `industry`, when no
  // company has that pair yet: a second company of one 字号 (华信能源 and
  // 华信物流), as groups and namesakes have.
  bool ClaimSibling(const std::string& trade, int industry) { return ClaimKey(trade, industry); }

  bool TradeUsed(const std::string& trade) const { return used_.contains(Lower(trade)); }

  // Characters of the GB 2312 common set that have the first Mandarin reading
  // of `c` among theirs (黄 → 皇, 煌 …: what a pinyin input method offers for
  // the syllable the clerk meant), except `c`'s group in kHomophones (the
  // `homophone` kind's pairs); nullptr when none.
  const std::vector<std::string>* SoundAlikes(const std::string& c) const {
    auto it = sound_alikes_.find(c);
    return it == sound_alikes_.end() || it->second.empty() ? nullptr : &it->second;
  }
  size_t common_characters() const { return common_characters_; }

  const std::vector<std::string>& characters() const { return characters_; }
  const std::vector<std::string>* Homophones(const std::string& c) const {
    auto it = homophones_.find(c);
    return it == homophones_.end() ? nullptr : &it->second;
  }

  std::string Uuid() {
    const uint64_t a = rng_(), b = rng_();
    return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFF,
                           0x8000 | (b >> 48 & 0x3FFF), b & 0xFFFFFFFFFFFFULL);
  }

 private:
  std::string Cjk(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += characters_[Uniform(static_cast<int>(characters_.size()))];
    return s;
  }
  std::string Latin(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('A' + Uniform(26));
    return s;
  }

  // The normaliser's trade key of 字号 + industry word, when no company has it
  // and the normaliser keeps it whole (no region or legal form read into it).
  bool ClaimKey(const std::string& trade, int industry) {
    const std::string bare = crm::StrCat(trade, Industries()[industry].word);
    if (used_keys_.contains(Lower(bare))) return false;
    const customer::NormalizedName n =
        customer::NormalizeCompanyName(crm::StrCat(bare, "有限公司"));
    if (!n.region.empty() || n.branch || n.trade != Lower(bare)) return false;
    used_keys_.insert(Lower(bare));
    return true;
  }

  void FindSoundAlikes() {
    std::vector<std::string> pool = CommonCharacters();
    common_characters_ = pool.size();
    pool.insert(pool.end(), characters_.begin(), characters_.end());
    std::map<std::string, std::vector<std::string>> by_reading;
    std::unordered_set<std::string> seen;
    for (const std::string& c : pool) {
      if (!seen.insert(c).second) continue;
      for (const std::string_view reading : customer::MandarinReadings(CodePointOf(c))) {
        by_reading[std::string(reading)].push_back(c);
      }
    }
    for (const std::string& c : characters_) {
      const std::vector<std::string_view> readings = customer::MandarinReadings(CodePointOf(c));
      if (readings.empty()) continue;
      const std::vector<std::string>* group = Homophones(c);
      std::vector<std::string>& alikes = sound_alikes_[c];
      for (const std::string& other : by_reading[std::string(readings.front())]) {
        if (other == c) continue;
        if (group != nullptr && std::find(group->begin(), group->end(), other) != group->end()) {
          continue;
        }
        alikes.push_back(other);
      }
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::string> characters_;
  std::unordered_map<std::string, std::vector<std::string>> homophones_;
  std::unordered_map<std::string, std::vector<std::string>> sound_alikes_;
  size_t common_characters_ = 0;
  std::vector<int> city_weights_, form_weights_;
  std::unordered_set<std::string> used_;       // 字号, lower case
  std::unordered_set<std::string> used_keys_;  // 字号 + industry word, lower case
};

// A valid USCC: 9 (market regulation), 1 (enterprise), the region, an
// organisation code unique per n ('M' and eight characters of n scrambled),
// the check character.
std::string MakeUscc(const std::string& region, int64_t n) {
  constexpr uint64_t kSpace = 852891037441ULL;  // 31^8
  uint64_t x = static_cast<uint64_t>(
      (static_cast<unsigned __int128>(n) * 387420489ULL + 12345678901ULL) % kSpace);
  std::string code(8, '0');
  for (int i = 7; i >= 0; --i) {
    code[i] = customer::kUsccCharacters[x % 31];
    x /= 31;
  }
  const std::string first17 = crm::StrCat("91", region, "M", code);
  return crm::StrCat(first17, std::string(1, customer::ExpectedCheckCharacter(first17)));
}

// ---- queries ----

struct Query {
  std::string kind;
  int truth = -1;  // the population record that is the same entity; -1: none
  // The truth is the query's head office (a branch asked about), not a
  // duplicate: expected with relation HEAD_OFFICE, under the threshold.
  bool head_office = false;
  // Short forms: other companies of the truth's province whose trade key
  // begins with the query's (华信 → 华信能源, 华信物流, 华信达科技): an
  // ambiguous short form when > 0.
  int prefix_peers = 0;
  std::string legal_name, region, uscc;
};

struct KindSpec {
  const char* kind;
  const char* what;
};
constexpr KindSpec kPlantedKinds[] = {
    {"legal_form", "legal form changed (有限公司 ↔ 有限责任公司, 股份有限公司, 集团有限公司 …)"},
    {"width", "full/half width swapped (（）↔ (), Ａ ↔ A) in names with brackets or Latin letters"},
    {"region_dropped", "the region prefix (or bracketed region) dropped"},
    {"region_added",
     "a region prefix added (to a name without one, with a bracketed region, or "
     "with a city or province only)"},
    {"homophone", "one character of the 字号 replaced by a homophone (信/鑫, 华/骅 …)"},
    {"branch",
     "a branch: the base name + another city + 分公司/办事处/营业部, that city's region, "
     "no USCC; the base is its head office, not a duplicate: recall@5 counts the head office, "
     "any match ≥ the threshold (the head office too) is a false duplicate"},
    {"branch_own_uscc",
     "the same, with the branch's own USCC (branches are registered "
     "separately)"},
    {"missing_uscc", "the same legal name and region, no USCC"},
    {"short_trade_industry",
     "a short form: 字号 + industry word, no region, no legal form (华信能源)"},
    {"short_region_trade", "a short form: the base's city + 字号 (上海华信, 杭州华信)"},
    {"short_trade", "a short form: the 字号 alone (华信)"},
    {"short_group", "a short form: 中国 + 字号 or 字号 + 集团 (中国华信, 华信集团)"},
    {"place_word_industry",
     "a company whose industry word holds 市/省/县/区 (市政工程, 超市, 城市建设, 社区服务, "
     "园区开发, 市场营销), its legal form changed or its region dropped or added"},
    {"sound_alike",
     "one character of a 字号 of 3+ characters replaced by a common character (GB 2312 level "
     "1) that has its first Unihan reading (黄 → 皇, 华 → 滑), pairs of `homophone` excluded"},
    {"sound_alike_two_chars", "the same in a 字号 of two characters (柳钛 → 柳太)"},
    {"traditional",
     "the whole legal name in traditional characters (OpenCC s2t: 華信能源有限公司)"},
};
constexpr KindSpec kDistractorKinds[] = {
    {"new_trade_same_region",
     "distractor: an unused 字号 with a record's industry word, region "
     "and format"},
    {"one_char_other_province",
     "distractor: a record's 字号 with one character changed, in a "
     "city of another province"},
};

int RandomDistrict(Generator& g, const City& c) {
  return c.districts.empty() ? -1 : g.Uniform(static_cast<int>(c.districts.size()));
}

// Sets the city of `r` (keeping its format where it can) and its region code.
void MoveTo(Generator& g, Record& r, int city) {
  r.city = city;
  const City& c = Cities()[city];
  r.district = -1;
  if (r.format == Format::kDistrict && c.districts.empty()) r.format = Format::kCityShi;
  if (r.format == Format::kDistrict || c.Municipality()) r.district = RandomDistrict(g, c);
  r.region = RegionCode(c, r.district);
}

// `chars` joined, with the character at a random position replaced by one of
// `alikes(that character)`; nullopt when no position has any.
template <typename Alikes>
std::optional<std::string> ReplaceOne(Generator& g, const std::vector<std::string>& chars,
                                      Alikes alikes) {
  std::vector<int> positions;
  for (int p = 0; p < static_cast<int>(chars.size()); ++p) {
    if (alikes(chars[p]) != nullptr) positions.push_back(p);
  }
  if (positions.empty()) return std::nullopt;
  const int p = positions[g.Uniform(static_cast<int>(positions.size()))];
  const std::vector<std::string>& choices = *alikes(chars[p]);
  std::vector<std::string> changed = chars;
  while (changed[p] == chars[p]) changed[p] = choices[g.Uniform(static_cast<int>(choices.size()))];
  return absl::StrJoin(changed, "");
}

std::optional<Query> Plant(Generator& g, const TraditionalWriter& traditional,
                           const std::vector<Record>& records, int i, std::string_view kind,
                           int64_t uscc_number) {
  const Record& base = records[i];
  const City& city = Cities()[base.city];
  Query q{.kind = std::string(kind), .truth = i, .region = base.region};
  Record r = base;
  if (kind == "legal_form") {
    while (r.form == base.form) r.form = g.Uniform(static_cast<int>(LegalForms().size()));
    q.legal_name = Compose(r);
  } else if (kind == "width") {
    if (!base.latin && base.format != Format::kBracketed) return std::nullopt;
    q.legal_name = SwapWidth(base.legal_name);
  } else if (kind == "region_dropped") {
    if (base.format == Format::kNone) return std::nullopt;
    r.format = Format::kNone;
    q.legal_name = Compose(r);
  } else if (kind == "region_added") {
    switch (base.format) {
      case Format::kNone:
        r.format = g.Unit() < 0.5 ? Format::kProvinceCity : Format::kCity;
        break;
      case Format::kBracketed:
        r.format = g.Unit() < 0.5 ? Format::kProvinceCity : Format::kCity;
        break;
      case Format::kCity:
      case Format::kCityShi:
      case Format::kProvince:
        if (city.Municipality()) return std::nullopt;
        r.format = Format::kProvinceCity;
        break;
      default:
        return std::nullopt;
    }
    q.legal_name = Compose(r);
  } else if (kind == "homophone") {
    std::optional<std::string> changed = ReplaceOne(
        g, SplitCharacters(base.trade), [&](const std::string& c) { return g.Homophones(c); });
    if (!changed.has_value()) return std::nullopt;
    r.trade = *std::move(changed);
    // Not another record's name: that would be a second true match.
    if (g.TradeUsed(r.trade)) return std::nullopt;
    q.legal_name = Compose(r);
  } else if (kind == "sound_alike" || kind == "sound_alike_two_chars") {
    const std::vector<std::string> chars = SplitCharacters(base.trade);
    if (base.latin || (chars.size() == 2) != (kind == "sound_alike_two_chars")) {
      return std::nullopt;
    }
    std::optional<std::string> changed =
        ReplaceOne(g, chars, [&](const std::string& c) { return g.SoundAlikes(c); });
    // Claimed, so that no later query or record uses that 字号.
    if (!changed.has_value() || !g.Claim(*changed, r.industry)) return std::nullopt;
    r.trade = *std::move(changed);
    q.legal_name = Compose(r);
  } else if (kind == "traditional") {
    q.legal_name = traditional.Write(base.legal_name);
    if (q.legal_name == base.legal_name) return std::nullopt;
  } else if (kind == "short_trade_industry") {
    q.legal_name = crm::StrCat(base.trade, Industries()[base.industry].word);
  } else if (kind == "short_region_trade") {
    q.legal_name = crm::StrCat(city.name, base.trade);
  } else if (kind == "short_trade") {
    q.legal_name = base.trade;
  } else if (kind == "short_group") {
    q.legal_name =
        g.Unit() < 0.5 ? crm::StrCat("中国", base.trade) : crm::StrCat(base.trade, "集团");
  } else if (kind == "place_word_industry") {
    if (!Industries()[base.industry].place_word) return std::nullopt;
    if (g.Unit() < 0.5) {
      while (r.form == base.form) r.form = g.Uniform(static_cast<int>(LegalForms().size()));
    } else if (base.format == Format::kNone) {
      r.format = Format::kCityShi;
    } else {
      r.format = Format::kNone;
    }
    q.legal_name = Compose(r);
  } else if (kind == "branch" || kind == "branch_own_uscc") {
    q.head_office = true;
    int other = base.city;
    while (other == base.city) other = g.PickCity();
    const City& c = Cities()[other];
    q.legal_name = crm::StrCat(base.legal_name, c.name, kBranchMarkers[g.Uniform(10)]);
    q.region = RegionCode(c, c.Municipality() ? RandomDistrict(g, c) : -1);
    if (kind == "branch_own_uscc") q.uscc = MakeUscc(q.region, uscc_number);
  } else if (kind == "missing_uscc") {
    q.legal_name = base.legal_name;
  } else {
    return std::nullopt;
  }
  return q;
}

std::optional<Query> Distract(Generator& g, const std::vector<Record>& records, int i,
                              std::string_view kind) {
  Record r = records[i];
  Query q{.kind = std::string(kind)};
  if (kind == "new_trade_same_region") {
    bool latin = false;
    r.trade = g.NewTrade(r.industry, &latin);
  } else {
    if (r.latin) return std::nullopt;
    std::vector<std::string> chars = SplitCharacters(r.trade);
    const int p = g.Uniform(static_cast<int>(chars.size()));
    const std::string before = chars[p];
    while (chars[p] == before) {
      chars[p] = g.characters()[g.Uniform(static_cast<int>(g.characters().size()))];
    }
    r.trade = absl::StrJoin(chars, "");
    if (!g.Claim(r.trade, r.industry)) return std::nullopt;
    int other = r.city;
    while (std::string_view(Cities()[other].province) == Cities()[r.city].province) {
      other = g.PickCity();
    }
    MoveTo(g, r, other);
  }
  q.legal_name = Compose(r);
  q.region = r.region;
  return q;
}

bool IsShortForm(std::string_view kind) { return kind.starts_with("short_"); }

// Sets Query::prefix_peers of the short forms.
void CountPrefixPeers(const std::vector<Record>& records, std::vector<Query>& queries) {
  // Trade keys (字号 + industry word, as Claim made sure the normaliser
  // keys them) with their record, sorted: the keys beginning with a prefix
  // are one range.
  std::vector<std::pair<std::string, int>> keys;
  keys.reserve(records.size());
  for (int i = 0; i < static_cast<int>(records.size()); ++i) {
    keys.emplace_back(Lower(crm::StrCat(records[i].trade, Industries()[records[i].industry].word)),
                      i);
  }
  std::sort(keys.begin(), keys.end());
  for (Query& q : queries) {
    if (!IsShortForm(q.kind)) continue;
    const std::string prefix = customer::NormalizeCompanyName(q.legal_name).trade;
    if (prefix.empty()) continue;
    const std::string_view province = std::string_view(records[q.truth].region).substr(0, 2);
    for (auto it = std::lower_bound(keys.begin(), keys.end(), std::make_pair(prefix, -1));
         it != keys.end() && it->first.starts_with(prefix); ++it) {
      if (it->second != q.truth && records[it->second].region.starts_with(province)) {
        ++q.prefix_peers;
      }
    }
  }
}

// ---- seeding ----

// The indexes of the seeded tables that no foreign key depends on, with what
// recreates them: dropped before COPY and rebuilt after, one sort each
// instead of a random insert per row (at 1,000,000 customers the one-edit
// keys are ~8 million rows).
constexpr char kSeededIndexesSql[] = R"sql(
  SELECT format('%I.%I', tn.nspname, t.relname), format('%I.%I', xn.nspname, x.relname),
         pg_get_indexdef(i.indexrelid), c.conname, pg_get_constraintdef(c.oid)
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_namespace xn ON xn.oid = x.relnamespace
    LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
   WHERE i.indrelid IN ('customer.customers'::regclass, 'customer.name_keys'::regclass)
     AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                      WHERE f.contype = 'f' AND f.conindid = i.indexrelid))sql";

struct SeedTimes {
  double copy_seconds = 0;    // both COPYs, match keys computed on the way
  double index_seconds = 0;   // rebuilding the dropped indexes
  double vacuum_seconds = 0;  // VACUUM ANALYZE of both tables
  int64_t edit_keys = 0;      // rows of customer.name_keys
  int indexes = 0;            // indexes dropped and rebuilt
  bool foreign_keys_skipped = false;
  double Total() const { return copy_seconds + index_seconds + vacuum_seconds; }
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::StatusOr<SeedTimes> Seed(const std::string& dsn, const std::vector<Record>& records) {
  SeedTimes times;
  try {
    pqxx::connection conn(dsn);
    {
      pqxx::work tx(conn);
      tx.exec0("SET LOCAL synchronous_commit = off");
      tx.exec0("SET LOCAL maintenance_work_mem = '256MB'");
      // The rows are consistent by construction; as a superuser (the test
      // server's role) the per-row foreign-key checks of name_keys are skipped.
      if (tx.exec1("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0].as<bool>()) {
        tx.exec0("SET LOCAL session_replication_role = replica");
        times.foreign_keys_skipped = true;
      }
      std::vector<std::string> recreate;
      for (const pqxx::row& index : tx.exec(kSeededIndexesSql)) {
        const std::string table = index[0].c_str();
        if (index[3].is_null()) {
          tx.exec0(crm::StrCat("DROP INDEX ", index[1].c_str()));
          recreate.push_back(index[2].c_str());
        } else {
          const std::string constraint = tx.quote_name(index[3].c_str());
          tx.exec0(crm::StrCat("ALTER TABLE ", table, " DROP CONSTRAINT ", constraint));
          recreate.push_back(crm::StrCat("ALTER TABLE ", table, " ADD CONSTRAINT ", constraint, " ",
                                         index[4].c_str()));
        }
      }
      times.indexes = static_cast<int>(recreate.size());
      const auto copy_start = std::chrono::steady_clock::now();
      {
        pqxx::stream_to customers(
            tx, "customer.customers",
            std::vector<std::string>{"id", "display_name", "legal_name", "uscc", "industry",
                                     "region", "owner_org_unit", "name_key", "trade_key",
                                     "head_key", "sound_key"});
        for (size_t i = 0; i < records.size(); ++i) {
          const Record& r = records[i];
          const customer::MatchKeys keys = customer::MatchKeysOf(r.legal_name);
          customers << std::make_tuple(
              r.id, r.legal_name, r.legal_name, r.uscc, std::string(Industries()[r.industry].code),
              r.region, std::string(kOwners[i % 4]), keys.name, keys.trade, keys.head, keys.sound);
        }
        customers.complete();
      }
      {
        // The keys again rather than kept from above: ~8 per customer would
        // hold hundreds of MB at 1,000,000.
        pqxx::stream_to keys(tx, "customer.name_keys",
                             std::vector<std::string>{"key", "customer_id"});
        for (const Record& r : records) {
          for (const std::string& key : customer::MatchKeysOf(r.legal_name).edit_keys) {
            keys << std::make_tuple(key, r.id);
            ++times.edit_keys;
          }
        }
        keys.complete();
      }
      times.copy_seconds = SecondsSince(copy_start);
      const auto index_start = std::chrono::steady_clock::now();
      for (const std::string& statement : recreate) tx.exec0(statement);
      tx.commit();
      times.index_seconds = SecondsSince(index_start);
    }
    const auto vacuum_start = std::chrono::steady_clock::now();
    pqxx::nontransaction tx(conn);
    tx.exec0("VACUUM ANALYZE customer.customers");
    tx.exec0("VACUUM ANALYZE customer.name_keys");
    times.vacuum_seconds = SecondsSince(vacuum_start);
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("seeding the duplicate population: ", e.what()));
  }
  return times;
}

// ---- measuring ----

struct Hit {
  std::string id;
  std::string legal_name;
  double score = 0;
  std::string reasons;  // SAME_NAME+SAME_TRADE_NAME
};

std::string ReasonsOf(const DuplicateMatch& m) {
  std::vector<std::string> names;
  for (const int r : m.reasons()) {
    names.push_back(DuplicateMatch::Reason_Name(static_cast<DuplicateMatch::Reason>(r)));
  }
  return absl::StrJoin(names, "+");
}

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::string Describe(const Query& q) {
  return absl::StrFormat("`%s` (%s%s)", q.legal_name, q.region,
                         q.uscc.empty() ? ", no USCC" : ", own USCC");
}

std::string DescribeHit(const Hit& h) {
  return absl::StrFormat("`%s` %.2f %s", h.legal_name, h.score, h.reasons);
}

constexpr int kExamplesPerKind = 3;
// Every query asks for every candidate with a reason.
constexpr double kMinScore = 0.01;
constexpr int kMaxResults = 50;
constexpr double kSweep[] = {0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
// Calls not timed at the start (connections, plans, buffers).
constexpr int kWarmupCalls = 20;

LatencyStats LatencyOf(std::vector<double> us, int64_t errors, std::string first_error) {
  std::sort(us.begin(), us.end());
  LatencyStats l;
  l.count = static_cast<int64_t>(us.size());
  l.errors = errors;
  l.first_error = std::move(first_error);
  l.p50_us = Percentile(us, 0.5);
  l.p99_us = Percentile(us, 0.99);
  double total = 0;
  for (const double x : us) total += x;
  l.ops_per_second = total > 0 ? us.size() / (total / 1e6) : 0;
  return l;
}

std::string Ms(double us) { return absl::StrFormat("%.2f", us / 1000); }

// What a kind's row in the report has no column for.
struct KindExtras {
  int64_t expected_relation = 0;  // the truth returned as DUPLICATE (HEAD_OFFICE for a branch)
  // Short forms, by whether another company's trade key begins with theirs.
  int64_t ambiguous = 0, ambiguous_top5 = 0, ambiguous_at_threshold = 0;
  int64_t unambiguous_first = 0, unambiguous_at_threshold = 0;
};

// ---- baselines ----

// The scanner's statement of candidate pairs (DuplicateScanner::Statements()).
constexpr char kScanPairsStatement[] = "customer.scan_pairs";
// The scanner's cap on the members of a one-edit key (kMaxKeyMembers there).
constexpr int kScanMaxKeyMembers = 50;

// The finder the service runs, in the bench process on a pool of its own:
// its candidate SQL, normalising and scoring the candidates, ranking, with
// neither gRPC, the principal check nor the handler. The same arguments as
// the handler's for a query without contacts.
class InProcessFinder final {
 public:
  static absl::StatusOr<std::unique_ptr<InProcessFinder>> Open(const std::string& dsn) {
    pg::PoolOptions options{.dsn = dsn, .size = 1};
    options.statements = customer::DuplicateFinder::Statements();
    options.application_name = "crm-bench-finder";
    absl::StatusOr<std::unique_ptr<pg::ConnectionPool>> pool =
        pg::ConnectionPool::Create(std::move(options));
    if (!pool.ok()) return pool.status();
    return std::unique_ptr<InProcessFinder>(new InProcessFinder(*std::move(pool)));
  }

  absl::Status Search(const customer::v1::Customer& query) {
    return finder_.Search(customer::MatchFactsOf(query), "", kMinScore, kMaxResults).status();
  }

 private:
  explicit InProcessFinder(std::unique_ptr<pg::ConnectionPool> pool)
      : pool_(std::move(pool)), finder_(*pool_) {}

  std::unique_ptr<pg::ConnectionPool> pool_;
  customer::DuplicateFinder finder_;
};

// EXPLAIN (ANALYZE, BUFFERS) of the scan's first slice (ids 00…), as a
// prepared statement (libpqxx prepares its own lazily, so it is prepared here
// in SQL), printed to `out`.
absl::Status Explain(const std::string& dsn, std::ostream& out) {
  std::string sql;
  for (const pg::PreparedStatement& st : customer::DuplicateScanner::Statements()) {
    if (st.name == kScanPairsStatement) sql = std::string(st.sql);
  }
  try {
    pqxx::connection conn(dsn);
    pqxx::nontransaction tx(conn);
    tx.exec0(crm::StrCat("PREPARE scan_slice AS ", sql));
    const std::string slice = crm::StrCat(
        "EXPLAIN (ANALYZE, BUFFERS) EXECUTE scan_slice('00000000-0000-0000-0000-000000000000', "
        "'00ffffff-ffff-ffff-ffff-ffffffffffff', ",
        kScanMaxKeyMembers, ")");
    out << "\n" << slice << "\n";
    for (const pqxx::row& row : tx.exec(slice)) out << row[0].c_str() << "\n";
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("EXPLAIN: ", e.what()));
  }
  return absl::OkStatus();
}

// ---- the scan ----

struct ScanOutcome {
  bool done = false;
  bool cancelled = false;        // by the bench, after the timeout
  std::string error;             // the operation ended with an error
  double seconds = 0;            // from the call to the operation seen done (polled every 0.25 s)
  double operation_seconds = 0;  // end_time - start_time of its metadata
  int64_t live = 0;              // live customers scanned
  int64_t pairs_scored = 0, pairs_matched = 0, groups = 0, customers_in_groups = 0;
  int progress = 0;
  std::vector<double> slice_seconds;  // between changes of progress_percent
  CpuUsage cpu;
  std::string load_before, load_after;
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return crm::StrCat(one, " ", five, " ", fifteen);
}

// customer.operations keeps metadata and response as packed google.protobuf.Any.
void UnpackColumn(const pqxx::field& field, google::protobuf::Message& message) {
  if (field.is_null()) return;
  google::protobuf::Any any;
  if (any.ParseFromString(pqxx::binarystring(field).str())) any.UnpackTo(&message);
}

double Seconds(const google::protobuf::Timestamp& t) { return t.seconds() + t.nanos() / 1e9; }

// Starts ScanDuplicates (default threshold) through the cached service and
// follows the operation in customer.operations until it is done.
absl::StatusOr<ScanOutcome> RunScan(BenchServers& servers, const DuplicateBenchOptions& options) {
  constexpr char kOperationSql[] =
      "SELECT done, metadata, response, error FROM customer.operations WHERE id = $1::uuid";
  ScanOutcome out;
  try {
    pqxx::connection conn(servers.dsn());
    out.live = pqxx::nontransaction(conn)
                   .exec1("SELECT count(*) FROM customer.customers WHERE state = 1")[0]
                   .as<int64_t>();
    out.load_before = LoadAverage();
    customer::v1::ScanDuplicatesRequest request;
    google::longrunning::Operation operation;
    grpc::ClientContext context;
    context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const CpuMeter cpu;
    const auto start = std::chrono::steady_clock::now();
    const grpc::Status status = servers.cached().ScanDuplicates(&context, request, &operation);
    if (!status.ok()) {
      return absl::InternalError(crm::StrCat("ScanDuplicates: ", status.error_message()));
    }
    // operations/customer/{uuid}: the row's id is the last segment.
    const std::string id = operation.name().substr(operation.name().rfind('/') + 1);
    auto last_change = start;
    for (;;) {
      const pqxx::row row = pqxx::nontransaction(conn).exec_params1(kOperationSql, id);
      const auto now = std::chrono::steady_clock::now();
      customer::v1::ScanDuplicatesMetadata metadata;
      UnpackColumn(row[1], metadata);
      if (metadata.progress_percent() != out.progress) {
        out.slice_seconds.push_back(std::chrono::duration<double>(now - last_change).count());
        last_change = now;
        out.progress = metadata.progress_percent();
        std::cerr << absl::StrFormat("    scan %3d %%, %.0f s, %d pairs scored\n", out.progress,
                                     std::chrono::duration<double>(now - start).count(),
                                     metadata.pairs_scored());
      }
      out.pairs_scored = metadata.pairs_scored();
      out.pairs_matched = metadata.pairs_matched();
      if (row[0].as<bool>()) {
        out.done = true;
        out.seconds = std::chrono::duration<double>(now - start).count();
        if (metadata.has_start_time() && metadata.has_end_time()) {
          out.operation_seconds = Seconds(metadata.end_time()) - Seconds(metadata.start_time());
        }
        if (!row[3].is_null()) {
          const pqxx::binarystring bytes(row[3]);
          google::rpc::Status error;
          error.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
          out.error = error.message().empty() ? "(no message)" : error.message();
        } else {
          customer::v1::ScanDuplicatesResponse response;
          UnpackColumn(row[2], response);
          out.groups = response.total_groups();
          out.customers_in_groups = response.customers_in_groups();
        }
        break;
      }
      if (!out.cancelled &&
          std::chrono::duration<double>(now - start).count() > options.scan_timeout_seconds) {
        pqxx::nontransaction(conn).exec_params0(
            "UPDATE customer.operations SET cancel_requested = true WHERE id = $1::uuid", id);
        out.cancelled = true;
        std::cerr << "    scan cancelled after " << options.scan_timeout_seconds << " s\n";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    out.cpu = cpu.Read();
    out.load_after = LoadAverage();
  } catch (const std::exception& e) {
    return absl::InternalError(crm::StrCat("following the scan: ", e.what()));
  }
  return out;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

bool DuplicatesSelected(const std::string& filter) {
  return filter.empty() || std::string_view("duplicates").find(filter) != std::string_view::npos;
}

absl::Status RunDuplicateBench(BenchServers& servers, const DuplicateBenchOptions& options,
                               Report& report) {
  const auto part_start = std::chrono::steady_clock::now();
  Generator g(options.seed);
  const int n = std::max(options.population, 100);
  const int planted = options.planted > 0 ? options.planted : std::max(n / 100, 100);
  const int distractors = options.distractors > 0 ? options.distractors : std::max(n / 100, 100);
  std::cerr << "generating " << n << " companies...\n";
  std::vector<Record> records(n);
  std::vector<int> format_counts(7, 0);
  // Industry words the normaliser does not keep whole in a trade name (it
  // would read a region into 市政工程): left out of the population, as no
  // 字号 would pass Claim with them.
  std::vector<int> industries;
  std::vector<std::string> cut_industries;
  for (int k = 0; k < static_cast<int>(Industries().size()); ++k) {
    const std::string bare = crm::StrCat("华信", Industries()[k].word);
    if (customer::NormalizeCompanyName(crm::StrCat(bare, "有限公司")).trade == bare) {
      industries.push_back(k);
    } else {
      cut_industries.push_back(Industries()[k].word);
    }
  }
  int64_t siblings = 0;
  for (int i = 0; i < n; ++i) {
    Record& r = records[i];
    r.industry = industries[g.Uniform(static_cast<int>(industries.size()))];
    r.form = g.Form();
    r.format = g.PickFormat();
    r.province_suffix = g.Unit() < 0.5;
    // One company in 20 shares an earlier one's 字号 with another industry
    // word, half of them in its city: the ambiguous short forms of real
    // data (华信能源, 华信物流).
    const Record* namesake = i > 0 && g.Unit() < kSiblingShare ? &records[g.Uniform(i)] : nullptr;
    if (namesake != nullptr && !namesake->latin && g.ClaimSibling(namesake->trade, r.industry)) {
      r.trade = namesake->trade;
      r.sibling = true;
      ++siblings;
      MoveTo(g, r, g.Unit() < 0.5 ? namesake->city : g.PickCity());
    } else {
      MoveTo(g, r, g.PickCity());
      r.trade = g.NewTrade(r.industry, &r.latin);
    }
    r.legal_name = Compose(r);
    r.uscc = MakeUscc(r.region, i);
    r.id = g.Uuid();
    ++format_counts[static_cast<int>(r.format)];
  }
  if (std::optional<std::string> error = customer::UsccError(records[0].uscc)) {
    return absl::InternalError(crm::StrCat("generated USCC ", records[0].uscc, ": ", *error));
  }
  // Which cities the normaliser reads as a region (the rest stay in the 字号 key).
  int64_t unknown_city = 0;
  std::vector<std::string> unknown_names;
  for (const City& c : Cities()) {
    if (!customer::NormalizeCompanyName(crm::StrCat(c.name, "市华信能源有限公司")).region.empty()) {
      continue;
    }
    unknown_names.push_back(c.name);
  }
  for (const Record& r : records) {
    const City& c = Cities()[r.city];
    if (std::find(unknown_names.begin(), unknown_names.end(), c.name) != unknown_names.end() &&
        r.format != Format::kProvince && r.format != Format::kBracketed &&
        r.format != Format::kNone) {
      ++unknown_city;
    }
  }

  // Planted variants: each base record used once.
  const TraditionalWriter traditional;
  std::vector<Query> queries;
  std::vector<bool> used(n, false);
  const int kinds = static_cast<int>(std::size(kPlantedKinds));
  for (int k = 0; k < kinds; ++k) {
    const int want = planted / kinds + (k < planted % kinds ? 1 : 0);
    int made = 0;
    for (int tries = 0; made < want && tries < 50 * n; ++tries) {
      const int i = g.Uniform(n);
      if (used[i]) continue;
      std::optional<Query> q =
          Plant(g, traditional, records, i, kPlantedKinds[k].kind, static_cast<int64_t>(n) + made);
      if (!q.has_value()) continue;
      used[i] = true;
      queries.push_back(*std::move(q));
      ++made;
    }
  }
  const int dkinds = static_cast<int>(std::size(kDistractorKinds));
  for (int k = 0; k < dkinds; ++k) {
    const int want = distractors / dkinds + (k < distractors % dkinds ? 1 : 0);
    int made = 0;
    for (int tries = 0; made < want && tries < 50 * n; ++tries) {
      std::optional<Query> q = Distract(g, records, g.Uniform(n), kDistractorKinds[k].kind);
      if (!q.has_value()) continue;
      queries.push_back(*std::move(q));
      ++made;
    }
  }
  CountPrefixPeers(records, queries);
  std::shuffle(queries.begin(), queries.end(), g.rng());
  const double generate_seconds = SecondsSince(part_start);

  std::cerr << "seeding " << n << " customers with their match keys...\n";
  absl::StatusOr<SeedTimes> seeded = Seed(servers.dsn(), records);
  if (!seeded.ok()) return seeded.status();
  std::cerr << absl::StrFormat(
      "  COPY %.0f s (%d one-edit keys), %d indexes rebuilt %.0f s, VACUUM ANALYZE %.0f s\n",
      seeded->copy_seconds, seeded->edit_keys, seeded->indexes, seeded->index_seconds,
      seeded->vacuum_seconds);
  if (options.explain) {
    if (absl::Status s = Explain(servers.dsn(), std::cerr); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<InProcessFinder>> finder = InProcessFinder::Open(servers.dsn());
  if (!finder.ok()) return finder.status();
  // GetCustomer reads customers of the population in an order of its own.
  std::mt19937_64 get_rng(options.seed + 1);
  std::unordered_map<std::string, int> by_id;
  for (int i = 0; i < n; ++i) by_id[crm::StrCat("customers/", records[i].id)] = i;

  std::cerr << "  " << queries.size()
            << " SearchDuplicates calls, one at a time, each also through the gateway and "
               "the finder in process, with a GetCustomer\n";
  const double threshold = customer::kDefaultDuplicateThreshold;
  DuplicateQuality d;
  d.threshold = threshold;
  d.recall_target = options.recall_target;
  d.precision_target = options.precision_target;
  std::map<std::string, DuplicateKindRow> rows;
  std::map<std::string, std::map<std::string, int64_t>> reasons;
  std::map<std::string, int> examples_left;
  for (const KindSpec& k : kPlantedKinds) {
    rows[k.kind] = {.kind = k.kind, .what = k.what, .planted = true};
    examples_left[k.kind] = kExamplesPerKind;
  }
  for (const KindSpec& k : kDistractorKinds) {
    rows[k.kind] = {.kind = k.kind, .what = k.what, .planted = false};
    examples_left[k.kind] = kExamplesPerKind;
  }
  // Per query whose truth is a duplicate: the true match's score (-1: not
  // returned); per match of any query: the others' (a head office too).
  int64_t duplicate_queries = 0;
  std::vector<double> true_scores;
  std::vector<double> other_scores;
  std::vector<double> us, finder_us, get_us, gateway_us;
  int64_t errors = 0, finder_errors = 0, get_errors = 0, gateway_errors = 0;
  std::string first_error, finder_error, get_error, gateway_error;
  std::map<std::string, KindExtras> extras;
  // What if SIMILAR_TRADE_NAME_SAME_REGION asked for the same city (the
  // first four digits of the region code) instead of the same province:
  // matches resting on that reason alone, true and false, and how many of
  // each are in the query's city.
  int64_t similar_true = 0, similar_true_city = 0, similar_false = 0, similar_false_city = 0;
  // Why planted variants were missed (not in the top 5): the base record's
  // region format, per kind.
  std::map<std::string, std::map<std::string, int64_t>> miss_causes;
  const auto same_city = [&](const std::string& id, const std::string& region) {
    auto it = by_id.find(id);
    return it != by_id.end() && records[it->second].region.compare(0, 4, region, 0, 4) == 0;
  };
  const auto miss_cause = [&](const Record& base, const Query& q) -> std::string {
    if (base.format == Format::kBracketed) return "the base has a bracketed region";
    const char* city = Cities()[base.city].name;
    if (std::find(unknown_names.begin(), unknown_names.end(), city) != unknown_names.end() &&
        (base.legal_name.find(city) != std::string::npos ||
         q.legal_name.find(city) != std::string::npos)) {
      return "a city the normaliser does not know in the base or the variant";
    }
    return "other";
  };
  const CpuMeter cpu;
  CustomerService::Stub& stub = servers.cached();
  for (size_t qi = 0; qi < queries.size(); ++qi) {
    const Query& q = queries[qi];
    const bool timed = qi >= static_cast<size_t>(kWarmupCalls);
    customer::v1::SearchDuplicatesRequest request;
    request.mutable_customer()->set_legal_name(q.legal_name);
    request.mutable_customer()->set_region(q.region);
    request.mutable_customer()->set_uscc(q.uscc);
    request.set_min_score(kMinScore);
    request.set_max_results(kMaxResults);
    // The finder in process runs before the RPC on every other query and
    // after it on the rest, so neither always finds the other's pages in
    // memory.
    const auto run_finder = [&] {
      const auto finder_start = std::chrono::steady_clock::now();
      const absl::Status found = (*finder)->Search(request.customer());
      if (!found.ok()) {
        if (finder_error.empty()) finder_error = found.ToString();
        ++finder_errors;
      } else if (timed) {
        finder_us.push_back(std::chrono::duration<double, std::micro>(
                                std::chrono::steady_clock::now() - finder_start)
                                .count());
      }
    };
    // The same request through the gateway, as a client calls it (token
    // check, permission map, principal signing, one more hop): latency only.
    const auto call_gateway = [&] {
      customer::v1::SearchDuplicatesResponse answer;
      grpc::ClientContext gateway_context;
      gateway_context.AddMetadata("authorization", crm::StrCat("Bearer ", servers.token()));
      gateway_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      const auto gateway_start = std::chrono::steady_clock::now();
      const grpc::Status gateway_status =
          servers.gateway().SearchDuplicates(&gateway_context, request, &answer);
      if (!gateway_status.ok()) {
        if (gateway_error.empty()) gateway_error = gateway_status.error_message();
        ++gateway_errors;
      } else if (timed) {
        gateway_us.push_back(std::chrono::duration<double, std::micro>(
                                 std::chrono::steady_clock::now() - gateway_start)
                                 .count());
      }
    };
    if (qi % 2 == 1) {
      run_finder();
      call_gateway();
    }
    customer::v1::SearchDuplicatesResponse response;
    grpc::ClientContext context;
    context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const auto start = std::chrono::steady_clock::now();
    const grpc::Status status = stub.SearchDuplicates(&context, request, &response);
    const double elapsed =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    if (!status.ok()) {
      if (first_error.empty()) first_error = status.error_message();
      ++errors;
      continue;
    }
    if (qi % 2 == 0) {
      call_gateway();
      run_finder();
    }
    {
      customer::v1::GetCustomerRequest get;
      get.set_name(crm::StrCat("customers/",
                               records[std::uniform_int_distribution<int>(0, n - 1)(get_rng)].id));
      customer::v1::Customer customer;
      grpc::ClientContext get_context;
      get_context.AddMetadata(auth::kPrincipalMetadataKey, servers.principal());
      get_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      const auto get_start = std::chrono::steady_clock::now();
      const grpc::Status get_status = servers.uncached().GetCustomer(&get_context, get, &customer);
      if (!get_status.ok()) {
        if (get_error.empty()) get_error = get_status.error_message();
        ++get_errors;
      } else if (timed) {
        get_us.push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - get_start)
                .count());
      }
    }
    if (timed) us.push_back(elapsed);

    DuplicateKindRow& row = rows[q.kind];
    KindExtras& extra = extras[q.kind];
    ++row.queries;
    const std::string truth =
        q.truth >= 0 ? crm::StrCat("customers/", records[q.truth].id) : std::string();
    std::optional<Hit> true_hit, best_other;
    int true_rank = -1;
    bool false_here = false;
    for (int m = 0; m < response.matches_size(); ++m) {
      const DuplicateMatch& match = response.matches(m);
      Hit hit{.id = match.customer(),
              .legal_name = match.legal_name(),
              .score = match.score(),
              .reasons = ReasonsOf(match)};
      const bool similar_only = match.reasons_size() == 1 &&
                                match.reasons(0) == DuplicateMatch::SIMILAR_TRADE_NAME_SAME_REGION;
      const bool in_city = similar_only && same_city(match.customer(), q.region);
      if (!truth.empty() && match.customer() == truth) {
        true_rank = m;
        true_hit = hit;
        if (match.relation() ==
            (q.head_office ? DuplicateMatch::HEAD_OFFICE : DuplicateMatch::DUPLICATE)) {
          ++extra.expected_relation;
        }
        if (!q.head_office) {
          if (similar_only && hit.score >= threshold) {
            ++similar_true;
            similar_true_city += in_city ? 1 : 0;
          }
          continue;
        }
        // A head office is found, but flagged as a duplicate it is a false one.
        other_scores.push_back(hit.score);
        if (hit.score >= threshold) {
          ++row.false_matches;
          false_here = true;
        }
        continue;
      }
      if (similar_only && hit.score >= threshold) {
        ++similar_false;
        similar_false_city += in_city ? 1 : 0;
      }
      other_scores.push_back(hit.score);
      if (!best_other.has_value()) best_other = hit;
      if (hit.score >= threshold) {
        ++row.false_matches;
        false_here = true;
      }
    }
    if (false_here) ++row.queries_with_false;
    if (q.truth >= 0) {
      ++d.planted;
      const double s = true_hit.has_value() ? true_hit->score : -1;
      if (!q.head_office) {
        true_scores.push_back(s);
        ++duplicate_queries;
      }
      const bool in_top5 = true_rank >= 0 && true_rank < 5;
      if (in_top5) {
        ++row.in_top5;
        ++d.in_top5;
      }
      if (true_rank == 0) ++row.first;
      if (!in_top5) ++miss_causes[q.kind][miss_cause(records[q.truth], q)];
      const bool at_threshold = !q.head_office && s >= threshold;
      if (at_threshold) ++row.at_threshold;
      if (IsShortForm(q.kind)) {
        if (q.prefix_peers > 0) {
          ++extra.ambiguous;
          extra.ambiguous_top5 += in_top5 ? 1 : 0;
          extra.ambiguous_at_threshold += at_threshold ? 1 : 0;
        } else {
          extra.unambiguous_first += true_rank == 0 ? 1 : 0;
          extra.unambiguous_at_threshold += at_threshold ? 1 : 0;
        }
      }
      const int bucket = s >= 1.0         ? 0
                         : s >= 0.9       ? 1
                         : s >= threshold ? 2
                         : s >= 0.5       ? 3
                         : s >= 0         ? 4
                                          : 5;
      ++row.score_buckets[bucket];
      if (true_hit.has_value()) ++reasons[q.kind][true_hit->reasons];
    }
    // Examples: a miss (not in the top 5 or under the threshold) or a false match.
    int& left = examples_left[q.kind];
    if (left > 0) {
      const bool missed = q.truth >= 0 && (true_rank < 0 || true_rank >= 5 ||
                                           (!q.head_office && true_hit->score < threshold));
      if (missed) {
        --left;
        row.examples.push_back(absl::StrFormat(
            "%s, base `%s` (%s): %s; first other: %s", Describe(q), records[q.truth].legal_name,
            records[q.truth].region,
            true_hit.has_value() ? absl::StrFormat("found at rank %d, %.2f %s", true_rank + 1,
                                                   true_hit->score, true_hit->reasons)
                                 : std::string("not returned"),
            best_other.has_value() ? DescribeHit(*best_other) : std::string("none")));
      } else if (false_here && left > 1) {
        --left;
        row.examples.push_back(
            absl::StrFormat("%s: false match %s", Describe(q), DescribeHit(*best_other)));
      }
    }
  }
  d.host_busy = cpu.Read().host_busy;
  d.latency = LatencyOf(std::move(us), errors, first_error);
  const LatencyStats finder_latency = LatencyOf(std::move(finder_us), finder_errors, finder_error);
  const LatencyStats get_latency = LatencyOf(std::move(get_us), get_errors, get_error);
  const LatencyStats gateway_latency =
      LatencyOf(std::move(gateway_us), gateway_errors, gateway_error);
  const double calls_seconds = SecondsSince(part_start);
  finder->reset();

  std::optional<ScanOutcome> scan;
  if (options.scan) {
    std::cerr << "  ScanDuplicates over the population...\n";
    absl::StatusOr<ScanOutcome> scanned = RunScan(servers, options);
    if (!scanned.ok()) return scanned.status();
    scan = *std::move(scanned);
  }

  for (const double s : true_scores) {
    if (s >= threshold) ++d.true_matches;
  }
  for (const auto& [kind, row] : rows) d.false_matches += row.false_matches;
  for (const double t : kSweep) {
    ThresholdPoint p{.threshold = t, .planted = duplicate_queries};
    for (const double s : true_scores) p.true_matches += s >= t ? 1 : 0;
    for (const double s : other_scores) p.false_matches += s >= t ? 1 : 0;
    d.sweep.push_back(p);
  }
  for (const KindSpec& k : kPlantedKinds) {
    DuplicateKindRow row = rows[k.kind];
    std::vector<std::pair<int64_t, std::string>> counted;
    for (const auto& [r, count] : reasons[k.kind]) counted.emplace_back(-count, r);
    std::sort(counted.begin(), counted.end());
    std::vector<std::string> parts;
    for (const auto& [count, r] : counted) parts.push_back(crm::StrCat(r, " ", -count));
    row.reasons = absl::StrJoin(parts, ", ");
    d.kinds.push_back(std::move(row));
  }
  for (const KindSpec& k : kDistractorKinds) d.kinds.push_back(rows[k.kind]);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - part_start).count();
  static const char* const kFormatNames[] = {"province+city", "city",      "city+市", "province",
                                             "district",      "bracketed", "none"};
  std::vector<std::string> formats;
  for (int f = 0; f < 7; ++f) {
    formats.push_back(absl::StrFormat("%s %.0f %%", kFormatNames[f], 100.0 * format_counts[f] / n));
  }
  d.notes.push_back(absl::StrFormat(
      "population: %d companies (region prefix + 字号 of 2-4 characters or with Latin letters + "
      "one of %d industry words + one of %d legal forms), in %d cities of "
      "%d provinces weighted by size, with a GB/T 2260 code matching the name and a valid USCC; "
      "region written as %s; %.1f %% name a city the normaliser does not know (%s); generated "
      "with the queries in %.1f s, inserted with COPY with the keys of MatchKeysOf (%d one-edit "
      "keys) in %.1f s%s, %d indexes dropped before and rebuilt after in %.1f s, then VACUUM "
      "ANALYZE in %.1f s; the bench process peaked at %.0f MB resident",
      n, Industries().size(), LegalForms().size(), Cities().size(),
      [] {
        std::unordered_set<std::string> p;
        for (const City& c : Cities()) p.insert(c.province);
        return p.size();
      }(),
      absl::StrJoin(formats, ", "), 100.0 * unknown_city / n, absl::StrJoin(unknown_names, ""),
      generate_seconds, seeded->edit_keys, seeded->copy_seconds,
      seeded->foreign_keys_skipped ? " (foreign-key checks off: session_replication_role)" : "",
      seeded->indexes, seeded->index_seconds, seeded->vacuum_seconds, PeakRssMb()));
  d.notes.push_back(absl::StrFormat(
      "the population's other shapes: %d companies (%.1f %%) share an earlier company's 字号 "
      "with another industry word, half of them in its city (华信能源, 华信物流); %d of the "
      "industry words hold 市/省/县/区%s; sound-alikes drawn from %d common characters (GB "
      "2312 level 1, by iconv) and the 字号 characters, by Unihan kMandarin; traditional "
      "names by OpenCC s2t%s",
      siblings, 100.0 * siblings / n,
      static_cast<int>(std::count_if(Industries().begin(), Industries().end(),
                                     [](const Industry& i) { return i.place_word; })),
      cut_industries.empty() ? std::string()
                             : crm::StrCat(" (left out, the normaliser cuts them: ",
                                           absl::StrJoin(cut_industries, ", "), ")"),
      g.common_characters(), traditional.ok() ? "" : " (not available: no such kind made)"));
  d.notes.push_back(absl::StrFormat(
      "queries: %d planted variants (%d kinds, each of a different base record) and %d "
      "distractors, shuffled; none is inserted. Only `branch_own_uscc` carries a USCC: with the "
      "base's USCC every variant would match by SAME_USCC alone, with another one the score is "
      "capped at 0.5, so the name rules are what is measured. Each is one SearchDuplicates call "
      "(min_score 0.01, max_results 50) to the customer service, 1 in flight, the first %d "
      "untimed; precision counts every match returned at ≥ the threshold, not only the first 5 "
      "(the default max_results)",
      d.planted, kinds, static_cast<int64_t>(queries.size()) - d.planted, kWarmupCalls));
  std::vector<std::string> causes;
  for (const auto& [kind, counts] : miss_causes) {
    std::vector<std::string> parts;
    for (const auto& [cause, count] : counts) parts.push_back(crm::StrCat(count, " ", cause));
    causes.push_back(crm::StrCat(kind, ": ", absl::StrJoin(parts, ", ")));
  }
  if (!causes.empty()) {
    d.notes.push_back(
        crm::StrCat("why planted variants were not in the top 5: ", absl::StrJoin(causes, "; ")));
  }
  {
    const int64_t tp = d.true_matches - (similar_true - similar_true_city);
    const int64_t fp = d.false_matches - (similar_false - similar_false_city);
    d.notes.push_back(absl::StrFormat(
        "matches at ≥ %.2f resting on SIMILAR_TRADE_NAME_SAME_REGION alone: %d true, %d false; "
        "in the query's city (first four digits of the region code): %d true, %d false. Were "
        "that reason limited to one city, precision at %.2f would be %.1f %% (%d of %d) and "
        "%d true matches would fall below it",
        threshold, similar_true, similar_false, similar_true_city, similar_false_city, threshold,
        tp + fp > 0 ? 100.0 * tp / (tp + fp) : 0.0, tp, tp + fp, similar_true - similar_true_city));
  }
  {
    const auto ratio = [](double a, double b) {
      return b > 0 ? absl::StrFormat("%.1f×", a / b) : std::string("—");
    };
    const double p99_target_us = options.search_p99_target_ms * 1000;
    d.notes.push_back(absl::StrFormat(
        "latency against baselines, call by call in the same run (each SearchDuplicates call "
        "direct to the service, the same request through the gateway and the finder in the "
        "bench process, the direct call first or last alternately, then a GetCustomer): "
        "SearchDuplicates through the gateway p50 / p99 %s / %s ms (%d calls%s; p99 target ≤ "
        "%.0f ms: %s); direct to the service %s / %s ms (%d calls), gateway ÷ direct %s at p50, "
        "%s at p99; DuplicateFinder::Search in the bench process (its candidate SQL on a pool "
        "of the bench, the candidates normalised, scored and ranked; no gRPC, principal or "
        "handler) %s / %s ms (%d calls%s), direct RPC ÷ finder %s at p50, %s at p99; "
        "primary-key GetCustomer through the uncached service, a random customer of the "
        "population, %s / %s ms (%d calls%s), SearchDuplicates ÷ GetCustomer %s at p50, %s at "
        "p99",
        Ms(gateway_latency.p50_us), Ms(gateway_latency.p99_us), gateway_latency.count,
        gateway_latency.errors > 0
            ? crm::StrCat(", ", gateway_latency.errors, " errors: ", gateway_latency.first_error)
            : "",
        options.search_p99_target_ms,
        gateway_latency.count == 0                ? "—"
        : gateway_latency.p99_us <= p99_target_us ? "MET"
                                                  : "MISSED",
        Ms(d.latency.p50_us), Ms(d.latency.p99_us), d.latency.count,
        ratio(gateway_latency.p50_us, d.latency.p50_us),
        ratio(gateway_latency.p99_us, d.latency.p99_us), Ms(finder_latency.p50_us),
        Ms(finder_latency.p99_us), finder_latency.count,
        finder_latency.errors > 0
            ? crm::StrCat(", ", finder_latency.errors, " errors: ", finder_latency.first_error)
            : "",
        ratio(d.latency.p50_us, finder_latency.p50_us),
        ratio(d.latency.p99_us, finder_latency.p99_us), Ms(get_latency.p50_us),
        Ms(get_latency.p99_us), get_latency.count,
        get_latency.errors > 0
            ? crm::StrCat(", ", get_latency.errors, " errors: ", get_latency.first_error)
            : "",
        ratio(d.latency.p50_us, get_latency.p50_us), ratio(d.latency.p99_us, get_latency.p99_us)));
  }
  {
    std::vector<std::string> parts;
    for (const DuplicateKindRow& k : d.kinds) {
      const KindExtras& e = extras[k.kind];
      const int64_t flagged = k.at_threshold + k.false_matches;
      const std::string precision =
          flagged > 0 ? absl::StrFormat("%.1f %% (%d of %d)", 100.0 * k.at_threshold / flagged,
                                        k.at_threshold, flagged)
                      : std::string("— (none flagged)");
      if (!k.planted) {
        parts.push_back(
            absl::StrFormat("`%s` %d false in %d queries", k.kind, k.false_matches, k.queries));
        continue;
      }
      parts.push_back(absl::StrFormat(
          "`%s` %s / %s, relation %s %s", k.kind,
          k.queries > 0 ? absl::StrFormat("%.1f %%", 100.0 * k.in_top5 / k.queries) : "—",
          precision, k.kind.starts_with("branch") ? "HEAD_OFFICE" : "DUPLICATE",
          k.queries > 0 ? absl::StrFormat("%.1f %%", 100.0 * e.expected_relation / k.queries)
                        : "—"));
    }
    d.notes.push_back(crm::StrCat(
        "per kind, recall@5 / precision at the threshold (the kind's true matches among its "
        "matches ≥ the threshold; a branch has none, its head office is not a duplicate), and "
        "how often the truth came back with the relation expected of it: ",
        absl::StrJoin(parts, "; "),
        ". In the table below `true match ≥` of a branch kind stays 0 and its head office "
        "flagged ≥ the threshold counts among the others; the `all planted` row's share at the "
        "threshold is over every planted query, branches included, the sweep's over the "
        "duplicate kinds only"));
  }
  {
    std::vector<std::string> parts;
    for (const KindSpec& k : kPlantedKinds) {
      if (!IsShortForm(k.kind)) continue;
      const KindExtras& e = extras[k.kind];
      const int64_t clear = rows[k.kind].queries - e.ambiguous;
      const auto share = [](int64_t a, int64_t b) {
        return b > 0 ? absl::StrFormat("%.0f %%", 100.0 * a / b) : std::string("—");
      };
      parts.push_back(absl::StrFormat(
          "`%s` %d of %d ambiguous (in the top 5 %s, ≥ the threshold %s); unambiguous first "
          "%s, ≥ the threshold %s",
          k.kind, e.ambiguous, rows[k.kind].queries, share(e.ambiguous_top5, e.ambiguous),
          share(e.ambiguous_at_threshold, e.ambiguous), share(e.unambiguous_first, clear),
          share(e.unambiguous_at_threshold, clear)));
    }
    d.notes.push_back(crm::StrCat(
        "short forms, ambiguous when another company of the truth's province has a trade key "
        "beginning with the query's (华信 → 华信能源, 华信物流, 华信达科技; an ambiguous one "
        "should show its companies under the threshold, an unambiguous one should come first "
        "at it): ",
        absl::StrJoin(parts, "; ")));
  }
  if (scan.has_value()) {
    std::vector<std::string> slices;
    for (const double t : scan->slice_seconds) slices.push_back(absl::StrFormat("%.0f", t));
    const bool completed = scan->error.empty() && !scan->cancelled;
    const std::string per_second =
        completed && scan->seconds > 0
            ? absl::StrFormat("%.0f customers/s", scan->live / scan->seconds)
            : std::string("no customers/s (not completed)");
    std::string outcome;
    if (!scan->error.empty()) {
      outcome = absl::StrFormat("FAILED at %d %%, the operation ended with an error: %s",
                                scan->progress, scan->error);
    } else if (scan->cancelled) {
      outcome = absl::StrFormat("cancelled by the bench after %.0f s at %d %%",
                                options.scan_timeout_seconds, scan->progress);
    } else {
      outcome = absl::StrFormat(
          "target ≤ %.0f min: %s; %d groups, %d customers in them (none expected: the "
          "population holds no planted duplicates and every company has its own USCC, and two "
          "different USCCs cap a pair at 0.5; what is measured here is the scan's speed)",
          options.scan_target_seconds / 60,
          scan->seconds <= options.scan_target_seconds ? "MET" : "MISSED", scan->groups,
          scan->customers_in_groups);
    }
    if (!completed) std::cerr << "  ScanDuplicates did not complete: " << outcome << "\n";
    d.notes.push_back(absl::StrFormat(
        "ScanDuplicates (default threshold) over %d live customers, started through the RPC and "
        "followed in customer.operations every 0.25 s: %.1f s wall (%.1f s between the "
        "operation's start and end times), %s, %d candidate pairs scored, %d "
        "matched; %s. Seconds per slice (256 slices by the first two hex digits of the id): %s; "
        "host "
        "busy %.0f %%, bench process %.2f cores (the rest is PostgreSQL); load average %s before, "
        "%s after",
        scan->live, scan->seconds, scan->operation_seconds, per_second, scan->pairs_scored,
        scan->pairs_matched, outcome, absl::StrJoin(slices, ", "), scan->cpu.host_busy * 100,
        scan->cpu.process_cores, scan->load_before, scan->load_after));
  }
  d.notes.push_back(absl::StrFormat(
      "seed %d; the part took %.0f s, %.0f s to the end of the calls (host busy %.0f %% during "
      "the calls)",
      options.seed, seconds, calls_seconds, d.host_busy * 100));
  if (options.hold_seconds > 0) {
    for (const std::string& note : d.notes) std::cerr << "- " << note << "\n";
    std::cerr << "  keeping the bench's database for " << options.hold_seconds
              << " s: " << servers.dsn() << "\n";
    std::this_thread::sleep_for(std::chrono::seconds(options.hold_seconds));
  }
  report.SetDuplicates(std::move(d));
  return absl::OkStatus();
}

}  // namespace crm::bench
