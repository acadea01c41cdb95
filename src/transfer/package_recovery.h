// Crash recovery for export packages (issue #11 defect 8): a package and its ledger entry exist
// together or not at all, whenever a transfer is killed.
//
// A transfer (1) opens a ledger follow-up naming its staging folder and final package folder
// before it creates the staging folder, (2) builds the package there, holding a lock on it,
// (3) appends its ledger entry, which records the entry's index in the follow-up in the same
// transaction, and only then (4) renames the staging folder into place and (5) closes the
// follow-up. The next transfer (RecoverPackages) finishes what a killed one left:
//
//   follow-up with an entry, staging folder still there   → rename it into place (roll forward)
//   follow-up without an entry, staging folder there      → delete it (the entry never was)
//   staging folder gone                                    → close the follow-up
//
// The final folder exists from Begin on, empty (the transfer's claim on the name); an empty
// final folder counts as "not in place" and is replaced by the rename.
// A staging folder whose lock is held belongs to a running transfer and is left alone.
// `ledger verify` reports committed packages not yet in place (UnfinishedPackages).
#ifndef XBORDER_TRANSFER_PACKAGE_RECOVERY_H_
#define XBORDER_TRANSFER_PACKAGE_RECOVERY_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/ledger.h"

namespace xb::transfer {

// The follow-up note of a package: where it is built and where it goes (absolute paths).
std::string PackageFollowUpNote(const std::string& staging_dir, const std::string& package_dir);

// Finishes the packages interrupted transfers left (see above). Returns one line per action
// or problem, for the transfer's warnings (paths and entry numbers only). Errors: the ledger's
// (a read-only ledger cannot close follow-ups); kIo when a folder cannot be moved or removed.
Result<std::vector<std::string>> RecoverPackages(ledger::Ledger& ledger);

// Read-only: one line per ledger entry whose package was committed but is not in place yet
// (missing, still in staging, or in staging while another folder holds its final name), and
// one per staging folder of a transfer not recorded (running, or stopped: its data may be in
// clear until the next transfer removes it).
Result<std::vector<std::string>> UnfinishedPackages(ledger::Ledger& ledger);

}  // namespace xb::transfer

#endif  // XBORDER_TRANSFER_PACKAGE_RECOVERY_H_
