#ifndef CRM_LIBS_LOG_LOG_H_
#define CRM_LIBS_LOG_LOG_H_

#include <initializer_list>
#include <string_view>
#include <utility>

namespace crm::log {

enum class Level { kDebug, kInfo, kWarning, kError };

using Field = std::pair<std::string_view, std::string_view>;

// Writes one JSON object per line to stderr:
//   {"ts":"2026-11-22T19:30:00.123Z","level":"info","msg":"...","key":"value"}
// Thread-safe; a line is written with one write() so lines never interleave.
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarning, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// Lines below this level are dropped (default kInfo; CRM_LOG_LEVEL=debug|info|warning|error).
void SetMinLevel(Level level);

// Formats a line without writing it (for tests).
std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields);

}  // namespace crm::log

#endif  // CRM_LIBS_LOG_LOG_H_
