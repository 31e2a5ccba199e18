#ifndef CRM_TOOLS_CRMCTL_RECORD_PRINTER_H_
#define CRM_TOOLS_CRMCTL_RECORD_PRINTER_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace crm::crmctl {

// One resource as a block of "key: value" lines with the values lined up.
// A list value puts its first item beside the key and each further item on
// its own line below, under the first.
class RecordPrinter final {
 public:
  void Add(std::string key, std::string value);
  void AddList(std::string key, std::vector<std::string> values);

  void Print(std::ostream& out) const;

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> fields_;
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_RECORD_PRINTER_H_
