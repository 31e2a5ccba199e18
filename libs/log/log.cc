#include "libs/log/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace crm::log {
namespace {

Level LevelFromEnvironment() {
  const char* env = std::getenv("CRM_LOG_LEVEL");
  if (env == nullptr) return Level::kInfo;
  const std::string_view value(env);
  if (value == "debug") return Level::kDebug;
  if (value == "warning") return Level::kWarning;
  if (value == "error") return Level::kError;
  return Level::kInfo;
}

std::atomic<Level>& MinLevel() {
  static std::atomic<Level> level{LevelFromEnvironment()};
  return level;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::string FormatLine(Level level, std::string_view message, std::initializer_list<Field> fields) {
  nlohmann::ordered_json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["msg"] = std::string(message);
  for (const auto& [key, value] : fields) line[std::string(key)] = std::string(value);
  // Replace invalid UTF-8 instead of throwing: log lines must never fail.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < MinLevel().load(std::memory_order_relaxed)) return;
  const std::string line = FormatLine(level, message, fields);
  // One write() per line: the kernel keeps concurrent lines whole.
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
}

void SetMinLevel(Level level) { MinLevel().store(level); }

}  // namespace crm::log
