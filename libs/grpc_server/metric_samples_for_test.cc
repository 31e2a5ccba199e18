#include "libs/grpc_server/metric_samples_for_test.h"

#include <algorithm>

#include "prometheus/metric_type.h"

namespace crm::server {
namespace {

bool HasLabels(const prometheus::ClientMetric& metric, const LabelPairs& labels) {
  return std::all_of(labels.begin(), labels.end(), [&](const auto& wanted) {
    return std::any_of(metric.label.begin(), metric.label.end(), [&](const auto& label) {
      return label.name == wanted.first && label.value == wanted.second;
    });
  });
}

}  // namespace

std::optional<double> SampleValue(const prometheus::Registry& registry, std::string_view family,
                                  const LabelPairs& labels) {
  for (const prometheus::MetricFamily& collected : registry.Collect()) {
    if (collected.name != family) continue;
    for (const prometheus::ClientMetric& metric : collected.metric) {
      if (!HasLabels(metric, labels)) continue;
      if (collected.type == prometheus::MetricType::Histogram) {
        return static_cast<double>(metric.histogram.sample_count);
      }
      return metric.counter.value;
    }
  }
  return std::nullopt;
}

}  // namespace crm::server
