#include "tools/crmctl/record_printer.h"

#include <algorithm>

#include "tools/crmctl/display_width.h"

namespace crm::crmctl {

void RecordPrinter::Add(std::string key, std::string value) {
  AddList(std::move(key), {std::move(value)});
}

void RecordPrinter::AddList(std::string key, std::vector<std::string> values) {
  for (std::string& value : values) value = SingleLine(value);
  fields_.emplace_back(std::move(key), std::move(values));
}

void RecordPrinter::Print(std::ostream& out) const {
  int key_width = 0;
  for (const auto& [key, values] : fields_) {
    key_width = std::max(key_width, DisplayWidth(key) + 1);  // with ':'
  }
  const std::string indent(key_width + 1, ' ');
  for (const auto& [key, values] : fields_) {
    const std::string label = key + ":";
    if (values.empty() || (values.size() == 1 && values.front().empty())) {
      out << label << '\n';
      continue;
    }
    out << label << std::string(key_width - DisplayWidth(label) + 1, ' ') << values.front() << '\n';
    for (size_t i = 1; i < values.size(); ++i) {
      out << indent << values[i] << '\n';
    }
  }
}

}  // namespace crm::crmctl
