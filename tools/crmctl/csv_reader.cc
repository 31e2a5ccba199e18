#include "tools/crmctl/csv_reader.h"

#include <string_view>

#include "libs/strings/str_cat.h"
#include "libs/strings/utf8.h"

namespace crm::crmctl {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool IsBlankLine(std::string_view line) {
  for (const char c : line) {
    if (!IsBlank(c)) return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// The 1-based byte of `text` where it stops being UTF-8, or 0 when it is.
size_t InvalidUtf8At(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!DecodeUtf8(text, &pos).has_value()) return pos + 1;
  }
  return 0;
}

}  // namespace

bool CsvReader::Next(CsvRecord* record) {
  std::string line;
  // Skip blank lines up to the record.
  while (true) {
    if (!std::getline(in_, line)) return false;
    ++line_;
    if (line_ == 1 && std::string_view(line).starts_with(kByteOrderMark)) {
      line.erase(0, kByteOrderMark.size());
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!IsBlankLine(line)) break;
  }
  record->line = line_;
  record->fields.clear();
  record->error.clear();

  enum class State { kStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kStart;
  std::string field;
  auto end_field = [&] {
    record->fields.push_back(state == State::kUnquoted ? std::string(Trimmed(field))
                                                       : std::move(field));
    field.clear();
    state = State::kStart;
  };
  while (true) {
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      switch (state) {
        case State::kStart:
          if (c == '"') {
            state = State::kQuoted;
          } else if (c == ',') {
            end_field();
          } else if (!IsBlank(c)) {
            field += c;
            state = State::kUnquoted;
          }
          break;
        case State::kUnquoted:
          if (c == ',') {
            end_field();
          } else {
            field += c;
          }
          break;
        case State::kQuoted:
          if (c != '"') {
            field += c;
          } else if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            state = State::kAfterQuote;
          }
          break;
        case State::kAfterQuote:
          if (c == ',') {
            end_field();
          } else if (!IsBlank(c) && record->error.empty()) {
            record->error = "text after a closing quote";
          }
          break;
      }
    }
    if (state != State::kQuoted) break;
    // A quoted field goes on over the line break.
    if (!std::getline(in_, line)) {
      record->error = "a quoted field is not closed";
      break;
    }
    ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    field += '\n';
  }
  end_field();
  // A file saved in another encoding (GBK from a Chinese ERP, say): the
  // record cannot be sent, and the message does not echo its bytes.
  for (size_t i = 0; i < record->fields.size() && record->error.empty(); ++i) {
    if (const size_t at = InvalidUtf8At(record->fields[i]); at != 0) {
      record->error = crm::StrCat("field ", i + 1, " is not valid UTF-8 (byte ", at,
                                  " of the field); save the file as UTF-8");
    }
  }
  return true;
}

}  // namespace crm::crmctl
