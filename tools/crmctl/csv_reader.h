#ifndef CRM_TOOLS_CRMCTL_CSV_READER_H_
#define CRM_TOOLS_CRMCTL_CSV_READER_H_

#include <istream>
#include <string>
#include <vector>

namespace crm::crmctl {

// One record of a CSV file.
struct CsvRecord {
  // The line the record starts on, from 1.
  int line = 0;
  std::vector<std::string> fields;
  // Why the record is malformed (a quote left open, text after a closing
  // quote, a field that is not UTF-8); empty when it is not. `fields` holds
  // what could be read.
  std::string error;
};

// Reads CSV (RFC 4180) one record at a time, so a large file is never held
// twice: fields split at commas; a field in double quotes may hold commas,
// line breaks and "" for a quote; spaces around an unquoted field are
// dropped. Lines may end in LF or CRLF (a line break inside quotes becomes
// LF); a UTF-8 byte order mark at the start is skipped, and so are blank
// lines (nothing but spaces).
class CsvReader final {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // The next record, or false at the end of the input.
  bool Next(CsvRecord* record);

 private:
  std::istream& in_;
  int line_ = 0;  // lines read so far
};

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_CSV_READER_H_
