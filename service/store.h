// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The shared machine's persistent store: what survives a stop and start of
// the service (its reboot) — the persistent reservations of both pools and
// the dynamic port ranges (docs/windows-semantics.md SV rows).
//
// One small text file, rewritten whole on every change: written to a
// temporary file in the same directory, flushed with fsync, renamed over
// the store (atomic on POSIX) and the directory flushed. A crash at any
// moment leaves either the old or the new file, never a torn one; a change
// is acknowledged to its client only after the rename is durable. The last
// line holds the record count and an FNV-1a-64 checksum of everything
// before it, so a damaged or foreign file is refused, never half-loaded.
//
// Thread safety: pure functions; callers serialise saves to one path.

#ifndef PORTRES_SERVICE_STORE_H_
#define PORTRES_SERVICE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "portres/export.h"
#include "portres/sim/sim_types.h"
#include "portres/types.h"

namespace portres::sim::service {

struct StoreContents {
  DynamicPortRange tcp_dynamic;     // netsh int ipv4 set dynamicport tcp
  DynamicPortRange udp_dynamic;     // ... udp
  std::vector<PortRange> tcp;       // persistent TCP reservations
  std::vector<PortRange> udp;       // persistent UDP reservations
  friend bool operator==(const StoreContents&, const StoreContents&) = default;
};

PORTRES_HOST_SERVICE_API std::string EncodeStore(const StoreContents& contents);
// INVALID_ARGUMENT ("not a portres store", "checksum mismatch", "line N:
// ...") for anything but a complete file EncodeStore wrote.
PORTRES_HOST_SERVICE_API absl::StatusOr<StoreContents> DecodeStore(
    absl::string_view text);

// nullopt when no store exists yet; an error for an unreadable or invalid
// one (naming the path).
PORTRES_HOST_SERVICE_API absl::StatusOr<std::optional<StoreContents>> LoadStore(
    const std::string& path);
PORTRES_HOST_SERVICE_API absl::Status SaveStore(const std::string& path,
                                                const StoreContents& contents);

}  // namespace portres::sim::service

#endif  // PORTRES_SERVICE_STORE_H_
