#include "tools/crmctl/tree_drawing.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/strings/str_cat.h"
#include "tools/crmctl/display_width.h"

namespace crm::crmctl {
namespace {

namespace v1 = ::crm::hierarchy::v1;

constexpr std::string_view kMiddle = "├── ";
constexpr std::string_view kLast = "└── ";
constexpr std::string_view kThrough = "│   ";
constexpr std::string_view kPast = "    ";

// A line to draw: a listed node, or the stand-in for a parent that is not
// listed (node < 0).
struct Entry {
  int node = -1;
  std::string missing_parent;
  std::vector<int> children;  // indices into the entries
};

// Draws the trees below the top entries, depth first, without recursion so
// that a deep tree cannot exhaust the stack.
class Drawer final {
 public:
  Drawer(const google::protobuf::RepeatedPtrField<v1::Node>& nodes, const NodeLabel& label,
         const std::vector<Entry>& entries)
      : nodes_(nodes), label_(label), entries_(entries) {}

  void Draw(int top, std::string_view note, std::vector<std::string>* lines) {
    // An entry whose children are still being drawn: what their lines start
    // with, and the next child to draw.
    struct Frame {
      int entry;
      std::string prefix;
      size_t next = 0;
    };
    lines->push_back(crm::StrCat(Text(top), note));
    std::vector<Frame> stack;
    stack.push_back({.entry = top, .prefix = ""});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const std::vector<int>& children = entries_[frame.entry].children;
      if (frame.next == children.size()) {
        stack.pop_back();
        continue;
      }
      const int child = children[frame.next++];
      const bool last = frame.next == children.size();
      lines->push_back(crm::StrCat(frame.prefix, last ? kLast : kMiddle, Text(child)));
      std::string prefix = crm::StrCat(frame.prefix, last ? kPast : kThrough);
      // `frame` dangles once the stack grows.
      stack.push_back({.entry = child, .prefix = std::move(prefix)});
    }
  }

 private:
  std::string Text(int entry) const {
    const Entry& e = entries_[entry];
    if (e.node < 0) {
      return crm::StrCat("… ", SingleLine(e.missing_parent), "  (not listed)");
    }
    return SingleLine(label_(nodes_[e.node]));
  }

  const google::protobuf::RepeatedPtrField<v1::Node>& nodes_;
  const NodeLabel& label_;
  const std::vector<Entry>& entries_;
};

}  // namespace

std::vector<std::string> DrawTree(const google::protobuf::RepeatedPtrField<v1::Node>& nodes,
                                  const NodeLabel& label) {
  std::vector<Entry> entries;
  std::map<std::string, int> entry_of;  // node name -> entry
  for (int i = 0; i < nodes.size(); ++i) {
    if (entry_of.emplace(nodes[i].name(), entries.size()).second) {
      entries.push_back({.node = i});
    }
  }
  const int listed = static_cast<int>(entries.size());
  if (listed == 0) return {};
  int top_depth = nodes[entries.front().node].depth();
  for (int e = 0; e < listed; ++e) {
    top_depth = std::min(top_depth, nodes[entries[e].node].depth());
  }

  // Tops first, in the order listed; then the stand-ins for missing parents,
  // in the order first needed.
  std::vector<int> tops;
  std::vector<int> stand_ins;
  std::vector<bool> placed(listed, false);
  for (int e = 0; e < listed; ++e) {
    const v1::Node& node = nodes[entries[e].node];
    if (node.depth() <= top_depth || node.parent().empty()) {
      tops.push_back(e);
      placed[e] = true;
      continue;
    }
    auto parent = entry_of.find(node.parent());
    if (parent == entry_of.end()) {
      parent = entry_of.emplace(node.parent(), entries.size()).first;
      entries.push_back({.missing_parent = node.parent()});
      stand_ins.push_back(parent->second);
    }
    entries[parent->second].children.push_back(e);
  }

  std::vector<std::string> lines;
  Drawer drawer(nodes, label, entries);
  std::vector<bool> drawn(entries.size(), false);
  auto mark_drawn = [&](int top) {
    std::vector<int> pending = {top};
    while (!pending.empty()) {
      const int e = pending.back();
      pending.pop_back();
      drawn[e] = true;
      for (int child : entries[e].children) {
        if (!drawn[child]) pending.push_back(child);
      }
    }
  };
  for (int top : tops) {
    drawer.Draw(top, "", &lines);
    mark_drawn(top);
  }
  for (int stand_in : stand_ins) {
    drawer.Draw(stand_in, "", &lines);
    mark_drawn(stand_in);
  }
  // What is left hangs under itself through a loop of parents: start each
  // loop at the first node listed, cutting the edge back to it.
  for (int e = 0; e < listed; ++e) {
    if (drawn[e]) continue;
    const std::string& parent = nodes[entries[e].node].parent();
    std::vector<int>& siblings = entries[entry_of.at(parent)].children;
    siblings.erase(std::remove(siblings.begin(), siblings.end(), e), siblings.end());
    drawer.Draw(e, crm::StrCat("  (parent ", SingleLine(parent), ")"), &lines);
    mark_drawn(e);
  }
  return lines;
}

}  // namespace crm::crmctl
