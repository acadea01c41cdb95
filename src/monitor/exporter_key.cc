#include "monitor/exporter_key.h"

#include <algorithm>

namespace xb::monitor {

std::string UnvettedLabel(std::string_view what, std::string_view keyed_hash_hex) {
  return "unregistered " + std::string(what) + " #" + std::string(keyed_hash_hex.substr(0, 12));
}

ExporterKeys::ExporterKeys(const SecretKey& key) : mac_(DeriveSubKey(key, "monitor-exporter")) {}

std::string ExporterKeys::Of(std::string_view name) const { return ToHex(mac_.Mac(name)); }

bool ExporterKeys::IsKey(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string ExporterKeys::Label(std::string_view key, std::optional<std::string_view> known_name) {
  if (known_name) return std::string(*known_name);
  return UnvettedLabel("exporter", key);
}

}  // namespace xb::monitor
