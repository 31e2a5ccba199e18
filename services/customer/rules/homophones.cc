#include "services/customer/rules/homophones.h"

#include <iterator>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "libs/strings/utf8.h"

namespace crm::customer {
namespace {

// Characters by toneless reading (Hanyu Pinyin), those frequent in company
// names; one line a syllable.
constexpr const char* kReadings[] = {
    "xin:信鑫欣新心芯馨昕辛忻薪",
    "xing:兴星行型形幸邢杏",
    "hua:华化花骅桦画话划滑铧",
    "yuan:源元圆园原远苑袁媛缘沅垣援院愿",
    "tai:泰太态台钛汰肽",
    "rui:瑞锐睿蕊芮",
    "de:德得",
    "sheng:盛胜晟圣生升声昇笙",
    "cheng:成诚城程承呈乘澄橙晟丞铖骋",
    "hong:宏鸿弘洪红虹泓竑闳",
    "jia:佳嘉家加甲迦珈伽贾价架驾",
    "feng:丰峰锋风枫沣封凤奉蜂烽",
    "hui:辉晖徽慧惠汇会卉回荟蕙珲挥恢",
    "tong:通同桐童彤统铜佟潼",
    "long:龙隆珑泷陇垄",
    "xiang:祥翔详香湘相想向项象襄响享乡",
    "jin:金锦今津进晋劲近瑾谨堇槿",
    "heng:恒衡亨横珩蘅",
    "ming:明铭鸣名茗",
    "kai:凯恺开楷铠锴垲",
    "yu:宇羽雨玉语禹煜钰裕誉育于余鱼渝瑜愉榆虞域御豫昱毓郁峪",
    "chen:晨辰臣陈宸琛忱",
    "peng:鹏朋蓬澎彭",
    "zheng:正政证郑征铮峥争整筝",
    "run:润闰",
    "yang:阳扬洋杨羊央泱漾旸",
    "lin:林霖临琳麟淋邻",
    "yun:云芸运韵允耘筠昀匀蕴",
    "zhi:志智之知芝至致治质置制植执直值职止旨指枝织稚挚",
    "li:立力利丽励理里礼黎李莉历栗砺俐荔",
    "tian:天田添甜恬",
    "an:安岸按案鞍",
    "kang:康抗慷亢",
    "rong:荣容融蓉溶榕戎镕",
    "chang:昌长常畅场厂倡唱昶",
    "shun:顺舜瞬",
    "he:和合河何荷禾贺鹤赫核",
    "mei:美梅每媒煤眉玫镁枚楣湄",
    "bao:宝保报包堡豹鲍葆",
    "fu:福富复付府阜孚扶芙浮符辅抚甫傅赋夫",
    "yong:永勇涌泳咏拥庸雍用甬",
    "dong:东冬董动栋",
    "guang:光广",
    "bo:博波伯泊柏勃铂舶渤搏",
    "lian:联连莲廉链练炼涟濂",
    "chuang:创窗",
    "yi:益亿义艺易怡一意毅宜仪伊依医颐逸翼奕亦异译邑驿谊溢懿屹以",
    "ju:聚巨具举炬据居驹矩菊",
    "zhong:众中忠钟终种重仲",
    "bang:邦帮榜",
    "han:汉翰瀚韩涵寒函含晗",
    "ding:鼎定丁顶订",
    "teng:腾藤滕",
    "fei:飞非菲斐霏妃",
    "sen:森",
    "chuan:川传船",
    "jiang:江将姜疆蒋匠",
    "hai:海",
    "shan:山善闪杉珊衫汕陕",
    "ren:仁人任",
    "jun:君军俊骏峻浚钧竣均郡",
    "hao:浩豪好号昊皓灏郝",
    "wan:万湾皖婉宛",
    "qian:千前钱乾潜谦倩",
    "you:优友有游尤由佑悠幽",
    "ze:泽择则",
    "yue:越悦月岳乐跃粤玥",
    "ao:奥傲澳翱敖遨",
    "fang:方芳放房防坊舫",
    "jie:捷杰洁节结介界婕",
    "wei:威维伟卫为位未魏微巍惟唯韦玮炜纬蔚薇",
    "ya:雅亚",
    "lan:蓝兰岚澜",
    "en:恩",
    "nuo:诺",
    "da:达大",
    "qiang:强蔷",
    "xu:旭许徐序叙续绪煦栩",
    "zhuo:卓灼琢茁",
    "tie:铁",
    "gang:钢刚港岗纲",
    "yin:银印音因引隐殷寅尹胤茵",
    "ning:宁凝",
    "ping:平评苹萍坪屏",
    "xiu:秀修",
    "chun:春纯醇淳椿",
    "qiu:秋求球丘邱",
    "kun:坤昆琨锟鲲",
    "qi:启其齐奇琪祺棋旗企起气器期七麒骐淇祁绮",
    "hang:航行杭",
    "fan:帆凡繁范泛梵",
    "zhou:舟周州洲",
    "qiao:桥乔巧侨",
    "tu:图途土",
    "gu:谷古股固顾故鼓",
    "shi:石时实世市士示事式识史使始施诗师仕",
    "qing:青清庆晴情轻卿擎",
    "zi:紫子资自字姿兹滋孜梓",
    "ai:爱艾",
    "le:乐勒",
    "si:思斯四司丝",
    "jing:精京晶经景静敬境镜竞井靖劲荆菁婧",
    "gong:工公功宫恭供共贡",
    "pin:品",
    "shang:尚上商",
    "ke:科可克客柯珂",
    "ji:技吉基机集际记纪继济积级极季计佶冀骥",
    "neng:能",
};

using Readings = absl::InlinedVector<int, 2>;

const absl::flat_hash_map<char32_t, Readings>& ReadingsOf() {
  static const absl::flat_hash_map<char32_t, Readings> readings = [] {
    absl::flat_hash_map<char32_t, Readings> map;
    for (int reading = 0; reading < static_cast<int>(std::size(kReadings)); ++reading) {
      const std::string_view line = kReadings[reading];
      size_t pos = line.find(':') + 1;
      while (pos < line.size()) {
        const std::optional<char32_t> c = DecodeUtf8(line, &pos);
        if (!c.has_value()) break;
        map[*c].push_back(reading);
      }
    }
    return map;
  }();
  return readings;
}

std::u32string Characters(std::string_view utf8) {
  std::u32string text;
  size_t pos = 0;
  while (pos < utf8.size()) {
    const std::optional<char32_t> c = DecodeUtf8(utf8, &pos);
    if (!c.has_value()) break;
    text.push_back(*c);
  }
  return text;
}

// The one position where two keys of the same length differ, or -1.
int OnlyDifference(const std::u32string& x, const std::u32string& y) {
  if (x.size() != y.size()) return -1;
  int at = -1;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    if (at >= 0) return -1;
    at = static_cast<int>(i);
  }
  return at;
}

}  // namespace

bool SoundAlike(char32_t a, char32_t b) {
  if (a == b) return true;
  const auto& readings = ReadingsOf();
  const auto x = readings.find(a), y = readings.find(b);
  if (x == readings.end() || y == readings.end()) return false;
  for (const int r : x->second) {
    for (const int s : y->second) {
      if (r == s) return true;
    }
  }
  return false;
}

bool DifferByOneSubstitution(std::string_view a, std::string_view b) {
  return OnlyDifference(Characters(a), Characters(b)) >= 0;
}

bool DifferByOneHomophone(std::string_view a, std::string_view b) {
  const std::u32string x = Characters(a), y = Characters(b);
  const int at = OnlyDifference(x, y);
  return at >= 0 && SoundAlike(x[at], y[at]);
}

}  // namespace crm::customer
