#ifndef CRM_LIBS_GRPC_SERVER_METRIC_SAMPLES_FOR_TEST_H_
#define CRM_LIBS_GRPC_SERVER_METRIC_SAMPLES_FOR_TEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "prometheus/registry.h"

namespace crm::server {

using LabelPairs = std::vector<std::pair<std::string, std::string>>;

// Collects `registry` and returns, for the series of `family` whose labels
// include every pair in `labels`, the counter's value or the histogram's
// sample count; nullopt when no such series exists.
std::optional<double> SampleValue(const prometheus::Registry& registry, std::string_view family,
                                  const LabelPairs& labels);

}  // namespace crm::server

#endif  // CRM_LIBS_GRPC_SERVER_METRIC_SAMPLES_FOR_TEST_H_
