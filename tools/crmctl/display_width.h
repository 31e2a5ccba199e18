#ifndef CRM_TOOLS_CRMCTL_DISPLAY_WIDTH_H_
#define CRM_TOOLS_CRMCTL_DISPLAY_WIDTH_H_

#include <string>
#include <string_view>

namespace crm::crmctl {

// Terminal columns one code point takes: 2 for East Asian wide and
// full-width characters (汉字, （）, ｅｘ), 0 for combining marks, zero-width
// and control characters, 1 for the rest.
int CodePointWidth(char32_t code_point);

// Terminal columns `text` (UTF-8) takes. Bytes that are not valid UTF-8 count
// one column each, as most terminals show them as a replacement character.
int DisplayWidth(std::string_view text);

// `text` with each control character (newline, tab, ...) replaced by a space,
// so one value cannot break a table's rows.
std::string SingleLine(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" (one column) when
// anything was cut; a wide character that would straddle the edge goes too.
std::string TruncateToWidth(std::string_view text, int width);

}  // namespace crm::crmctl

#endif  // CRM_TOOLS_CRMCTL_DISPLAY_WIDTH_H_
