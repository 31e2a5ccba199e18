#include "services/customer/rules/industry_words.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace crm::customer {
namespace {

// Lines of business as Chinese company names end with them (the 行业 part of
// 行政区划 + 字号 + 行业 + 组织形式). Longer phrases are chains of these
// (信息技术服务 = 信息技术 + 服务), so few need listing whole.
constexpr std::u32string_view kWords[] = {
    U"能源",     U"新能源",     U"电力",       U"电气",     U"电器",     U"电子",     U"电子商务",
    U"电商",     U"电缆",       U"光电",       U"光伏",     U"科技",     U"技术",     U"信息",
    U"信息技术", U"信息科技",   U"网络",       U"网络科技", U"软件",     U"数据",     U"大数据",
    U"云计算",   U"智能",       U"智能科技",   U"人工智能", U"通信",     U"通讯",     U"区块链",
    U"互联网",   U"物联网",     U"半导体",     U"集成电路", U"微电子",   U"仪器",     U"仪表",
    U"自动化",   U"机械",       U"机电",       U"设备",     U"装备",     U"制造",     U"精密",
    U"工业",     U"实业",       U"产业",       U"控股",     U"投资",     U"资本",     U"基金",
    U"金融",     U"保险",       U"证券",       U"担保",     U"融资租赁", U"租赁",     U"资产管理",
    U"财富管理", U"管理",       U"咨询",       U"顾问",     U"服务",     U"外包",     U"人力资源",
    U"贸易",     U"商贸",       U"经贸",       U"进出口",   U"国际贸易", U"国际",     U"商务",
    U"物流",     U"供应链",     U"供应链管理", U"仓储",     U"运输",     U"快递",     U"航运",
    U"海运",     U"航空",       U"交通",       U"建设",     U"建筑",     U"建工",     U"建材",
    U"工程",     U"市政",       U"市政工程",   U"路桥",     U"装饰",     U"装修",     U"设计",
    U"规划",     U"园林",       U"绿化",       U"环境",     U"环保",     U"节能",     U"水务",
    U"燃气",     U"石油",       U"石化",       U"化工",     U"化学",     U"新材料",   U"材料",
    U"钢铁",     U"金属",       U"有色金属",   U"矿业",     U"煤业",     U"冶金",     U"塑胶",
    U"塑料",     U"橡胶",       U"玻璃",       U"陶瓷",     U"纸业",     U"包装",     U"印刷",
    U"医药",     U"医疗",       U"医疗器械",   U"器械",     U"生物",     U"生物科技", U"制药",
    U"药业",     U"健康",       U"大健康",     U"养老",     U"食品",     U"饮品",     U"农业",
    U"牧业",     U"渔业",       U"林业",       U"农产品",   U"种业",     U"酒业",     U"茶业",
    U"餐饮",     U"酒店",       U"旅游",       U"超市",     U"商场",     U"百货",     U"连锁",
    U"零售",     U"批发",       U"市场",       U"营销",     U"销售",     U"服装",     U"服饰",
    U"纺织",     U"鞋业",       U"家居",       U"家具",     U"家电",     U"汽车",     U"汽车服务",
    U"汽配",     U"新能源汽车", U"房地产",     U"地产",     U"置业",     U"物业",     U"物业管理",
    U"不动产",   U"开发",       U"发展",       U"传媒",     U"文化",     U"文化传媒", U"广告",
    U"影视",     U"娱乐",       U"体育",       U"教育",     U"培训",     U"出版",     U"城市",
    U"城市建设", U"城建",       U"社区",       U"园区",     U"家政",     U"安防",     U"保安",
    U"检测",     U"认证",       U"实验室",     U"研究院",   U"企业管理", U"电梯",     U"照明",
    U"五金",     U"工贸",
};

class Words {
 public:
  Words() {
    for (const std::u32string_view word : kWords) {
      words_.emplace(word);
      longest_ = std::max(longest_, word.size());
    }
  }

  // Whether text[from, text.size()) is a chain of words.
  bool IsChainFrom(std::u32string_view text, size_t from) const {
    // chain[i]: text[i..] is a chain; filled from the end.
    std::vector<bool> chain(text.size() + 1, false);
    chain[text.size()] = true;
    for (size_t i = text.size(); i-- > from;) {
      for (size_t length = 2; length <= longest_ && i + length <= text.size(); ++length) {
        if (chain[i + length] && words_.contains(text.substr(i, length))) {
          chain[i] = true;
          break;
        }
      }
    }
    return chain[from];
  }

  // The first position after 0 from which text is a chain, or text.size().
  size_t ChainStart(std::u32string_view text) const {
    std::vector<bool> chain(text.size() + 1, false);
    chain[text.size()] = true;
    size_t start = text.size();
    for (size_t i = text.size(); i-- > 1;) {
      for (size_t length = 2; length <= longest_ && i + length <= text.size(); ++length) {
        if (chain[i + length] && words_.contains(text.substr(i, length))) {
          chain[i] = true;
          start = i;
          break;
        }
      }
    }
    return start;
  }

 private:
  absl::flat_hash_set<std::u32string_view> words_;  // views of kWords
  size_t longest_ = 0;
};

const Words& TheWords() {
  static const Words* const words = new Words();
  return *words;
}

}  // namespace

size_t TrailingIndustryLength(std::u32string_view trade) {
  return trade.size() - TheWords().ChainStart(trade);
}

bool IsIndustryWords(std::u32string_view text) {
  return !text.empty() && TheWords().IsChainFrom(text, 0);
}

}  // namespace crm::customer
