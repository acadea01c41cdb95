// The one key the monitor keeps an exporter's state under (year-to-date sets, threshold and
// alert marks, volume baselines, stored subjects), and the one rule for how output names it.
//
// The key is the HMAC-SHA-256 of the exporter's name as the event gives it, under the
// installation key's sub-key "monitor-exporter" (core/key_file.h DeriveSubKey), as 64
// lower-case hex digits. It depends on the name alone: not on whether the registry or the
// ledger knows the exporter today (a flow registered later, a transfer recorded later), and
// not on subject-key rotations, so an exporter's year-to-date count never splits (review 15c,
// finding 1). The name itself is kept nowhere: it may be a person's.
//
// Output (alerts, `monitor status`, the service's pages) names the exporter only when it is
// written: by its name when a completed transfer or a registered flow names it, else as
// "unregistered exporter #<first 12 hex digits of the key>" (Label).
//
// Thread-safety: const methods may be called concurrently. Not copyable (owns an HMAC
// context).
#ifndef XBORDER_MONITOR_EXPORTER_KEY_H_
#define XBORDER_MONITOR_EXPORTER_KEY_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/key_file.h"

namespace xb::monitor {

// How output names text an event gave that neither the ledger nor the registry vetted (it may
// be a person's name or an identifier): "unregistered <what> #<first 12 hex digits of its
// keyed hash>". The same text always gets the same label.
std::string UnvettedLabel(std::string_view what, std::string_view keyed_hash_hex);

class ExporterKeys {
 public:
  explicit ExporterKeys(const SecretKey& key);
  ExporterKeys(const ExporterKeys&) = delete;
  ExporterKeys& operator=(const ExporterKeys&) = delete;

  // The key of the exporter named `name` (as given, byte for byte).
  std::string Of(std::string_view name) const;

  // Whether `text` is a key (64 lower-case hex digits) rather than a name. State written
  // before keys were used holds names (ReKeyed).
  static bool IsKey(std::string_view text);

  // `stored` if it is a key, else the key of the name it is.
  std::string ReKeyed(std::string_view stored) const {
    return IsKey(stored) ? std::string(stored) : Of(stored);
  }

  // How output names the exporter kept under `key`: `known_name` when the ledger or the
  // registry knows it (the caller decides), else "unregistered exporter #<12 hex digits>".
  static std::string Label(std::string_view key, std::optional<std::string_view> known_name);

 private:
  HmacSha256 mac_;
};

}  // namespace xb::monitor

#endif  // XBORDER_MONITOR_EXPORTER_KEY_H_
